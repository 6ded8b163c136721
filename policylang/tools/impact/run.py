"""A partition's tickets through impact analysis: read, decide twice, classify, count, write.

The same function serves one process (partitions one after another) and a Dask worker (one
partition per task): each changed ticket is written to ``out`` as one JSON line as soon as it is
found, and the partition's :class:`~policylang.tools.impact.summary.ImpactSummary` is returned
for merging.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from policylang.tools.batch import RowError
from policylang.tools.impact.compare import Side, TicketImpact, compare_ticket, labels
from policylang.tools.impact.summary import ImpactSummary
from policylang.tools.partitions import Partition, read_rows

__all__ = ["IdentityFields", "impact_partition", "ticket_json"]


@dataclass(frozen=True, slots=True)
class IdentityFields:
    """The columns that name a ticket and its customer rather than describe it."""

    ticket_id: str = "ticket_id"
    customer: str = "customer"


def impact_partition(
    old: Side,
    new: Side,
    partition: Partition,
    out: IO[str] | None,
    *,
    identity: IdentityFields = IdentityFields(),
    progress: Callable[[int], None] | None = None,
) -> ImpactSummary:
    """Compare every ticket of ``partition``; write each changed one to ``out`` (JSONL)."""
    summary = ImpactSummary()
    declared = _declared_inputs(old, new)
    strip = tuple(f for f in (identity.ticket_id, identity.customer) if f not in declared)
    for line, row in read_rows(partition, old.policies, progress):
        where = partition.where(line)
        if isinstance(row, RowError):
            summary.error(where, f"{row.kind}: {row.message}")
            continue
        if not isinstance(row, dict):
            summary.error(where, "a ticket is a JSON object with `policy` and `opened_at`")
            continue
        names = {f: row.pop(f) for f in strip if f in row}
        impact = compare_ticket(old, new, row)
        if impact.error is not None:
            summary.error(where, impact.error)
            continue
        group = labels(impact.decision, row)
        customer = names.get(identity.customer)
        example = None
        if impact.changes:
            example = ticket_json(
                partition,
                line=line,
                group=group,
                request=row,
                names=names,
                identity=identity,
                impact=impact,
            )
            if out is not None:
                out.write(json.dumps(example, ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
        summary.add(group, impact.changes, None if customer is None else str(customer), example)
    return summary


def ticket_json(
    partition: Partition,
    *,
    line: int,
    group: tuple[str, str, str],
    request: dict[str, Any],
    names: dict[str, Any],
    identity: IdentityFields,
    impact: TicketImpact,
) -> dict[str, Any]:
    """A changed ticket: where it is, what it is, and each change with both sides."""
    policy, kind, priority = group
    return {
        "where": partition.where(line),
        "file": partition.name,
        "line": line,
        "ticket_id": names.get(identity.ticket_id),
        "customer": names.get(identity.customer),
        "policy": policy,
        "type": None if kind == "—" else kind,
        "priority": None if priority == "—" else priority,
        "opened_at": request.get("opened_at"),
        "changes": [change.to_json() for change in impact.changes],
    }


def _declared_inputs(old: Side, new: Side) -> frozenset[str]:
    return frozenset(
        name
        for side in (old, new)
        for versions in side.policies.versions.values()
        for policy in versions
        for name in policy.inputs
    )
