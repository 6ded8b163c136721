"""What of a decision impact analysis compares, and how each difference is classified.

A *facet* reads one thing off a :class:`~policylang.runtime.decision.Decision` (a clock's due
time, whether a clock breached, the roles, the charge) as a :class:`Reading`, and compares the
readings of the two sides into zero or more :class:`Change`\\ s. Facets compare readings, never
the decision JSON: a ticket that did not change costs two reads and a tuple comparison.

Every facet returns a *tuple* of changes: the charge lines of the decision contract v2 are a set,
each line added or removed its own change (facet ``charges``, kinds ``line_added`` and
``line_removed``); ``billable`` compares what the lines add up to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from policylang.model.rules import Rule, Selection
from policylang.runtime.charges import ChargeLine
from policylang.runtime.decision import Decision, TargetResult
from policylang.runtime.decision_parts import TARGET_STATES

__all__ = ["CLOCKS", "FACETS", "KINDS", "Change", "Facet", "Reading", "side_json"]

CLOCKS = ("response", "resolution")

_CLOCK_KINDS = (
    "due_earlier",
    "due_later",
    "commitment_added",
    "commitment_removed",
    "commitment_changed",
)

#: Every kind of change, by facet, in the order pages list them.
KINDS: dict[str, tuple[str, ...]] = {
    "request": ("rejected_under_new", "answered_under_new"),
    "response": _CLOCK_KINDS,
    "resolution": _CLOCK_KINDS,
    "response_breach": ("breach_gained", "breach_lost"),
    "resolution_breach": ("breach_gained", "breach_lost"),
    "roles": ("roles_changed",),
    "billable": ("billable_changed",),
    "charges": ("line_added", "line_removed"),
}


@dataclass(frozen=True, slots=True)
class Reading:
    """One facet of one side's decision: the value compared, and what people are shown."""

    #: What is compared (hashable): equal values mean no change.
    value: Any
    #: The rule the value comes from (None: no rule applies, or it depends).
    rule: Rule[Any] | None
    #: The instant compared for a due time (epoch seconds), else None.
    due_ts: int | None = None
    #: The value for people and tools (JSON-ready), without the rule.
    shown: Any = None
    #: The charge lines read (the ``charges`` facet), each with its rule.
    lines: tuple[ChargeLine, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The value, the rule responsible and the clauses it cites."""
        return {"value": self.shown, **side_json(self.rule)}


def side_json(rule: Rule[Any] | None) -> dict[str, Any]:
    """The rule responsible for a side, and the clause ids it cites with its location."""
    if rule is None:
        return {"rule": None, "clauses": [], "location": None}
    return {
        "rule": rule.name,
        "clauses": [c.id for c in rule.source.clauses],
        "location": rule.source.location,
    }


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the two sides of a ticket."""

    facet: str
    kind: str
    before: Reading | None
    after: Reading | None
    #: For a due time moved: new minus old, in seconds (negative: earlier).
    shift_seconds: int | None = None
    #: Why a side could not answer (``request`` changes).
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The change with both sides: value, rule and clauses."""
        out: dict[str, Any] = {"facet": self.facet, "kind": self.kind}
        if self.shift_seconds is not None:
            out["shift_seconds"] = self.shift_seconds
        if self.message is not None:
            out["message"] = self.message
        out["before"] = None if self.before is None else self.before.to_json()
        out["after"] = None if self.after is None else self.after.to_json()
        return out


@dataclass(frozen=True, slots=True)
class Facet:
    """A named reading of a decision and the comparison of two readings."""

    name: str
    #: The reading, or None when the facet says nothing of this decision (no history).
    read: Callable[[Decision], Reading | None]
    compare: Callable[[str, Reading, Reading], tuple[Change, ...]]


# ---------------------------------------------------------------------------------- clocks


def _iso(decision: Decision, clock: str) -> str | None:
    due = decision.due(clock)
    return None if due is None else due.isoformat()


def _clock_reader(clock: str) -> Callable[[Decision], Reading]:
    def read(decision: Decision) -> Reading:
        # The decision's v2 state: a ground that lifts the target decides before any rule.
        lifted_by = decision.lifted_by(clock)
        if lifted_by is not None:
            return Reading(
                ("lifted", lifted_by), None, None, {"state": "lifted", "lifted_by": lifted_by}
            )
        result: TargetResult = getattr(decision, clock)
        selection = result.selection
        if not selection.decided:
            value: tuple[Any, ...] = ("depends", selection.depends_on)
            shown: dict[str, Any] = {"state": "depends", "depends_on": list(selection.depends_on)}
            return Reading(value, None, None, shown)
        rule = selection.rule
        if rule is None:
            return Reading(("not_stated",), None, None, {"state": "not_stated"})
        spec = rule.outcome
        state = "committed" if result.agreed else TARGET_STATES[spec.commitment]
        shown = {
            "state": state,
            "target": spec.iso,
            "calendar": spec.calendar,
            "due_at": _iso(decision, clock) if result.due_ts is not None else None,
        }
        return Reading((state, spec.iso, spec.calendar), rule, result.due_ts, shown)

    return read


def _compare_clock(facet: str, old: Reading, new: Reading) -> tuple[Change, ...]:
    if old.due_ts is not None and new.due_ts is not None:
        shift = new.due_ts - old.due_ts
        if shift == 0:
            return ()
        kind = "due_earlier" if shift < 0 else "due_later"
        return (Change(facet, kind, old, new, shift_seconds=shift),)
    if old.due_ts is None and new.due_ts is not None:
        return (Change(facet, "commitment_added", old, new),)
    if old.due_ts is not None:
        return (Change(facet, "commitment_removed", old, new),)
    if old.value != new.value:
        return (Change(facet, "commitment_changed", old, new),)
    return ()


def _breach_reader(clock: str) -> Callable[[Decision], Reading | None]:
    def read(decision: Decision) -> Reading | None:
        if decision.timeline is None:
            return None
        status = decision.timeline["sla"][clock]
        breached = status["status"] == "breached" or bool(status["ever_breached"])
        rule = getattr(decision, clock).selection.rule
        shown = {"breached": breached, "status": status["status"]}
        return Reading(breached, rule, None, shown)

    return read


def _compare_breach(facet: str, old: Reading, new: Reading) -> tuple[Change, ...]:
    if old.value == new.value:
        return ()
    return (Change(facet, "breach_gained" if new.value else "breach_lost", old, new),)


# ---------------------------------------------------------------------------------- roles, charges


def _undecided(selection: Selection[Any]) -> Reading:
    shown = {"depends_on": list(selection.depends_on)}
    return Reading(("depends", selection.depends_on), None, None, shown)


def _read_roles(decision: Decision) -> Reading:
    selection = decision.handler
    if not selection.decided:
        return _undecided(selection)
    rule = selection.rule
    if rule is None:
        return Reading(None, None, None, None)
    outcome = rule.outcome
    # Every role counts: a change of who assists is a change of the answer.
    return Reading(outcome, rule, None, outcome.to_json())


def _read_billable(decision: Decision) -> Reading:
    """Whether the charge lines make the request billable; the rule responsible is the first
    fee line's when it is (the first line's when it is not)."""
    charges = decision.charges
    fees = [line for line in charges.lines if line.fee != "included"] or list(charges.lines)
    rule = fees[0].rule if fees and charges.billable is not None else None
    shown: dict[str, Any] = {"billable": charges.billable}
    if charges.billable is None and charges.depends_on:
        shown["depends_on"] = list(charges.depends_on)
    return Reading(charges.billable, rule, None, shown)


def _line_key(line: ChargeLine) -> tuple[str, str | None, str | None, str | None]:
    """A charge line as compared: what the customer is charged (fee kind, rate, currency) and
    for what (basis); not the rule's name."""
    rate = None if line.rate is None else str(line.rate)
    return (line.fee, rate, line.currency, line.outcome.basis)


def _read_charges(decision: Decision) -> Reading:
    """The charge lines that apply, as a multiset (the possible ones are not lines yet)."""
    lines = decision.charges.lines
    value = tuple(sorted(Counter(map(_line_key, lines)).items(), key=repr))
    return Reading(value, None, None, [line.to_json() for line in lines], lines)


def _compare_lines(facet: str, old: Reading, new: Reading) -> tuple[Change, ...]:
    if old.value == new.value:
        return ()

    def side(line: ChargeLine) -> Reading:
        return Reading(_line_key(line), line.rule, None, line.to_json())

    def beyond(mine: Sequence[ChargeLine], theirs: Sequence[ChargeLine]) -> list[ChargeLine]:
        """The lines of ``mine`` that ``theirs`` does not have (as many times as it lacks)."""
        left = Counter(map(_line_key, theirs))
        out = []
        for line in mine:
            key = _line_key(line)
            if left[key]:
                left[key] -= 1
            else:
                out.append(line)
        return out

    return (
        *(Change(facet, "line_removed", side(x), None) for x in beyond(old.lines, new.lines)),
        *(Change(facet, "line_added", None, side(x)) for x in beyond(new.lines, old.lines)),
    )


def _compare_value(kind: str) -> Callable[[str, Reading, Reading], tuple[Change, ...]]:
    def compare(facet: str, old: Reading, new: Reading) -> tuple[Change, ...]:
        return () if old.value == new.value else (Change(facet, kind, old, new),)

    return compare


#: The facets compared, in the order a ticket's changes are listed.
FACETS: tuple[Facet, ...] = (
    *(Facet(clock, _clock_reader(clock), _compare_clock) for clock in CLOCKS),
    *(Facet(f"{clock}_breach", _breach_reader(clock), _compare_breach) for clock in CLOCKS),
    Facet("roles", _read_roles, _compare_value("roles_changed")),
    Facet("billable", _read_billable, _compare_value("billable_changed")),
    Facet("charges", _read_charges, _compare_lines),
)
