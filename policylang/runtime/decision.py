"""The decision: one answer to "what SLA, who handles it, is it billable", with reasons.

A :class:`Decision` holds references into the compiled policy plus the few numbers computed for
the request (every instant it reports, as epoch seconds); :meth:`Decision.to_json` builds the
JSON document only when asked, so evaluating millions of requests does not pay for dictionaries
nobody reads. Every instant is computed, and checked to be one a local datetime can show, by the
evaluator: building the JSON only formats, and cannot fail.
The JSON shape is ``schemas/decision.schema.json``, written by
:mod:`policylang.runtime.decision_json`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import Case, Condition, Outcome, Selection
from policylang.runtime.charges import Charges, charge_lines, merge_charges
from policylang.runtime.deadlines import Window
from policylang.runtime.decision_json import decision_json
from policylang.runtime.request import NormalizedRequest
from policylang.runtime.roles import Roles, roles_of

__all__ = [
    "Case",
    "Decision",
    "Selection",
    "TargetResult",
    "TraceEvent",
]  # Case, Selection: re-exported


class TargetResult(NamedTuple):
    """An SLA target for this request: the selection and, when committed, its instants."""

    selection: Selection[TargetSpec]
    due_ts: int | None = None
    #: When the target's clock starts (the next opening, for business time).
    starts_ts: int | None = None
    #: The ticket event a committed target anchored at an event (``from processing_started``)
    #: still waits for: its clock has not started, nothing is due yet.
    waiting_for: str | None = None
    #: A service window (``response during staff_guide``) seen from the opening, or ``now``.
    window: Window | None = None
    #: ``best effort estimated by X``: the estimate the request gives in ``X`` (not binding).
    estimate_ts: int | None = None

    @property
    def agreed(self) -> bool:
        """True for a ``per request agreed by X`` target whose time the request gives: a
        committed due time (``due_ts``) on the clock ``agreed``."""
        rule = self.selection.rule
        agreed = rule is not None and rule.outcome.commitment == "per_request"
        return agreed and self.due_ts is not None


@dataclass(frozen=True, slots=True)
class TraceEvent:
    """One step of an evaluation: a rule considered and what came of it."""

    kind: str
    rule: str
    outcome: str  # matched | skipped | unknown
    why: str
    location: str

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the step."""
        return {
            "kind": self.kind,
            "rule": self.rule,
            "outcome": self.outcome,
            "why": self.why,
            "span": self.location,
        }


def _iso(ts: int | None, spec: TargetSpec | None, policy: CompiledPolicy) -> str | None:
    if ts is None:
        return None
    engine = spec.engine if spec is not None and spec.engine is not None else policy.zone_calendar
    return engine.to_local(ts).isoformat()


class Decision(NamedTuple):
    """The evaluator's answer for one request (immutable; a named tuple because one is built
    per request and tuples are the cheapest immutable records Python has).

    The SLA targets (with their due instants), the handler and the charge are decided when the
    decision is made; the obligations, refusal grounds and notes are derived from them and the
    request when read, since most callers in the hot path never look at them.
    """

    request: NormalizedRequest
    response: TargetResult
    resolution: TargetResult
    handler: Selection[HandlerOutcome]
    billable: Selection[ChargeOutcome]
    trace: tuple[TraceEvent, ...] | None = None
    #: SLA clocks and lifecycle rules judged against the ticket's events (when it has any).
    timeline: dict[str, Any] | None = None
    #: Due instants of the policy's lifecycle rules timed from the opening, one per rule (None
    #: for the others); empty when no rule is timed from the opening.
    lifecycle_due: tuple[int | None, ...] = ()
    #: When the request's standard kind or severity left several types or priorities: each
    #: candidate's values (``{"type": ...}``) and its own decision; this decision merges them
    #: (runtime/candidates.py). Empty otherwise.
    candidates: tuple[tuple[Mapping[str, str], Decision], ...] = ()
    #: The service window of each of the policy's obligations (``during CAL``; None for the
    #: others) seen from the opening, or ``now``; empty when no obligation has one.
    obligation_windows: tuple[Window | None, ...] = ()

    @property
    def policy(self) -> CompiledPolicy:
        """The policy version that answered."""
        return self.request.policy

    @property
    def assumed_effective(self) -> bool:
        """True when the answering version's effective date is ``assumed`` and the request was
        opened before it: answered under the assumed terms rather than rejected."""
        policy = self.request.policy
        return policy.effective_assumed and self.request.opened_ts < policy.effective_ts

    @property
    def selections(self) -> tuple[Selection[Outcome], ...]:
        """The four selections: response, resolution, handler, billable."""
        return (self.response.selection, self.resolution.selection, self.handler, self.billable)

    @property
    def notes(self) -> tuple[str, ...]:
        """Ids of the notes this answer relies on, in the policy's order."""
        found: dict[str, None] = {}
        for selection in self.selections:
            for rule in selection.rules:
                found.update(dict.fromkeys(rule.note_ids))
        rank = {name: i for i, name in enumerate(self.policy.notes)}
        return tuple(sorted(found, key=rank.__getitem__))

    def lifted_by(self, target: str) -> str | None:
        """The refusal ground that lifts SLA target ``target`` (``response`` or ``resolution``):
        the first, in the policy's order, that holds for this request and ``lifts`` it. A ground
        that only may hold (it depends, or reads a pending input) lifts nothing."""
        values = self.request.values
        for rule in self.policy.refusals:
            if target in rule.lifts and _applies(rule.condition, values) is True:
                return rule.name
        return None

    @property
    def charges(self) -> Charges:
        """The charge lines: every charge rule that holds, ``billable`` derived from them."""
        if self.candidates:
            return merge_charges([(fixed, d.charges) for fixed, d in self.candidates])
        layer = self.request.layer
        rates = None if layer is None else layer.rates
        return charge_lines(self.policy.charges.all_rules, self.request.values, rates)

    @property
    def roles(self) -> Roles:
        """Who is responsible, performs, receives, assists and is consulted (typed)."""
        return roles_of(self.handler)

    # ------------------------------------------------------------------ convenience

    @property
    def billable_value(self) -> bool | None:
        """True, False, or None when it depends on inputs the request did not give."""
        rule = self.billable.rule
        if not self.billable.decided or rule is None:
            return None
        return bool(rule.outcome.billable)

    def due(self, target: str) -> dt.datetime | None:
        """The due instant of ``response`` or ``resolution``, in its calendar's zone."""
        result = self.response if target == "response" else self.resolution
        rule = result.selection.rule
        spec = rule.outcome if rule is not None else None
        iso = _iso(result.due_ts, spec, self.policy)
        return dt.datetime.fromisoformat(iso) if iso else None

    # ------------------------------------------------------------------ JSON

    def to_json(self, detail: str = "compact") -> dict[str, Any]:
        """The decision as its contract-v2 JSON document (``schemas/decision.schema.json``).

        ``detail="full"`` adds ``texts``: the texts of the clauses and notes the decision cites
        by id (otherwise in the policy's catalogue). Read-only by contract: what a decision says
        about a rule whatever the request is built once per policy and shared by every decision
        citing it (that is what makes this cheap); use ``copy.deepcopy`` before changing it.
        """
        return decision_json(self, detail)


def _applies(condition: Condition | None, values: Mapping[str, Any]) -> bool | None:
    return True if condition is None else condition.test(values)
