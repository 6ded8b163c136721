"""Compact decisions and the catalogue (contract v2 §11, issue 18).

Compact carries the facts of the request and rule ids; a rule's static facts are in the
catalogue (``rules.{part}.{rule}.facts``). A support tool holding compact decisions and the
catalogue (as JSON, the way it receives them) answers what is due when, who handles it, whether
it is billable and why, exactly as detail=full does: resolving every compact answer of the
bundled policies' test files and of the acceptance cases (tests/contract/cases) through the
catalogue gives the full document, less ``texts``. One documented exception: an answer several
candidate types agree on under different rules names no rule, and only detail=full lists the
clauses of those rules.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

import orjson
import pytest
import yaml

import policylang
from policylang.errors import RequestError
from policylang.runtime.decision_json import statics
from policylang.tools.testing.files import load_tests_file
from tests.conftest import ROOT
from tests.unit.evalfixtures import assert_decision

POLICIES = policylang.load(ROOT / "policies")

#: Keys only detail=full carries (a rule's facts), anywhere in a decision but its timeline.
FULL_ONLY = frozenset({"clauses", "reason", "action", "basis", "team", "texts"})
#: Keys a compact lifecycle entry or obligation leaves to the catalogue.
ENTRY_FACTS = frozenset({"party", "after", "within", "clock", "calendar", "from_event", "on_expiry"})


@cache
def answers(policy_id: str) -> list[tuple[str, policylang.Decision]]:
    """(case name, decision) of every answered case of the policy's tests file."""
    tests = load_tests_file(ROOT / "policies" / f"{policy_id}.tests.yaml")
    out = []
    for case in tests.cases:
        if case.problems or case.expect_error is not None:
            continue
        try:
            decision = POLICIES.evaluate({"policy": policy_id, **case.request}, as_of=case.as_of)
        except RequestError:
            continue  # rejected: no decision to resolve
        out.append((case.name, decision))
    return out


@cache
def contract_answers() -> list[tuple[str, policylang.Decision]]:
    """(case id, decision) of every acceptance case answered (kind and severity requests among
    them: several candidate types, merged)."""
    out = []
    for path in sorted((ROOT / "tests" / "contract" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            try:
                out.append((case["id"], POLICIES.evaluate(case["request"])))
            except RequestError:
                continue
    return out


def _unnamed_clauses_dropped(node: Any) -> Any:
    """``node`` without the ``clauses`` of objects naming no rule (the one exception above)."""
    if isinstance(node, dict):
        unnamed = "rule" in node and node["rule"] is None
        return {
            k: _unnamed_clauses_dropped(v)
            for k, v in node.items()
            if not (unnamed and k == "clauses")
        }
    if isinstance(node, list):
        return [_unnamed_clauses_dropped(v) for v in node]
    return node


@cache
def catalogue_json(policy_id: str, version: str) -> dict[str, Any]:
    """The catalogue as a support tool receives it (through JSON)."""
    loaded: dict[str, Any] = orjson.loads(orjson.dumps(POLICIES.catalogue(policy_id, version)))
    return loaded


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key not in ("timeline", "trace"):
                yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def _answers_of(source: str) -> list[tuple[str, policylang.Decision]]:
    return contract_answers() if source == "contract-cases" else answers(source)


@pytest.mark.parametrize("source", [*POLICIES.ids, "contract-cases"])
def test_compact_resolved_through_the_catalogue_is_full(source: str) -> None:
    found = _answers_of(source)
    assert len(found) >= 10, "enough answered requests to compare"
    for name, decision in found:
        compact = orjson.loads(orjson.dumps(decision.to_json()))
        full = decision.to_json("full")
        assert_decision(compact)
        assert_decision(full)
        catalogue = catalogue_json(compact["policy"]["id"], compact["policy"]["version"])
        resolved = policylang.resolve_decision(compact, catalogue)
        expected = {k: v for k, v in full.items() if k != "texts"}
        if decision.candidates:
            expected = _unnamed_clauses_dropped(expected)
        assert resolved == expected, name


@pytest.mark.parametrize("source", [*POLICIES.ids, "contract-cases"])
def test_compact_leaves_every_fact_of_a_rule_to_the_catalogue(source: str) -> None:
    for name, decision in _answers_of(source):
        compact = decision.to_json()
        assert not FULL_ONLY & set(_keys(compact)), name
        for entry in [*(compact["lifecycle"] or ()), *(compact["obligations"] or ())]:
            assert not ENTRY_FACTS & set(entry), (name, entry["rule"])


def test_a_typical_compact_decision_is_at_most_2_kb() -> None:
    """Issue 18's target, on the answers of the bundled test files (bench/decision_size.py
    measures the workload too)."""
    sizes = [
        len(orjson.dumps(decision.to_json()))
        for policy_id in POLICIES.ids
        for _, decision in answers(policy_id)
    ]
    assert statistics.median(sizes) <= 2048


def test_each_policy_keeps_its_decision_statics_however_many_policies_answer() -> None:
    """A deployment with many customer variants (one compiled policy each) builds each policy's
    decision statics once: they are kept with the policy, not in a bounded table that a few
    hundred policies in turn would empty again and again."""
    base = POLICIES.latest("bemo_cloud")
    policies = [replace(base) for _ in range(300)]
    first = [statics(p) for p in policies]
    assert all(statics(p) is built for p, built in zip(policies, first, strict=True))
    assert len({id(built) for built in first}) == len(policies)
