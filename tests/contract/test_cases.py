"""The contract-v2 acceptance cases (tests/contract/cases/*.yaml) are well-formed and grounded.

Checked now, before the engine speaks v2: each file follows the case format
(tests/contract/case_file.schema.json), each request is a valid v2 request
(schemas/request.schema.json), each expected fragment is a valid part of a v2 decision
(schemas/decision.schema.json with every `required` dropped: a fragment names only the keys it
pins, but no key or value the contract does not have), each expected request error a valid
problem (schemas/error.schema.json), each SLA fragment uses only the fields of its state, case
ids are unique, the five questions are asked of every policy, every gap the cases are meant to
cover is covered, and every quoted clause is found verbatim (whitespace aside) in the policy's
seed. The evaluation of the cases against the engine is added with the v2 implementation.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

CASES_DIR = ROOT / "tests" / "contract" / "cases"
CASE_FILE_SCHEMA = ROOT / "tests" / "contract" / "case_file.schema.json"
#: The seed documents, where each policy's `source "seeds/…"` points (relative to the policy).
SEEDS_DIR = ROOT / "policies" / "seeds"

#: The policies the cases cover: one file each.
POLICY_IDS = ("bemo_cloud", "bpmsoft_care", "chatops", "clever_ideas", "itc")

COMMON_TARGET_FIELDS = {"state", "rule", "clauses", "when"}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _without_required(schema: Any) -> Any:
    """The schema with every `required` removed: what a fragment of a document must satisfy."""
    if isinstance(schema, dict):
        return {k: _without_required(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [_without_required(v) for v in schema]
    return schema


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


REQUEST = _validator(_load(ROOT / "schemas" / "request.schema.json"))
FRAGMENT = _validator(_without_required(_load(ROOT / "schemas" / "decision.schema.json")))
#: Target fields each commitment state may use (contract-v2 §2), beside state, rule and clauses:
#: read off the schema's tagged union (`$defs.target`, one branch per state).
STATE_FIELDS: dict[str, set[str]] = {
    branch["properties"]["state"]["const"]: set(branch["properties"]) - COMMON_TARGET_FIELDS
    for branch in _load(ROOT / "schemas" / "decision.schema.json")["$defs"]["target"]["anyOf"]
}
_ERROR = _load(ROOT / "schemas" / "error.schema.json")
PROBLEM = _validator({**_without_required(_ERROR["$defs"]["problem"]), "$defs": _ERROR["$defs"]})
CASE_FILE = _validator(_load(CASE_FILE_SCHEMA))


def _errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message[:240]}" for e in found[:5]]


@cache
def case_file(policy_id: str) -> dict[str, Any]:
    """The parsed case file of one policy."""
    path = CASES_DIR / f"{policy_id}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def all_cases() -> list[tuple[str, dict[str, Any]]]:
    """(policy id, case) for every case of every file."""
    return [(pid, case) for pid in POLICY_IDS for case in case_file(pid)["cases"]]


CASES = all_cases()
CASE_IDS = [case["id"] for _, case in CASES]


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def seed_text(name: str) -> str:
    """The seed document, whitespace normalised."""
    path = SEEDS_DIR / name
    if not path.is_file():
        pytest.fail(f"seed {name} not found in {SEEDS_DIR}")
    return _normalised(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------- files


def test_the_case_files_are_exactly_the_policies() -> None:
    assert sorted(p.stem for p in CASES_DIR.glob("*.yaml")) == sorted(POLICY_IDS)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_case_file_follows_the_format(policy_id: str) -> None:
    assert not _errors(CASE_FILE, case_file(policy_id)), _errors(CASE_FILE, case_file(policy_id))
    assert case_file(policy_id)["policy"] == policy_id


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_seed_is_the_one_the_policy_formalises(policy_id: str) -> None:
    policy_text = (ROOT / "policies" / f"{policy_id}.policy").read_text(encoding="utf-8")
    assert f'source "seeds/{case_file(policy_id)["seed"]}"' in policy_text


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_every_policy_is_asked_the_five_questions(policy_id: str) -> None:
    tags = Counter(t for case in case_file(policy_id)["cases"] for t in case["covers"])
    five = [t for t in _case_tags() if t.startswith("five_q.")]
    assert [t for t in five if not tags[t]] == []


def test_every_gap_is_covered_somewhere() -> None:
    covered = {t for _, case in CASES for t in case["covers"]}
    assert sorted(set(_case_tags()) - covered) == []


def test_case_ids_are_unique() -> None:
    assert [i for i, n in Counter(CASE_IDS).items() if n > 1] == []


def _case_tags() -> list[str]:
    tags: list[str] = _load(CASE_FILE_SCHEMA)["$defs"]["tag"]["enum"]
    return tags


# ---------------------------------------------------------------------- each case


@pytest.mark.parametrize(("policy_id", "case"), CASES, ids=CASE_IDS)
def test_request_is_a_valid_v2_request(policy_id: str, case: dict[str, Any]) -> None:
    request = case["request"]
    assert request["policy"] == policy_id
    assert not _errors(REQUEST, request), _errors(REQUEST, request)


@pytest.mark.parametrize(("policy_id", "case"), CASES, ids=CASE_IDS)
def test_expectation_is_a_valid_part_of_the_v2_contract(
    policy_id: str, case: dict[str, Any]
) -> None:
    if "expect" in case:
        assert not _errors(FRAGMENT, case["expect"]), _errors(FRAGMENT, case["expect"])
        for path in case.get("counts", {}):
            assert _at(case["expect"], path) is not None, f"counts names {path}, not in expect"
    else:
        for problem in case["expect_error"]["problems"]:
            assert not _errors(PROBLEM, problem), _errors(PROBLEM, problem)


@pytest.mark.parametrize(("policy_id", "case"), CASES, ids=CASE_IDS)
def test_sla_fragments_use_only_the_fields_of_their_state(
    policy_id: str, case: dict[str, Any]
) -> None:
    sla = (case.get("expect") or {}).get("sla") or {}
    for name, target in sla.items():
        for fragment in [target, *target.get("cases", [])]:
            state = fragment.get("state")
            assert state, f"sla.{name}: a target fragment names its state"
            extra = set(fragment) - COMMON_TARGET_FIELDS - STATE_FIELDS[state]
            assert not extra, f"sla.{name}: {sorted(extra)} are not fields of state {state}"


#: The cases that pin the complete list of charge lines (``counts: {charges.lines: N}``).
FULL_CHARGES = [(p, c) for p, c in CASES if "charges.lines" in c.get("counts", {})]


@pytest.mark.parametrize(
    ("policy_id", "case"), FULL_CHARGES, ids=[c["id"] for _, c in FULL_CHARGES]
)
def test_billable_agrees_with_the_full_list_of_lines(policy_id: str, case: dict[str, Any]) -> None:
    charges = case["expect"]["charges"]
    lines = charges["lines"]
    assert case["counts"]["charges.lines"] == len(lines)
    fees = [line["fee"] for line in lines]
    assert charges["billable"] == (any(f != "included" for f in fees) if fees else None)


@pytest.mark.parametrize(("policy_id", "case"), CASES, ids=CASE_IDS)
def test_quoted_clauses_are_verbatim_in_the_seed(policy_id: str, case: dict[str, Any]) -> None:
    seed = seed_text(case_file(policy_id)["seed"])
    missing = [q for q in case["source"] if _normalised(q) not in seed]
    assert missing == []


def _at(document: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(document, dict) or key not in document:
            return None
        document = document[key]
    return document
