"""A brute-force oracle for business calendars, derived from the spec alone.

Nothing here uses policylang's fast structures: openness is read from the `CalendarSpec` by
its own precedence code, wall times are mapped to instants by trying the zone's offsets, and
every answer is found by stepping minute by minute. (Openness is constant within each UTC
minute because every boundary is a whole minute of wall time in a zone whose offsets and
transitions are whole minutes; `_ranges` checks that.)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from policylang.calendar import CalendarSpec, HolidaySource, Interval

MINUTE = 60
DAY = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
LIMIT_MINUTES = 400 * 24 * 60  # the oracle gives up rather than loop forever


class OracleGaveUp(Exception):
    """The oracle's own search bound was reached."""


@cache
def _country(source: HolidaySource, year: int) -> Any:
    # Years around the one asked for, so transfers listed under a neighbour year are known.
    return holidays.country_holidays(
        source.country, subdiv=source.subdivision, years=range(year - 1, year + 2)
    )


@cache
def _proper(source: HolidaySource, year: int) -> Any:
    """The holidays proper of one year, in English: no observed dates."""
    return holidays.country_holidays(
        source.country, subdiv=source.subdivision, years=year, observed=False, language="en_US"
    )


def open_minutes(hours: tuple[Interval, ...]) -> set[int]:
    """The wall-clock minutes a day's ``hours`` cover, each once (intervals may overlap);
    an overnight interval's spill counts on from 1440."""
    return {m for iv in hours for m in range(iv.start, iv.start + iv.minutes)}


def _intervals(minutes: list[int]) -> tuple[Interval, ...]:
    """Sorted open minutes (past 1440 for the next day's) back into intervals. An interval
    lasts at most 24 hours, so a longer run becomes two overlapping ones: its first 24 hours
    and its last 24 hours."""
    runs: list[list[int]] = []
    for minute in minutes:
        if runs and minute == runs[-1][1]:
            runs[-1][1] += 1
        else:
            runs.append([minute, minute + 1])
    out: list[Interval] = []
    for start, stop in runs:
        pieces = [(start, stop)]
        if stop - start > 1440:
            pieces = [(start, start + 1440), (stop - 1440, stop)]
        out.extend(Interval(a, b if b <= 1440 else b - 1440) for a, b in pieces)
    return tuple(out)


def wall_instant(zone: ZoneInfo, day: date, minutes: int) -> int:
    """Earliest epoch second whose wall clock reads ``day`` + ``minutes`` or later."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    as_utc = int((naive - datetime(1970, 1, 1)).total_seconds())
    offsets = {
        datetime.fromtimestamp(as_utc + hours * 3600, zone).utcoffset() for hours in range(-16, 17)
    }
    valid = []
    for offset in offsets:
        assert offset is not None
        candidate = as_utc - int(offset.total_seconds())
        wall = datetime.fromtimestamp(candidate, zone).replace(tzinfo=None)
        if wall == naive:
            valid.append(candidate)
    if valid:
        return min(valid)
    # The wall time falls in a gap: the answer is the transition, the first instant past it.
    lo = as_utc - int(max(o for o in offsets if o is not None).total_seconds())
    hi = as_utc - int(min(o for o in offsets if o is not None).total_seconds())
    assert datetime.fromtimestamp(hi, zone).replace(tzinfo=None) >= naive
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return hi


class Oracle:
    """Answers the questions of `BusinessCalendar` slowly and obviously."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.zone)
        self._ranges: dict[int, list[tuple[int, int]]] = {}
        self._owned: dict[int, list[int]] = {}
        self._flags: dict[int, bytearray] = {}

    # -- the spec, read directly ----------------------------------------------------------

    def weekly(self, weekday: int) -> tuple[Interval, ...]:
        for layer in reversed(self.spec.layers):
            if layer.always_open:
                return (Interval(0, 1440),)
            if layer.weekly is not None and layer.weekly[weekday] is not None:
                found = layer.weekly[weekday]
                assert found is not None
                return found
        return ()

    def hours(self, day: date) -> tuple[Interval, ...]:
        stated, own = self._stated(day)
        shortened = next(
            (
                layer.preholiday_shortened
                for layer in reversed(self.spec.layers)
                if layer.preholiday_shortened is not None
            ),
            0,
        )
        if not shortened or own or not stated or not self._holiday_follows(day):
            return stated
        # Minute by minute: the day's open minutes (each once: intervals may overlap, as the
        # engine merges them), the last `shortened` of them dropped.
        minutes = sorted(open_minutes(stated))[:-shortened]
        return _intervals(minutes)

    def _holiday_follows(self, day: date) -> bool:
        """The next date is a public holiday proper (English names: no moved day off)."""
        following = day + timedelta(days=1)
        for layer in self.spec.layers:
            if layer.holidays_close_only:
                continue  # a customer's region: no shortening before its holidays
            for source in layer.holidays:
                name = _proper(source, following.year).get(following)
                if name is not None and not str(name).startswith("Day off"):
                    return True
        return False

    def _stated(self, day: date) -> tuple[tuple[Interval, ...], bool]:
        """The date's hours before any shortening, and whether an `open` statement gave them."""
        for layer in reversed(self.spec.layers):
            if any(d == day for d, _ in layer.closed):
                return (), True
            opened = [iv for d, ivs, _ in layer.open if d == day for iv in ivs]
            if opened:
                return tuple(opened), True
            countries = [(source, _country(source, day.year)) for source in layer.holidays]
            if any(day in data for _, data in countries):
                return (), False
            for _, data in countries:
                if layer.holidays_close_only:
                    break  # a customer's region: its working weekend days open nothing
                if data.is_weekend(day) and day in data.weekend_workdays:
                    return self._workday_hours(data, day), False
        return self.weekly(day.weekday()), False

    def _workday_hours(self, data: Any, day: date) -> tuple[Interval, ...]:
        for layer in reversed(self.spec.layers):
            if layer.weekend_workday_hours is not None:
                return layer.weekend_workday_hours
        for back in range(1, 7):
            earlier = day - timedelta(days=back)
            if self.weekly(earlier.weekday()) and not data.is_weekend(earlier):
                return self.weekly(earlier.weekday())
        return self.weekly(day.weekday())

    def ranges(self, ordinal: int) -> list[tuple[int, int]]:
        """Epoch ranges of the local date with this ordinal (not merged, not clipped)."""
        found = self._ranges.get(ordinal)
        if found is None:
            day = date.fromordinal(ordinal)
            found = []
            for interval in self.hours(day):
                end = interval.end + (1440 if interval.end <= interval.start else 0)
                start_ts = wall_instant(self.zone, day, interval.start)
                end_ts = wall_instant(self.zone, day, end)
                assert start_ts % MINUTE == 0 and end_ts % MINUTE == 0
                if end_ts > start_ts:
                    found.append((start_ts, end_ts))
            self._ranges[ordinal] = found
        return found

    # -- one instant -----------------------------------------------------------------------

    def owner(self, ts: int) -> int | None:
        """Ordinal of the earliest local date whose hours contain ``ts`` (None if closed)."""
        utc_ordinal = EPOCH_ORDINAL + ts // DAY
        for ordinal in range(utc_ordinal - 2, utc_ordinal + 2):
            if any(start <= ts < end for start, end in self.ranges(ordinal)):
                return ordinal
        return None

    def is_open(self, ts: int) -> bool:
        day, second = divmod(ts, DAY)
        flags = self._flags.get(day)
        if flags is None:
            flags = self._day_flags(day)
        return bool(flags[second // MINUTE])

    def _day_flags(self, day: int) -> bytearray:
        """One flag per minute of a UTC day: is any local date's interval open then?"""
        flags = bytearray(DAY // MINUTE)
        utc_ordinal = EPOCH_ORDINAL + day
        low = day * DAY
        # Every local date whose hours can reach this UTC day: offsets are within +-14 h and a
        # shift ends before 24:00 of the next local day.
        for ordinal in range(utc_ordinal - 2, utc_ordinal + 2):
            for start, end in self.ranges(ordinal):
                first = max(start, low) - low
                last = min(end, low + DAY) - low
                if last > first:
                    flags[first // MINUTE : last // MINUTE] = b"\x01" * ((last - first) // MINUTE)
        self._flags[day] = flags
        return flags

    # -- minute stepping -------------------------------------------------------------------

    def next_open(self, ts: int) -> int:
        if self.is_open(ts):
            return ts
        minute = ts // MINUTE + 1
        for _ in range(LIMIT_MINUTES):
            if self.is_open(minute * MINUTE):
                return minute * MINUTE
            minute += 1
        raise OracleGaveUp

    def between(self, a: int, b: int) -> int:
        if b < a:
            return -self.between(b, a)
        total = 0
        for minute in range(a // MINUTE, -(-b // MINUTE)):
            lo, hi = max(a, minute * MINUTE), min(b, minute * MINUTE + MINUTE)
            if hi > lo and self.is_open(minute * MINUTE):
                total += hi - lo
        return total

    def add(self, ts: int, seconds: int) -> int:
        if seconds == 0:
            return ts
        if seconds > 0:
            done, minute = 0, ts // MINUTE
            for _ in range(LIMIT_MINUTES):
                lo, hi = max(ts, minute * MINUTE), minute * MINUTE + MINUTE
                if self.is_open(minute * MINUTE):
                    if done + hi - lo >= seconds:
                        return lo + seconds - done
                    done += hi - lo
                minute += 1
            raise OracleGaveUp
        want, done, minute = -seconds, 0, (ts - 1) // MINUTE
        for _ in range(LIMIT_MINUTES):
            lo, hi = minute * MINUTE, min(ts, minute * MINUTE + MINUTE)
            if self.is_open(minute * MINUTE):
                if done + hi - lo >= want:
                    return hi - (want - done)
                done += hi - lo
            minute -= 1
        raise OracleGaveUp

    # -- business days ---------------------------------------------------------------------

    def owned_minutes(self, ordinal: int) -> list[int]:
        """Start of every UTC minute owned by this local date (earliest date wins), ascending."""
        found = self._owned.get(ordinal)
        if found is None:
            earlier = self.ranges(ordinal - 1) + self.ranges(ordinal - 2)
            minutes = {
                m * MINUTE
                for start, end in self.ranges(ordinal)
                for m in range(start // MINUTE, end // MINUTE)
            }
            found = sorted(m for m in minutes if not any(s <= m < e for s, e in earlier))
            self._owned[ordinal] = found
        return found

    def _business_days(self, ordinal: int, count: int, step: int) -> list[int]:
        days = [ordinal]
        while len(days) < count:
            ordinal += step
            if abs(ordinal - days[0]) > 400:
                raise OracleGaveUp
            if self.owned_minutes(ordinal):
                days.append(ordinal)
        return days

    def add_business_days(self, ts: int, n: int) -> int:
        if n == 0:
            return ts
        if n > 0:
            ordinal = self.owner(self.next_open(ts))
            assert ordinal is not None
            elapsed = sum(min(ts, m + MINUTE) - m for m in self.owned_minutes(ordinal) if m < ts)
            days = self._business_days(ordinal, n + 1, 1)
            if elapsed == 0:
                return self.owned_minutes(days[n - 1])[-1] + MINUTE
            minutes = self.owned_minutes(days[n])
            reach, done = min(elapsed, len(minutes) * MINUTE), 0
            for m in minutes:
                if done + MINUTE >= reach:
                    return m + reach - done
                done += MINUTE
            raise AssertionError("unreachable")
        want = -n
        # The last open second before ts decides the day: the mirror of the forward rule.
        ordinal = self.owner(self.add(ts, -1))
        assert ordinal is not None
        remaining = sum(
            m + MINUTE - max(m, ts) for m in self.owned_minutes(ordinal) if m + MINUTE > ts
        )
        days = self._business_days(ordinal, want + 1, -1)
        if remaining == 0:
            return self.owned_minutes(days[want - 1])[0]
        minutes = self.owned_minutes(days[want])
        reach, done = min(remaining, len(minutes) * MINUTE), 0
        for m in reversed(minutes):
            if done + MINUTE >= reach:
                return m + MINUTE - (reach - done)
            done += MINUTE
        raise AssertionError("unreachable")
