"""Local wall clock <-> UTC epoch seconds, through `zoneinfo`.

"Wall seconds" count seconds since 1970-01-01T00:00 on the local wall clock, ignoring offsets:
``wall = (date.toordinal() - EPOCH_ORDINAL) * 86400 + seconds_into_the_day``. Mapping a wall time
to an instant follows one rule, used for every opening and closing:

    a wall time maps to the earliest instant at which the local clock reads that time or later.

So an ambiguous time (the repeated hour when clocks go back) is its first occurrence, and a
nonexistent time (skipped when clocks go forward) is the instant of the transition, when the
clock jumps past it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from policylang.errors import CalendarError

__all__ = [
    "DAY_SECONDS",
    "EPOCH_ORDINAL",
    "WallClock",
    "load_zone",
    "wall_to_epoch",
]

DAY_SECONDS = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NAIVE_EPOCH = datetime(1970, 1, 1)


def load_zone(key: str) -> ZoneInfo:
    """Return the IANA zone ``key`` or raise `CalendarError` naming it."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise CalendarError(f"unknown time zone {key!r} (expected an IANA name)") from exc


def wall_to_epoch(zone: ZoneInfo, wall: int) -> int:
    """Earliest epoch second at which the local clock in ``zone`` reads ``wall`` or later."""
    naive = _NAIVE_EPOCH + timedelta(seconds=wall)
    # tzinfo methods read only the wall fields and fold, so a naive datetime will do.
    first = wall - _seconds(zone.utcoffset(naive))
    second = wall - _seconds(zone.utcoffset(naive.replace(fold=1)))
    if first <= second:
        # Ordinary time (equal), or an ambiguous one, where fold=0 is the earlier instant.
        return first
    # Nonexistent time: fold=1 lies before the transition, fold=0 after it. The answer is the
    # transition itself; bisect for it (a gap is at most hours wide: ~15 steps, and rare).
    lo, hi = second, first  # wall(lo) < wall <= wall(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid + _seconds(datetime.fromtimestamp(mid, zone).utcoffset()) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


class WallClock:
    """`wall_to_epoch` for one zone, memoising the offset at each local midnight.

    Between two local midnights with the same offset under both folds there is no transition
    (tzdata has no pair of transitions within one day that cancel out), so every wall time of
    that day converts by plain subtraction; only days that hold a transition take the exact
    path. Expanding a year then costs about one zoneinfo lookup per day.
    """

    __slots__ = ("_midnights", "zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._midnights: dict[int, int | None] = {}

    def to_epoch(self, wall: int) -> int:
        """Same answer as ``wall_to_epoch(self.zone, wall)``."""
        day = wall // DAY_SECONDS
        offset = self._steady(day)
        if offset is not None and offset == self._steady(day + 1):
            return wall - offset
        return wall_to_epoch(self.zone, wall)

    def span_offset(self, day: int) -> int | None:
        """The one offset of local days ``day`` and ``day + 1`` (every wall time of a day's
        hours, overnight spill included, lies within them), or None if a transition may fall
        inside."""
        offset = self._steady(day)
        if offset is not None and offset == self._steady(day + 1) == self._steady(day + 2):
            return offset
        return None

    def _steady(self, day: int) -> int | None:
        """The offset at local midnight of ``day`` if both folds agree there, else None."""
        if day in self._midnights:
            return self._midnights[day]
        naive = _NAIVE_EPOCH + timedelta(days=day)
        offset = _seconds(self.zone.utcoffset(naive))
        steady = offset if offset == _seconds(self.zone.utcoffset(naive.replace(fold=1))) else None
        self._midnights[day] = steady
        return steady


def _seconds(offset: timedelta | None) -> int:
    if offset is None:  # pragma: no cover - zoneinfo always answers
        raise CalendarError("time zone gave no UTC offset")
    # zoneinfo offsets carry no microseconds; days/seconds keep the arithmetic in ints.
    return offset.days * DAY_SECONDS + offset.seconds
