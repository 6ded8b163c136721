"""Pending inputs (``pending "words"``: absent = not yet happened, a known state) and
``no commitment until INPUT``.

The first table reads conditions on a pending input for each state it can be in; the second
evaluates a policy shaped like Bemo Cloud's feature updates, whose commitment exists only once
the vendor agrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policylang
from policylang.lang import ast
from policylang.lang.analysis.predicates import compile_condition
from policylang.lang.syntax.parser import parse_text
from policylang.lang.traversal import find
from policylang.model.inputs import PENDING, InputSpec
from policylang.runtime.schema import request_schema
from tests.unit.evalfixtures import policy_header

POLICY = policy_header("pend", "Pending inputs", "Asia/Ho_Chi_Minh") + """\

clause upgrades "Feature updates: no commitment; processing time agreed per request."

input feature_decision: enum [agree "Agreed", refuse "Refused"] pending "not decided yet"
input request_kind: enum [feature, bug]

sla agreed {
  when request_kind == feature and feature_decision == agree
  resolution within 7 calendar days
  cite upgrades
}

sla undecided {
  when request_kind == feature and feature_decision is pending
  resolution no commitment until feature_decision
  cite upgrades
}

sla refused {
  when request_kind == feature
  resolution no commitment
  cite upgrades
}

sla otherwise {
  response best effort
  resolution best effort
  cite upgrades
}

refusal feature_refused {
  when request_kind == feature and feature_decision == refuse
  lifts resolution
  reason "Refused."
}
"""

SPEC = {"d": InputSpec("d", "enum", ("agree", "refuse"), pending="not decided yet")}

CONDITIONS = [
    # condition, verdict when absent (PENDING), with agree, with refuse
    ("d is pending", True, False, False),
    ("d is set", False, True, True),
    ("not d is pending", False, True, True),
    ("d == agree", False, True, False),
    ("d != agree", True, False, True),
    ("d in [agree, refuse]", False, True, True),
    ("d not in [agree]", True, False, True),
    ("d is set and d != refuse", False, True, False),
]


@pytest.mark.parametrize(
    ("text", "pending", "agree", "refuse"), CONDITIONS, ids=[c[0] for c in CONDITIONS]
)
def test_a_pending_value_is_known(text: str, pending: bool, agree: bool, refuse: bool) -> None:
    """Never None: "not yet happened" is a state, not an unknown."""
    tree = parse_text(f"sla r {{\n  when {text}\n}}\n", "t.policy")
    when = find(tree, ast.When)
    assert when is not None
    test = compile_condition(when.condition, SPEC, "UTC").test
    assert [test({"d": v}) for v in (PENDING, "agree", "refuse")] == [pending, agree, refuse]


FEATURE_CASES = [
    # id, feature_decision sent (None: left out), rule, commitment, until, due
    ("not-decided-yet", None, "undecided", "none", "feature_decision", None),
    ("agreed", "agree", "agreed", "committed", None, "2026-03-09T10:00:00+07:00"),
    ("refused", "refuse", "refused", "none", None, None),
]


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    path: Path = tmp_path_factory.mktemp("pend") / "pend.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


@pytest.mark.parametrize(
    ("sent", "rule", "commitment", "until", "due"),
    [c[1:] for c in FEATURE_CASES],
    ids=[c[0] for c in FEATURE_CASES],
)
def test_no_commitment_until_the_decision(
    policies: policylang.PolicySet,
    sent: str | None,
    rule: str,
    commitment: str,
    until: str | None,
    due: str | None,
) -> None:
    request = {"policy": "pend", "opened_at": "2026-03-02T10:00:00+07:00", "request_kind": "feature"}
    if sent is not None:
        request["feature_decision"] = sent
    decision = policies.evaluate(request)
    selection = decision.resolution.selection
    assert selection.decided, "a pending input decides, it is not a case"
    assert selection.rule is not None
    spec = selection.rule.outcome
    assert (selection.rule.name, spec.commitment, spec.until) == (rule, commitment, until)
    # A state without a due time (no_commitment) has no `due_at` key (the tagged union).
    assert decision.to_json()["sla"]["resolution"].get("due_at") == due


REFUSALS = [
    # id, feature_decision sent, the ground's `applies` (None: possible), what lifts resolution
    ("possible-while-pending", None, None, None),
    ("holds-once-refused", "refuse", True, "feature_refused"),
    ("gone-once-agreed", "agree", "absent", None),
]


@pytest.mark.parametrize(
    ("sent", "applies", "lifted_by"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS]
)
def test_a_refusal_stays_possible_while_pending(
    policies: policylang.PolicySet,
    sent: str | None,
    applies: bool | str | None,
    lifted_by: str | None,
) -> None:
    """The decision may still go either way: a ground reading it is possible, not excluded,
    and only a ground that holds lifts a target (`lifts resolution`; never the response)."""
    request = {"policy": "pend", "opened_at": "2026-03-02T10:00:00+07:00", "request_kind": "feature"}
    if sent is not None:
        request["feature_decision"] = sent
    decision = policies.evaluate(request)
    refusal = decision.to_json()["refusal"]
    found = {g["rule"]: True for g in refusal["grounds"]}
    found.update((g["rule"], None) for g in refusal["possible"])
    assert found.get("feature_refused", "absent") == applies
    assert (decision.lifted_by("resolution"), decision.lifted_by("response")) == (lifted_by, None)


def test_the_lifted_targets_are_in_the_model(policies: policylang.PolicySet) -> None:
    (refusal,) = policies.latest("pend").refusals
    assert refusal.lifts == ("resolution",)


def test_a_pending_input_is_not_required_and_says_why(policies: policylang.PolicySet) -> None:
    schema = request_schema(policies.latest("pend"))
    assert "feature_decision" not in schema["required"]
    described = schema["properties"]["feature_decision"]["description"]
    assert "not happened yet (not decided yet)" in described


def test_a_pending_value_cannot_be_sent(policies: policylang.PolicySet) -> None:
    request = {"policy": "pend", "opened_at": "2026-03-02T10:00:00+07:00", "request_kind": "feature"}
    with pytest.raises(policylang.RequestError, match="feature_decision"):
        policies.evaluate({**request, "feature_decision": PENDING})
