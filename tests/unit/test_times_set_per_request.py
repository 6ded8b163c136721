"""Times set for the request: ``per request agreed by INPUT [extendable]`` and ``best effort
[estimated by INPUT] [extendable]``.

An agreed time is a committed due time once the request gives it (``TargetResult.agreed``,
``due_ts``: v2's ``committed`` with clock ``agreed``), and ``per_request`` with ``agreed_by``
until then. An estimate is reported (``estimate_ts``) and binds no one.
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

POLICY = policy_header("agreed", "Times set per request", "Europe/Moscow") + """\

clause terms "The implementation time is given and committed by us; fixes are estimated."

input topic: enum [feature, fix]
input agreed_due: datetime optional
input estimate: datetime optional

sla feature {
  when topic == feature
  resolution per request agreed by agreed_due
  cite terms
}

sla otherwise {
  resolution best effort estimated by estimate extendable
  cite terms
}
"""

OPENED = "2026-03-04T10:00:00+03:00"

CASES = [
    # id, kind, inputs, (commitment, agreed, due_at, estimate_at)
    ("agreed-time-not-given", "feature", {}, ("per_request", False, None, None)),
    (
        "agreed-time-given",
        "feature",
        {"agreed_due": "2026-04-15T18:00:00+03:00"},
        ("per_request", True, "2026-04-15T18:00:00+03:00", None),
    ),
    (
        "agreed-time-given-in-another-zone",
        "feature",
        {"agreed_due": "2026-04-15T15:00:00Z"},
        ("per_request", True, "2026-04-15T18:00:00+03:00", None),
    ),
    ("no-estimate-yet", "fix", {}, ("best_effort", False, None, None)),
    (
        "an-estimate",
        "fix",
        {"estimate": "2026-03-12T17:00:00+03:00"},
        ("best_effort", False, None, "2026-03-12T17:00:00+03:00"),
    ),
    (
        "an-estimate-is-not-an-agreed-time",
        "fix",
        {"agreed_due": "2026-04-15T18:00:00+03:00"},
        ("best_effort", False, None, None),
    ),
]


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    path: Path = tmp_path_factory.mktemp("agreed") / "agreed.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


def _request(kind: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"policy": "agreed", "opened_at": OPENED, "topic": kind, **inputs}


def _local(policies: policylang.PolicySet, ts: int | None) -> str | None:
    zone = policies.latest("agreed").zone_calendar
    return None if ts is None else zone.to_local(ts).isoformat()


@pytest.mark.parametrize(
    ("kind", "inputs", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_time_the_request_sets(
    policies: policylang.PolicySet,
    kind: str,
    inputs: dict[str, Any],
    want: tuple[str, bool, str | None, str | None],
) -> None:
    result = policies.evaluate(_request(kind, inputs)).resolution
    assert result.selection.rule is not None
    spec = result.selection.rule.outcome
    got = (
        spec.commitment,
        result.agreed,
        _local(policies, result.due_ts),
        _local(policies, result.estimate_ts),
    )
    assert got == want


@pytest.mark.parametrize(
    ("rule", "agreed_by", "estimated_by", "extendable"),
    [("feature", "agreed_due", None, False), ("otherwise", None, "estimate", True)],
)
def test_the_model_names_the_input(
    policies: policylang.PolicySet,
    rule: str,
    agreed_by: str | None,
    estimated_by: str | None,
    extendable: bool,
) -> None:
    found = {r.name: r.outcome for r in policies.latest("agreed").resolution.all_rules}
    spec = found[rule]
    assert (spec.agreed_by, spec.estimated_by, spec.extendable) == (
        agreed_by,
        estimated_by,
        extendable,
    )


def test_the_document_and_explain_give_the_agreed_time(policies: policylang.PolicySet) -> None:
    decision = policies.evaluate(_request("feature", {"agreed_due": "2026-04-15T18:00:00+03:00"}))
    target = decision.to_json()["sla"]["resolution"]
    assert (target["state"], target["clock"], target["agreed_by"], target["due_at"]) == (
        "committed",
        "agreed",
        "agreed_due",
        "2026-04-15T18:00:00+03:00",
    )
    assert "due by Wednesday 15 April 2026 at 18:00 Moscow time (the time set for it)" in explain(
        decision
    )


def test_the_document_gives_the_estimate(policies: policylang.PolicySet) -> None:
    decision = policies.evaluate(_request("fix", {"estimate": "2026-03-12T17:00:00+03:00"}))
    target = decision.to_json()["sla"]["resolution"]
    assert (target["state"], target["estimate_at"], target["extendable"]) == (
        "best_effort",
        "2026-03-12T17:00:00+03:00",
        True,
    )


def test_fmt_keeps_the_inputs_and_extendable() -> None:
    formatted = format_verified(parse_text(POLICY, "agreed.policy"), POLICY)
    assert "resolution per request agreed by agreed_due\n" in formatted
    assert "resolution best effort estimated by estimate extendable\n" in formatted
