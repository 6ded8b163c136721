"""First-match search: the regions of the request space and which rule of each list decides them.

A search walks the space the way the evaluator walks a rule list, but over *partial* requests: it
evaluates the first remaining rule; when the rule's verdict depends on an input not set yet, it
splits on that input (one branch per value or representative) and carries on in each branch with
only the rules that can still hold there. A rule that surely applies ends the branch: whatever the
other inputs are, that rule decides. So the search visits one leaf per region of requests that the
list treats alike, not one per request, and only splits on the inputs a list actually reads.

Several lists can be searched together (the response and resolution lists, to know which pairs of
targets one request gets); a leaf then holds every list's outcome for its region.

A search can also be told which rules are still *interesting* (a set the caller may shrink as
leaves come in): a branch in which no remaining rule is interesting is cut short, since nothing it
could show is news. Searches for "which rules can win" use it; searches for gaps cannot, since a
gap is the absence of any winner.

Every search has a budget: past it, :class:`Truncated` is raised and the caller reports an
"analysis truncated" finding instead of a conclusion it could not finish.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policylang.model.inputs import MISSING, OPENED_DATE, OPENED_TS
from policylang.tools.lint.space import Assignment, Space, Test

__all__ = ["DEFAULT_BUDGET", "Budget", "Leaf", "Search", "Truncated"]

#: Rule verdicts one search may evaluate before it gives up (a few seconds of work at most).
DEFAULT_BUDGET = 3_000_000


class Truncated(Exception):
    """A search ran out of budget before covering the whole space."""


@dataclass(slots=True)
class Budget:
    """How much work a search may still do; shared by the searches of one analysis."""

    remaining: int = DEFAULT_BUDGET

    def spend(self, amount: int = 1) -> None:
        """Use up ``amount``; raise :class:`Truncated` when nothing is left."""
        self.remaining -= amount
        if self.remaining < 0:
            raise Truncated


@dataclass(slots=True)
class Leaf:
    """One region of requests and what each list decides there.

    ``values`` and ``assigned`` are the search's live state: read them while handling the leaf,
    and :meth:`snapshot` what must outlive it.
    """

    values: dict[str, Any]
    assigned: set[str]
    winners: tuple[int | None, ...]
    unknown: tuple[tuple[int, ...], ...]
    #: The branch was cut short (nothing interesting left): no winner, and not a gap either.
    pruned: bool = False

    def snapshot(self) -> dict[str, Any]:
        """A copy of the values set; an input set to "absent" maps to ``MISSING``."""
        out = dict(self.values)
        for name in self.assigned:
            out.setdefault(name, MISSING)
        return out

    def is_gap(self, index: int = 0) -> bool:
        """No rule of list ``index`` applies, nor might apply, to requests of this region."""
        return self.winners[index] is None and not self.unknown[index] and not self.pruned


@dataclass(slots=True)
class _State:
    """Where one list stands in a branch: its remaining candidates and what is settled."""

    candidates: list[int]
    position: int = 0
    unknown: tuple[int, ...] = ()
    winner: int | None = None
    done: bool = False
    pruned: bool = False
    #: The remaining candidates as a set, built once for all the branches of a split.
    remaining: set[int] | None = None

    def tail(self) -> set[int]:
        """The candidates still in play, as a set."""
        if self.remaining is None:
            self.remaining = set(self.candidates[self.position :])
        return self.remaining


@dataclass(slots=True)
class _Index:
    """For one list: which rules may hold for each value of each indexed input."""

    by_value: dict[str, dict[Any, list[int]]] = field(default_factory=dict)
    free: dict[str, list[int]] = field(default_factory=dict)
    cache: dict[tuple[str, Any], frozenset[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, tests: Sequence[Test]) -> _Index:
        index = cls()
        names = {name for test in tests for name in test.support}
        for name in names:
            by_value: dict[Any, list[int]] = {}
            free: list[int] = []
            for position, test in enumerate(tests):
                allowed = test.support.get(name)
                if allowed is None:
                    free.append(position)
                    continue
                for value in allowed:
                    by_value.setdefault(value, []).append(position)
            index.by_value[name] = by_value
            index.free[name] = free
        return index

    def allowed(self, name: str, value: Any) -> frozenset[int] | None:
        """The rules that may hold when ``name`` is ``value``; None when ``name`` is not indexed."""
        if name not in self.by_value or value is MISSING:
            return None
        key = (name, value)
        found = self.cache.get(key)
        if found is None:
            found = frozenset(self.by_value[name].get(value, ())).union(self.free[name])
            self.cache[key] = found
        return found


class Search:
    """A first-match search over one or several rule lists at once."""

    def __init__(
        self,
        space: Space,
        lists: Sequence[Sequence[Test]],
        *,
        complete: bool,
        budget: Budget,
        fixed: Mapping[str, Any] | None = None,
        fixed_assigned: set[str] | None = None,
        interesting: set[int] | None = None,
        require: Test | None = None,
    ) -> None:
        """Prepare a search.

        ``complete`` leaves optional inputs always present (gaps are about complete requests);
        otherwise an absent optional input is one more branch. ``fixed`` starts every branch
        from those values (``fixed_assigned`` also names the inputs fixed as absent).
        ``interesting`` (one list only) names the rules worth finding a winning region for; the
        caller may remove rules from it while iterating. ``require`` restricts the search to
        requests for which that test holds: its inputs are split first, and a branch where it
        cannot hold ends at once (as a pruned leaf).
        """
        self.space = space
        self.lists = [list(tests) for tests in lists]
        self.complete = complete
        self.budget = budget
        self.indexes = [_Index.build(tests) for tests in self.lists]
        self.interesting = interesting
        self.require = require
        #: The test whose verdict asked for the last split.
        self._asking: Test | None = None
        fixed = fixed or {}
        self.values: dict[str, Any] = {n: v for n, v in fixed.items() if v is not MISSING}
        self.assigned: set[str] = set(fixed_assigned or ()) | set(fixed)

    def leaves(self) -> Iterator[Leaf]:
        """Every region and its outcome, depth first. Raises :class:`Truncated`."""
        if OPENED_TS in self.assigned:
            yield from self._run(self._start())
            return
        reads_time = any(OPENED_TS in t.reads for tests in self.lists for t in tests)
        openings = self.space.opened if reads_time else self.space.opened[:1]
        for ts in openings:
            step = ((OPENED_TS, ts), (OPENED_DATE, self.space.local_date(ts)))
            undo = self._apply(step)
            yield from self._run(self._start())
            self._undo(undo)

    def _start(self) -> list[_State]:
        """Every list's rules, less those the fixed inputs already rule out."""
        fixed = tuple(self.values.items())
        return [
            self._filter(number, _State(list(range(len(tests)))), fixed)
            for number, tests in enumerate(self.lists)
        ]

    # ------------------------------------------------------------ the walk

    def _run(self, states: list[_State]) -> Iterator[Leaf]:
        split: str | None = None
        if self.require is not None:
            verdict = self.require.verdict(self.values)
            if verdict is not True:
                split = None if verdict is False else self._pick(self.require)
                self._asking = self.require
                if split is None:  # it cannot hold anywhere in this branch
                    self.budget.spend(1)
                    nothing = tuple(None for _ in states)
                    yield Leaf(self.values, self.assigned, nothing, tuple(() for _ in states), True)
                    return
        for number, state in enumerate(states):
            if split is not None:
                break
            if state.done:
                continue
            split = self._advance(number, state)
        if split is None:
            self.budget.spend(1)
            yield Leaf(
                self.values,
                self.assigned,
                tuple(s.winner for s in states),
                tuple(s.unknown for s in states),
                any(s.pruned for s in states),
            )
            return
        for step in self._steps(split, states):
            undo = self._apply(step)
            children = [self._filter(i, s, step) for i, s in enumerate(states)]
            yield from self._run(children)
            self._undo(undo)

    def _advance(self, number: int, state: _State) -> str | None:
        """Move a list forward until it is decided or needs an input set; that input's name."""
        tests = self.lists[number]
        candidates = state.candidates
        values = self.values
        start = index = state.position
        try:
            while index < len(candidates):
                position = candidates[index]
                test = tests[position]
                verdict = test.verdict(values)
                if verdict is True:
                    state.winner = position
                    state.done = True
                    return None
                if verdict is None:
                    name = self._pick(test)
                    self._asking = test
                    if name is not None:
                        if self.interesting is not None and self._nothing_to_find(
                            tests, candidates, index
                        ):
                            state.pruned = state.done = True  # nothing left worth a split
                            return None
                        return name
                    state.unknown = (*state.unknown, position)
                index += 1
            state.done = True
            return None
        finally:
            state.position = index
            self.budget.spend(index - start + 1)

    def _steps(self, name: str, states: list[_State]) -> Iterable[Assignment]:
        """The branches of a split, the values the asking rule may hold for first.

        An ordered input gets the representatives of the thresholds of the rules still in play
        only: the others are decided already, or never read it.
        """
        cuts = None
        if self.space.ordered(name):
            found: set[Any] = set()
            tests = [self.require] if self.require is not None else []
            for number, state in enumerate(states):
                if not state.done:
                    rules = self.lists[number]
                    tests.extend(rules[p] for p in state.candidates[state.position :])
            for test in tests:
                found.update(c for c in test.cuts if c[1] == name)
            cuts = frozenset(found)
        steps = self.space.branches(
            name, self.values, self.assigned, complete=self.complete, cuts=cuts
        )
        asking = self._asking
        allowed = asking.support.get(name) if asking is not None else None
        if allowed is None or len(allowed) >= len(steps):
            return steps
        # Where the rule can hold first: a search that stops early stops sooner. The rest is
        # produced only if the search gets there.
        if name == "type":  # many types: find the allowed ones by rank, not by a scan
            rank = self.space.type_rank
            front = [steps[rank[t]] for t in sorted(allowed, key=rank.__getitem__)]
        else:
            front = [step for step in steps if step[0][1] in allowed]
        return itertools.chain(front, (step for step in steps if step[0][1] not in allowed))

    def _nothing_to_find(self, tests: Sequence[Test], candidates: list[int], start: int) -> bool:
        """No interesting rule can still win here: none remains before one that surely applies."""
        interesting = self.interesting
        assert interesting is not None
        for position in candidates[start:]:
            if position in interesting:
                return False
            if tests[position].verdict(self.values) is True:
                return True
        return True

    def _pick(self, test: Test) -> str | None:
        for name in test.reads:
            if name == "category":
                name = "type"  # noqa: PLW2901 - the category follows from the type
            if name not in self.assigned:
                return name
        return None

    def _filter(self, number: int, state: _State, step: Assignment) -> _State:
        """The state of a list in a branch: its remaining rules that may hold after ``step``."""
        if state.done:
            return state
        index = self.indexes[number]
        candidates: list[int] | None = None  # None: the parent's remaining rules, untouched
        for name, value in step:
            allowed = index.allowed(name, value)
            if allowed is None:
                continue
            if candidates is None:
                if len(allowed) < (len(state.candidates) - state.position) // 4:
                    present = state.tail()  # shared by every branch of this split
                    candidates = sorted(p for p in allowed if p in present)
                else:
                    tail = state.candidates[state.position :]
                    candidates = [p for p in tail if p in allowed]
            elif len(allowed) < len(candidates) // 4:
                present = set(candidates)
                candidates = sorted(p for p in allowed if p in present)
            else:
                candidates = [p for p in candidates if p in allowed]
        if candidates is None:
            # Candidate lists are never changed in place, so a child can share its parent's.
            return _State(state.candidates, state.position, state.unknown)
        return _State(candidates, 0, state.unknown)

    def _apply(self, step: Assignment) -> list[tuple[str, bool, Any]]:
        """Set the inputs of a step; what it takes to undo it."""
        undo = []
        for name, value in step:
            undo.append((name, name in self.assigned, self.values.get(name, MISSING)))
            self.assigned.add(name)
            if value is MISSING:
                self.values.pop(name, None)
            else:
                self.values[name] = value
        return undo

    def _undo(self, undo: list[tuple[str, bool, Any]]) -> None:
        for name, was_assigned, old in reversed(undo):
            if not was_assigned:
                self.assigned.discard(name)
            if old is MISSING:
                self.values.pop(name, None)
            else:
                self.values[name] = old
