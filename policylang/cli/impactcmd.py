"""``policylang impact OLD NEW --tickets PATH``: what a policy change does to real tickets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from policylang import (
    IdentityFields,
    ImpactJob,
    ImpactSummary,
    Partition,
    PolicyBundle,
    PolicySet,
    impact_markdown,
    impact_partition,
    impact_task,
    merge_impact,
    remember_compiled,
    total_bytes,
    write_impact_chart,
)
from policylang.cli.batchcmd import progress_bar
from policylang.cli.common import Failure, as_of_moment, load_policies
from policylang.cli.scaleopts import (
    Engine,
    check_parts_dir,
    engine_options,
    make_dir,
    partitions_of,
    run_tasks,
)
from policylang.errors import PolicyError, PolicylangError

__all__ = ["impact_command"]


def _as_of(option: str) -> Any:
    def convert(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return as_of_moment(value)
        except click.BadParameter as error:
            raise click.BadParameter(error.message, param_hint=option) from None

    return convert


@click.command("impact")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--tickets",
    "tickets",
    required=True,
    metavar="PATH",
    help="The tickets: a JSONL, CSV or Parquet file (`-`: JSONL on stdin), or a directory of "
    "partition files; with or without event histories.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="impact",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The directory to write impact.md, impact.json, impact.png and the changed tickets into.",
)
@click.option(
    "--as-of-old",
    metavar="DATE",
    callback=_as_of("--as-of-old"),
    help="Decide the old side with the version in force on this date.",
)
@click.option(
    "--as-of-new",
    metavar="DATE",
    callback=_as_of("--as-of-new"),
    help="Decide the new side with the version in force on this date.",
)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default=None,
    help="How a TICKETS file is written; default: by its suffix (.csv, .parquet), else jsonl. "
    "Files in a directory are read by their suffixes.",
)
@click.option(
    "--ticket-id",
    default="ticket_id",
    show_default=True,
    metavar="FIELD",
    help="The column naming a ticket; taken off before deciding unless a policy declares it.",
)
@click.option(
    "--customer",
    default="customer",
    show_default=True,
    metavar="FIELD",
    help="The column naming the customer (for the most affected); taken off likewise.",
)
@click.option("--no-chart", is_flag=True, help="Skip the chart image.")
@engine_options
def impact_command(
    *,
    old: Path,
    new: Path,
    tickets: str,
    out_dir: Path,
    as_of_old: dt.date | dt.datetime | None,
    as_of_new: dt.date | dt.datetime | None,
    input_format: str | None,
    ticket_id: str,
    customer: str,
    no_chart: bool,
    engine: Engine,
) -> None:
    """Decide every ticket under OLD and NEW policies and report what changed.

    OLD and NEW are policy files or directories, as `policylang diff` takes them; give one
    set twice with --as-of-old/--as-of-new to compare two versions of it. Each change is
    classified (due time earlier or later and by how much, breach gained or lost, commitment
    added or removed, handler changed, billable changed, answered by one side only) and
    counted, with the most affected ticket groups and customers. Writes impact.md,
    impact.json (schemas/impact.schema.json), impact.png unless --no-chart, and every
    changed ticket with both sides and the rules and clauses responsible: changes.jsonl
    (with --engine dask: changes/part-NNNNN.jsonl, one per partition).

    Exits 0, or 1 when some tickets could not be decided under either side (still reported).
    """
    job = _job(old, new, as_of_old, as_of_new, IdentityFields(ticket_id, customer))
    partitions = partitions_of(tickets, input_format, engine)
    make_dir(out_dir)
    if engine.distributed:
        parts = out_dir / "changes"
        check_parts_dir(parts, len(partitions))
        job = dataclasses.replace(job, out_dir=str(parts))
        summary = merge_impact(run_tasks(impact_task, partitions, job, engine, "comparing"))
        written = ["changes/"]
    else:
        summary = _here(job, partitions, out_dir / "changes.jsonl")
        written = ["changes.jsonl"]
    sides = {
        "old": {"policies": str(old), "as_of": _text(as_of_old)},
        "new": {"policies": str(new), "as_of": _text(as_of_new)},
    }
    (out_dir / "impact.md").write_text(impact_markdown(summary, sides), encoding="utf-8")
    document = {"sides": sides, **summary.to_json()}
    (out_dir / "impact.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    written[:0] = ["impact.md", "impact.json"]
    if not no_chart:
        try:
            write_impact_chart(summary, out_dir / "impact.png")
        except ImportError:
            raise Failure(
                "the chart needs matplotlib: python -m pip install matplotlib, or pass --no-chart"
            ) from None
        written.insert(2, "impact.png")
    click.echo(
        f"impact: {summary.rows} tickets, {summary.compared} compared, {summary.changed} changed, "
        f"{summary.not_evaluated} not decided -> {out_dir}/ ({', '.join(written)})",
        err=True,
    )
    sys.exit(1 if summary.not_evaluated else 0)


def _text(moment: dt.date | dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _job(
    old: Path,
    new: Path,
    as_of_old: dt.date | dt.datetime | None,
    as_of_new: dt.date | dt.datetime | None,
    identity: IdentityFields,
) -> ImpactJob:
    """Both sides loaded (errors shown as `check` shows them), checked to be comparable."""
    sides = []
    for path in (old, new):
        policies = load_policies(path)
        try:
            bundle = PolicyBundle.read([path])
        except PolicyError as error:  # the files went away between loading and reading
            raise Failure(f"{path}: {error}") from None
        remember_compiled(bundle, policies)
        sides.append((bundle, policies))
    (old_bundle, old_set), (new_bundle, new_set) = sides
    if old_bundle.digest == new_bundle.digest and as_of_old == as_of_new:
        raise Failure(
            "OLD and NEW are the same policies: give two sets, or one set with "
            "--as-of-old and --as-of-new to compare two of its versions"
        )
    rename = _rename(old, new, old_set, new_set)
    return ImpactJob(old_bundle, new_bundle, None, as_of_old, as_of_new, rename, identity)


def _rename(
    old: Path, new: Path, old_set: PolicySet, new_set: PolicySet
) -> tuple[tuple[str, str], ...]:
    """Two files of one policy each may name two ids; two sets must hold the same policies."""
    if old_set.ids == new_set.ids:
        return ()
    if old.is_file() and new.is_file() and len(old_set.ids) == len(new_set.ids) == 1:
        return ((old_set.ids[0], new_set.ids[0]),)
    only_old = sorted(set(old_set.ids) - set(new_set.ids))
    only_new = sorted(set(new_set.ids) - set(old_set.ids))
    said = []
    if only_old:
        said.append(f"only in {old}: {', '.join(only_old)}")
    if only_new:
        said.append(f"only in {new}: {', '.join(only_new)}")
    raise Failure(
        f"OLD and NEW hold different policies ({'; '.join(said)}): compare two sets of the same "
        "policies, or two single policy files"
    )


def _here(job: ImpactJob, partitions: list[Partition], changes: Path) -> ImpactSummary:
    """Every partition in this process, streaming into one changes.jsonl."""
    old, new = job.sides()
    merged = ImpactSummary()
    try:
        out = open(changes, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as error:
        raise Failure(f"{changes}: cannot write: {error.strerror or error}") from None
    with out, progress_bar(total_bytes(partitions), "comparing") as advance:
        for partition in partitions:
            try:
                found = impact_partition(
                    old, new, partition, out, identity=job.identity, progress=advance
                )
            except PolicylangError as error:
                raise Failure(str(error)) from None
            merged.merge(found)
    return merged
