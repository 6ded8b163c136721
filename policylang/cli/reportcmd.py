"""``policylang report TICKETS -o DIR``: SLA compliance over an export of tickets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policylang import read_requests, summarise, write_chart
from policylang.cli.batchcmd import open_input, progress_bar
from policylang.cli.common import Failure, load_policies, policies_option
from policylang.cli.partitioned import is_partitioned, report_partitioned
from policylang.cli.scaleopts import Engine, engine_options

__all__ = ["report_command"]


@click.command("report")
@click.argument("tickets", type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="report",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The directory to write report.md, report.json and report.png into.",
)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default=None,
    help="How TICKETS is written; default: by its suffix (.csv, .parquet), else jsonl.",
)
@click.option("--no-chart", is_flag=True, help="Skip the chart image.")
@policies_option
@engine_options
def report_command(
    *,
    tickets: str,
    out_dir: Path,
    input_format: str | None,
    no_chart: bool,
    policies_dir: Path,
    engine: Engine,
) -> None:
    """Evaluate every ticket of TICKETS (requests with their events) and report SLA compliance.

    Per policy, ticket type and priority: tickets, response and resolution met and breached,
    still open, and the median business hours to the first response. Writes report.md,
    report.json and, unless --no-chart, report.png (needs matplotlib). Rows that cannot be
    evaluated are counted and listed. A progress bar shows on a terminal. TICKETS may be a
    Parquet file or a directory of partition files; --engine dask runs one task per partition
    on a Dask cluster (docs/scaling.md).
    """
    fmt = input_format or ("csv" if tickets.lower().endswith(".csv") else "jsonl")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Failure(f"{out_dir}: cannot create: {error.strerror or error}") from None
    if is_partitioned(tickets, input_format, engine):
        report = report_partitioned(
            tickets, input_format=input_format, policies_dir=policies_dir, engine=engine
        )
    else:
        policies = load_policies(policies_dir)
        with open_input(tickets) as (source, size), progress_bar(size, "reporting") as advance:
            report = summarise(
                policies, read_requests(policies, source, input_format=fmt, progress=advance)
            )
    (out_dir / "report.md").write_text(report.to_markdown(), encoding="utf-8")
    (out_dir / "report.json").write_text(
        json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written = ["report.md", "report.json"]
    if not no_chart:
        try:
            write_chart(report, out_dir / "report.png")
        except ImportError:
            raise Failure(
                "the chart needs matplotlib: python -m pip install matplotlib, or pass --no-chart"
            ) from None
        written.append("report.png")
    click.echo(
        f"report: {report.rows} tickets, {report.rows - report.errors} evaluated, "
        f"{report.errors} not -> {out_dir}/ ({', '.join(written)})",
        err=True,
    )
    sys.exit(1 if report.errors else 0)
