"""The facts of the time constructs' acceptance cases, read at the Decision level.

Until the v2 decision JSON lands (the "decision" part of issue 15), the cases covering an
assumed effective date, pending inputs, refusals that lift targets and lifecycle consequences
are checked here against what the engine computes: ``Decision.assumed_effective``,
``Decision.lifted_by``, a target rule's ``until``, ``LifecycleRule.on_expiry``. A case whose
request needs a field the engine does not read yet (``kind``, ``severity``, ``customer``) is
skipped, saying so. A case's ``ask`` is kept: required when reached rejects a request only for
the inputs a part it asks needs (a "when may we close it" case asks the lifecycle alone).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import policylang
from tests.conftest import ROOT

CASES_DIR = ROOT / "tests" / "contract" / "cases"
GAPS = {"gap.assumed_effective", "gap.pending", "gap.refusal_lifts", "gap.customer_deadline"}
V2_ONLY = ("kind", "severity", "customer")
STATES = {"committed": "committed", "no_commitment": "none", "best_effort": "best_effort"}

POLICIES = policylang.load(ROOT / "policies")


def _cases() -> list[dict[str, Any]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if GAPS & set(case.get("covers", ())) and "expect" in case:
                found.append(case)
    return found


CASES = _cases()


def _target(decision: policylang.Decision, name: str, want: dict[str, Any]) -> None:
    lifted = decision.lifted_by(name)
    if want["state"] == "lifted":
        assert lifted is not None, f"{name} is not lifted"
        if "lifted_by" in want:
            assert lifted == want["lifted_by"]
        return
    assert lifted is None, f"{name} is lifted by {lifted}"
    result = getattr(decision, name)
    if want["state"] not in STATES:
        return  # window, per_request, depends: not the time constructs built here
    assert result.selection.rule is not None, f"{name} is undecided"
    spec = result.selection.rule.outcome
    assert spec.commitment == STATES[want["state"]]
    if "until" in want:
        assert spec.until == want["until"]
    if "due_at" in want:
        assert decision.to_json()["sla"][name]["due_at"] == want["due_at"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_time_facts_of_a_case(case: dict[str, Any]) -> None:
    request = dict(case["request"])
    v2_only = [k for k in V2_ONLY if k in request]
    if v2_only:
        pytest.skip(f"the request uses v2-only fields {v2_only}")
    decision = POLICIES.evaluate(request)
    expect = case["expect"]
    if "assumed_effective" in expect.get("policy", {}):
        assert decision.assumed_effective is expect["policy"]["assumed_effective"]
    for name, want in (expect.get("sla") or {}).items():
        _target(decision, name, want)
    for ground in (expect.get("refusal") or {}).get("grounds", ()):
        if "lifts" in ground:
            holding = {g["rule"] for g in decision.to_json()["refusal"]["grounds"]}
            rules = [r for r in decision.policy.refusals if r.name in holding]
            assert any(list(r.lifts) == ground["lifts"] for r in rules)
    for entry in expect.get("lifecycle") or ():
        if "on_expiry" in entry:
            kinds = {r.on_expiry for r in decision.policy.lifecycle if r.kind == entry["kind"]}
            assert entry["on_expiry"] in kinds
