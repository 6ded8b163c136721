"""`policylang impact`: exactly the tickets a brute-force comparison finds, and its outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from policylang.compiler.load import load
from policylang.runtime.policyset import PolicySet
from policylang.tools.impact.compare import Side
from policylang.tools.impact.run import impact_partition
from policylang.tools.partitions import plan
from tests.cli.proc import run
from tests.conftest import ROOT
from tests.impact.history import changed_copy, tickets, write_jsonl

TICKETS = 3000


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled policies with chatops revised (a reaction time, a holiday, a fee)."""
    return changed_copy(tmp_path_factory.mktemp("revised") / "policies")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated history of chatops and bpmsoft_care tickets, half with events."""
    return write_jsonl(tmp_path_factory.mktemp("history") / "tickets.jsonl", tickets(TICKETS))


def _facets(decision: dict[str, Any]) -> dict[str, Any]:
    """What brute force compares, read off the decision JSON (not off the objects impact reads)."""
    out: dict[str, Any] = {}
    for clock in ("response", "resolution"):
        target = decision["sla"][clock]
        # Each state has its own keys (a tagged union): a key the state lacks reads as null.
        fields = ("target", "calendar", "due_at")
        out[clock] = (target["state"], *(target.get(key) for key in fields))
        timeline = decision.get("timeline")
        if timeline is not None:
            status = timeline["sla"][clock]
            out[f"{clock}_breach"] = status["status"] == "breached" or status["ever_breached"]
    roles = decision["roles"]
    # Every role counts (a change of who assists is a change of the answer), as for impact.
    keys = ("responsible", "performer", "receiver", "assists", "consulted", "action")
    if roles["state"] == "depends":
        out["roles"] = ("depends", tuple(roles["depends_on"]))
    else:
        out["roles"] = tuple(str(roles[k]) for k in keys)
    charges = decision["charges"]
    out["billable"] = charges["billable"]
    out["charges"] = sorted(
        (c["fee"], c["rate"] or "", c["currency"] or "", c["basis"] or "") for c in charges["lines"]
    )
    return out


def brute_force(old: PolicySet, new: PolicySet, path: Path) -> dict[int, set[str]]:
    """Decide every ticket under both sets and compare: line -> the facets that differ."""
    changed: dict[int, set[str]] = {}
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        ticket = json.loads(text)
        for field in ("ticket_id", "customer"):
            ticket.pop(field)
        before, after = (_facets(s.evaluate(ticket).to_json("full")) for s in (old, new))
        differ = {name for name in before if before[name] != after[name]}
        if differ:
            changed[line] = differ
    return changed


def test_impact_reports_exactly_the_tickets_brute_force_finds(
    revised: Path, history: Path, tmp_path: Path
) -> None:
    old, new = load(ROOT / "policies"), load(revised)
    expected = brute_force(old, new, history)
    # The generated history exercises all three edits, or the comparison proves little.
    found_kinds = {facet for facets in expected.values() for facet in facets}
    assert {"response", "response_breach", "resolution", "billable", "charges"} <= found_kinds
    (partition,) = plan(str(history))
    with (tmp_path / "changes.jsonl").open("w", encoding="utf-8") as out:
        summary = impact_partition(Side(old), Side(new), partition, out)
    reported = {}
    for text in (tmp_path / "changes.jsonl").read_text(encoding="utf-8").splitlines():
        ticket = json.loads(text)
        reported[ticket["line"]] = {c["facet"] for c in ticket["changes"]}
    assert reported == expected
    assert (summary.rows, summary.compared, summary.changed) == (TICKETS, TICKETS, len(expected))


def test_every_change_names_both_sides_and_the_rules_responsible(
    revised: Path, history: Path, tmp_path: Path
) -> None:
    result = run("impact", ROOT / "policies", revised, "--tickets", history, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "impact.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "impact.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    # One validator for every line (jsonschema.validate checks the schema itself at each call,
    # ~20 ms: most of this test's time with hundreds of changed tickets).
    ticket_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/changed_ticket"}
    ticket_validator = jsonschema.validators.validator_for(schema)(ticket_schema)
    lines = (tmp_path / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == document["changed"]
    kinds: dict[tuple[str, str], int] = {}
    for text in lines:
        ticket = json.loads(text)
        ticket_validator.validate(ticket)
        assert ticket["ticket_id"].startswith("T") and ticket["customer"].startswith("customer-")
        for change in ticket["changes"]:
            kinds[change["facet"], change["kind"]] = (
                kinds.get((change["facet"], change["kind"]), 0) + 1
            )
            if change["facet"] == "billable":
                assert change["after"]["rule"] == "noncritical"
                assert change["after"]["value"]["billable"] is True
            if change["facet"] == "response" and change["kind"] == "due_earlier":
                assert change["before"]["value"]["target"] == "PT4H"
                assert change["after"]["value"]["target"] == "PT2H"
                assert change["after"]["clauses"] == change["before"]["clauses"] != []
    assert {(c["facet"], c["kind"]): c["count"] for c in document["changes"]} == kinds
    top = document["most_affected"]["groups"][0]
    assert (top["policy"], top["type"]) in {
        ("chatops", "simple_installation"),
        ("chatops", "noncritical_error"),
    }
    markdown = (tmp_path / "impact.md").read_text(encoding="utf-8")
    assert f"**{document['changed']} changed**" in markdown
    assert "| response | due earlier |" in markdown
    assert (tmp_path / "impact.png").read_bytes().startswith(b"\x89PNG")
    assert f"{TICKETS} tickets, {TICKETS} compared, {document['changed']} changed" in result.stderr


def test_one_set_as_of_two_dates_compares_two_versions(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    text = (ROOT / "policies" / "chatops.policy").read_text(encoding="utf-8")
    (policies / "chatops.policy").write_text(text, encoding="utf-8")
    later = text.replace(
        'version "1.0"\n  effective 2026-01-01', 'version "2.0"\n  effective 2026-06-01'
    )
    later = later.replace(
        "response within 4 hours on office\n  resolution within 4 hours on office",
        "response within 1 hour on office\n  resolution within 4 hours on office",
    )
    assert (
        later.count("2026-06-01") >= 1 and "within 1 hour on office\n  resolution within 4" in later
    )
    (policies / "chatops-2.policy").write_text(later, encoding="utf-8")
    history = write_jsonl(
        tmp_path / "t.jsonl",
        [
            {
                "policy": "chatops",
                "opened_at": "2026-03-10T09:00:00+07:00",
                "type": "simple_installation",
            },
            {"policy": "chatops", "opened_at": "2026-03-10T09:00:00+07:00", "type": "guidance"},
        ],
    )
    out = tmp_path / "out"
    args = ["impact", policies, policies, "--tickets", history, "-o", out, "--no-chart"]
    result = run(*args, "--as-of-old", "2026-03-01", "--as-of-new", "2026-07-01")
    assert result.returncode == 0, result.stderr
    document = json.loads((out / "impact.json").read_text(encoding="utf-8"))
    assert document["changed"] == 1
    assert document["sides"]["new"] == {"policies": str(policies), "as_of": "2026-07-01"}
    (example,) = document["examples"]
    (change,) = example["changes"]
    assert (change["kind"], change["shift_seconds"]) == ("due_earlier", -3 * 3600)


def test_two_files_of_two_policy_ids_are_compared_ticket_for_ticket(tmp_path: Path) -> None:
    text = (ROOT / "policies" / "chatops.policy").read_text(encoding="utf-8")
    renamed = tmp_path / "chatops_next.policy"
    renamed.write_text(text.replace("policy chatops {", "policy chatops_next {"), encoding="utf-8")
    history = write_jsonl(
        tmp_path / "t.jsonl",
        [{"policy": "chatops", "opened_at": "2026-03-10T09:00:00+07:00", "type": "guidance"}],
    )
    result = run(
        "impact", ROOT / "policies" / "chatops.policy", renamed, "--tickets", history,
        "-o", tmp_path / "out", "--no-chart",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 tickets, 1 compared, 0 changed, 0 not decided" in result.stderr
