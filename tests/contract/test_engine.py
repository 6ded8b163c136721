"""The contract-v2 acceptance cases (tests/contract/cases/*.yaml) run through the engine.

Each case's request is evaluated by the bundled policies and its expected fragments compared
with the decision's v2 JSON (or its request error), as tests/contract/README.md says: objects
match key by key, lists entry by entry in any order (each expected entry a distinct actual one),
``depends_on`` and ``allowed`` as sets, instants as instants, ``counts`` pins list lengths.

A case that needs a construct not built yet is expected to fail, strictly (it must fail, so the
mark goes the day the construct lands): the construct is read from the case's ``covers`` tags
(``CONSTRUCTS``), and named in the reason; two reviewed tables
correct the tags where they do not say what a case pins (``UNTAGGED_NEEDS``, ``PASS_ALREADY``).
Never a skip.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import policylang
from policylang import PolicySet, RequestError
from policylang.tools.testing.matching import _scalar_equal
from tests.conftest import ROOT

CASES_DIR = ROOT / "tests" / "contract" / "cases"

#: The construct each gap tag needs, and who builds it (issue 15). A tag not listed needs
#: nothing beyond what the engine has.
CONSTRUCTS: dict[str, str] = {
}
# The time constructs (clocks `from EVENT`, `during CAL` windows, `opened_at during CAL`,
# `per request agreed by INPUT`, extendable targets, `preholiday shortened`) are built, and so
# are roles (responsible, performer, receiver, assists, consulted) and the type/item binding.

#: Cases whose tags do not name a construct their expected answer needs (the tags say what a
#: case is *about*, not everything it pins). Each reviewed against its failure.
UNTAGGED_NEEDS: dict[str, str] = {}
#: Cases whose tagged construct is not what their fragments pin: they pass on today's engine
#: (a fee without a unit is `unspecified` and a rate `null` by default; one party both
#: responsible and performer, as today's `party`; a refusal case that
#: pins no lift; a type's kind or
#: severity the fragments do not check).
PASS_ALREADY: frozenset[str] = frozenset(
    {
        "bemo-who-pays-complex-installation",
        "bpm-executor-defect-fixed-free",
        "bemo-improvement-attribution-is-not-a-refusal",
        "chatops-who-pays-complex-installation",
        "chatops-noncritical-after-hours",
        "ci-who-pays-retraining-in-the-nesting-period",
        "ci-advice-before-go-live-is-charged",
        "ci-specific-training-on-the-last-nesting-day",
        "ci-complete-training-in-the-nesting-period",
        "itc-who-pays-nothing-stated",
        "itc-complaint-customer-room",
        "itc-requirement-approval-is-not-a-gate",
        # Lifecycle rules always ran from ticket events; `from EVENT` is for SLA clocks.
        "bemo-cancel-after-three-failed-contacts",
        "bpm-acceptance-seven-calendar-days",
    }
)


def _cases() -> list[Any]:
    params = []
    for document in _documents():
        for case in document["cases"]:
            needs = sorted({CONSTRUCTS[t] for t in case["covers"] if t in CONSTRUCTS})
            if case["id"] in PASS_ALREADY:
                needs = []
            if case["id"] in UNTAGGED_NEEDS:
                needs.append(UNTAGGED_NEEDS[case["id"]])
            marks = (
                [pytest.mark.xfail(strict=True, reason="needs " + "; ".join(needs))]
                if needs
                else []
            )
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@cache
def _policies() -> PolicySet:
    """The bundled policies, with the customer layers the case files assume (their
    ``customers`` fixture) written as a customers file."""
    policies = policylang.load(ROOT / "policies")
    text = "".join(
        _customers_text(policies, document["policy"], document.get("customers") or {})
        for document in _documents()
    )
    with tempfile.TemporaryDirectory() as folder:
        layer = Path(folder) / "cases.customers"
        layer.write_text(text, encoding="utf-8")
        return policylang.load([ROOT / "policies", layer])


def _documents() -> list[Any]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(CASES_DIR.glob("*.yaml"))
    ]


def _customers_text(policies: PolicySet, policy_id: str, customers: dict[str, Any]) -> str:
    """``customer ID { policy P  set INPUT = VALUE ...  rate RULE AMOUNT CODE ...  calendar CAL
    { ... } }`` for each customer of a case file, each value spelled as the policy's input takes
    it (``rates``: the rates its contract fixes, by charge rule; ``calendars``: its layers, the
    statements of each by calendar)."""
    inputs = policies.latest(policy_id).inputs
    blocks = []
    for customer, fixture in customers.items():
        facts = {k: v for k, v in fixture.items() if k not in ("rates", "calendars")}
        sets = [
            f"  set {name} = {_spelled(inputs[name].kind, value)}\n"
            for name, value in facts.items()
        ]
        sets.extend(f"  rate {rule} {rate}\n" for rule, rate in fixture.get("rates", {}).items())
        for calendar, statements in fixture.get("calendars", {}).items():
            body = "".join(f"    {statement}\n" for statement in statements)
            sets.append(f"  calendar {calendar} {{\n{body}  }}\n")
        blocks.append(f"customer {customer} {{\n  policy {policy_id}\n{''.join(sets)}}}\n")
    return "".join(blocks)


def _spelled(kind: str, value: Any) -> str:
    if kind == "text":
        return json.dumps(value)
    if kind == "bool":
        return "true" if value else "false"
    return str(value)  # a name, a number, a date or an instant as the language writes them


# ---------------------------------------------------------------------- matching (README)

_SET_KEYS = frozenset({"depends_on", "allowed"})


def matches(expected: Any, actual: Any, key: str = "") -> bool:
    """Whether ``actual`` (part of a decision or error) matches the fragment ``expected``."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            name in actual and matches(value, actual[name], name)
            for name, value in expected.items()
        )
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        if key in _SET_KEYS:
            return {_hashable(v) for v in expected} == {_hashable(v) for v in actual}
        return _assign(expected, actual, frozenset())
    # Scalars as the policy test files compare them: instants (`*_at`) as instants, a YAML
    # `1` not `true`.
    return _scalar_equal(expected, actual, key)


def _hashable(value: Any) -> Any:
    return yaml.safe_dump(value, sort_keys=True) if isinstance(value, dict | list) else value


def _assign(expected: list[Any], actual: list[Any], used: frozenset[int]) -> bool:
    """Each expected entry matched to a distinct actual entry (backtracking: the lists are
    short)."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    return any(
        _assign(rest, actual, used | {i})
        for i, entry in enumerate(actual)
        if i not in used and matches(first, entry)
    )


def _at(document: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        document = document[part]
    return document


def _answer(request: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    try:
        return _policies().evaluate(request).to_json("full"), None
    except RequestError as error:
        return None, error.to_json()


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    decision, error = _answer(case["request"])
    if "expect_error" in case:
        assert error is not None, f"expected a request error, got a decision: {decision}"
        assert matches(case["expect_error"], error), yaml.safe_dump(error, allow_unicode=True)
        return
    assert decision is not None, f"the request was rejected: {error}"
    mismatched = {
        part: decision.get(part)
        for part, fragment in case["expect"].items()
        if not matches(fragment, decision.get(part), part)
    }
    assert not mismatched, yaml.safe_dump(
        {"expected": {p: case["expect"][p] for p in mismatched}, "got": mismatched},
        allow_unicode=True,
        sort_keys=False,
    )
    for dotted, count in case.get("counts", {}).items():
        assert len(_at(decision, dotted)) == count, dotted


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        pytest.param({"a": 1}, {"a": 1, "b": 2}, True, id="object-extra-keys-ignored"),
        pytest.param({"a": 1}, {"b": 1}, False, id="object-missing-key"),
        pytest.param([{"x": 1}, {"x": 2}], [{"x": 2}, {"x": 1}], True, id="list-any-order"),
        pytest.param([{"x": 1}, {"x": 1}], [{"x": 1}], False, id="list-distinct-entries"),
        pytest.param(
            {"due_at": "2026-03-10T08:50:00+03:00"},
            {"due_at": "2026-03-10T05:50:00+00:00"},
            True,
            id="instants-as-instants",
        ),
        pytest.param({"depends_on": ["a", "b"]}, {"depends_on": ["b", "a"]}, True, id="set"),
        pytest.param({"depends_on": ["a"]}, {"depends_on": ["a", "b"]}, False, id="set-equal"),
        pytest.param({"v": True}, {"v": 1}, False, id="true-is-not-1"),
        pytest.param({"sla": None}, {"sla": {}}, False, id="null-is-null"),
    ],
)
def test_matching(expected: Any, actual: Any, result: bool) -> None:
    assert matches(expected, actual) is result
