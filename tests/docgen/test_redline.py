"""`policylang diff`: what changed for customers between two versions of a policy.

Fixtures are generated: each case edits the text of a bundled policy into a "new version"
and lists the changes the redline must report, no more and no fewer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylang.cli.app import cli
from policylang.tools.docgen.redline import (
    Change,
    Redline,
    compare_files,
    redline_json,
    redline_markdown,
    redline_text,
)
from tests.conftest import ROOT

BPM = (ROOT / "policies" / "bpmsoft_care.policy").read_text("utf-8")
NEW_VERSION = ('version "1.0"', 'version "2.0"'), ("effective 2026-01-01", "effective 2026-07-01")
EFFECTIVE = {("policy", "", "changed", "In force from")}


def _edit(*pairs: tuple[str, str]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        for old, new in (*NEW_VERSION, *pairs):
            assert old in text, old
            text = text.replace(old, new, 1)
        return text

    return edit


def _drop(start: str) -> Callable[[str], str]:
    """Remove the declaration that starts with ``start`` (up to its closing brace line)."""

    def edit(text: str) -> str:
        text = _edit()(text)
        begin = text.index(start)
        end = text.index("\n}\n", begin) + 3
        return text[:begin] + text[end:]

    return edit


CASES: list[tuple[str, Callable[[str], str], set[tuple[str, str, str, str | None]]]] = [
    ("only the version and date", _edit(), EFFECTIVE),
    (
        "a shorter reaction time",
        _edit(("response within 30 minutes on office", "response within 15 minutes on office")),
        EFFECTIVE
        | {
            ("targets", "priority Critical (critical)", "changed", "First response"),
            ("commitments", "critical", "changed", "First response"),
        },
    ),
    (
        "longer service hours",
        _edit(("  hours mon-fri 08:30-17:30\n", "  hours mon-fri 08:00-18:00\n")),
        EFFECTIVE | {("calendars", "office", "changed", "Weekly hours")},
    ),
    (
        "a company day off",
        _edit(("  holidays RU\n", '  holidays RU\n  closed 2026-12-30 "Company day off"\n')),
        EFFECTIVE | {("calendars", "office", "changed", "Closed 2026-12-30")},
    ),
    (
        "a free fix becomes a fee",
        _edit(
            (
                "charge executor_fix_free \"The Executor's defect or product is fixed as part of "
                'the Services" {\n  when origin in [executor_defect, executor_product]\n  '
                "included",
                "charge executor_fix_free \"The Executor's defect or product is fixed as part of "
                'the Services" {\n  when origin in [executor_defect, executor_product]\n  '
                "fee unspecified",
            )
        ),
        EFFECTIVE | {("charges", "executor_fix_free", "changed", "Line")},
    ),
    (
        "another department",
        _edit(
            (
                'responsible vendor "BPMSoft (the vendor)"',
                'responsible vendor "BPMSoft support desk"',
            )
        ),
        EFFECTIVE | {("responsibilities", "vendor", "changed", "Department")},
    ),
    (
        "a refusal ground removed",
        _drop("refusal not_authorized"),
        EFFECTIVE | {("refusals", "not_authorized", "removed", None)},
    ),
    (
        "a longer acceptance window",
        _edit(
            (
                "within 7 calendar days from last resolved",
                "within 10 calendar days from last resolved",
            )
        ),
        EFFECTIVE | {("lifecycle", "acceptance", "changed", "Timing")},
    ),
]


def _write(tmp_path: Path, edit: Callable[[str], str]) -> tuple[Path, Path]:
    old, new = tmp_path / "old" / "bpmsoft_care.policy", tmp_path / "new" / "bpmsoft_care.policy"
    old.parent.mkdir()
    new.parent.mkdir()
    old.write_text(BPM, encoding="utf-8")
    new.write_text(edit(BPM), encoding="utf-8")
    return old, new


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_redline_reports_exactly_the_changes(
    tmp_path: Path,
    name: str,
    edit: Callable[[str], str],
    expected: set[tuple[str, str, str, str | None]],
) -> None:
    old, new = _write(tmp_path, edit)
    redline = compare_files(old, new)
    found = {(c.section, c.item, c.change, c.field) for c in redline.changes}
    assert found == expected, name


def test_reordered_charges_are_a_change(tmp_path: Path) -> None:
    def swap(text: str) -> str:
        text = _edit()(text)
        first = text.index("charge registered_on_behalf")
        second = text.index("charge online_channel")
        end = text.index("\n}\n", second) + 3
        return text[:first] + text[second:end] + text[first:second] + text[end:]

    old, new = _write(tmp_path, swap)
    changes = compare_files(old, new).changes
    order = [c for c in changes if c.change == "order"]
    assert [(c.section, c.old, c.new) for c in order] == [
        (
            "charges",
            "consultation, registered_on_behalf, online_channel, undescribed_improvement, "
            "fix_other_layer, executor_fix_free, outdated_product_consultation, "
            "consultation_and_help_free, otherwise",
            "consultation, online_channel, registered_on_behalf, undescribed_improvement, "
            "fix_other_layer, "
            "executor_fix_free, outdated_product_consultation, consultation_and_help_free, "
            "otherwise",
        )
    ]


def test_identical_versions_have_no_change(tmp_path: Path) -> None:
    old, new = _write(tmp_path, lambda text: text)
    redline = compare_files(old, new)
    assert redline.changes == ()
    assert "Nothing changed for customers." in redline_markdown(redline)


def test_markdown_and_json(tmp_path: Path) -> None:
    old, new = _write(tmp_path, CASES[1][1])
    redline = compare_files(old, new)
    text = redline_markdown(redline)
    assert text.startswith("# Changes to `bpmsoft_care`: version 1.0 \u2192 2.0\n")
    assert (
        "| Critical priority `critical` | First response | <del>within 30 minutes of business "
        "time on calendar office</del> | <ins>within 15 minutes of business time on calendar "
        "office</ins> |"
    ) in text
    data = redline_json(redline)
    assert data["old"] == {"version": "1.0", "effective": "2026-01-01"}
    assert data["new"] == {"version": "2.0", "effective": "2026-07-01"}
    assert {
        "section": "commitments",
        "item": "critical",
        "title": "Critical priority",
        "change": "changed",
        "field": "First response",
        "old": "within 30 minutes of business time on calendar office",
        "new": "within 15 minutes of business time on calendar office",
        "anchor": "rule-sla-critical",
    } in data["changes"]


def test_cli_diff(tmp_path: Path) -> None:
    old, new = _write(tmp_path, CASES[1][1])
    runner = CliRunner()
    as_json = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["policy"] == "bpmsoft_care"
    as_markdown = runner.invoke(cli, ["diff", str(old), str(new), "--format", "markdown"])
    assert as_markdown.exit_code == 0
    assert "<ins>within 15 minutes" in as_markdown.output
    broken = tmp_path / "broken.policy"
    broken.write_text("policy {", encoding="utf-8")
    failed = runner.invoke(cli, ["diff", str(old), str(broken)])
    assert failed.exit_code == 1


def test_site_shows_older_versions_and_their_redline(tmp_path: Path) -> None:
    from policylang.tools.docgen.site import render_site

    old, new = _write(tmp_path, CASES[1][1])
    both = tmp_path / "both"
    both.mkdir()
    (both / "bpmsoft_care.policy").write_text(old.read_text("utf-8"), encoding="utf-8")
    (both / "bpmsoft_care_v2.policy").write_text(new.read_text("utf-8"), encoding="utf-8")
    pages = render_site([both])
    assert sorted(pages) == ["bpmsoft_care-1.0.md", "bpmsoft_care.md", "index.md"]
    latest = pages["bpmsoft_care.md"]
    assert "## Versions {#versions}" in latest
    assert "[1.0](bpmsoft_care-1.0.md)" in latest
    assert "## Changes from version 1.0 {#changes}" in latest
    assert "[Critical priority](#rule-sla-critical) `critical` | First response" in latest
    assert "## Changes from version" not in pages["bpmsoft_care-1.0.md"]


def test_a_new_clock_pause_is_reported(tmp_path: Path) -> None:
    pause = (
        '\npause waiting "Waiting on the client" {\n  clocks response\n'
        "  from waiting_on_customer until customer_replied\n}\n"
    )
    old, new = _write(tmp_path, lambda text: _edit()(text) + pause)
    found = {(c.section, c.item, c.change) for c in compare_files(old, new).changes}
    assert ("pauses", "waiting", "added") in found


# ---------------------------------------------------------------------- the text redline


def _redline(*changes: Change) -> Redline:
    return Redline("acme", "1.0", "2.0", "2026-01-01", "2026-07-01", changes)


HEADER_LINES = [
    "--- acme 1.0 (in force from 1 January 2026)",
    "+++ acme 2.0 (in force from 1 July 2026)",
]

TEXT_CASES = {
    "nothing": ((), ["Nothing changed for customers."]),
    "changed": (
        (
            Change(
                "commitments",
                "critical",
                "Critical",
                "changed",
                "Response",
                "1 hour",
                "30 min",
                "a",
            ),
        ),
        ["@@ Commitment rules @@", "  Critical `critical`: Response", "- 1 hour", "+ 30 min"],
    ),
    "stated-for-the-first-time": (
        (
            Change(
                "calendars",
                "office",
                "Office",
                "changed",
                "Closed 2026-12-30",
                None,
                "Day off",
                "a",
            ),
        ),
        [
            "@@ Hours and calendars @@",
            "  Office `office`: Closed 2026-12-30",
            "- (not stated)",
            "+ Day off",
        ],
    ),
    "added-and-removed-in-order-of-sections": (
        (
            Change("refusals", "gone", "Gone", "removed", None, "Ground: x", None, None),
            Change("charges", "phone", "Phone", "added", None, None, "Billable: yes", "a"),
        ),
        [
            "@@ Charges @@",
            "  Phone `phone`: added",
            "+ Billable: yes",
            "@@ Refusals @@",
            "  Gone `gone`: removed",
            "- Ground: x",
        ],
    ),
    "a-value-on-several-lines": (
        (Change("targets", "t", "type Bug", "changed", "Resolution", "a\nb", "c", None),),
        ["@@ Targets by request @@", "  type Bug: Resolution", "- a", "- b", "+ c"],
    ),
    "order": (
        (Change("charges", "", "Order of the rules", "order", None, "a, b", "b, a", None),),
        ["@@ Charges @@", "  Order of the rules", "- a, b", "+ b, a"],
    ),
}


@pytest.mark.parametrize(("changes", "lines"), TEXT_CASES.values(), ids=TEXT_CASES.keys())
def test_the_text_redline_reads_like_a_unified_diff(
    changes: tuple[Change, ...], lines: list[str]
) -> None:
    assert redline_text(_redline(*changes)).splitlines() == HEADER_LINES + lines


def test_the_text_redline_styles_each_line_by_its_role() -> None:
    change = Change("charges", "phone", "Phone", "changed", "Billable", "no", "yes", "a")
    styled = redline_text(_redline(change), lambda text, role: f"<{role}>{text}")
    assert styled.splitlines() == [
        "<header>" + HEADER_LINES[0],
        "<header>" + HEADER_LINES[1],
        "<section>@@ Charges @@",
        "<item>  Phone `phone`: Billable",
        "<removed>- no",
        "<added>+ yes",
    ]


def test_cli_diff_prints_text_coloured_only_on_a_terminal(tmp_path: Path) -> None:
    old, new = _write(tmp_path, CASES[1][1])
    runner = CliRunner()
    plain = runner.invoke(cli, ["diff", str(old), str(new)])  # not a terminal
    assert plain.exit_code == 0, plain.output
    assert "\x1b[" not in plain.output
    assert "- within 30 minutes of business time on calendar office\n" in plain.output
    assert "+ within 15 minutes of business time on calendar office\n" in plain.output
    coloured = runner.invoke(cli, ["diff", str(old), str(new)], color=True)
    assert "\x1b[31m- within 30 minutes" in coloured.output
    assert "\x1b[32m+ within 15 minutes" in coloured.output
    assert coloured.output.count("\x1b[") > 4
