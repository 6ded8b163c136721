"""The request space a policy's rules range over, and its rule lists in a searchable form.

The linter reasons about requests, not about text: it searches the compiled policy
(:class:`~policylang.model.policy.CompiledPolicy`) itself, its inputs and its rules' conditions,
items and products, judged by :func:`~policylang.model.rules.rule_verdict` as the evaluator
judges them, so a finding is about exactly what ``eval`` would do.

Inputs with a finite domain (enums, booleans, ``type``, ``priority``, ``item``, ``product``) take
each of their values. Ordered inputs (dates, timestamps, numbers, ``days since``) take
*representatives*: the thresholds that appear in conditions split their domain into finitely many
intervals, and one value per interval (each threshold and its neighbours) decides every condition
the same way as any other value of that interval. Texts take each compared literal and one value
that equals none. A date compared through ``days since`` is expressed relative to the request's
opening, so its representatives are computed for each opening instant.

A search splitting an ordered input uses only the thresholds of the rules still in play there
(each rule carries its own, its *cuts*): fewer intervals, the same answers.

An optional input without a default may also be absent (:data:`~policylang.model.MISSING`);
searches that ask "can any request reach this rule" consider that, searches for gaps (which are
about complete requests) do not.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from policylang.calendar import CalendarError
from policylang.calendar.timeconv import representable
from policylang.lang import ast
from policylang.lang.analysis.literals import parse_number
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.predicates import literal_value
from policylang.lang.traversal import iter_atoms
from policylang.model.inputs import MISSING, OPENED_DATE, OPENED_TS, PENDING, InputSpec
from policylang.model.outcomes import TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import (
    Condition,
    LifecycleRule,
    ObligationRule,
    Outcome,
    RefusalRule,
    Rule,
    rule_verdict,
)

__all__ = [
    "Assignment",
    "Conjunction",
    "Cut",
    "LintRule",
    "Space",
    "Test",
    "build_space",
    "make_rule",
    "rule_lists",
    "when_of",
]

#: The order of the lists `rule_lists` returns (the analyses report in it).
_LIST_ORDER = (
    "responsibility",
    "sla-response",
    "sla-resolution",
    "charge",
    "obligation",
    "refusal",
    "lifecycle",
)
#: A compiled rule of any kind a list holds (all carry their condition).
Compiled = Rule[Outcome] | ObligationRule | RefusalRule | LifecycleRule

#: The inputs whose support (the values a rule may hold for) is indexed for pruning.
_FINITE = frozenset({"enum", "bool"})
#: Inputs whose representatives depend on the opening instant (``days since``).
_TIMED = frozenset({"date", "datetime"})

#: One step of a search: the inputs it sets together (``type`` also sets ``category``).
Assignment = tuple[tuple[str, Any], ...]
#: A threshold: how the input is measured (``direct``, ``days``, ``hours``), its name, the value.
Cut = tuple[str, str, Any]


class Test(Protocol):
    """Something a search evaluates against a partial request: a rule, or a conjunction."""

    @property
    def reads(self) -> tuple[str, ...]:
        """The inputs its verdict depends on, in the order a search should split them."""

    @property
    def support(self) -> Mapping[str, frozenset[Any]]:
        """For some finite inputs, the only values for which it can hold."""

    @property
    def cuts(self) -> frozenset[Cut]:
        """The thresholds its conditions compare ordered inputs and texts with."""

    def verdict(self, values: Mapping[str, Any]) -> bool | None:
        """True, False, or None when an input it reads is absent."""


@dataclass(frozen=True, slots=True)
class LintRule:
    """One rule of an ordered list, as the evaluator sees it: condition, items, product."""

    kind: str  # responsibility | sla-response | sla-resolution | charge | obligation | ...
    position: int  # its index in its list
    decl: ast.RuleDecl
    condition: Condition | None
    items: frozenset[str]
    product: str | None
    reads: tuple[str, ...]
    support: Mapping[str, frozenset[Any]]
    cuts: frozenset[Cut] = frozenset()
    target: ast.Target | None = None
    #: An SLA list's rule: the target the compiler built (what the evaluator times).
    spec: TargetSpec | None = None

    @property
    def name(self) -> str:
        """The rule's name (``otherwise`` included)."""
        return self.decl.name.value

    @property
    def label(self) -> str:
        """``sla `critical``` : how messages name the rule."""
        return f"{self.decl.keyword} `{self.name}`"

    def verdict(self, values: Mapping[str, Any]) -> bool | None:
        """Whether the rule applies, exactly as the evaluator decides it (``rule_verdict``)."""
        return rule_verdict(self.condition, self.items, self.product, values)


@dataclass(frozen=True, slots=True)
class Conjunction:
    """Several tests that must all hold (``A and B``): "B holds and A takes it"."""

    parts: tuple[Test, ...]
    reads: tuple[str, ...] = field(init=False)
    support: Mapping[str, frozenset[Any]] = field(init=False)
    cuts: frozenset[Cut] = field(init=False)

    def __post_init__(self) -> None:
        reads: dict[str, None] = {}
        support: dict[str, frozenset[Any]] = {}
        for part in self.parts:
            reads.update(dict.fromkeys(part.reads))
            for name, allowed in part.support.items():
                support[name] = support[name] & allowed if name in support else allowed
        object.__setattr__(self, "reads", tuple(reads))
        object.__setattr__(self, "support", support)
        object.__setattr__(self, "cuts", frozenset().union(*(p.cuts for p in self.parts)))

    def verdict(self, values: Mapping[str, Any]) -> bool | None:
        """Kleene conjunction of the parts."""
        result: bool | None = True
        for part in self.parts:
            verdict = part.verdict(values)
            if verdict is False:
                return False
            if verdict is None:
                result = None
        return result


# ---------------------------------------------------------------------- the space


@dataclass(slots=True)
class _Thresholds:
    """Constants that conditions compare ordered inputs with."""

    direct: dict[str, set[Any]] = field(default_factory=dict)
    since: dict[tuple[str, str], set[float]] = field(default_factory=dict)

    @classmethod
    def of(cls, cuts: Iterable[Cut]) -> _Thresholds:
        """The thresholds a set of cuts names."""
        found = cls()
        for how, name, value in cuts:
            if how == "direct":
                found.direct.setdefault(name, set()).add(value)
            else:
                found.since.setdefault((how, name), set()).add(value)
        return found


@dataclass(slots=True)
class Space:
    """Every input a request can carry, with the values a search tries for each."""

    policy_id: str
    zone: str
    tz: dt.tzinfo
    effective: dt.date
    inputs: Mapping[str, InputSpec]
    #: type id -> (category, default priority)
    types: Mapping[str, tuple[str | None, str | None]]
    opened: tuple[float, ...]
    thresholds: _Thresholds
    declared_order: tuple[str, ...]
    #: category -> its types; the types without a category
    by_category: Mapping[str, frozenset[str]] = field(default_factory=dict)
    uncategorized: frozenset[str] = frozenset()
    #: Representatives already computed, by input, opening instant (for dates) and cuts.
    _cache: dict[tuple[str, float, frozenset[Cut] | None], Sequence[Any]] = field(
        default_factory=dict, repr=False
    )
    _type_steps: dict[bool, tuple[Assignment, ...]] = field(default_factory=dict, repr=False)
    #: type id -> its position among the types
    type_rank: Mapping[str, int] = field(default_factory=dict)

    # ------------------------------------------------------------ domains

    def optional(self, name: str) -> bool:
        """Whether a request may leave ``name`` out with nothing taking its place."""
        if name == "priority":
            # Absent priority falls back to the type's default, when the type has one.
            spec = self.inputs.get("priority")
            return spec is not None and not spec.required
        spec = self.inputs.get(name)
        return (
            spec is not None
            and not spec.required
            and spec.default is MISSING
            and spec.pending is None  # absent is PENDING, a value searched like the others
        )

    def domain_size(self, name: str) -> int:
        """How many values a search tries for ``name`` (an estimate for ordered inputs)."""
        if name in ("category", "type"):
            return len(self.types)
        spec = self.inputs.get(name)
        if spec is None:
            return 1
        if spec.kind == "enum":
            return len(spec.values) + (spec.pending is not None)
        if spec.kind == "bool":
            return 2
        return 3

    def ordered(self, name: str) -> bool:
        """Whether ``name`` takes representatives from thresholds (not a finite domain)."""
        spec = self.inputs.get(name)
        return spec is not None and spec.kind not in _FINITE and name != OPENED_TS

    def branches(
        self,
        name: str,
        values: Mapping[str, Any],
        assigned: Collection[str],
        *,
        complete: bool,
        cuts: frozenset[Cut] | None = None,
    ) -> Sequence[Assignment]:
        """The ways a search can set ``name`` next, each a group of inputs set together.

        For an ordered input, ``cuts`` (when given) are the only thresholds that matter here.
        """
        if name == "type":
            # An absent priority (set before the type) becomes the type's default.
            return self.type_steps("priority" in assigned and "priority" not in values)
        if name == "priority":
            return list(self._priority_steps(values, set(assigned), complete=complete))
        if name == OPENED_TS:
            return [((OPENED_TS, ts), (OPENED_DATE, self.local_date(ts))) for ts in self.opened]
        spec = self.inputs[name]
        steps: list[Assignment] = [((name, v),) for v in self._values(spec, values, cuts)]
        if not complete and self.optional(name):
            steps.append(((name, MISSING),))
        return steps

    def type_steps(self, fill_priority: bool = False) -> tuple[Assignment, ...]:
        """One step per ticket type, in declaration order (built once)."""
        found = self._type_steps.get(fill_priority)
        if found is None:
            found = tuple(self._type_step(t, fill_priority=fill_priority) for t in self.types)
            self._type_steps[fill_priority] = found
        return found

    def _type_step(self, type_id: str, *, fill_priority: bool) -> Assignment:
        category, priority = self.types[type_id]
        step: list[tuple[str, Any]] = [("type", type_id)]
        if "category" in self.inputs:
            step.append(("category", category if category is not None else MISSING))
        if fill_priority and priority is not None:
            step.append(("priority", priority))
        return tuple(step)

    def _priority_steps(
        self, values: Mapping[str, Any], done: set[str], *, complete: bool
    ) -> Iterator[Assignment]:
        spec = self.inputs["priority"]
        for value in spec.values:
            yield (("priority", value),)
        if complete or spec.required:
            return
        if "type" in done:
            default = self.types[values["type"]][1]
            yield (("priority", default if default is not None else MISSING),)
            return
        # An absent priority takes the type's default: choose the type at the same time.
        for type_id, (_category, default) in self.types.items():
            step = self._type_step(type_id, fill_priority=False)
            yield (*step, ("priority", default if default is not None else MISSING))

    def _values(
        self, spec: InputSpec, values: Mapping[str, Any], cuts: frozenset[Cut] | None = None
    ) -> Sequence[Any]:
        if spec.kind == "enum":
            return (*spec.values, PENDING) if spec.pending is not None else spec.values
        if spec.kind == "bool":
            return (True, False)
        moment = float(values.get(OPENED_TS, self.opened[0])) if spec.kind in _TIMED else 0.0
        key = (spec.name, moment, cuts)
        found = self._cache.get(key)
        if found is None:
            thresholds = self.thresholds if cuts is None else _Thresholds.of(cuts)
            found = self._cache[key] = self._representatives(spec, moment, thresholds)
        return found

    def _representatives(
        self, spec: InputSpec, opened: float, thresholds: _Thresholds
    ) -> Sequence[Any]:
        if spec.kind == "text":
            constants = sorted(thresholds.direct.get(spec.name, set()))
            fresh = "example"
            while fresh in constants:
                fresh += "_"
            return (*constants, fresh)
        if spec.kind == "number":
            return _number_representatives(thresholds.direct.get(spec.name, set()))
        if spec.kind == "date":
            return self._date_representatives(spec.name, opened, thresholds)
        return self._datetime_representatives(spec.name, opened, thresholds)

    def _date_representatives(
        self, name: str, opened: float, thresholds: _Thresholds
    ) -> list[dt.date]:
        opened_date = self.local_date(opened)
        pivots: set[dt.date | None] = set(thresholds.direct.get(name, set()))
        for days in _finite_thresholds(thresholds.since.get(("days", name), ())):
            for whole in {math.floor(days), math.ceil(days)}:
                pivots.add(_days_after(opened_date, -whole))
        for hours in _finite_thresholds(thresholds.since.get(("hours", name), ())):
            pivots.add(self._local_date_of(opened - hours * 3600))
        # A threshold beyond the calendar's first or last day has no dates past it to try.
        found = {
            day
            for pivot in pivots
            if pivot is not None
            for k in (-1, 0, 1)
            if (day := _days_after(pivot, k)) is not None
        }
        return sorted(found) or [opened_date]

    def _datetime_representatives(
        self, name: str, opened: float, thresholds: _Thresholds
    ) -> list[float]:
        pivots: set[float] = {float(c) for c in thresholds.direct.get(name, set())}
        for hours in _finite_thresholds(thresholds.since.get(("hours", name), ())):
            if math.isfinite(opened - hours * 3600):
                pivots.add(float(math.floor(opened - hours * 3600)))
        opened_date = self.local_date(opened)
        for days in _finite_thresholds(thresholds.since.get(("days", name), ())):
            for whole in {math.floor(days), math.ceil(days)}:
                for shift in (-1, 0, 1):
                    day = _days_after(opened_date, -(whole + shift))
                    if day is None:
                        continue
                    midnight = self.midnight(day)
                    pivots.update((midnight, midnight + 43200.0))
        # Only instants a request can carry: a local date exists for them in every zone.
        found = {
            p + k
            for p in pivots
            for k in (-1.0, 0.0, 1.0)
            if self._local_date_of(p + k) is not None
        }
        return sorted(found) or [opened]

    # ------------------------------------------------------------ time helpers

    def local_date(self, ts: float) -> dt.date:
        """The local date of an instant in the policy zone."""
        return dt.datetime.fromtimestamp(ts, self.tz).date()

    def _local_date_of(self, ts: float) -> dt.date | None:
        """`local_date`, or None for an instant too far from today for any request to carry."""
        try:
            representable(math.floor(ts))
            return self.local_date(ts)
        except (CalendarError, OverflowError, ValueError, OSError):
            return None

    def midnight(self, day: dt.date) -> float:
        """The instant a local day starts in the policy zone."""
        return dt.datetime.combine(day, dt.time(), self.tz).timestamp()

    def iso(self, ts: float) -> str:
        """An instant as RFC 3339 in the policy zone."""
        return dt.datetime.fromtimestamp(math.floor(ts), self.tz).isoformat()

    # ------------------------------------------------------------ counterexamples

    def request(
        self, values: Mapping[str, Any], *, opened_at: float | None = None
    ) -> dict[str, Any]:
        """A request JSON someone can paste into ``policylang eval``.

        Inputs the search set are given as set (an absent optional input is left out); required
        inputs it never needed get a valid value, since ``eval`` refuses a request without them.
        """
        ts = opened_at if opened_at is not None else float(values.get(OPENED_TS, self.opened[0]))
        out: dict[str, Any] = {"policy": self.policy_id, "opened_at": self.iso(ts)}
        for name in self.declared_order:
            spec = self.inputs[name]
            if spec.derived or name == OPENED_TS:
                continue
            value = values.get(name, MISSING)
            if (value is MISSING and name in values) or value == PENDING:
                continue  # deliberately absent (or not yet happened): the point of the example
            if value is MISSING:
                if not spec.required or spec.default is not MISSING:
                    continue
                if name == "priority" and self.types.get(values.get("type", ""), (None, None))[1]:
                    continue
                value = self._any_value(spec, ts)
            out[name] = self.json_value(name, value)
        return out

    def _any_value(self, spec: InputSpec, opened: float) -> Any:
        if spec.name == "type":
            return next(iter(self.types))
        return self._values(spec, {OPENED_TS: opened})[0]

    def json_value(self, name: str, value: Any) -> Any:
        """How a request JSON writes the value of input ``name``."""
        spec = self.inputs[name]
        if name == OPENED_TS:
            return self.iso(value)
        if spec.kind == "date":
            return value.isoformat()
        if spec.kind == "datetime":
            return self.iso(value)
        if spec.kind == "number":
            return int(value) if float(value).is_integer() else value
        return value


def _number_representatives(constants: set[Any]) -> list[float]:
    if not constants:
        return [0.0]
    ordered = sorted(float(c) for c in constants)
    middles = [(a + b) / 2 for a, b in itertools.pairwise(ordered)]
    return sorted({ordered[0] - 1, *ordered, *middles, ordered[-1] + 1})


# ---------------------------------------------------------------------- building it


def _subject(operand: ast.Operand, inputs: Mapping[str, InputSpec]) -> tuple[str, str] | None:
    """``("direct", name)`` or ``(unit, name)`` for the input an operand reads."""
    if isinstance(operand, ast.ElapsedSince):
        return operand.unit.value, operand.input.value
    if isinstance(operand, ast.Reference) and operand.name.value in inputs:
        return "direct", operand.name.value
    return None


def _cuts(condition: ast.Condition, inputs: Mapping[str, InputSpec]) -> frozenset[Cut]:  # noqa: C901  (a hand-rolled condition walk; issue 14's AST traversal API is to replace it)
    """The thresholds one condition compares ordered inputs (and texts) with."""
    found: set[Cut] = set()

    def add(subject: tuple[str, str], operand: ast.Operand) -> None:
        how, name = subject
        if how != "direct":
            found.add((how, name, float(_since_amount(operand))))
            return
        spec = inputs[name]
        if spec.kind in ("number", "date", "datetime", "text"):
            found.add(("direct", name, literal_value(spec, operand)))

    for atom in iter_atoms(condition):
        if isinstance(atom, ast.Comparison):
            left = _subject(atom.left, inputs)
            right = _subject(atom.right, inputs)
            if left is not None and right is None:
                add(left, atom.right)
            elif right is not None and left is None:
                add(right, atom.left)
        elif isinstance(atom, ast.Membership):
            subject = _subject(atom.operand, inputs)
            if subject is not None:
                for value in atom.values:
                    add(subject, value)
    return frozenset(found)


def _since_amount(operand: ast.Operand) -> float:
    """The number a ``days since`` comparison is made with."""
    assert isinstance(operand, ast.NumberLiteral), "the checker makes `since` compare with numbers"
    return float(parse_number(operand.text))


def _opened(effective: dt.date, tz: dt.tzinfo, constants: Iterable[Any]) -> tuple[float, ...]:
    """Opening instants: a working-day morning after the effective date, and threshold sides."""
    start = dt.datetime.combine(effective, dt.time(), tz).timestamp()
    base = dt.datetime.combine(effective, dt.time(10, 0), tz).timestamp()
    found = {base}
    for constant in constants:
        found.update(c for c in (constant - 1, constant, constant + 1) if c >= start)
    return tuple(sorted(found))


def _finite_thresholds(thresholds: Iterable[float]) -> list[float]:
    """The thresholds a date can be on either side of: a number literal too large for a float
    (400 digits) is infinite, and every date lies before it."""
    return [t for t in thresholds if math.isfinite(t)]


def _days_after(day: dt.date, days: int) -> dt.date | None:
    """The date ``days`` after ``day``; None past the first or last date there is."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def when_of(decl: ast.RuleDecl) -> ast.When | None:
    """The ``when`` of a rule, if it has one."""
    return next((s for s in decl.body if isinstance(s, ast.When)), None)


def build_space(checked: CheckedFile, policy: CompiledPolicy) -> Space:
    """The request space of a checked file and its compiled policy: the inputs, ticket types,
    zone and effective date are the compiled model's."""
    symbols = checked.symbols
    zone, tz, effective, inputs = policy.zone, policy.tz, policy.effective, policy.inputs
    cuts = [
        _cuts(w.condition, inputs)
        for rules in symbols.rules.values()
        for rule in rules
        if (w := when_of(rule)) is not None
    ]
    thresholds = _Thresholds.of(c for found in cuts for c in found)
    types = {type_id: (info.category, info.priority) for type_id, info in policy.types.items()}
    by_category: dict[str, set[str]] = {}
    for type_id, (category, _priority) in types.items():
        by_category.setdefault(category or "", set()).add(type_id)
    uncategorized = frozenset(by_category.pop("", set()))
    order = ("type", "priority", "product", "item")
    declared = tuple(n for n in order if n in inputs) + tuple(
        n for n in inputs if n not in order and n != OPENED_TS
    )
    return Space(
        policy_id=policy.id,
        zone=zone,
        tz=tz,
        effective=effective,
        inputs=inputs,
        types=types,
        opened=_opened(effective, tz, thresholds.direct.get(OPENED_TS, set())),
        thresholds=thresholds,
        declared_order=declared,
        by_category={c: frozenset(t) for c, t in by_category.items()},
        uncategorized=uncategorized,
        type_rank={t: i for i, t in enumerate(types)},
    )


# ---------------------------------------------------------------------- rules


def _support(condition: ast.Condition, space: Space) -> dict[str, frozenset[Any]]:
    """For finite inputs: the values for which ``condition`` is not surely false.

    Syntactic and conservative (an input missing from the result is unconstrained); searches use
    it only to skip rules that cannot apply, and every verdict is still the compiled predicate's.
    """
    if isinstance(condition, ast.And):
        out: dict[str, frozenset[Any]] = {}
        for operand in condition.operands:
            for name, allowed in _support(operand, space).items():
                out[name] = out[name] & allowed if name in out else allowed
        return out
    if isinstance(condition, ast.Or):
        parts = [_support(operand, space) for operand in condition.operands]
        shared = set(parts[0]).intersection(*parts[1:])
        return {name: frozenset().union(*(p[name] for p in parts)) for name in shared}
    if isinstance(condition, ast.Not):
        inner = condition.operand
        if isinstance(inner, ast.Comparison | ast.Membership | ast.Truth | ast.PresenceTest):
            atom = _atom_support(inner, space)
            if atom is not None:
                name, allowed = atom
                return {name: _domain(name, space) - allowed}
        return {}
    atom = _atom_support(condition, space)
    return {} if atom is None else {atom[0]: atom[1]}


def _domain(name: str, space: Space) -> frozenset[Any]:
    spec = space.inputs[name]
    if spec.kind == "bool":
        return frozenset((True, False))
    return frozenset(spec.values) | ({PENDING} if spec.pending is not None else set())


def _atom_support(  # noqa: PLR0911  (one return per kind of atom)
    atom: ast.Atom, space: Space
) -> tuple[str, frozenset[Any]] | None:
    if isinstance(atom, ast.DuringTest):
        return None  # an instant in a calendar's hours: no finite set of values
    if isinstance(atom, ast.Truth):
        return _finite(atom.name.value, frozenset({True}), space)
    if isinstance(atom, ast.PresenceTest):
        name, pending = atom.name.value, frozenset({PENDING})
        wanted = pending if atom.state.value == "pending" else _domain(name, space) - pending
        return _finite(name, wanted, space)
    if isinstance(atom, ast.Membership):
        subject = _subject(atom.operand, space.inputs)
        if subject is None or subject[0] != "direct":
            return None
        name = subject[1]
        named = frozenset(_constant(v, name, space) for v in atom.values)
        if atom.negated:
            named = _domain_or_none(name, space, named)
        return _finite(name, named, space)
    left, right = _subject(atom.left, space.inputs), _subject(atom.right, space.inputs)
    if atom.operator not in ("==", "!=") or (left is None) == (right is None):
        return None
    subject, other = (left, atom.right) if left is not None else (right, atom.left)
    assert subject is not None
    if subject[0] != "direct":
        return None
    name = subject[1]
    named = frozenset({_constant(other, name, space)})
    if atom.operator == "!=":
        named = _domain_or_none(name, space, named)
    return _finite(name, named, space)


def _constant(operand: ast.Operand, name: str, space: Space) -> Any:
    return literal_value(space.inputs[name], operand)


def _domain_or_none(name: str, space: Space, named: frozenset[Any]) -> frozenset[Any]:
    spec = space.inputs[name]
    if spec.kind not in _FINITE:
        return named  # dropped by _finite below
    return _domain(name, space) - named


def _finite(name: str, allowed: frozenset[Any], space: Space) -> tuple[str, frozenset[Any]] | None:
    spec = space.inputs.get(name)
    if spec is None or spec.kind not in _FINITE:
        return None
    if name == "category":
        # Categories follow from the type: constrain the type, which searches split on. A type
        # without a category leaves a category test unknown, never false, so it stays allowed.
        types = set(space.uncategorized)
        for category in allowed:
            types.update(space.by_category.get(category, ()))
        return "type", frozenset(types)
    return name, allowed


def _reads(condition: Condition | None, items: bool, product: bool) -> tuple[str, ...]:
    names: list[str] = []
    if condition is not None:
        names.extend(sorted(condition.inputs))
    if items:
        names.append("item")
    if product:
        names.append("product")
    return tuple(names)


def make_rule(
    kind: str, position: int, decl: ast.RuleDecl, compiled: Compiled, space: Space, **extra: Any
) -> LintRule:
    """One rule declaration and the rule the compiler made of it, ready for searching.

    The condition, items and product are the compiled rule's: the linter decides with exactly
    what the evaluator reads.
    """
    when = when_of(decl)
    condition = compiled.condition
    support = _support(when.condition, space) if when is not None else {}
    cuts = _cuts(when.condition, space.inputs) if when is not None else frozenset()
    items: frozenset[str] = frozenset()
    product = None
    if isinstance(compiled, Rule):
        items, product = compiled.items, compiled.product
        if items:
            support["item"] = support["item"] & items if "item" in support else items
        if product is not None:
            # A request about another product cannot reach it; an absent product can.
            support["product"] = frozenset({product})
    reads = _reads(condition, bool(items), product is not None)
    # Split first on the inputs the rule constrains, the widest first: that prunes the most.
    ordered = sorted(
        reads,
        key=lambda n: (("type" if n == "category" else n) not in support, -space.domain_size(n)),
    )
    return LintRule(
        kind, position, decl, condition, items, product, tuple(ordered), support, cuts, **extra
    )


def rule_lists(
    checked: CheckedFile, policy: CompiledPolicy, space: Space
) -> dict[str, list[LintRule]]:
    """The ordered lists the evaluator searches: responsibility, response, resolution, charge,
    each declaration beside the rule the compiler made of it (the compiler keeps file order).

    Obligations, refusals and lifecycle rules are listed too (under their keyword): they are not
    first-match lists, but a condition that can never hold is worth reporting there as well.
    """
    symbols = checked.symbols
    targets: dict[str, list[tuple[ast.RuleDecl, ast.Target]]] = {}
    for decl in symbols.rules_of("sla"):
        for statement in decl.body:
            if isinstance(statement, ast.Target):
                targets.setdefault(f"sla-{statement.kind.value}", []).append((decl, statement))
    lists: dict[str, list[LintRule]] = {}
    for kind, index in (("sla-response", policy.response), ("sla-resolution", policy.resolution)):
        pairs = zip(targets.get(kind, []), index.all_rules, strict=True)
        for position, ((decl, target), rule) in enumerate(pairs):
            lists.setdefault(kind, []).append(
                make_rule(kind, position, decl, rule, space, target=target, spec=rule.outcome)
            )
    compiled: tuple[tuple[str, Sequence[Compiled]], ...] = (
        ("responsibility", policy.responsibility.all_rules),
        ("charge", policy.charges.all_rules),
        ("obligation", policy.obligations),
        ("refusal", policy.refusals),
        ("lifecycle", policy.lifecycle),
    )
    for keyword, rules in compiled:
        decls = symbols.rules_of(keyword)
        for position, (decl, made) in enumerate(zip(decls, rules, strict=True)):
            lists.setdefault(keyword, []).append(make_rule(keyword, position, decl, made, space))
    return {kind: lists[kind] for kind in _LIST_ORDER if kind in lists}
