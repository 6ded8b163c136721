"""One partition of ``batch``, ``report`` or ``impact``, and the merging of their results.

A task is a plain function of a :class:`~policylang.tools.partitions.Partition` and a *job* (the
command's settings and its policies as :class:`~policylang.tools.engines.bundle.PolicyBundle`\\ s),
both picklable, so the same function runs in this process or on a Dask worker. A task that
writes (batch answers, impact's changed tickets) writes ``part-NNNNN.jsonl`` for its partition
into the job's output directory; what it returns is small (a summary) and merged by the client in
partition order, which makes the merged summary the one a single process computes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from policylang.tools.batch import BatchSummary, answer_rows
from policylang.tools.compliance import MAX_LISTED_ERRORS, GroupStats, Report, summarise
from policylang.tools.engines.bundle import PolicyBundle, policies_of
from policylang.tools.impact.compare import Side
from policylang.tools.impact.run import IdentityFields, impact_partition
from policylang.tools.impact.summary import ImpactSummary
from policylang.tools.partitions import Partition, read_rows

__all__ = [
    "BatchJob",
    "ImpactJob",
    "ReportJob",
    "batch_task",
    "impact_task",
    "merge_batch",
    "merge_impact",
    "merge_reports",
    "part_path",
    "report_task",
]


def part_path(out_dir: str, partition: Partition) -> Path:
    """Where a partition's output goes: ``OUT/part-00007.jsonl``."""
    return Path(out_dir) / f"part-{partition.index:05d}.jsonl"


def _open_part(out_dir: str, partition: Partition) -> IO[str]:
    return open(part_path(out_dir, partition), "w", encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------------- batch


@dataclass(frozen=True, slots=True)
class BatchJob:
    """``batch``'s settings: the policies, the version date, traces, the output directory."""

    policies: PolicyBundle
    out_dir: str
    as_of: dt.date | dt.datetime | None = None
    trace: bool = False


def batch_task(partition: Partition, job: BatchJob) -> BatchSummary:
    """Answer one partition into ``part-NNNNN.jsonl``: one line per row, as ``batch`` writes."""
    policies = policies_of(job.policies)
    with _open_part(job.out_dir, partition) as out:
        rows = read_rows(partition, policies)
        return answer_rows(policies, rows, out, as_of=job.as_of, trace=job.trace)


def merge_batch(summaries: Iterable[BatchSummary]) -> BatchSummary:
    """The summaries of all partitions as one."""
    merged = BatchSummary()
    for summary in summaries:
        merged.rows += summary.rows
        merged.decisions += summary.decisions
        merged.errors.update(summary.errors)
    return merged


# ---------------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class ReportJob:
    """``report``'s settings: the policies."""

    policies: PolicyBundle


def report_task(partition: Partition, job: ReportJob) -> Report:
    """SLA compliance over one partition."""
    policies = policies_of(job.policies)
    return summarise(policies, read_rows(partition, policies))


def merge_reports(reports: Iterable[Report]) -> Report:
    """The reports of all partitions as one (in partition order: the first errors listed)."""
    merged = Report()
    for report in reports:
        merged.rows += report.rows
        merged.errors += report.errors
        room = MAX_LISTED_ERRORS - len(merged.listed_errors)
        merged.listed_errors.extend(report.listed_errors[:room])
        for key, stats in report.groups.items():
            into = merged.groups.setdefault(key, GroupStats())
            into.tickets += stats.tickets
            pairs = ((into.response, stats.response), (into.resolution, stats.resolution))
            for mine, theirs in pairs:
                for status, count in theirs.items():
                    mine[status] = mine.get(status, 0) + count
            into.first_response_seconds.extend(stats.first_response_seconds)
    return merged


# ---------------------------------------------------------------------------------- impact


@dataclass(frozen=True, slots=True)
class ImpactJob:
    """``impact``'s settings: both sides' policies and dates, identity columns, output."""

    old: PolicyBundle
    new: PolicyBundle
    out_dir: str | None
    as_of_old: dt.date | dt.datetime | None = None
    as_of_new: dt.date | dt.datetime | None = None
    #: Old policy id -> new policy id (two single files with two ids).
    rename: tuple[tuple[str, str], ...] = ()
    identity: IdentityFields = field(default_factory=IdentityFields)

    def sides(self) -> tuple[Side, Side]:
        """The two sides, compiled (once per process)."""
        return (
            Side(policies_of(self.old), self.as_of_old),
            Side(policies_of(self.new), self.as_of_new, dict(self.rename)),
        )


def impact_task(partition: Partition, job: ImpactJob) -> ImpactSummary:
    """Impact over one partition; its changed tickets into ``part-NNNNN.jsonl``."""
    old, new = job.sides()
    if job.out_dir is None:
        return impact_partition(old, new, partition, None, identity=job.identity)
    with _open_part(job.out_dir, partition) as out:
        return impact_partition(old, new, partition, out, identity=job.identity)


def merge_impact(summaries: Iterable[ImpactSummary]) -> ImpactSummary:
    """The summaries of all partitions as one."""
    merged = ImpactSummary()
    for summary in summaries:
        merged.merge(summary)
    return merged

