"""An impact summary as a Markdown page and as a chart (PNG), as ``report`` writes its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylang.tools.charts import save_png
from policylang.tools.impact.facets import CLOCKS
from policylang.tools.impact.summary import MAX_EXAMPLES, SHIFT_BINS, ImpactSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["chart", "to_markdown", "write_chart"]

#: How each kind of change reads in a table.
_WORDS = {
    "due_earlier": "due earlier",
    "due_later": "due later",
    "commitment_added": "commitment added",
    "commitment_removed": "commitment removed",
    "commitment_changed": "commitment changed",
    "breach_gained": "breach gained",
    "breach_lost": "breach lost",
    "roles_changed": "roles changed",
    "billable_changed": "billable changed",
    "line_added": "charge line added",
    "line_removed": "charge line removed",
    "rejected_under_new": "answered before, rejected after",
    "answered_under_new": "rejected before, answered after",
}


def _hours(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 3600:+.2f} h"


def to_markdown(summary: ImpactSummary, sides: dict[str, Any]) -> str:
    """The page: totals, changes by kind, due-time moves, most affected, changed tickets."""
    data = summary.to_json()
    lines = [
        "# Impact of a policy change",
        "",
        f"Old: {_side(sides['old'])}. New: {_side(sides['new'])}.",
        "",
        f"{data['tickets']} tickets read, {data['compared']} decided under both sides: "
        f"**{data['changed']} changed**, {data['unchanged']} unchanged; "
        f"{data['not_evaluated']} could not be decided under either.",
        "",
        "## Changes by kind",
        "",
    ]
    if data["changes"]:
        lines += ["| what | change | tickets |", "|---|---|---:|"]
        lines += [
            f"| {c['facet'].replace('_', ' ')} | {_WORDS.get(c['kind'], c['kind'])} | "
            f"{c['count']} |"
            for c in data["changes"]
        ]
    else:
        lines.append("No ticket changed.")
    lines += ["", "## Due times moved", ""]
    lines += ["| clock | tickets | mean | most earlier | most later |", "|---|---:|---:|---:|---:|"]
    for clock in CLOCKS:
        shift = data["due_shifts"][clock]
        lines.append(
            f"| {clock} | {shift['tickets']} | {_hours(shift['mean_seconds'])} | "
            f"{_hours(shift['earliest_seconds'])} | {_hours(shift['latest_seconds'])} |"
        )
    lines += ["", "By how much (tickets moved earlier / later):", ""]
    lines += ["| by | " + " | ".join(CLOCKS) + " |", "|---|" + "---:|" * len(CLOCKS)]
    for index, (label, _) in enumerate(SHIFT_BINS):
        cells = [
            f"{data['due_shifts'][c]['bins'][index]['earlier']} / "
            f"{data['due_shifts'][c]['bins'][index]['later']}"
            for c in CLOCKS
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += _most_affected(data["most_affected"])
    lines += _examples(data["examples"], data["changed"])
    if data["errors"]:
        lines += ["", "## Tickets that could not be decided", ""]
        lines += [f"- {e['where']}: {e['message']}" for e in data["errors"]]
        if data["not_evaluated"] > len(data["errors"]):
            lines.append(f"- ... and {data['not_evaluated'] - len(data['errors'])} more")
    return "\n".join(lines) + "\n"


def _side(side: dict[str, Any]) -> str:
    text = f"`{side['policies']}`"
    return text + (f" as of {side['as_of']}" if side.get("as_of") else "")


def _most_affected(most: dict[str, Any]) -> list[str]:
    lines = ["", "## Most affected", ""]
    if most["groups"]:
        lines += ["| policy | type | priority | tickets | changed |", "|---|---|---|---:|---:|"]
        lines += [
            f"| {g['policy']} | {g['type']} | {g['priority']} | {g['tickets']} | {g['changed']} |"
            for g in most["groups"]
        ]
    else:
        lines.append("No ticket group changed.")
    if most["customers"]:
        lines += ["", "| customer | changed tickets |", "|---|---:|"]
        lines += [f"| {c['customer']} | {c['changed']} |" for c in most["customers"]]
    return lines


def _examples(examples: list[dict[str, Any]], changed: int) -> list[str]:
    if not examples:
        return []
    lines = ["", "## Changed tickets", ""]
    if changed > len(examples):
        lines += [f"The first {MAX_EXAMPLES} of {changed}; changes.jsonl has every one.", ""]
    for ticket in examples:
        name = ticket["where"] + (f" (ticket {ticket['ticket_id']})" if ticket["ticket_id"] else "")
        lines.append(f"### {name}: {ticket['policy']}, opened {ticket['opened_at']}")
        lines += ["", "| what | change | before | after |", "|---|---|---|---|"]
        for change in ticket["changes"]:
            what = _WORDS.get(change["kind"], change["kind"])
            if "shift_seconds" in change:
                what += f" ({_hours(change['shift_seconds'])})"
            lines.append(
                f"| {change['facet'].replace('_', ' ')} | {what} | "
                f"{_cell(change['before'], change.get('message'))} | {_cell(change['after'])} |"
            )
        lines.append("")
    return lines


def _cell(side: dict[str, Any] | None, message: str | None = None) -> str:
    if side is None:
        return "—" if message is None else f"no answer: {message}".replace("|", "\\|")
    value = side["value"]
    shown = (
        ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
        if isinstance(value, dict)
        else str(value)
    )
    if side["rule"] is not None:
        shown += f" — rule `{side['rule']}`"
        if side["clauses"]:
            shown += " (" + ", ".join(f"`{c}`" for c in side["clauses"]) + ")"
    return shown.replace("|", "\\|").replace("\n", " ")


def write_chart(summary: ImpactSummary, path: Path) -> None:
    """The chart as a PNG file (needs matplotlib)."""
    save_png(chart(summary), path)


def chart(summary: ImpactSummary) -> Figure:
    """Left: changed tickets by kind. Right: due-time moves per clock, earlier and later."""
    import matplotlib  # noqa: PLC0415 - optional, heavy

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    figure, (kinds_axis, shift_axis) = pyplot.subplots(1, 2, figsize=(13, 4.8))
    counts = summary.counts()
    names = [f"{c['facet'].replace('_', ' ')}: {_WORDS.get(c['kind'], c['kind'])}" for c in counts]
    kinds_axis.barh(names[::-1], [c["count"] for c in counts][::-1], color="#1565c0")
    kinds_axis.set_title("Changes by kind")
    kinds_axis.set_xlabel("tickets")
    kinds_axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    labels = [label for label, _ in SHIFT_BINS]
    positions = range(len(labels))
    width = 0.2
    colours = {"response": ("#ef9a9a", "#c62828"), "resolution": ("#90caf9", "#1565c0")}
    for offset, clock in enumerate(CLOCKS):
        stats = summary.shifts[clock]
        earlier, later = colours[clock]
        base = [p + (offset * 2 - 1.5) * width for p in positions]
        earlier_counts = [stats.earlier[b] for b in labels]
        later_counts = [stats.later[b] for b in labels]
        shift_axis.bar(base, earlier_counts, width, label=f"{clock} earlier", color=earlier)
        moved = [b + width for b in base]
        shift_axis.bar(moved, later_counts, width, label=f"{clock} later", color=later)
    shift_axis.set_xticks(list(positions), labels)
    shift_axis.set_title("Due times moved, by how much")
    shift_axis.set_ylabel("tickets")
    shift_axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    shift_axis.legend(loc="upper right")
    figure.tight_layout()
    return figure
