"""``batch`` and ``report`` over partitions: a directory of files, Parquet, or ``--engine dask``.

A single JSONL or CSV file in this process keeps the streaming path the commands always had;
everything else comes here, is cut into partitions (:func:`policylang.tools.partitions.plan`) and
runs through the same tasks on either engine, so a Dask run and a local one give equal summaries.
``batch`` then writes one ``part-NNNNN.jsonl`` per partition into OUT, a directory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from policylang import (
    BatchJob,
    BatchSummary,
    PolicyBundle,
    Report,
    ReportJob,
    batch_task,
    merge_batch,
    merge_reports,
    remember_compiled,
    report_task,
)
from policylang.cli.common import Failure, load_policies
from policylang.cli.scaleopts import Engine, check_parts_dir, partitions_of, run_tasks
from policylang.errors import PolicyError

__all__ = ["batch_partitioned", "is_partitioned", "report_partitioned"]


def is_partitioned(path: str, input_format: str | None, engine: Engine) -> bool:
    """Whether the input takes the partitioned path (see the module docstring)."""
    if engine.distributed:
        return True
    if path == "-":
        return False
    return Path(path).is_dir() or (input_format or Path(path).suffix.lower()) in (
        "parquet",
        ".parquet",
    )


def _bundle(policies_dir: Path) -> PolicyBundle:
    policies = load_policies(policies_dir)
    try:
        bundle = PolicyBundle.read([policies_dir])
    except PolicyError as error:
        raise Failure(f"{policies_dir}: {error}") from None
    remember_compiled(bundle, policies)
    return bundle


def batch_partitioned(
    input_path: str,
    out_dir: str,
    *,
    input_format: str | None,
    policies_dir: Path,
    as_of: dt.date | dt.datetime | None,
    trace: bool,
    engine: Engine,
) -> BatchSummary:
    """Answer every partition of the input into ``OUT/part-NNNNN.jsonl``."""
    if out_dir == "-":
        raise Failure("a partitioned input is answered into a directory (-o DIR), not stdout")
    partitions = partitions_of(input_path, input_format, engine)
    job = BatchJob(_bundle(policies_dir), out_dir, as_of, trace)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise Failure(
            f"{out_dir}: a partitioned input is answered into a directory; this is a file"
        )
    check_parts_dir(out, len(partitions))
    return merge_batch(run_tasks(batch_task, partitions, job, engine, "evaluating"))


def report_partitioned(
    tickets: str, *, input_format: str | None, policies_dir: Path, engine: Engine
) -> Report:
    """SLA compliance over every partition, merged."""
    partitions = partitions_of(tickets, input_format, engine)
    job = ReportJob(_bundle(policies_dir))
    return merge_reports(run_tasks(report_task, partitions, job, engine, "reporting"))
