"""Linting the five bundled policies reports exactly what a reviewer expects, and nothing else.

No warning: the one overlap the source itself contains (itc puts "Write interface" under two
departments) is acknowledged by the note that argues its reading (`acknowledges PL601`). Clever Ideas puts "Forms" and "Creation of security groups." on both the customer's
and the provider's list, but each list gives its items its type, so no request reaches both:
the contradiction notes about the two lists (PL651) record it. Everything else is information: the contradictions and source
defects the policies declare (ChatOps: critical errors "within 1 h in working time" against
"24/7"), ChatOps' 24/7 calendar for critical errors (explained by that contradiction note), and
the two calendars that document service hours no rule counts on (itc `staff_guide`, Clever Ideas
`nesting_support`), each named by the note it carries.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policylang
from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.tools.lint.linter import Finding, lint_paths

#: (file, code, severity, the first `name` in the message) of every expected finding.
EXPECTED = [
    ("bemo_cloud", "PL652", "info", "complex_row_broken"),
    ("bemo_cloud", "PL652", "info", "outcomes_merged"),
    ("bemo_cloud", "PL652", "info", "listening_words_missing"),
    ("bemo_cloud", "PL652", "info", "spacing_typos"),
    ("bpmsoft_care", "PL652", "info", "reaction_duplicate_word"),
    ("bpmsoft_care", "PL652", "info", "resolution_punctuation"),
    ("bpmsoft_care", "PL652", "info", "regulation_reference"),
    ("chatops", "PL651", "info", "critical_working_time_vs_24_7"),
    ("chatops", "PL652", "info", "feature_update_heading"),
    ("chatops", "PL652", "info", "simple_install_description"),
    ("chatops", "PL652", "info", "typos"),
    ("chatops", "PL642", "info", "within 1 hour on critical_hours"),  # response
    ("chatops", "PL642", "info", "within 1 hour on critical_hours"),  # resolution
    ("clever_ideas", "PL651", "info", "forms_on_both_lists"),
    ("clever_ideas", "PL651", "info", "security_groups_on_both_lists"),
    ("clever_ideas", "PL652", "info", "line_pbx_heading"),
    ("clever_ideas", "PL652", "info", "typos"),
    ("clever_ideas", "PL671", "info", "otherwise"),  # no clause speaks of time: note says why
    ("itc", "PL601", "info", "write_interface"),  # acknowledged by write_interface_twice
    ("itc", "PL651", "info", "write_interface_twice"),
]


def _key(finding: Diagnostic) -> tuple[str, str, str, str]:
    name = re.search(r"`([^`]+)`", finding.message)
    return (
        Path(finding.file or "").stem,
        finding.code,
        finding.severity.value,
        name.group(1) if name else "",
    )


@pytest.fixture(scope="module")
def findings() -> list[Diagnostic]:
    root = Path(__file__).resolve().parents[2]
    report = lint_paths([root / "policies"])
    assert not report.errors
    return report.diagnostics


def test_exactly_the_expected_findings(findings: list[Diagnostic]) -> None:
    assert sorted(_key(f) for f in findings) == sorted(EXPECTED)


def test_no_warning(findings: list[Diagnostic]) -> None:
    """The one overlap left (itc) is acknowledged by the note that argues its reading."""
    assert [f for f in findings if f.severity is Severity.WARNING] == []


def test_the_overlaps_show_both_lists(findings: list[Diagnostic]) -> None:
    overlaps = {_key(f)[3]: f for f in findings if f.code == "PL601"}
    interface = overlaps["write_interface"]
    assert "`technical`" in interface.message and "`design`" in interface.message
    assert len(interface.related) == 1 and interface.span is not None
    assert interface.span.line != interface.related[0].span.line
    assert "write_interface_twice" in (interface.help or "")


def test_the_overlap_requests_go_to_the_first_list(findings: list[Diagnostic]) -> None:
    root = Path(__file__).resolve().parents[2]
    policies = policylang.load(root / "policies")
    first = {"write_interface": "technical"}
    for finding in findings:
        if finding.code != "PL601":
            continue
        assert isinstance(finding, Finding) and finding.counterexample is not None
        decision = policies.evaluate(dict(finding.counterexample))
        assert decision.handler.rule is not None
        assert decision.handler.rule.name == first[_key(finding)[3]]


def test_the_chatops_contradiction_names_both_clauses(findings: list[Diagnostic]) -> None:
    contradiction = next(f for f in findings if f.code == "PL651" and "chatops" in (f.file or ""))
    messages = [r.message for r in contradiction.related]
    assert "about clause `critical_sla`" in messages
    assert "about clause `critical_24_7`" in messages
    assert "sla `critical_error` relies on it" in messages


def test_the_getting_started_policy_lints_clean(tmp_path: Path) -> None:
    """docs/index.md's first policy is what a newcomer copies: it must raise no finding (its
    `normal` priority is answered by `sla otherwise`, which tells it apart from `critical`)."""
    root = Path(__file__).resolve().parents[2]
    page = (root / "docs" / "index.md").read_text(encoding="utf-8")
    found = re.search(r"```policy\n(.*?)```", page, re.S)
    assert found, "docs/index.md shows a policy"
    path = tmp_path / "acme.policy"
    path.write_text(found.group(1), encoding="utf-8")
    report = lint_paths([path])
    assert [(d.code, d.message) for d in report.diagnostics] == []
