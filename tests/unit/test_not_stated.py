"""``not stated``: a target the source is silent on, said by a rule.

Distinct from ``no commitment`` (the source says no time is promised): both promise nothing, but a
support tool reads the first as a question the contract leaves open. The decision's state is
``not_stated``, as when no rule applies, with the rule, its clauses and notes (issue 15: "`commitment:
none` means both 'the source says no commitment' and 'no rule states a target'").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.lang.printer import format_verified
from policylang.lang.syntax.parser import parse_text
from policylang.runtime.explain import explain
from tests.unit.evalfixtures import policy_header

POLICY = policy_header("silent", "A source silent on some targets", "Europe/Moscow") + """\

clause terms "Incidents are answered within 4 hours; nothing is promised for questions."
clause scope "We answer incidents and questions."

input topic: enum [incident, question, other]

sla incident {
  when topic == incident
  response within 4 hours around the clock
  resolution not stated
  cite terms
}

sla question {
  when topic == question
  response no commitment
  resolution no commitment
  cite terms
}

sla otherwise {
  response not stated
  cite scope
}
"""

OPENED = "2026-03-04T10:00:00+03:00"

#: topic -> (response state, its rule, resolution state, its rule)
CASES = {
    "a-silent-resolution-beside-a-timed-response": (
        "incident",
        ("committed", "incident", "not_stated", "incident"),
    ),
    "no-commitment-is-another-answer": (
        "question",
        ("no_commitment", "question", "no_commitment", "question"),
    ),
    "said-by-a-rule-or-by-no-rule": ("other", ("not_stated", "otherwise", "not_stated", None)),
}


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    path: Path = tmp_path_factory.mktemp("silent") / "silent.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


def _decision(policies: policylang.PolicySet, topic: str) -> Any:
    return policies.evaluate({"policy": "silent", "opened_at": OPENED, "topic": topic})


@pytest.mark.parametrize(("topic", "want"), CASES.values(), ids=CASES)
def test_the_v2_state_and_the_rule_that_says_it(
    policies: policylang.PolicySet, topic: str, want: tuple[str, str | None, str, str | None]
) -> None:
    sla = _decision(policies, topic).to_json()["sla"]
    response, resolution = sla["response"], sla["resolution"]
    assert (response["state"], response["rule"], resolution["state"], resolution["rule"]) == want


def test_a_rule_that_says_it_cites_and_explains_it(policies: policylang.PolicySet) -> None:
    decision = _decision(policies, "other")
    response = decision.to_json("full")["sla"]["response"]
    assert response["clauses"] == ["scope"]
    text = explain(decision)
    assert "Response: not stated: the source gives no time, per rule `otherwise`" in text
    assert "Resolution: no rule of this policy sets a time for this request." in text


def test_fmt_keeps_it() -> None:
    formatted = format_verified(parse_text(POLICY, "silent.policy"), POLICY)
    assert "  resolution not stated\n" in formatted
    assert "  response not stated\n" in formatted
