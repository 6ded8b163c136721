"""Required when reached: which missing required inputs an answer needed.

A request may leave out a required input; evaluation reads it as absent. Only when a part the
request asks for (SLA, roles, charges) is undecided because of it is the request rejected: one
problem per such input, naming the part and a rule that reads it
(``go_live: is required to answer charges (charge rule `nesting_period` reads it)``). Lifecycle
rules, obligations and refusal grounds say ``applies: null`` instead, as for optional inputs.
"""

from __future__ import annotations

from policylang.errors import RequestProblem
from policylang.model.rules import Outcome, Rule, Selection
from policylang.runtime.decision import Decision
from policylang.runtime.request import ASK_PARTS

__all__ = ["unreached_inputs"]


def _reads(rule: Rule[Outcome], name: str) -> bool:
    if name == "item" and rule.items:
        return True
    return rule.condition is not None and name in rule.condition.inputs


def unreached_inputs(decision: Decision) -> list[RequestProblem]:
    """A problem for each required input the request left out that an asked part needed."""
    request = decision.request
    missing = request.missing_required
    if not missing:
        return []
    asked = request.ask if request.ask is not None else frozenset(ASK_PARTS)
    parts: tuple[tuple[str, Selection[Outcome]], ...] = (
        ("sla", decision.response.selection),
        ("sla", decision.resolution.selection),
        ("roles", decision.handler),
        ("charges", decision.billable),
    )
    found: dict[str, tuple[str, Rule[Outcome]]] = {}
    for part, selection in parts:
        if part not in asked or not selection.cases:
            continue
        for name in selection.depends_on:
            if name in missing and name not in found:
                rule = next(c.rule for c in selection.cases if _reads(c.rule, name))
                found[name] = (part, rule)
    inputs = request.policy.sendable
    return [
        RequestProblem(
            name,
            f"is required to answer {part} ({rule.kind} rule `{rule.name}` reads it)",
            inputs[name].values if inputs[name].kind == "enum" else (),
        )
        for name, (part, rule) in sorted(found.items(), key=lambda item: missing.index(item[0]))
    ]
