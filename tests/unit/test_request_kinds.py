"""A request's standard `kind` and `severity`: what they narrow `type` and `priority` to.

Each row is a request to a bundled policy and what must come of it: the decision's ticket
fields, or the field a request error names with the values it allows. (The acceptance cases in
tests/contract cover the seeds' questions; these pin the edges.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.errors import RequestError
from policylang.runtime.request import TICKET_KINDS
from policylang.runtime.schema import request_schema
from tests.conftest import ROOT
from tests.unit.evalfixtures import TOY_REQUEST, toy_policy

POLICIES = policylang.load(ROOT / "policies")
OPENED = "2026-03-04T10:00:00+07:00"

CASES: list[tuple[str, dict[str, Any], dict[str, Any] | None, tuple[str, set[str]] | None]] = [
    # id, request (policy, kind, severity, type, priority...), ticket fields, or (field, allowed)
    (
        "one-type-of-the-kind",
        {"policy": "bemo_cloud", "kind": "question"},
        {"type": "guideline", "kind": "question", "severity": None},
        None,
    ),
    (
        "kind-and-severity-pick-one-type",
        {"policy": "bemo_cloud", "kind": "incident", "severity": "low"},
        {"type": "non_serious_error", "kind": "incident", "severity": "low"},
        None,
    ),
    (
        "several-types-agree-on-the-category",
        {"policy": "bemo_cloud", "kind": "change"},
        {"type": None, "kind": "change", "category": "upgrade"},
        None,
    ),
    (
        "a-type-of-another-kind",
        {"policy": "bemo_cloud", "kind": "incident", "type": "guideline"},
        None,
        ("type", {"fatal_error", "normal_error", "non_serious_error"}),
    ),
    (
        "severity-picks-the-priority",
        {"policy": "bpmsoft_care", "severity": "critical"},
        {"type": None, "priority": "critical", "severity": "critical"},
        None,
    ),
    (
        "a-priority-of-another-severity",
        {"policy": "bpmsoft_care", "severity": "critical", "priority": "low"},
        None,
        ("priority", {"critical"}),
    ),
    (
        "no-types-records-the-kind",
        {"policy": "bpmsoft_care", "kind": "question", "priority": "low"},
        {"type": None, "kind": "question", "priority": "low", "severity": "low"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("request_fields", "ticket", "error"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_kind_and_severity_narrow(
    request_fields: dict[str, Any],
    ticket: dict[str, Any] | None,
    error: tuple[str, set[str]] | None,
) -> None:
    request = {"opened_at": OPENED, "ask": ["sla", "charges"], **request_fields}
    if error is not None:
        with pytest.raises(RequestError) as raised:
            POLICIES.evaluate(request)
        field, allowed = error
        problem = next(p for p in raised.value.problems if p.field == field)
        assert set(problem.allowed) == allowed
        return
    document = POLICIES.evaluate(request).to_json()
    assert {k: document["ticket"][k] for k in ticket} == ticket


def test_the_merged_charges_agree_with_the_json() -> None:
    """Decision.charges of a request with several candidate types is the JSON's charges."""
    decision = POLICIES.evaluate(
        {"policy": "bemo_cloud", "opened_at": OPENED, "kind": "service_request"}
    )
    charges = decision.charges
    document = decision.to_json()["charges"]
    assert charges.billable == document["billable"]
    assert [line.rule.name for line in charges.lines] == [
        line["rule"] for line in document["lines"]
    ]
    assert [line.rule.name for line in charges.possible] == [
        line["rule"] for line in document["possible"]
    ]
    assert document["possible"], "the service requests differ on their fees"


def test_types_that_state_no_kind_record_it(tmp_path: Path) -> None:
    """A policy whose types state no kind (a warning, PL534) records the request's kind, as a
    policy without types does, and its request schema takes any (the pipeline fuzz found an
    empty `enum` there)."""
    (tmp_path / "toy.policy").write_text(
        toy_policy().replace(
            'priority urgent "Urgent"', 'type bug "Bug"\n\npriority urgent "Urgent"'
        ),
        encoding="utf-8",
    )
    policies = policylang.load(tmp_path)
    document = policies.evaluate(
        {**TOY_REQUEST, "priority": "normal", "kind": "incident"}
    ).to_json()
    assert (document["ticket"]["type"], document["ticket"]["kind"]) == (None, "incident")
    schema = request_schema(policies.latest("toy"))
    assert schema["properties"]["kind"]["enum"] == list(TICKET_KINDS)


#: A bad envelope field -> the problem's field, its message and its "did you mean".
ENVELOPE_PROBLEMS = {
    "misspelt-kind": ({"kind": "incidnt"}, "kind", "`incidnt` is not a standard ticket kind", "incident"),
    "kind-not-a-string": ({"kind": 3}, "kind", "must be a standard ticket kind (a string), not a number", None),
    "misspelt-severity": ({"severity": "critcal"}, "severity", "`critcal` is not a standard severity", "critical"),
    "ask-not-a-list": ({"ask": "sla"}, "ask", "must be a list of parts, not a string", None),
    "ask-empty": ({"ask": []}, "ask", "must name at least one part", None),
    "ask-unknown-part": ({"ask": ["sla", "chrges"]}, "ask", "`chrges` is not a part of a decision", "charges"),
    "ask-a-number": ({"ask": [1]}, "ask", "a number is not a part of a decision", None),
    "ask-twice": ({"ask": ["sla", "roles", "sla"]}, "ask", "`sla` is asked twice", None),
}  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "field", "message", "suggestion"), ENVELOPE_PROBLEMS.values(), ids=ENVELOPE_PROBLEMS
)
def test_a_bad_envelope_field_says_what_is_wrong(
    extra: dict[str, Any], field: str, message: str, suggestion: str | None
) -> None:
    request = {"policy": "itc", "opened_at": OPENED, **extra}
    with pytest.raises(RequestError) as caught:
        POLICIES.normalize(request)
    (problem,) = caught.value.problems
    assert (problem.field, problem.message, problem.suggestion) == (field, message, suggestion)
    assert problem.allowed


#: A policy without types testing the request's kind (`when kind == question`) -> the rule that
#: decides who handles it: the request's kind, and none (no kind is no kind a condition names).
KIND_CONDITIONS = {
    "a-question": ({"kind": "question"}, "questions"),
    "another-kind": ({"kind": "incident"}, "otherwise"),
    "no-kind-is-not-a-question": ({}, "otherwise"),
}


@pytest.mark.parametrize(("extra", "rule"), KIND_CONDITIONS.values(), ids=KIND_CONDITIONS)
def test_a_policy_without_types_tests_the_kind(
    tmp_path: Path, extra: dict[str, Any], rule: str
) -> None:
    (tmp_path / "toy.policy").write_text(
        toy_policy().replace(
            "responsibility otherwise {",
            'responsibility questions {\n  when kind == question\n  party provider\n'
            '  team "Advisers"\n}\n\nresponsibility otherwise {',
        ),
        encoding="utf-8",
    )
    policies = policylang.load(tmp_path)
    assert "kind" in policies.latest("toy").inputs
    roles = policies.evaluate({**TOY_REQUEST, **extra, "ask": ["roles"]}).to_json()["roles"]
    assert (roles["state"], roles["rule"]) == ("decided", rule)
    # Still the envelope field, sent as such: the schema's one `kind`, any standard kind.
    schema = request_schema(policies.latest("toy"))
    assert schema["properties"]["kind"]["enum"] == list(TICKET_KINDS)


def test_a_refusal_on_a_kind_is_no_possible_ground_without_one(tmp_path: Path) -> None:
    """Found by review: a request naming no kind was "pending" to refusals, so a ground on
    `kind == complaint` was listed as possible, while every other part read it as false."""
    (tmp_path / "toy.policy").write_text(
        toy_policy().replace(
            "refusal vip_only {",
            'refusal complaints {\n  when kind == complaint\n  reason "Elsewhere."\n}\n\n'
            "refusal vip_only {",
        ),
        encoding="utf-8",
    )
    policies = policylang.load(tmp_path)
    without = policies.evaluate({**TOY_REQUEST, "ask": ["refusal"]}).to_json()["refusal"]
    assert (without["grounds"], without["possible"]) == ([], [])
    named = {**TOY_REQUEST, "kind": "complaint", "ask": ["refusal"]}
    grounds = policies.evaluate(named).to_json()["refusal"]["grounds"]
    assert [g["rule"] for g in grounds] == ["complaints"]
