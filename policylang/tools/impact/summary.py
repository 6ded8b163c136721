"""The impact of a change over many tickets: counts, distributions and the most affected.

Everything here is a sum, a count, a minimum or a maximum, or a list kept in input order and cut
at a fixed length, so the summaries of partitions merge (:meth:`ImpactSummary.merge`, in partition
order) into exactly the summary one process makes of the whole input. Memory is bounded by the
number of distinct customers and ticket groups, never by the number of tickets: each changed
ticket is written out as it is found, and only the first :data:`MAX_EXAMPLES` are kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from policylang.tools.impact.facets import CLOCKS, KINDS, Change

__all__ = ["MAX_EXAMPLES", "MOST_AFFECTED", "SHIFT_BINS", "ImpactSummary", "ShiftStats"]

#: Changed tickets kept (in input order) for the pages; all are in changes.jsonl.
MAX_EXAMPLES = 50
#: Rows that could not be compared, listed one by one (all are counted).
MAX_ERRORS = 50
#: How many customers and ticket groups "most affected" lists.
MOST_AFFECTED = 10

_HOUR, _DAY = 3600, 86400
#: How far a due time moved, by size (either way): the upper bound of each bin, in seconds.
SHIFT_BINS: tuple[tuple[str, float], ...] = (
    ("up to 1 h", _HOUR),
    ("1-8 h", 8 * _HOUR),
    ("8-24 h", _DAY),
    ("1-3 d", 3 * _DAY),
    ("3-7 d", 7 * _DAY),
    ("over 7 d", float("inf")),
)


def _bin(seconds: int) -> str:
    size = abs(seconds)
    return next(label for label, bound in SHIFT_BINS if size <= bound)


@dataclass(slots=True)
class ShiftStats:
    """How far one clock's due times moved, over the tickets where they moved."""

    count: int = 0
    total_seconds: int = 0
    earliest: int | None = None  # the largest move earlier (most negative)
    latest: int | None = None  # the largest move later
    earlier: Counter[str] = field(default_factory=Counter)
    later: Counter[str] = field(default_factory=Counter)

    def add(self, seconds: int) -> None:
        """Count one moved due time."""
        self.count += 1
        self.total_seconds += seconds
        self.earliest = seconds if self.earliest is None else min(self.earliest, seconds)
        self.latest = seconds if self.latest is None else max(self.latest, seconds)
        (self.earlier if seconds < 0 else self.later)[_bin(seconds)] += 1

    def merge(self, other: ShiftStats) -> None:
        """Add another partition's moves."""
        self.count += other.count
        self.total_seconds += other.total_seconds
        if other.earliest is not None:
            mine = self.earliest
            self.earliest = other.earliest if mine is None else min(mine, other.earliest)
        if other.latest is not None:
            mine = self.latest
            self.latest = other.latest if mine is None else max(mine, other.latest)
        self.earlier.update(other.earlier)
        self.later.update(other.later)

    def to_json(self) -> dict[str, Any]:
        """Counts per bin both ways, the mean and the extremes (seconds)."""
        return {
            "tickets": self.count,
            "mean_seconds": self.total_seconds / self.count if self.count else None,
            "earliest_seconds": self.earliest,
            "latest_seconds": self.latest,
            "bins": [
                {"bin": label, "earlier": self.earlier[label], "later": self.later[label]}
                for label, _ in SHIFT_BINS
            ],
        }


@dataclass(slots=True)
class ImpactSummary:
    """The impact over every ticket read; see the module docstring."""

    rows: int = 0
    compared: int = 0
    changed: int = 0
    #: Rows neither side could decide (or that are not tickets at all).
    not_evaluated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    shifts: dict[str, ShiftStats] = field(default_factory=lambda: {c: ShiftStats() for c in CLOCKS})
    group_tickets: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    group_changed: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    customers: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        """Count a row that could not be compared (and list the first ones)."""
        self.rows += 1
        self.not_evaluated += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"where": where, "message": message})

    def add(
        self,
        group: tuple[str, str, str],
        changes: tuple[Change, ...],
        customer: str | None,
        example: dict[str, Any] | None,
    ) -> None:
        """Count one compared ticket; ``example`` is its JSON when it changed."""
        self.rows += 1
        self.compared += 1
        self.group_tickets[group] += 1
        if not changes:
            return
        self.changed += 1
        self.group_changed[group] += 1
        if customer is not None:
            self.customers[customer] += 1
        for change in changes:
            self.kinds[change.facet, change.kind] += 1
            if change.shift_seconds is not None:
                self.shifts[change.facet].add(change.shift_seconds)
        if example is not None and len(self.examples) < MAX_EXAMPLES:
            self.examples.append(example)

    def merge(self, other: ImpactSummary) -> None:
        """Add the summary of the partition after this one."""
        self.rows += other.rows
        self.compared += other.compared
        self.changed += other.changed
        self.not_evaluated += other.not_evaluated
        self.errors.extend(other.errors[: MAX_ERRORS - len(self.errors)])
        self.kinds.update(other.kinds)
        for clock, stats in other.shifts.items():
            self.shifts[clock].merge(stats)
        self.group_tickets.update(other.group_tickets)
        self.group_changed.update(other.group_changed)
        self.customers.update(other.customers)
        self.examples.extend(other.examples[: MAX_EXAMPLES - len(self.examples)])

    def counts(self) -> list[dict[str, Any]]:
        """``{"facet", "kind", "count"}`` for every kind seen, in :data:`KINDS` order."""
        order = {pair: i for i, pair in enumerate((f, k) for f, ks in KINDS.items() for k in ks)}
        pairs = sorted(self.kinds, key=lambda pair: (order.get(pair, len(order)), pair))
        return [{"facet": f, "kind": k, "count": self.kinds[f, k]} for f, k in pairs]

    def most_affected_groups(self) -> list[dict[str, Any]]:
        """The ticket groups with the most changed tickets (ties: by name)."""
        ranked = sorted(self.group_changed.items(), key=lambda item: (-item[1], item[0]))
        return [
            {
                "policy": policy,
                "type": kind,
                "priority": priority,
                "tickets": self.group_tickets[policy, kind, priority],
                "changed": changed,
            }
            for (policy, kind, priority), changed in ranked[:MOST_AFFECTED]
        ]

    def most_affected_customers(self) -> list[dict[str, Any]]:
        """The customers with the most changed tickets (ties: by name)."""
        ranked = sorted(self.customers.items(), key=lambda item: (-item[1], item[0]))
        return [{"customer": c, "changed": n} for c, n in ranked[:MOST_AFFECTED]]

    def to_json(self) -> dict[str, Any]:
        """The summary as ``schemas/impact.schema.json`` describes it (without ``sides``)."""
        return {
            "tickets": self.rows,
            "compared": self.compared,
            "changed": self.changed,
            "unchanged": self.compared - self.changed,
            "not_evaluated": self.not_evaluated,
            "changes": self.counts(),
            "due_shifts": {clock: stats.to_json() for clock, stats in self.shifts.items()},
            "most_affected": {
                "groups": self.most_affected_groups(),
                "customers": self.most_affected_customers(),
            },
            "examples": self.examples,
            "errors": self.errors,
        }
