"""One local year of a calendar as sorted UTC arrays with prefix sums.

A `YearPlan` holds every open interval of the business days dated in one local year, in epoch
seconds, with the business seconds before each interval (``cum``) and before each business day
(``day_cum``). Position of an instant, the instant at a position, and the business day at a
position are then each one bisection: no loop depends on the duration asked for.

Ownership: an interval belongs to the local date it starts on. Where a date's hours overlap the
spill of the previous date's overnight shift, the earlier date keeps the overlap, so the days of
a year partition its open time and intervals come out sorted and disjoint across dates. The
last shift of 31 December may spill into the next year: the next year's plan starts where that
shift ends (``lo``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from policylang.calendar.model import Interval
from policylang.calendar.resolve import DayResolver
from policylang.calendar.zones import DAY_SECONDS, EPOCH_ORDINAL, WallClock

__all__ = ["YearPlan", "build_year", "day_ranges"]


class YearPlan:
    """Open intervals and business days of one local year (see the module docstring)."""

    __slots__ = ("cum", "day_cum", "days", "ends", "lo", "starts", "total", "year")

    def __init__(
        self,
        year: int,
        lo: int,
        starts: list[int],
        ends: list[int],
        day_sizes: list[int],
    ) -> None:
        self.year = year
        self.lo = lo
        """First instant this plan answers for; earlier instants belong to the year before."""
        self.starts = starts
        self.ends = ends
        cum = [0]
        for start, end in zip(starts, ends, strict=True):
            cum.append(cum[-1] + end - start)
        self.cum = cum
        day_cum = [0]
        for size in day_sizes:
            day_cum.append(day_cum[-1] + size)
        self.day_cum = day_cum
        self.total = cum[-1]
        self.days = len(day_sizes)

    def position(self, ts: int) -> int:
        """Business seconds of this year before ``ts``."""
        i = bisect_right(self.starts, ts) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum[i] + (ts if ts < end else end) - self.starts[i]

    def earliest(self, target: int) -> int:
        """Earliest instant at position ``target`` (``0 < target <= total``): a position
        reached exactly at a closing is that closing instant."""
        j = bisect_left(self.cum, target, 1)
        return self.ends[j - 1] - (self.cum[j] - target)

    def latest(self, target: int) -> int:
        """Latest instant at position ``target`` (``0 <= target < total``): a position
        reached exactly at an opening is that opening instant."""
        i = bisect_right(self.cum, target) - 1
        return self.starts[i] + target - self.cum[i]

    def is_open(self, ts: int) -> bool:
        """Whether ``ts`` lies inside an open interval (half-open ``[start, end)``)."""
        i = bisect_right(self.starts, ts) - 1
        return i >= 0 and ts < self.ends[i]

    def run_end(self, i: int) -> int:
        """End of the run of touching intervals that starts with interval ``i``; equal to the
        year's last end when the run reaches it (the caller then looks at the next year)."""
        starts, ends = self.starts, self.ends
        end = ends[i]
        for j in range(i + 1, len(starts)):
            if starts[j] != end:
                break
            end = ends[j]
        return end


def day_ranges(clock: WallClock, day: date, hours: tuple[Interval, ...]) -> list[tuple[int, int]]:
    """The UTC ranges of ``hours`` on local ``day``, merged and sorted."""
    index = day.toordinal() - EPOCH_ORDINAL
    base = index * DAY_SECONDS
    offset = clock.span_offset(index)  # one lookup for the whole day on all but DST days
    ranges: list[tuple[int, int]] = []
    for interval in hours:
        start_wall = base + interval.start * 60
        end_wall = base + interval.end * 60 + (DAY_SECONDS if interval.overnight else 0)
        if offset is not None:
            start, end = start_wall - offset, end_wall - offset
        else:
            start, end = clock.to_epoch(start_wall), clock.to_epoch(end_wall)
        if end > start:  # a shift that falls wholly inside a DST gap has no time in it
            ranges.append((start, end))
    if len(ranges) < 2:
        return ranges
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def build_year(year: int, clock: WallClock, resolver: DayResolver, year_start: int) -> YearPlan:
    """Expand local ``year`` into a `YearPlan`. ``year_start`` is the epoch of its 1 January
    00:00 (by the earliest-instant rule)."""
    eve = date(year - 1, 12, 31)
    # Whatever the eve's shifts hold past midnight is theirs, not this year's.
    claim = max((end for _, end in day_ranges(clock, eve, resolver.hours(eve))), default=0)
    lo = max(year_start, claim)
    starts: list[int] = []
    ends: list[int] = []
    sizes: list[int] = []
    day = date(year, 1, 1)
    one = timedelta(days=1)
    while day.year == year:
        size = 0
        day_end = claim
        for opens, end in day_ranges(clock, day, resolver.hours(day)):
            day_end = max(day_end, end)
            start = max(opens, claim)
            if end <= start:
                continue
            starts.append(start)
            ends.append(end)
            size += end - start
        if size:
            sizes.append(size)
        claim = day_end
        day += one
    return YearPlan(year, lo, starts, ends, sizes)
