"""The compiled policy: one version of one policy, immutable, indexed, ready to evaluate requests
against.

Nothing in :mod:`policylang.model` refers to the AST or to Lark; the compiler
(:mod:`policylang.compiler`) builds these values once per policy version, and the evaluator only
reads them. Values that a decision reports verbatim (citations, notes, labels) are stored already
in their JSON shape, so answering a request copies references instead of rebuilding dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from policylang.calendar import BusinessCalendar
from policylang.model.inputs import MISSING, PENDING, InputSpec, TypeInfo
from policylang.model.items import ItemTypes
from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.rules import (
    LifecycleRule,
    ObligationRule,
    PauseRule,
    RefusalRule,
    RuleIndex,
)
from policylang.model.sources import Citation, NoteInfo

__all__ = [
    "CompiledPolicy",
]

_T = TypeVar("_T")


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
    responsibility: RuleIndex[HandlerOutcome]
    response: RuleIndex[TargetSpec]
    resolution: RuleIndex[TargetSpec]
    charges: RuleIndex[ChargeOutcome]
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
    #: For each item a responsibility list naming a `type` holds: the lists and their types.
    item_types: Mapping[str, ItemTypes] = field(default_factory=dict)
    #: ``effective DATE assumed``: the source states no date, the author chose ``effective``;
    #: requests opened before it are answered by this version (flagged), not rejected.
    effective_assumed: bool = False
    #: Each priority's standard severity (critical, high, medium, low), where stated.
    priority_severities: Mapping[str, str] = field(default_factory=dict)
    #: Some condition counts ``days since`` an input, so requests need their local opening date.
    needs_opened_date: bool = False
    #: When all four rule lists are memoizable (see RuleIndex), the four selections of a request
    #: are a function of these inputs' values (the evaluator caches them together).
    selection_reads: tuple[str, ...] = ()
    selections_memoizable: bool = False
    #: The effective date's local midnight, as epoch seconds (version checks without zone math).
    effective_ts: float = field(init=False, repr=False, compare=False)
    #: Inputs a request may send (not derived, not ``opened_at``), defaults, required ones.
    sendable: Mapping[str, InputSpec] = field(init=False, repr=False, compare=False)
    defaults: Mapping[str, Any] = field(init=False, repr=False, compare=False)
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: Some lifecycle rule is timed from the opening: decisions report its due instant.
    lifecycle_from_opening: bool = field(init=False, repr=False, compare=False)
    #: Every type some responsibility list binds items to (``item_types``).
    listed_types: frozenset[str] = field(init=False, repr=False, compare=False)
    #: What the runtime derives from this policy once and reuses for every decision (the decision
    #: JSON's statics and their memos), by name. Kept on the policy so it lives exactly as long
    #: as the policy does: a global table keyed by policy ids must be bounded, and a server
    #: answering for many customer variants (one compiled policy each) would thrash it.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        listed = {t for binding in self.item_types.values() for t in binding.types}
        object.__setattr__(self, "listed_types", frozenset(listed))
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
            {
                n: PENDING if s.pending is not None else s.default
                for n, s in sendable.items()
                if s.default is not MISSING or s.pending is not None
            },
        )
        object.__setattr__(
            self,
            "required",
            tuple(n for n, s in sendable.items() if s.required and s.default is MISSING),
        )

    def derive(self, name: str, build: Callable[[CompiledPolicy], _T]) -> _T:
        """What ``build`` derives from this policy, built on first use and kept in ``derived``
        under ``name``. Two threads may build it at once; ``setdefault`` keeps one, so every
        user shares it (and its memos)."""
        found: _T | None = self.derived.get(name)
        if found is None:
            found = self.derived.setdefault(name, build(self))
        return found

    def part_reads(self) -> dict[str, frozenset[str]]:
        """The request inputs each part of a decision may read, by part (``sla``, ``roles``,
        ``charges``, ``lifecycle``, ``obligations``, ``refusal``): those some rule of the part
        names in its ``when``, ``item`` for rules listing items, ``product`` for rules about one,
        and ``type``/``priority`` for the ordered lists, which are indexed by them. What
        "required when reached" asks: an input no rule of an asked part reads is never needed.
        ``category`` is derived from ``type``: a part reading it needs the type.
        """

        def of(*indexes: RuleIndex[Any]) -> frozenset[str]:
            # The index knows what its rules read (type and priority: its keys).
            return frozenset(n for i in indexes for n in i.reads if n in self.inputs)

        def conditions(
            rules: Iterable[LifecycleRule | ObligationRule | RefusalRule],
        ) -> frozenset[str]:
            return frozenset(
                n for r in rules if r.condition is not None for n in r.condition.inputs
            )

        return {
            "sla": of(self.response, self.resolution),
            "roles": of(self.responsibility),
            "charges": of(self.charges),
            "lifecycle": conditions(self.lifecycle),
            "obligations": conditions(self.obligations),
            "refusal": conditions(self.refusals),
        }

    @property
    def key(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"
