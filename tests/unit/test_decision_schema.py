"""`schemas/decision.schema.json` describes what `Decision.to_json()` emits — and no more.

Every decision produced here (each bundled policy, each value of each enum and bool input, with
and without a trace) must validate; decisions altered the way drift would alter them must not.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import policylang
from tests.conftest import ROOT
from tests.unit.evalfixtures import DECISION, assert_decision

POLICIES = policylang.load(ROOT / "policies")

#: An opening instant each bundled policy is in force at.
OPENED = {"clever_ideas": "2026-12-07T10:00:00-06:00"}


def requests_for(policy_id: str) -> Iterator[dict[str, Any]]:
    """A valid base request, then one request per value of each enum and bool input."""
    policy = POLICIES.latest(policy_id)
    base: dict[str, Any] = {
        "policy": policy_id,
        "opened_at": OPENED.get(policy_id, "2026-03-06T17:20:00+03:00"),
    }
    sendable = {
        name: spec
        for name, spec in policy.inputs.items()
        if not spec.derived and name not in ("policy", "opened_at")
    }
    for name, spec in sendable.items():
        if spec.required and spec.kind == "enum":
            base[name] = spec.values[0]
        elif spec.required and spec.kind == "date":
            base[name] = "2026-11-25"
    yield base
    for name, spec in sendable.items():
        values: tuple[Any, ...] = ()
        if spec.kind == "enum":
            values = spec.values
        elif spec.kind == "bool":
            values = (True, False)
        elif spec.kind == "date":
            values = ("2026-11-25", "2025-01-01")
        for value in values:
            yield {**base, name: value}


@pytest.mark.parametrize("policy_id", POLICIES.ids)
@pytest.mark.parametrize("trace", [False, True], ids=["plain", "trace"])
@pytest.mark.parametrize("detail", ["compact", "full"])
def test_every_decision_of_every_policy_validates(
    policy_id: str, trace: bool, detail: str
) -> None:
    count = 0
    for request in requests_for(policy_id):
        decision = POLICIES.evaluate(request, trace=trace).to_json(detail)
        assert_decision(decision)
        assert (decision["trace"] is not None) is trace, "the trace is built only when asked"
        count += 1
    assert count > 1


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value

    return mutate


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in parents:
            node = node[key]
        del node[last]

    return mutate


@pytest.mark.parametrize(
    "mutate",
    [
        _set("surprise", 1),
        _set("schema_version", 1),
        _drop("charges"),
        _drop("customer"),
        _drop("sla.response.rule"),
        _drop("sla.response.due_at"),
        _set("sla.response.until", None),
        _set("sla.resolution.due_at", None),
        _set("sla.response.state", "promised"),
        _set("sla.response.due_at", "2026-03-10T08:50:00"),
        _set("sla.response.target", "30 minutes"),
        _set("sla.response.clock", "wall"),
        _set("roles.responsible.party", "partner"),
        _set("charges.billable", "no"),
        _set("charges.lines.0.fee", "chargeable"),
        _set("charges.lines.0.rate", 1500),
        _set("policy.effective", "1 Jan 2026"),
        _set("obligations.0.applies", False),
        _set("notes", ["not an id"]),
        _set("sla.response.clauses", ["not an id"]),
    ],
    ids=[
        "unknown-top-level-key",
        "schema-version-1",
        "missing-charges",
        "missing-key-instead-of-null",
        "missing-rule",
        "missing-key-of-its-state",
        "key-of-another-state",
        "due-time-on-best-effort",
        "unknown-state",
        "naive-due-time",
        "duration-not-iso",
        "unknown-clock",
        "unknown-party",
        "billable-not-boolean",
        "unknown-fee-kind",
        "rate-not-a-decimal-string",
        "effective-not-a-date",
        "obligation-that-does-not-apply",
        "note-id-with-spaces",
        "clause-id-with-spaces",
    ],
)
def test_the_schema_rejects_drift(mutate: Callable[[dict[str, Any]], None]) -> None:
    decision = POLICIES.evaluate(
        {
            "policy": "bpmsoft_care",
            "opened_at": "2026-03-06T17:20:00+03:00",
            "priority": "critical",
            "origin": "executor_defect",
        }
    ).to_json()
    assert_decision(decision)
    altered = copy.deepcopy(decision)
    mutate(altered)
    assert not DECISION.is_valid(altered)


def test_an_undecided_answer_must_say_what_it_depends_on() -> None:
    decision = POLICIES.evaluate(
        {"policy": "bpmsoft_care", "opened_at": "2026-03-06T17:20:00+03:00", "priority": "high"}
    ).to_json()
    assert_decision(decision)
    charges = decision["charges"]
    assert charges["billable"] is None and charges["possible"] and not charges["lines"]
    assert decision["roles"]["state"] == "depends" and decision["roles"]["depends_on"]
    for part in ("charges", "roles"):
        altered = copy.deepcopy(decision)
        altered[part]["depends_on"] = ["not an id"]
        assert not DECISION.is_valid(altered), part


def _at(day: int, hour: int, offset: str = "+03:00") -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00{offset}"


TIMELINES: list[tuple[str, dict[str, Any]]] = [
    (
        "priority-change-and-clarification",
        {
            "policy": "bpmsoft_care",
            "opened_at": _at(6, 17),
            "priority": "high",
            "events": [
                {"type": "responded", "at": _at(10, 9)},
                {"type": "clarification_requested", "at": _at(10, 10)},
                {"type": "priority_changed", "at": _at(10, 11), "priority": "critical"},
            ],
            "now": _at(11, 12),
        },
    ),
    (
        "resolved-reopened-closed",
        {
            "policy": "bpmsoft_care",
            "opened_at": _at(6, 9),
            "priority": "critical",
            "events": [
                {"type": "resolved", "at": _at(6, 11)},
                {"type": "reopened", "at": _at(6, 12)},
                {"type": "resolved", "at": _at(10, 12)},
                {"type": "closed", "at": _at(12, 12)},
                {"type": "previous_resolved", "at": _at(5, 12)},
            ],
        },
    ),
    (
        "auto-confirm-and-cancellation",
        {
            "policy": "bemo_cloud",
            "opened_at": _at(6, 9, "+07:00"),
            "type": "fatal_error",
            "events": [
                {"type": "completion_requested", "at": _at(6, 12, "+07:00")},
                {"type": "contact_failed", "at": _at(6, 13, "+07:00")},
                {"type": "contact_failed", "at": _at(7, 13, "+07:00")},
                {"type": "contact_failed", "at": _at(7, 13, "+07:00")},
            ],
            "now": _at(9, 9, "+07:00"),
        },
    ),
    (
        "breached-and-waiting",
        {
            "policy": "itc",
            "opened_at": _at(2, 9, "+07:00"),
            "item": "mail",
            "events": [{"type": "waiting_on_customer", "at": _at(3, 9, "+07:00")}],
            "now": _at(20, 9, "+07:00"),
        },
    ),
]


@pytest.mark.parametrize("request_", [r for _, r in TIMELINES], ids=[n for n, _ in TIMELINES])
def test_decisions_with_a_timeline_validate(request_: dict[str, Any]) -> None:
    decision = POLICIES.evaluate(request_).to_json()
    assert "timeline" in decision
    assert_decision(decision)
