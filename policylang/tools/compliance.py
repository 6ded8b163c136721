"""SLA compliance over an export of tickets: counts, met, breached, time to first response.

Each ticket is a request with its events (the shape `policylang eval` takes, ``events`` and ``now``
included), one per row of a JSONL or CSV export (read by
:func:`policylang.tools.batch.read_requests`, so a CSV ``events`` cell holds the JSON list). Every
row is accounted for: a ticket that cannot be evaluated is counted under its problem and listed
(line number and message), never dropped silently. Groups are (policy, ticket type, priority); "time
to first response" is the response clock's elapsed time at the first response, in business hours of
its calendar.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylang.runtime.outcome import Crashed, Rejected, evaluate
from policylang.runtime.policyset import PolicySet
from policylang.tools.batch import RowError
from policylang.tools.charts import save_png

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["GroupStats", "Report", "chart", "summarise", "write_chart"]

_STATUSES = ("met", "breached", "running", "paused", "uncommitted")
#: How the report names each status.
_WORDS = {status: "no commitment" if status == "uncommitted" else status for status in _STATUSES}
#: At most this many bad rows are listed one by one in the report (all are counted).
MAX_LISTED_ERRORS = 50


@dataclass(slots=True)
class GroupStats:
    """Counts for one (policy, type, priority) group."""

    tickets: int = 0
    response: dict[str, int] = field(default_factory=dict)
    resolution: dict[str, int] = field(default_factory=dict)
    first_response_seconds: list[int] = field(default_factory=list)

    def add(self, timeline: dict[str, Any]) -> None:
        """Count one evaluated ticket."""
        self.tickets += 1
        for clock, counts in (("response", self.response), ("resolution", self.resolution)):
            status = timeline["sla"][clock]["status"] or "uncommitted"
            counts[status] = counts.get(status, 0) + 1
        response = timeline["sla"]["response"]
        if response["stopped_at"] is not None and response["elapsed_seconds"] is not None:
            self.first_response_seconds.append(response["elapsed_seconds"])

    @property
    def median_first_response_hours(self) -> float | None:
        """Median business hours to the first response, over tickets that got one."""
        if not self.first_response_seconds:
            return None
        return statistics.median(self.first_response_seconds) / 3600


@dataclass(slots=True)
class Report:
    """The whole report: groups, and the rows that could not be evaluated."""

    groups: dict[tuple[str, str, str], GroupStats] = field(default_factory=dict)
    rows: int = 0
    errors: int = 0
    listed_errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        """Count a row that could not be evaluated (and list the first ones)."""
        self.errors += 1
        if len(self.listed_errors) < MAX_LISTED_ERRORS:
            self.listed_errors.append((line, message))

    def to_markdown(self, title: str = "SLA compliance") -> str:
        """The report as a Markdown page."""
        lines = [
            f"# {title}",
            "",
            f"{self.rows} tickets read, {self.rows - self.errors} evaluated, "
            f"{self.errors} could not be evaluated.",
            "",
            "Each clock as it stands at the ticket's `now`: met or breached (stopped before or "
            "after it fell due), running or paused (still open), or no commitment (the policy "
            "promises no time for it).",
        ]
        for clock in ("response", "resolution"):
            lines += ["", f"## {clock.capitalize()}", "", *self._clock_table(clock)]
        if self.listed_errors:
            lines += ["", "## Tickets that could not be evaluated", ""]
            lines += [f"- line {line}: {message}" for line, message in self.listed_errors]
            if self.errors > len(self.listed_errors):
                lines.append(f"- ... and {self.errors - len(self.listed_errors)} more")
        return "\n".join(lines) + "\n"

    def _clock_table(self, clock: str) -> list[str]:
        """One row per group: how many of its tickets' ``clock`` ended in each status."""
        header = ["policy", "type", "priority", "tickets", *(_WORDS[s] for s in _STATUSES)]
        if clock == "response":
            header.append("median first response (business h)")
        lines = [
            "| " + " | ".join(header) + " |",
            "|---|---|---|" + "---:|" * (len(header) - 3),
        ]
        for (policy, kind, priority), stats in sorted(self.groups.items()):
            counts = stats.response if clock == "response" else stats.resolution
            cells = [policy, kind, priority, str(stats.tickets)]
            cells += [_share(counts, status, stats.tickets) for status in _STATUSES]
            if clock == "response":
                median = stats.median_first_response_hours
                cells.append("—" if median is None else f"{median:.2f}")
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "groups": [
                {
                    "policy": policy,
                    "type": kind,
                    "priority": priority,
                    "tickets": stats.tickets,
                    "response": stats.response,
                    "resolution": stats.resolution,
                    "median_first_response_hours": stats.median_first_response_hours,
                }
                for (policy, kind, priority), stats in sorted(self.groups.items())
            ],
        }


def _share(counts: dict[str, int], status: str, total: int) -> str:
    value = counts.get(status, 0)
    return f"{value} ({100 * value / total:.0f}%)" if total else "0"


def summarise(policies: PolicySet, tickets: Iterable[tuple[int, Any]]) -> Report:
    """Evaluate every ticket and aggregate the timelines."""
    report = Report()
    for number, ticket in tickets:
        report.rows += 1
        if isinstance(ticket, RowError):
            report.error(number, f"{ticket.kind}: {ticket.message}")
            continue
        if isinstance(ticket, dict) and "events" not in ticket and "now" not in ticket:
            # A ticket exported with no history is judged at its opening.
            request = {**ticket, "events": []}
        else:
            request = ticket
        outcome = evaluate(policies, request)
        if isinstance(outcome, Rejected):
            report.error(number, str(outcome.error))
            continue
        if isinstance(outcome, Crashed):  # a bug: the report would be wrong, not short of a row
            raise outcome.error
        decision = outcome.answer
        timeline = decision.timeline
        assert timeline is not None  # the request carries events
        values = decision.request.values
        key = (
            decision.policy.id,
            str(values.get("type", "—")),
            str(values.get("priority", "—")),
        )
        report.groups.setdefault(key, GroupStats()).add(timeline)
    return report


def write_chart(report: Report, path: Path) -> None:
    """A bar chart of response and resolution outcomes per policy (PNG)."""
    save_png(chart(report), path)


def chart(report: Report) -> Figure:
    """The chart's figure: per clock, a bar per policy stacked by status (needs matplotlib)."""
    import matplotlib  # noqa: PLC0415 - optional, heavy: only the report command needs it

    matplotlib.use("Agg")  # no display: render to a file
    from matplotlib import pyplot  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    by_policy: dict[str, dict[str, int]] = {}
    for (policy, _kind, _priority), stats in report.groups.items():
        totals = by_policy.setdefault(policy, {})
        for clock, counts in (("response", stats.response), ("resolution", stats.resolution)):
            for status in _STATUSES:
                name = f"{clock} {status}"
                totals[name] = totals.get(name, 0) + counts.get(status, 0)
    policies = sorted(by_policy)
    figure, axes = pyplot.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    colours = {
        "met": "#2e7d32",
        "breached": "#c62828",
        "running": "#1565c0",
        "paused": "#f9a825",
        "uncommitted": "#bdbdbd",
    }
    for axis, clock in zip(axes, ("response", "resolution"), strict=True):
        bottom = [0] * len(policies)
        for status in _STATUSES:
            heights = [by_policy[p].get(f"{clock} {status}", 0) for p in policies]
            axis.bar(policies, heights, bottom=bottom, label=_WORDS[status], color=colours[status])
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        axis.set_title(f"{clock.capitalize()} SLA")
        axis.tick_params(axis="x", rotation=30)
        # Tickets are counted whole: no 0.5 on the axis, whatever the counts.
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_ylabel("tickets")
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    return figure
