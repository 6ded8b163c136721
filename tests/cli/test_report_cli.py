"""`policylang report`: SLA compliance over a ticket export, through a real process."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from policylang.tools.compliance import summarise
from tests.cli.inproc import run
from tests.conftest import ROOT

# BPMSoft partner, high priority: 2 business hours to react, Mon-Fri 08:30-17:30 Moscow.
MET = {
    "policy": "bpmsoft_care",
    "opened_at": "2026-03-11T10:00:00+03:00",
    "priority": "high",
    "events": [{"type": "responded", "at": "2026-03-11T11:00:00+03:00"}],
    "now": "2026-03-12T10:00:00+03:00",
}
BREACHED = {
    **MET,
    "events": [{"type": "responded", "at": "2026-03-11T13:30:00+03:00"}],
}
OPEN = {**MET, "events": [], "now": "2026-03-11T11:00:00+03:00"}


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_report_counts_and_medians(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [MET, BREACHED, OPEN])
    result = run("report", tickets, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (group,) = data["groups"]
    assert (group["policy"], group["priority"], group["tickets"]) == ("bpmsoft_care", "high", 3)
    assert group["response"] == {"met": 1, "breached": 1, "running": 1}
    # First responses after 1 h and 3.5 h of business time: the median is 2.25 h.
    assert group["median_first_response_hours"] == 2.25
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| bpmsoft_care | — | high | 3 | 1 (33%) | 1 (33%) |" in markdown
    assert (tmp_path / "out" / "report.png").read_bytes().startswith(b"\x89PNG")


def test_bad_rows_are_counted_and_listed_not_dropped(tmp_path: Path) -> None:
    rows: list[object] = [MET, "{not json", "", {**MET, "priority": "urgent"}]
    tickets = write_jsonl(tmp_path / "tickets.jsonl", rows)
    result = run("report", tickets, "-o", tmp_path / "out", "--no-chart")
    assert result.returncode == 1
    assert "4 tickets, 1 evaluated, 3 not" in result.stderr
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "- line 2: malformed JSON" in markdown
    assert "- line 3: blank line" in markdown
    assert "- line 4: priority: `urgent` is not a value of `priority`" in markdown
    assert not (tmp_path / "out" / "report.png").exists()


def test_csv_export_with_an_events_column(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["policy", "opened_at", "priority", "events", "now"])
        for ticket in (MET, BREACHED):
            writer.writerow(
                [
                    ticket["policy"],
                    ticket["opened_at"],
                    ticket["priority"],
                    json.dumps(ticket["events"]),
                    ticket["now"],
                ]
            )
    result = run("report", path, "-o", tmp_path / "out", "--no-chart")
    assert result.returncode == 0, result.stderr
    (group,) = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["groups"]
    assert group["response"] == {"met": 1, "breached": 1}


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["missing.jsonl"], 1, "cannot read"),
        (["x.jsonl", "--input-format", "xml"], 2, "Invalid value for '--input-format'"),
        ([], 2, "Missing argument"),
    ],
    ids=["missing-file", "bad-format", "no-input"],
)
def test_report_usage_errors(tmp_path: Path, args: list[str], code: int, needle: str) -> None:
    result = run(
        "report", *args, "-o", tmp_path / "out", "--policies", ROOT / "policies", cwd=tmp_path
    )
    assert result.returncode == code
    assert needle in result.stderr


def test_summary_is_an_empty_report_for_no_rows() -> None:
    import policylang

    report = summarise(policylang.load(ROOT / "policies"), [])
    assert (report.rows, report.errors, report.groups) == (0, 0, {})


def test_a_stray_quote_in_a_csv_export_costs_one_ticket(tmp_path: Path) -> None:
    """The report reads CSV through the batch reader: a row with an unbalanced quote is listed,
    and the tickets after it are still counted."""
    header = "policy,opened_at,priority,now\n"
    good = f"{MET['policy']},{MET['opened_at']},{MET['priority']},{MET['now']}\n"
    bad = f'{MET["policy"]},"{MET["opened_at"]},{MET["priority"]},{MET["now"]}\n'
    path = tmp_path / "tickets.csv"
    path.write_text(header + good * 3 + bad + good * 40, encoding="utf-8")
    result = run("report", path, "-o", tmp_path / "out", "--no-chart")
    assert result.returncode == 1
    assert "44 tickets, 43 evaluated, 1 not" in result.stderr
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "- line 5: malformed CSV: a quote is opened and never closed" in markdown
