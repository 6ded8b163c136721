"""``policylang batch IN -o OUT``: answer a stream of requests, one output line per input row."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, NoReturn

import click

from policylang import DETAILS, BatchError, BatchSummary, run_batch
from policylang.cli.common import Failure, as_of_option, load_policies, policies_option
from policylang.cli.scaleopts import Engine, engine_options

__all__ = ["batch_command", "open_input", "progress_bar"]


@click.command("batch")
@click.argument("input_path", metavar="IN", type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    metavar="OUT",
    type=click.Path(writable=True, allow_dash=True),
    help="Where to write the JSONL answers (`-` for stdout); a directory for a partitioned run.",
)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default=None,
    help="How IN is written; default: by its suffix (.csv, .parquet), else jsonl.",
)
@policies_option
@as_of_option
@click.option("--trace", is_flag=True, help="Add each decision's trace.")
@engine_options
@click.option(
    "--detail",
    type=click.Choice(DETAILS),
    default="compact",
    help="`full` inlines the texts of the clauses and notes each decision cites.",
)
def batch_command(
    *,
    input_path: str,
    output_path: str,
    input_format: str | None,
    policies_dir: Path,
    as_of: dt.date | None,
    trace: bool,
    engine: Engine,
    detail: str,
) -> None:
    """Answer every request of IN (JSONL or CSV) into OUT (JSONL), streaming.

    One output line per input row, in order: the decision, or an error object with the row's
    `line` (a blank line, malformed JSON, an invalid request). A CSV file has a header row
    naming the fields; its cells are converted by the policy's declared input kinds, and an
    empty cell leaves the field out. A summary goes to stderr; a progress bar too, when stderr
    is a terminal.

    IN may also be a Parquet file or a directory of partition files, and --engine dask runs
    one task per partition on a Dask cluster: OUT is then a directory receiving one
    part-NNNNN.jsonl per partition (docs/scaling.md).

    Exits 0 when every row got a decision, 1 when some rows are errors (OUT is still complete).
    """
    # Imported here: the partitioned path uses this module's progress bar.
    from policylang.cli.partitioned import batch_partitioned, is_partitioned  # noqa: PLC0415

    if is_partitioned(input_path, input_format, engine):
        if detail != "compact":
            raise click.BadParameter(
                "--detail full is not available for a partitioned input yet",
                param_hint="'--detail'",
            )
        kept = batch_partitioned(
            input_path,
            output_path,
            input_format=input_format,
            policies_dir=policies_dir,
            as_of=as_of,
            trace=trace,
            engine=engine,
        )
        _exit(kept, output_path)
    if output_path != "-" and os.path.isdir(output_path):
        raise click.BadParameter(
            f"{output_path} is a directory; answers go into a directory only for a partitioned "
            "input (a directory IN, Parquet, or --engine dask)",
            param_hint="'-o' / '--output'",
        )
    fmt = input_format or ("csv" if input_path.lower().endswith(".csv") else "jsonl")
    policies = load_policies(policies_dir)
    with (
        open_input(input_path) as (source, size),
        _open_output(output_path) as out,
        progress_bar(size, "evaluating") as advance,
    ):
        try:
            summary = run_batch(
                policies,
                source,
                out,
                input_format=fmt,
                as_of=as_of,
                trace=trace,
                detail=detail,
                # Someone downstream may be reading the answers as they come.
                flush=input_path == "-" or output_path == "-",
                progress=advance,
            )
        except BatchError as error:
            raise Failure(f"{input_path}: {error}") from None
    _exit(summary, output_path)


def _exit(summary: BatchSummary, output_path: str) -> NoReturn:
    click.echo(_summary_text(summary, output_path), err=True)
    if summary.errors.get("internal error"):
        sys.exit(3)
    sys.exit(1 if summary.failed else 0)


@contextlib.contextmanager
def open_input(path: str) -> Iterator[tuple[IO[bytes], int | None]]:
    """The file (or stdin for ``-``) as binary lines, with its size when known."""
    if path == "-":
        yield sys.stdin.buffer, None
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the context manager
    except OSError as error:
        raise Failure(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        yield handle, size if size > 0 else None


@contextlib.contextmanager
def _open_output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as error:
        raise Failure(f"{path}: cannot write: {error.strerror or error}") from None
    with handle:
        yield handle


@contextlib.contextmanager
def progress_bar(size: int | None, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar over the input's bytes, only for a person watching stderr."""
    if size is None or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=size, label=label, file=sys.stderr) as bar:
        yield bar.update


def _summary_text(summary: BatchSummary, output_path: str) -> str:
    where = "stdout" if output_path == "-" else output_path
    text = (
        f"batch: {summary.rows} row{'s' if summary.rows != 1 else ''} -> {where}: "
        f"{summary.decisions} decision{'s' if summary.decisions != 1 else ''}, "
        f"{summary.failed} error{'s' if summary.failed != 1 else ''}"
    )
    if summary.errors:
        text += " (" + ", ".join(f"{n} {k}" for k, n in sorted(summary.errors.items())) + ")"
    return text
