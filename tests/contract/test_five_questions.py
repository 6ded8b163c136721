"""The five questions of issue 15 (contract-v2 §9), asked of every bundled policy in one request
shape and read in one response shape.

"A critical incident", "a how-to question", "a change the customer could do itself", "who pays"
and "when may we close it": each answer is a v2 decision valid against
``schemas/decision.schema.json`` (``detail`` compact and full), or a request error valid against
``schemas/error.schema.json`` whose every problem names a field the request could have given
(an input of the policy, or ``kind``) and says why: what the tests/contract cases pin per
policy, this pins for all, the same way.
"""

from __future__ import annotations

from typing import Any

import pytest

import policylang
from policylang import RequestError
from tests.conftest import ROOT
from tests.unit.evalfixtures import assert_decision, assert_error

POLICIES = policylang.load(ROOT / "policies")

#: An opening instant each bundled policy is in force at (a Monday morning).
OPENED = {"clever_ideas": "2026-12-07T10:00:00-06:00"}
DEFAULT_OPENED = "2026-03-09T10:00:00+03:00"

#: The five questions, as the parts of a v2 request beside `policy` and `opened_at`.
QUESTIONS: dict[str, dict[str, Any]] = {
    "critical_incident": {"kind": "incident", "severity": "critical"},
    "how_to": {"kind": "question"},
    "customer_change": {"kind": "change"},
    "who_pays": {"ask": ["charges"]},
    "when_close": {
        "ask": ["lifecycle"],
        "events": [{"type": "completion_requested", "at": "2026-12-08T10:00:00-06:00"}],
    },
}


def _request(policy_id: str, question: dict[str, Any]) -> dict[str, Any]:
    return {"policy": policy_id, "opened_at": OPENED.get(policy_id, DEFAULT_OPENED), **question}


@pytest.mark.parametrize("question", QUESTIONS, ids=str)
@pytest.mark.parametrize("policy_id", POLICIES.ids)
def test_five_questions(policy_id: str, question: str) -> None:
    request = _request(policy_id, QUESTIONS[question])
    try:
        decision = POLICIES.evaluate(request)
    except RequestError as error:
        assert_error(error.to_json())
        fields = {*POLICIES.latest(policy_id).sendable, "kind"}
        for problem in error.problems:
            assert problem.field in fields, problem
            assert problem.message.startswith("is required to answer"), problem
        return
    compact = decision.to_json()
    full = decision.to_json("full")
    assert_decision(compact)
    assert_decision(full)
    assert next(iter(compact)) == "schema_version"
    asked = request.get("ask")
    for part in ("sla", "roles", "charges", "lifecycle", "obligations", "refusal"):
        assert (compact[part] is None) == (asked is not None and part not in asked), part
    assert compact["ticket"]["kind"] == request.get("kind")
    cited = set(full["texts"]["clauses"])
    assert cited <= set(POLICIES.catalogue(policy_id)["clauses"])
