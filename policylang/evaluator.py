"""Evaluate one request against its policy: SLA targets and due times, handler, charge.

Semantics, stated once (docs/evaluation.md):

* Each ordered rule list (responsibility, response targets, resolution targets, charges) is
  searched in file order; the first rule whose condition holds applies.
* A condition over an optional input the request left out is *unknown*. An unknown rule before
  the applying one makes the answer undecided: it lists each possible outcome (``cases``) and the
  inputs it depends on, instead of guessing.
* A responsibility that lists items applies only to requests about one of those items; a request
  without ``item`` leaves such rules unknown.
* Business-time targets start at the first open instant at or after ``opened_at``; elapsed and
  calendar-day targets start at ``opened_at``. Instants are whole seconds (fractions dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policylang.decision import Case, Decision, Selection, TargetResult, TraceEvent
from policylang.model import MISSING, CompiledPolicy, Condition, Rule, RuleIndex, TargetSpec
from policylang.request import NormalizedRequest

__all__ = ["decide"]


def _verdict(rule: Rule, values: Mapping[str, Any]) -> bool | None:
    verdict: bool | None = True if rule.condition is None else rule.condition.test(values)
    if verdict is False:
        return False
    if rule.items:
        item = values.get("item", MISSING)
        if item is MISSING:
            return None
        if item not in rule.items:
            return False
    if rule.product is not None:
        product = values.get("product", MISSING)
        if product is not MISSING and product != rule.product:
            return False
    return verdict


def _depends(rule: Rule, values: Mapping[str, Any]) -> list[str]:
    names = set(rule.condition.inputs) if rule.condition is not None else set()
    if rule.items:
        names.add("item")
    return sorted(n for n in names if values.get(n, MISSING) is MISSING)


def _select(
    index: RuleIndex,
    values: Mapping[str, Any],
    key: tuple[Any, Any],
    trace: list[TraceEvent] | None,
) -> Selection:
    if trace is None:
        static = index.static.get(key)
        if static is not None:
            return Selection(static)
        rules = index.candidates.get(key, index.all_rules)
    else:
        rules = index.all_rules
    cases: list[Case] = []
    depends: list[str] = []
    for rule in rules:
        verdict = _verdict(rule, values)
        if trace is not None:
            trace.append(_trace(rule, verdict, values))
        if verdict is False:
            continue
        if verdict is True:
            if not cases:
                return Selection(rule)
            cases.append(Case(rule, "otherwise"))
            return Selection(None, tuple(cases), tuple(dict.fromkeys(depends)))
        cases.append(Case(rule, _when(rule)))
        depends.extend(_depends(rule, values))
    if cases:
        return Selection(None, tuple(cases), tuple(dict.fromkeys(depends)))
    return Selection(None)


def _when(rule: Rule) -> str:
    """When a rule applies, as policy text: its condition and the items it lists."""
    parts = [rule.condition.text] if rule.condition is not None else []
    if rule.items:
        parts.append("item in [" + ", ".join(sorted(rule.items)) + "]")
    return " and ".join(parts) or "otherwise"


def _trace(rule: Rule, verdict: bool | None, values: Mapping[str, Any]) -> TraceEvent:
    outcome = {True: "matched", False: "skipped", None: "unknown"}[verdict]
    parts = []
    if rule.condition is not None:
        parts.append(f"`{rule.condition.text}` is {_truth(rule.condition, values)}")
    if rule.items:
        item = values.get("item", MISSING)
        parts.append(
            "no item given"
            if item is MISSING
            else f"item `{item}` {'is' if item in rule.items else 'is not'} listed"
        )
    why = "; ".join(parts) or "no condition"
    return TraceEvent(rule.kind, rule.name, outcome, why, rule.source.location)


def _truth(condition: Condition, values: Mapping[str, Any]) -> str:
    result = condition.test(values)
    return "unknown" if result is None else ("true" if result else "false")


def _due(spec: TargetSpec, opened: int) -> tuple[int | None, int | None]:
    """(starts, due) epoch seconds of a committed target opened at ``opened``."""
    engine = spec.engine
    if spec.commitment != "committed" or engine is None:
        return None, None
    unit = spec.unit
    if spec.clock == "business":
        starts = engine.next_open_epoch(opened)
        if unit == "business_days":
            return starts, engine.add_business_days_epoch(opened, spec.amount)
        return starts, engine.add_epoch(opened, spec.amount)
    if unit == "calendar_days":
        return opened, engine.add_calendar_epoch(opened, days=spec.amount)
    return opened, opened + spec.amount


def _target(selection: Selection, opened: int) -> TargetResult:
    rule = selection.rule
    if rule is None or not selection.decided:
        return TargetResult(selection)
    starts, due = _due(rule.outcome, opened)
    return TargetResult(selection, starts, due)


def _applies(condition: Condition | None, values: Mapping[str, Any]) -> bool | None:
    return True if condition is None else condition.test(values)


def decide(request: NormalizedRequest, *, trace: bool = False) -> Decision:
    """Evaluate a validated request."""
    policy: CompiledPolicy = request.policy
    values = request.values
    key = (values.get("type"), values.get("priority"))
    events: list[TraceEvent] | None = [] if trace else None
    opened = int(request.opened_ts // 1)
    response = _target(_select(policy.response, values, key, events), opened)
    resolution = _target(_select(policy.resolution, values, key, events), opened)
    handler = _select(policy.responsibility, values, key, events)
    billable = _select(policy.charges, values, key, events)
    obligations = _obligations(policy, values, opened)
    refusals = tuple(
        {
            "rule": r.name,
            "reason": r.reason,
            "applies": verdict,
            "source": r.source.json,
        }
        for r in policy.refusals
        if (verdict := _applies(r.condition, values)) is not False
    )
    notes = _notes(policy, (response.selection, resolution.selection, handler, billable))
    return Decision(
        request,
        response,
        resolution,
        handler,
        billable,
        obligations,
        refusals,
        notes,
        tuple(events) if events is not None else None,
    )


def _obligations(
    policy: CompiledPolicy, values: Mapping[str, Any], opened: int
) -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = []
    for rule in policy.lifecycle:
        applies = _applies(rule.condition, values)
        if applies is False:
            continue
        due = None
        if rule.target is not None and rule.event == "opened":
            _, due_ts = _due(rule.target, opened)
            due = (
                (rule.target.engine or policy.zone_calendar).to_local(due_ts).isoformat()
                if due_ts
                else None
            )
        out.append(
            {
                "id": rule.name,
                "kind": rule.kind,
                "title": rule.title,
                "party": rule.party,
                "description": rule.description,
                "timing": rule.target.text if rule.target is not None else None,
                "from_event": rule.event,
                "requires": {"count": rule.requires[0], "event": rule.requires[1]}
                if rule.requires
                else None,
                "due_at": due,
                "applies": applies,
                "source": rule.source.json,
            }
        )
    for obligation in policy.obligations:
        applies = _applies(obligation.condition, values)
        if applies is False:
            continue
        out.append(
            {
                "id": obligation.name,
                "kind": "obligation",
                "title": obligation.title,
                "party": obligation.party,
                "description": obligation.description,
                "timing": None,
                "from_event": None,
                "requires": None,
                "due_at": None,
                "applies": applies,
                "source": obligation.source.json,
            }
        )
    return tuple(out)


def _notes(policy: CompiledPolicy, selections: tuple[Selection, ...]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for selection in selections:
        rules = (
            [selection.rule] if selection.rule is not None else [c.rule for c in selection.cases]
        )
        for rule in rules:
            for note in rule.notes:
                found[note] = None
            for clause in rule.source.clauses:
                for note in policy.notes_by_clause.get(clause.id, ()):
                    found[note] = None
    order = list(policy.notes)
    return tuple(sorted(found, key=order.index))
