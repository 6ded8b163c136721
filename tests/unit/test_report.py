"""`policylang.report`: report.md shows every clock status report.json has; the chart counts
tickets in whole numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from policylang.tools.compliance import GroupStats, Report, chart

STATUSES = ("met", "breached", "running", "paused", "uncommitted")


def markdown_counts(markdown: str) -> dict[tuple[str, str, str, str], dict[str, int]]:
    """(clock, policy, type, priority) -> {status: count} read back from report.md's tables."""
    out: dict[tuple[str, str, str, str], dict[str, int]] = {}
    for clock in ("response", "resolution"):
        section = re.search(rf"^## {clock.capitalize()}\n\n(.*?)(?=\n\n|\Z)", markdown, re.S | re.M)
        assert section, f"report.md has no {clock} table"
        header, _, *rows = section.group(1).splitlines()
        names = [n.strip() for n in header.strip("|").split("|")]
        for row in rows:
            cells = dict(zip(names, (c.strip() for c in row.strip("|").split("|")), strict=True))
            key = (clock, cells["policy"], cells["type"], cells["priority"])
            out[key] = {
                status: int(
                    cells["no commitment" if status == "uncommitted" else status].split()[0]
                )
                for status in STATUSES
            }
    return out


def json_counts(data: dict[str, Any]) -> dict[tuple[str, str, str, str], dict[str, int]]:
    out = {}
    for group in data["groups"]:
        for clock in ("response", "resolution"):
            key = (clock, group["policy"], group["type"], group["priority"])
            out[key] = {status: group[clock].get(status, 0) for status in STATUSES}
    return out


GROUPS = {
    "every-status": {
        ("acme", "bug", "high"): GroupStats(
            tickets=5,
            response=dict.fromkeys(STATUSES, 1),
            resolution={"running": 2, "paused": 1, "uncommitted": 2},
        )
    },
    "open-and-uncommitted-only": {
        ("acme", "—", "low"): GroupStats(
            tickets=3, response={"running": 3}, resolution={"uncommitted": 3}
        ),
        ("beta", "question", "—"): GroupStats(
            tickets=2, response={"paused": 1, "met": 1}, resolution={"running": 2}
        ),
    },
}


@pytest.mark.parametrize("groups", GROUPS.values(), ids=GROUPS.keys())
def test_report_md_shows_every_count_report_json_has(
    groups: dict[tuple[str, str, str], GroupStats],
) -> None:
    report = Report(groups=groups, rows=sum(g.tickets for g in groups.values()))
    assert markdown_counts(report.to_markdown()) == json_counts(report.to_json())


@pytest.mark.parametrize("largest", [1, 2, 3, 7, 250], ids=lambda n: f"{n}-tickets")
def test_the_chart_counts_tickets_in_whole_numbers(largest: int) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib import pyplot

    stats = GroupStats(
        tickets=largest,
        response={"met": largest},
        resolution={"running": max(largest - 1, 0), "uncommitted": min(largest, 1)},
    )
    figure = chart(Report(groups={("acme", "—", "—"): stats}, rows=largest))
    try:
        for axis in figure.axes:
            ticks = list(axis.get_yticks())
            assert ticks and all(float(t).is_integer() for t in ticks), ticks
    finally:
        pyplot.close(figure)
