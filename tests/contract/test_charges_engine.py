"""The acceptance cases' charges, asked of the engine at the Decision level.

Until the v2 runner lands (it evaluates every case through the v2 serialiser), this checks the
part of each case the charges construct answers: `Decision.charges` in its v2 form against the
case's `charges` fragment and `charges.*` counts, with the contract's matching rules (a list
entry matches a distinct entry in any order; `counts` pins lengths). A case whose request needs
v2 request features (`kind`, `severity`, `customer`, a required input left out) is skipped with
that reason; the v2 runner covers it.
"""

from __future__ import annotations

from typing import Any

import pytest

import policylang
from policylang.errors import RequestError
from tests.conftest import ROOT
from tests.contract.test_cases import all_cases

_V2_ONLY = ("kind", "severity", "customer")


def _charge_cases() -> list[Any]:
    return [
        pytest.param(case, id=case["id"])
        for _policy, case in all_cases()
        if "charges" in (case.get("expect") or {})
    ]


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _matches(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and _assign(expected, list(actual))
    return bool(expected == actual and type(expected) is type(actual))


def _assign(expected: list[Any], pool: list[Any]) -> bool:
    """Each expected entry matches a distinct entry of ``pool`` (backtracking; lists are short)."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    return any(
        _matches(first, candidate) and _assign(rest, pool[:i] + pool[i + 1 :])
        for i, candidate in enumerate(pool)
    )


def _filled(
    policies: policylang.PolicySet, request: dict[str, Any], error: RequestError
) -> dict[str, Any] | None:
    """The request with each missing required input no charge rule reads given its first
    allowed value, or None when a problem is something else."""
    policy = policies.latest(request["policy"])
    read = {
        name
        for rule in policy.charges.all_rules
        if rule.condition is not None
        for name in rule.condition.inputs
    }
    filled = dict(request)
    for problem in error.problems:
        if problem.field in read or problem.field in request or not problem.allowed:
            return None
        filled[problem.field] = problem.allowed[0]
    return filled


@pytest.fixture(scope="module")
def policies() -> policylang.PolicySet:
    return policylang.load(ROOT / "policies")


@pytest.mark.parametrize("case", _charge_cases())
def test_charges_of_the_case(case: dict[str, Any], policies: policylang.PolicySet) -> None:
    request = {k: v for k, v in case["request"].items() if k != "ask"}
    needs = [k for k in _V2_ONLY if k in request]
    if needs:
        pytest.skip(f"needs the v2 request ({', '.join(needs)})")
    try:
        decision = policies.evaluate(request)
    except RequestError as error:
        # v1 requires inputs the charges may not read (BPMSoft's priority): such an input is
        # filled with any allowed value, which cannot change a line; anything else waits for v2.
        filled = _filled(policies, request, error)
        if filled is None:
            pytest.skip(f"needs required-when-reached (v2): {error}")
        decision = policies.evaluate(filled)
    charges = decision.charges.to_json()
    expected = case["expect"]["charges"]
    assert _matches(expected, charges), f"expected {expected}, got {charges}"
    for path, count in case.get("counts", {}).items():
        if path.startswith("charges."):
            assert len(charges[path.removeprefix("charges.")]) == count, path
