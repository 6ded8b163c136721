"""Pre-holiday shortened days (`preholiday shortened 1 hour`, Russian Labour Code art. 95).

python-holidays publishes no shortened days for Russia (its RU class has the `public` category
only), so the calendar derives them: a working day immediately before a public holiday proper
ends N earlier; a day off moved by decree or a holiday observed on another date is not a
holiday. The 2026 days are checked against the production calendar published for 2026; every
day of the years the BPMSoft policy covers is checked against the minute-stepping oracle.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_oracle import Oracle, open_minutes

from policylang.calendar import BusinessCalendar, CalendarLayer, CalendarSpec, HolidaySource
from policylang.calendar import Interval as I

OFFICE = (I(510, 1050),)  # 08:30-17:30
WEEK = (OFFICE,) * 5 + ((), ())


def _office(shortened: int | None, *, open_days: tuple[date, ...] = ()) -> CalendarSpec:
    layer = CalendarLayer(
        "office",
        weekly=WEEK,
        holidays=(HolidaySource("RU"),),
        weekend_workday_hours=OFFICE,
        open=tuple((d, (I(600, 1020),), "own hours") for d in open_days),
        preholiday_shortened=shortened,
    )
    return CalendarSpec("office", "Europe/Moscow", (layer,))


def _shortened_days(calendar: BusinessCalendar, year: int) -> list[str]:
    return [e.day.isoformat() for e in calendar.exceptions(year, year) if e.kind == "preholiday"]


def test_the_2026_production_calendar() -> None:
    """30 April (before 1 May), 8 May (before Victory Day, a Saturday), 11 June (before Russia
    Day), 3 November (before Unity Day); no day before 23 February or 8 March (a Monday and a
    Sunday: the days before them are not working days), none before the moved days off."""
    calendar = BusinessCalendar.from_spec(_office(60))
    assert _shortened_days(calendar, 2026) == ["2026-04-30", "2026-05-08", "2026-06-11", "2026-11-03"]
    assert calendar.hours_on(date(2026, 4, 30)) == (I(510, 990),)


HOURS = [
    # id, shortening in minutes, date, hours
    ("one-hour", 60, date(2026, 5, 8), (I(510, 990),)),
    ("half-an-hour", 30, date(2026, 5, 8), (I(510, 1020),)),
    ("not-before-a-moved-day-off", 60, date(2026, 12, 30), OFFICE),
    ("an-ordinary-day", 60, date(2026, 5, 7), OFFICE),
    ("the-holiday-stays-closed", 60, date(2026, 5, 1), ()),
    ("without-the-statement", None, date(2026, 4, 30), OFFICE),
]


@pytest.mark.parametrize(("minutes", "day", "hours"), [c[1:] for c in HOURS], ids=[c[0] for c in HOURS])
def test_which_days_are_shortened(minutes: int | None, day: date, hours: tuple[I, ...]) -> None:
    assert BusinessCalendar.from_spec(_office(minutes)).hours_on(day) == hours


def test_a_date_with_its_own_hours_keeps_them() -> None:
    calendar = BusinessCalendar.from_spec(_office(60, open_days=(date(2026, 4, 30),)))
    assert calendar.hours_on(date(2026, 4, 30)) == (I(600, 1020),)


def test_split_days_lose_the_end_of_the_last_interval_first() -> None:
    split = (I(480, 720), I(780, 840))  # 08:00-12:00, 13:00-14:00
    layer = CalendarLayer(
        "split",
        weekly=(split,) * 5 + ((), ()),
        holidays=(HolidaySource("RU"),),
        preholiday_shortened=90,
    )
    calendar = BusinessCalendar.from_spec(CalendarSpec("split", "Europe/Moscow", (layer,)))
    assert calendar.hours_on(date(2026, 4, 30)) == (I(480, 690),)


OVERLAPPING = [
    # id, one weekday's hours (overlapping), shortening in minutes, open minutes of 30 April 2026
    ("a-short-interval-inside-a-long-one", (I(480, 1020), I(600, 720)), 60, range(480, 960)),
    ("the-same-24-hours-twice", (I(1, 1), I(1, 1)), 1439, range(1, 2)),
    ("a-24-hour-shift-over-a-short-one", (I(0, 3), I(1, 1)), 1439, range(2)),
    # 00:00 to 23:00 the next day less an hour: more than 24 hours are left
    ("longer-than-a-day", (I(0, 1440), I(1380, 1380)), 60, range(2760)),
]


@pytest.mark.parametrize(
    ("hours", "minutes", "left"), [c[1:] for c in OVERLAPPING], ids=[c[0] for c in OVERLAPPING]
)
def test_overlapping_intervals_lose_their_shared_end(
    hours: tuple[I, ...], minutes: int, left: range
) -> None:
    """The day's open time is the union of its intervals (the engine merges overlaps), and
    that is what ends ``minutes`` earlier: cutting only the interval that starts last left an
    overlapping one open to the old end (found by the oracle property test). The oracle
    agrees, also when what is left lasts more than 24 hours."""
    layer = CalendarLayer(
        "overlap",
        weekly=(hours,) * 7,
        holidays=(HolidaySource("RU"),),
        preholiday_shortened=minutes,
    )
    spec = CalendarSpec("overlap", "Europe/Moscow", (layer,))
    day = date(2026, 4, 30)
    assert open_minutes(BusinessCalendar.from_spec(spec).hours_on(day)) == set(left)
    assert open_minutes(Oracle(spec).hours(day)) == set(left)


def test_a_shortened_24_hour_shift_agrees_with_the_oracle() -> None:
    """The reported counterexample: 31 December 1992 in Mexico City before New Year's Day, a
    00:00-00:03 interval and a 24-hour shift from 00:01, less 1439 minutes, is 00:00-00:02;
    at 18:00 local it is closed."""
    week = ((I(0, 3), I(1, 1)),) * 7
    ru = (HolidaySource("RU"),)
    layer = CalendarLayer("layer0", weekly=week, holidays=ru, preholiday_shortened=1439)
    spec = CalendarSpec("drawn", "America/Mexico_City", (layer,))
    calendar, oracle = BusinessCalendar.from_spec(spec), Oracle(spec)
    ts = 725846400  # 1992-12-31 18:00 -06:00
    assert calendar.is_open_epoch(ts) is oracle.is_open(ts) is False
    assert calendar.between_epoch(ts, ts - 64621) == oracle.between(ts, ts - 64621) == 0
    assert calendar.add_epoch(ts, -1) == oracle.add(ts, -1)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_every_day_agrees_with_the_oracle(year: int) -> None:
    """The years the BPMSoft policy answers (its assumed 2026 date reaches back to 2025)."""
    spec = _office(60)
    calendar = BusinessCalendar.from_spec(spec)
    oracle = Oracle(spec)
    day = date(year, 1, 1)
    while day.year == year:
        assert calendar.hours_on(day) == oracle.hours(day), day
        day += timedelta(days=1)


def test_a_shortened_day_names_the_layer_that_shortens_it() -> None:
    """A layer above (a customer's closure, a region that only closes days) neither moves the
    shortening to itself nor adds eves of its own holidays."""
    base = _office(60)
    above = CalendarLayer(
        "customer",
        holidays=(HolidaySource("US"),),
        closed=((date(2026, 12, 28), "plant closure"),),
        holidays_close_only=True,
    )
    calendar = BusinessCalendar.from_spec(CalendarSpec("office", "Europe/Moscow", (*base.layers, above)))
    shortened = [e for e in calendar.exceptions(2026, 2026) if e.kind == "preholiday"]
    assert [(e.day.isoformat(), e.layer) for e in shortened] == [
        ("2026-04-30", "office"),
        ("2026-05-08", "office"),
        ("2026-06-11", "office"),
        ("2026-11-03", "office"),
    ]
    assert calendar.hours_on(date(2026, 11, 25)) == OFFICE  # the eve of Thanksgiving
    assert calendar.hours_on(date(2026, 11, 26)) == ()  # Thanksgiving closes
