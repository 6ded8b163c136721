"""The calendar specification: plain, frozen values that the policy compiler builds.

Nothing here computes business time; `BusinessCalendar.from_spec` turns a `CalendarSpec` into
the fast structures. Every value is validated on construction so that a bad specification fails
where it is written, with a `CalendarError` naming the bad part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from policylang.errors import CalendarError

__all__ = [
    "DAY_MINUTES",
    "CalendarLayer",
    "CalendarSpec",
    "HolidaySource",
    "Interval",
    "Weekly",
]

DAY_MINUTES = 1440
"""Minutes in a local day; `Interval` bounds are counted in these wall-clock minutes."""

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """Opening hours on one local day, as wall-clock minutes after local midnight.

    The interval is half-open, ``[start, end)``. A same-day interval has
    ``0 <= start < end <= 1440`` (``end == 1440`` is ``24:00``, the next midnight). An
    *overnight* interval has ``end <= start``: it starts on its day and spills into the next
    one, so ``22:00-06:00`` is ``Interval(1320, 360)`` and ``Interval(600, 600)`` is 24 hours
    from 10:00 to 10:00 the next day. An overnight interval belongs to the day it starts on:
    if that day is closed (a holiday, say) the whole shift is closed, spill included.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        # bool is an int subclass; True/False as minutes is always a bug upstream.
        for value in (self.start, self.end):
            if not isinstance(value, int) or isinstance(value, bool):
                raise CalendarError(f"interval bounds must be int minutes, got {value!r}")
        if not 0 <= self.start < DAY_MINUTES:
            raise CalendarError(f"interval start {self.start} is outside 0..1439 minutes")
        if not 0 < self.end <= DAY_MINUTES:
            raise CalendarError(f"interval end {self.end} is outside 1..1440 minutes")

    @property
    def overnight(self) -> bool:
        """True when the interval crosses midnight into the next day."""
        return self.end <= self.start

    @property
    def minutes(self) -> int:
        """Length in wall-clock minutes (DST may make the real length differ)."""
        return (
            self.end - self.start if self.end > self.start else DAY_MINUTES - self.start + self.end
        )

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse ``"HH:MM-HH:MM"`` (``24:00`` allowed as an end); an end not after the start
        makes an overnight interval."""
        match = _HHMM.match(text)
        if match is None:
            raise CalendarError(f"cannot read interval {text!r}: expected HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 >= 60 or m2 >= 60 or h1 > 23 or h2 > 24 or (h2 == 24 and m2 != 0):
            raise CalendarError(f"cannot read interval {text!r}: not a wall-clock time")
        return cls(h1 * 60 + m1, h2 * 60 + m2)

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


Weekly = tuple[tuple[Interval, ...] | None, ...]
"""Seven entries, Monday first. ``()`` closes that weekday; ``None`` inherits it from the
layer below (and at the lowest layer means closed)."""


@dataclass(frozen=True, slots=True)
class HolidaySource:
    """Public holidays from python-holidays for a country (ISO code) and optional subdivision.

    Transferred days off are holidays; the country's working weekend days
    (python-holidays' ``weekend_workdays``) are open, see `CalendarLayer`.
    """

    country: str
    subdivision: str | None = None

    def __str__(self) -> str:
        return self.country if self.subdivision is None else f"{self.country}/{self.subdivision}"


@dataclass(frozen=True, slots=True)
class CalendarLayer:
    """One layer of a calendar (country, company, customer...), see `CalendarSpec`.

    * ``weekly``: seven entries Monday..Sunday, or ``None`` to inherit all seven.
    * ``always_open``: shorthand for ``00:00-24:00`` on all seven days (``24/7``); it cannot be
      combined with ``weekly`` in the same layer.
    * ``holidays``: python-holidays sources; their holidays close the day, their working weekend
      days open it with ``weekend_workday_hours``.
    * ``weekend_workday_hours``: hours used on a working weekend day; ``None`` inherits from the
      layer below, and if no layer sets it the day takes the hours of the nearest earlier weekday
      that has hours and is not a weekend day of that holiday source (Friday for a Mon-Fri
      office). ``()`` keeps working weekend days closed.
    * ``closed``: ``(date, reason)`` pairs, closed all day.
    * ``open``: ``(date, intervals, reason)``: the hours for that date replace the weekly hours
      (a custom open date, a short day, a special opening). Several entries for one date are
      merged.
    * ``preholiday_shortened``: minutes a working day immediately before a public holiday of
      the calendar's holiday sources ends earlier (Russian Labour Code art. 95: one hour);
      ``None`` inherits from the layer below, ``0`` shortens nothing. Holidays proper only: a
      day off moved by decree, or observed on another date, is not a holiday; a date with its
      own ``open`` hours keeps them.
    * ``holidays_close_only``: this layer's holiday sources only close days. Their working
      weekend days open nothing and no pre-holiday shortening falls before their holidays: a
      customer's holidays region closes the region's days off and changes nothing else of the
      provider's calendar.
    """

    name: str
    weekly: Weekly | None = None
    always_open: bool = False
    holidays: tuple[HolidaySource, ...] = ()
    weekend_workday_hours: tuple[Interval, ...] | None = None
    closed: tuple[tuple[date, str], ...] = ()
    open: tuple[tuple[date, tuple[Interval, ...], str], ...] = ()
    preholiday_shortened: int | None = None
    holidays_close_only: bool = False

    def __post_init__(self) -> None:
        where = f"calendar layer {self.name!r}"
        shortened = self.preholiday_shortened
        if shortened is not None and not 0 <= shortened < DAY_MINUTES:
            raise CalendarError(f"{where}: a pre-holiday shortening is 0 to 1439 minutes")
        if self.weekly is not None:
            if len(self.weekly) != 7:
                raise CalendarError(f"{where}: weekly hours need 7 entries (Mon..Sun)")
            for hours in self.weekly:
                if hours is not None:
                    _check_intervals(hours, where)
            if self.always_open:
                raise CalendarError(f"{where}: '24/7' and weekly hours cannot be combined")
        if self.weekend_workday_hours is not None:
            _check_intervals(self.weekend_workday_hours, where)
        closed_dates = set()
        for day, _reason in self.closed:
            _check_date(day, where)
            closed_dates.add(day)
        for day, intervals, _reason in self.open:
            _check_date(day, where)
            _check_intervals(intervals, where)
            if not intervals:
                raise CalendarError(f"{where}: open {day} has no hours; use 'closed' instead")
            if day in closed_dates:
                # Within one layer neither statement can win honestly: make the author choose.
                raise CalendarError(f"{where}: {day} is both closed and open")


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A named calendar: an IANA zone and its layers, lowest precedence first.

    Precedence for a local date, highest first (documented in docs/calendars.md):

    1. Date statements of the highest layer that has any: ``closed`` or ``open`` of that layer,
       then a holiday of that layer's sources, then a working weekend day of its sources.
       So a later layer's ``closed`` beats an earlier layer's ``open`` and holidays, a later
       layer's ``open`` beats an earlier layer's holidays, and within one layer ``open`` beats
       a holiday, which beats a working weekend day.
    2. Otherwise the weekly hours of that weekday from the highest layer that defines them.
    """

    name: str
    zone: str
    layers: tuple[CalendarLayer, ...]

    def __post_init__(self) -> None:
        if not self.layers:
            raise CalendarError(f"calendar {self.name!r} has no layers")


def _check_intervals(intervals: tuple[Interval, ...], where: str) -> None:
    for item in intervals:
        if not isinstance(item, Interval):
            raise CalendarError(f"{where}: expected an Interval, got {item!r}")


def _check_date(day: date, where: str) -> None:
    # datetime is a date subclass; a timestamp here means the caller meant something else.
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CalendarError(f"{where}: expected a date, got {day!r}")
