"""`policylang lint` as a user runs it: exit codes, both output formats."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import inproc
from tests.conftest import ROOT
from tests.lint.cases import CASES

GOLDEN = ROOT / "tests" / "lint" / "golden"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `policylang lint` from the repository root, in this process (click's runner)."""
    return inproc.run("lint", *args, cwd=ROOT)


def test_bundled_policies_pass_and_report_the_overlaps() -> None:
    """itc's overlap is listed, acknowledged by the note that argues its reading."""
    result = run("policies/")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("info[PL601]") == 1
    assert "acknowledged by note `write_interface_twice`" in result.stderr
    # The acknowledged note is counted apart, so a new one does not hide among them.
    assert result.stderr.rstrip().endswith(
        "linted 5 files: 0 errors, 0 warnings, 20 notes (1 acknowledged)"
    )
    assert '= request: {"policy": "itc"' in result.stderr


def test_deny_warnings_fails_on_warnings_only() -> None:
    assert run("--deny-warnings", "tests/lint/golden/overlap_two_teams.policy").returncode == 1
    assert run("--deny-warnings", "policies/bemo_cloud.policy").returncode == 0  # notes only
    # An acknowledged finding is listed as information and does not fail the run.
    acknowledged = run("--deny-warnings", "tests/lint/golden/overlap_acknowledged.policy")
    assert acknowledged.returncode == 0
    assert "info[PL601]" in acknowledged.stderr


def test_json_output() -> None:
    result = run("--format", "json", "policies/itc.policy")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    overlaps = [d for d in document["diagnostics"] if d["code"] == "PL601"]
    assert len(overlaps) == 1
    first = overlaps[0]
    assert (first["severity"], first["acknowledged_by"]) == ("info", "write_interface_twice")
    assert first["related"] and first["related"][0]["line"] != first["line"]
    assert first["counterexample"]["policy"] == "itc"
    assert first["counterexample"]["item"] == "write_interface"
    infos = [d for d in document["diagnostics"] if d["severity"] == "info"]
    assert all("counterexample" not in d for d in infos if d["acknowledged_by"] is None)


def test_a_file_with_errors_is_reported_not_linted(tmp_path: Path) -> None:
    broken = tmp_path / "broken.policy"
    broken.write_text(
        (GOLDEN / "unused_calendar.policy").read_text().replace("on office", "on ofice")
    )
    result = run(str(broken))
    assert result.returncode == 1
    assert "error[PL203]" in result.stderr
    assert "PL661" not in result.stderr
    assert "not linted: errors" in result.stderr


#: A customers file beside a policy (valid, then naming a policy that is not there): the
#: summary line's count of files each way.
CUSTOMERS_SUMMARIES = {
    "valid": (True, "linted 1 file, checked 1 customers file: 0 errors"),
    "with-an-error": (False, "linted 1 file, checked 1 customers file: 1 error"),
}


@pytest.mark.parametrize(("known", "line"), CUSTOMERS_SUMMARIES.values(), ids=CUSTOMERS_SUMMARIES)
def test_a_customers_file_is_counted_as_checked_not_as_an_unlinted_policy(
    tmp_path: Path, known: bool, line: str
) -> None:
    """A customers file has no lint rule: it is not a policy that an error kept unlinted."""
    source = (GOLDEN / "unused_calendar.policy").read_text(encoding="utf-8")
    policy_id = source.split("policy ", 1)[1].split()[0]
    (tmp_path / "p.policy").write_text(source, encoding="utf-8")
    customer = f"customer acme {{\n  policy {policy_id if known else 'nowhere'}\n}}\n"
    (tmp_path / "acme.customers").write_text(customer, encoding="utf-8")
    result = run(str(tmp_path))
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(line), summary
    assert "not linted" not in summary


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.expect and c.budget is None][:3], ids=lambda c: c.name
)
def test_human_output_is_the_golden_rendering(case: object) -> None:
    name = case.name  # type: ignore[attr-defined]
    result = run(f"tests/lint/golden/{name}.policy")
    golden = (GOLDEN / f"{name}.lint").read_text(encoding="utf-8")
    assert result.stderr.startswith(golden.rstrip("\n"))
