"""The compiled policy: immutable, indexed, ready to evaluate requests against.

Nothing here refers to the AST or to Lark; the compiler (:mod:`policylang.compiler`) builds these
values once per policy version, and the evaluator only reads them. Values that a decision reports
verbatim (citations, notes, labels) are stored already in their JSON shape, so answering a request
copies references instead of rebuilding dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policylang.calendar import BusinessCalendar

__all__ = [
    "MEMO_LIMIT",
    "MISSING",
    "OPENED_DATE",
    "OPENED_TS",
    "Case",
    "ChargeOutcome",
    "Citation",
    "CompiledPolicy",
    "Condition",
    "HandlerOutcome",
    "InputSpec",
    "LifecycleRule",
    "NoteInfo",
    "ObligationRule",
    "PauseRule",
    "Predicate",
    "RefusalRule",
    "Rule",
    "RuleIndex",
    "Selection",
    "Source",
    "TargetSpec",
    "TypeInfo",
    "rule_verdict",
]


class _Missing:
    """The value of an optional input the request left out (distinct from None and False)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

#: Where a request's values hold the opening instant (epoch seconds: the ``opened_at`` input)...
OPENED_TS = "opened_at"
#: ...and its local date in the policy zone, under a name no policy can declare (conditions that
#: count ``days since`` read it).
OPENED_DATE = "@opened_date"

#: How many selections one rule index memoizes at most (its inputs' domains are finite, but a
#: policy with many enum inputs could still have a large product of them).
MEMO_LIMIT = 4096

#: A compiled condition: True or False, or None when an absent optional input decides it.
Predicate = Callable[[Mapping[str, Any]], "bool | None"]


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled ``when``: the predicate, the inputs it reads, and its source text."""

    test: Predicate
    inputs: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class Citation:
    """One quoted clause of the source document."""

    id: str
    text: str
    english: str | None
    at: str | None

    def to_json(self) -> dict[str, Any]:
        """The JSON form a decision carries."""
        return {"clause": self.id, "text": self.text, "english": self.english, "at": self.at}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: the clauses it cites and where it stands in the policy."""

    clauses: tuple[Citation, ...]
    location: str
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "json",
            {"clauses": [c.to_json() for c in self.clauses], "location": self.location},
        )


@dataclass(frozen=True, slots=True)
class NoteInfo:
    """An interpretation, defect, contradiction or omission note."""

    id: str
    kind: str
    title: str | None
    about: tuple[str, ...]
    says: str | None
    reading: str | None
    because: str | None
    #: The JSON form a decision carries, built once.
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "json", self.to_json())

    def to_json(self) -> dict[str, Any]:
        """The JSON form a decision carries."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "about": list(self.about),
            "says": self.says,
            "reading": self.reading,
            "because": self.because,
        }


@dataclass(frozen=True, slots=True)
class InputSpec:
    """One request input: its type, domain, presence and default."""

    name: str
    kind: str  # enum | bool | date | datetime | text | number
    values: tuple[str, ...] = ()
    labels: Mapping[str, str | None] = field(default_factory=dict)
    required: bool = True
    default: Any = MISSING
    label: str | None = None
    derived: bool = False  # computed by the engine (category), never sent
    value_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_set", frozenset(self.values))


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A compiled SLA target: what it promises and how to compute its due time."""

    kind: str  # response | resolution
    commitment: str  # committed | none | per_request | best_effort
    iso: str | None  # ISO 8601 duration, e.g. PT30M, P3D
    clock: str | None  # business | calendar
    calendar: str | None  # calendar name, for business time
    unit: str | None  # seconds | business_days | calendar_days
    amount: int  # seconds or days
    engine: BusinessCalendar | None  # the calendar that computes it
    text: str  # "within 30 minutes on office"
    #: What a decision says of the target whatever the request: built once.
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "json",
            {
                "commitment": self.commitment,
                "target": self.iso,
                "clock": self.clock,
                "calendar": self.calendar,
                "text": self.text,
            },
        )


@dataclass(frozen=True, slots=True)
class HandlerOutcome:
    """Who handles a request a responsibility rule selects."""

    party: str
    team: str | None
    action: str | None


@dataclass(frozen=True, slots=True)
class ChargeOutcome:
    """Whether a request a charge rule selects is billable, and why."""

    billable: bool
    basis: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    """An ordered rule: its name, condition, extra matching keys, outcome and source."""

    kind: str  # responsibility | sla-response | sla-resolution | charge
    name: str
    condition: Condition | None
    outcome: Any  # HandlerOutcome | TargetSpec | ChargeOutcome
    source: Source
    notes: tuple[str, ...]
    items: frozenset[str] = frozenset()  # responsibility: the items it lists
    product: str | None = None  # responsibility: the product it is about
    title: str | None = None
    #: The notes an answer resting on this rule relies on: the rule's own, and those about the
    #: clauses it cites (precomputed, in the policy's note order).
    note_ids: tuple[str, ...] = ()


def rule_verdict(
    condition: Condition | None,
    items: frozenset[str],
    product: str | None,
    values: Mapping[str, Any],
) -> bool | None:
    """Whether a rule applies to these input values: True, False, or None (it depends).

    The one definition of "applies", used by the evaluator and by the linter alike.
    """
    verdict: bool | None = True if condition is None else condition.test(values)
    if verdict is False:
        return False
    # The product first: a rule about another product cannot apply, whatever the item.
    if product is not None:
        requested = values.get("product", MISSING)
        if requested is not MISSING and requested != product:
            return False
    if items:
        item = values.get("item", MISSING)
        if item is MISSING:
            return None
        if item not in items:
            return False
    return verdict


@dataclass(frozen=True, slots=True)
class Case:
    """One possible outcome of an undecided selection: the rule, and when it would apply."""

    rule: Rule
    #: When the rule would apply, as policy text (``otherwise``: if no earlier case does).
    when: str


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rule of an ordered list applies: decided (``rule``) or not yet (``cases``)."""

    rule: Rule | None
    cases: tuple[Case, ...] = ()
    depends_on: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        """True when one rule (or no rule at all) applies whatever the missing inputs are."""
        return not self.cases

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules this selection rests on: the one that applies, or every case's."""
        if self.rule is not None:
            return (self.rule,)
        return tuple(c.rule for c in self.cases)


@dataclass(frozen=True, slots=True)
class LifecycleRule:
    """A compiled lifecycle rule (its deadlines are computed from ticket events)."""

    kind: str
    name: str
    title: str | None
    condition: Condition | None
    party: str | None
    timing: str | None  # after | within
    target: TargetSpec | None  # the duration, as a target (clock and calendar included)
    event: str | None
    position: str  # first | last
    requires: tuple[int, str] | None
    description: str | None
    source: Source
    notes: tuple[str, ...]
    #: What a decision lists for this rule whatever the request (built once).
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "json",
            {
                "id": self.name,
                "kind": self.kind,
                "title": self.title,
                "party": self.party,
                "description": self.description,
                "timing": self.target.text if self.target is not None else None,
                "from_event": self.event,
                "requires": {"count": self.requires[0], "event": self.requires[1]}
                if self.requires
                else None,
                "source": self.source.json,
            },
        )


@dataclass(frozen=True, slots=True)
class ObligationRule:
    """A duty for people the decision reports."""

    name: str
    title: str | None
    condition: Condition | None
    party: str | None
    description: str
    source: Source
    notes: tuple[str, ...]
    #: What a decision lists for this obligation whatever the request (built once).
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "json",
            {
                "id": self.name,
                "kind": "obligation",
                "title": self.title,
                "party": self.party,
                "description": self.description,
                "timing": None,
                "from_event": None,
                "requires": None,
                "source": self.source.json,
            },
        )


@dataclass(frozen=True, slots=True)
class RefusalRule:
    """A ground on which the provider may refuse a request."""

    name: str
    title: str | None
    condition: Condition | None
    reason: str
    source: Source
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PauseRule:
    """SLA clocks that stop from one ticket event until another."""

    name: str
    title: str | None
    condition: Condition | None
    clocks: tuple[str, ...]  # response, resolution
    start_event: str
    end_event: str
    source: Source
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A ticket type: category, default priority and labels."""

    id: str
    category: str | None
    priority: str | None
    labels: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class RuleIndex:
    """The rules of one kind, pre-filtered per (type, priority).

    ``static`` holds the answer when it is decided by type and priority alone (the first rule
    that can apply surely applies); otherwise ``candidates`` lists the rules to try in order.

    When every input the rules read has a finite domain (enums, booleans), the selection is a
    pure function of those inputs' values: ``memo`` caches it, keyed by the values of ``reads``
    (MISSING included), so a repeated shape of request costs one dict lookup. It is bounded by
    ``MEMO_LIMIT`` entries; ``memo`` is None when some input is not finite (a date, a number).
    """

    candidates: Mapping[tuple[str | None, str | None], tuple[Rule, ...]]
    static: Mapping[tuple[str | None, str | None], Selection]
    all_rules: tuple[Rule, ...]
    reads: tuple[str, ...] = ()
    memo: dict[tuple[Any, ...], Selection] | None = None

    def rules_for(self, type_id: str | None, priority: str | None) -> tuple[Rule, ...]:
        """The rules worth trying for a request of this type and priority, in order."""
        found = self.candidates.get((type_id, priority))
        return self.all_rules if found is None else found


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """One version of one policy, compiled."""

    id: str
    title: str
    provider: str
    source_document: str
    language: str
    version: str
    effective: dt.date
    zone: str
    path: str
    inputs: Mapping[str, InputSpec]
    types: Mapping[str, TypeInfo]
    priorities: tuple[str, ...]
    calendars: Mapping[str, BusinessCalendar]
    zone_calendar: BusinessCalendar  # always open, in the policy zone: calendar-day arithmetic
    responsibility: RuleIndex
    response: RuleIndex
    resolution: RuleIndex
    charges: RuleIndex
    lifecycle: tuple[LifecycleRule, ...]
    obligations: tuple[ObligationRule, ...]
    refusals: tuple[RefusalRule, ...]
    pauses: tuple[PauseRule, ...]
    notes: Mapping[str, NoteInfo]
    #: The local zone of ``zone`` (cached: every request needs its opening date there).
    tz: dt.tzinfo
    #: For each clause id, the notes about it (so a decision citing it shows them).
    notes_by_clause: Mapping[str, tuple[str, ...]]
    clauses: Mapping[str, Citation]
    item_labels: Mapping[str, str | None] = field(default_factory=dict)
    #: Some condition counts ``days since`` an input, so requests need their local opening date.
    needs_opened_date: bool = False
    #: When all four rule lists memoize (see RuleIndex), the four selections of a request are a
    #: function of these inputs' values, cached together in ``selection_memo``.
    selection_reads: tuple[str, ...] = ()
    selection_memo: dict[tuple[Any, ...], tuple[Selection, ...]] | None = None
    #: The effective date's local midnight, as epoch seconds (version checks without zone math).
    effective_ts: float = field(init=False, repr=False, compare=False)
    #: Inputs a request may send (not derived, not ``opened_at``), defaults, required ones.
    sendable: Mapping[str, InputSpec] = field(init=False, repr=False, compare=False)
    defaults: Mapping[str, Any] = field(init=False, repr=False, compare=False)
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: Some lifecycle rule is timed from the opening: decisions report its due instant.
    lifecycle_from_opening: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "lifecycle_from_opening",
            any(r.target is not None and r.event == "opened" for r in self.lifecycle),
        )
        midnight = dt.datetime.combine(self.effective, dt.time(), self.tz)
        object.__setattr__(self, "effective_ts", midnight.timestamp())
        sendable = {n: s for n, s in self.inputs.items() if not s.derived and n != "opened_at"}
        object.__setattr__(self, "sendable", sendable)
        object.__setattr__(
            self,
            "defaults",
            {n: s.default for n, s in sendable.items() if s.default is not MISSING},
        )
        object.__setattr__(
            self,
            "required",
            tuple(n for n, s in sendable.items() if s.required and s.default is MISSING),
        )

    @property
    def key(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"
