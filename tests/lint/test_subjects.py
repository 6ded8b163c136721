"""`lint --format json`: every finding names its subject `{kind, id}` and its related subjects,
so tools read what a finding is about without parsing its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylang.tools.lint.context import Finding
from policylang.tools.lint.linter import lint_paths
from tests.lint.cases import CASES, LintCase
from tests.lint.test_golden_lint import relative

_POSITIVE = [pytest.param(c, id=c.name) for c in CASES if c.expect]


@pytest.mark.parametrize("case", _POSITIVE)
def test_every_finding_has_a_subject(case: LintCase, repo_root: Path) -> None:
    report = lint_paths([repo_root / relative(case)], budget=case.budget or 10**9)
    for finding in report.diagnostics:
        assert isinstance(finding, Finding)
        data = finding.to_json()
        assert set(data["subject"]) == {"kind", "id"} and all(data["subject"].values())
        assert all(set(s) == {"kind", "id"} for s in data["related_subjects"])


#: (policy, code, subject, some related subjects) of findings on the bundled policies.
BUNDLED = [
    (
        "itc",
        "PL601",
        {"kind": "item", "id": "write_interface"},
        [{"kind": "responsibility", "id": "technical"}, {"kind": "responsibility", "id": "design"}],
    ),
    (
        "itc",
        "PL651",
        {"kind": "note", "id": "write_interface_twice"},
        [{"kind": "clause", "id": "technical_department"}],
    ),
    (
        "chatops",
        "PL651",
        {"kind": "note", "id": "critical_working_time_vs_24_7"},
        [{"kind": "clause", "id": "critical_sla"}],
    ),
    (
        "chatops",
        "PL642",
        {"kind": "sla", "id": "critical_error"},
        [{"kind": "calendar", "id": "critical_hours"}],
    ),
    ("clever_ideas", "PL652", {"kind": "note", "id": "typos"}, []),
]


@pytest.mark.parametrize(
    ("policy", "code", "subject", "related"), BUNDLED, ids=[f"{b[0]}-{b[1]}" for b in BUNDLED]
)
def test_bundled_subjects(
    repo_root: Path, policy: str, code: str, subject: dict[str, str], related: list[dict[str, str]]
) -> None:
    report = lint_paths([repo_root / "policies" / f"{policy}.policy"])
    found = [
        d.to_json()
        for d in report.diagnostics
        if isinstance(d, Finding) and d.code == code and d.to_json()["subject"] == subject
    ]
    assert found, f"no {code} finding about {subject}"
    for entry in related:
        assert entry in found[0]["related_subjects"]


_ACKNOWLEDGED = "tests/lint/golden/overlap_acknowledged.policy"


@pytest.mark.parametrize(
    ("codes", "severity", "by"),
    [
        pytest.param("PL601", "info", "forms_twice", id="acknowledged"),
        pytest.param("PL602, PL621", "warning", None, id="other-codes-leave-it"),
    ],
)
def test_a_note_acknowledges_the_findings_it_is_about(
    tmp_path: Path, repo_root: Path, codes: str, severity: str, by: str | None
) -> None:
    text = (repo_root / _ACKNOWLEDGED).read_text(encoding="utf-8")
    path = tmp_path / "golden.policy"
    path.write_text(text.replace("acknowledges PL601", f"acknowledges {codes}"), encoding="utf-8")
    (overlap,) = [d.to_json() for d in lint_paths([path]).diagnostics if d.code == "PL601"]
    assert (overlap["severity"], overlap["acknowledged_by"]) == (severity, by)


def test_a_note_about_other_clauses_acknowledges_nothing(tmp_path: Path, repo_root: Path) -> None:
    text = (repo_root / _ACKNOWLEDGED).read_text(encoding="utf-8")
    text = text.replace("  about support_terms\n", "  about other_terms\n")
    text += '\nclause other_terms "Terms no list cites."\n'
    path = tmp_path / "golden.policy"
    path.write_text(text, encoding="utf-8")
    (overlap,) = [d for d in lint_paths([path]).diagnostics if d.code == "PL601"]
    assert overlap.severity.value == "warning"
