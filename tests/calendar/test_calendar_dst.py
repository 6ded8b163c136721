"""DST: opening and closing times that do not exist or happen twice, day lengths, and
calendar-day arithmetic, in zones with DST today and in zones that dropped it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from policylang.calendar import BusinessCalendar, CalendarLayer, CalendarSpec, Interval

I = Interval.parse  # noqa: E741 - reads like the policy text
H = 3600


def on_date(zone: str, day: date, *hours: str) -> BusinessCalendar:
    """A calendar open only on ``day`` with ``hours``."""
    layer = CalendarLayer("c", open=((day, tuple(I(h) for h in hours), "test"),))
    return BusinessCalendar.from_spec(CalendarSpec("c", zone, (layer,)))


def always(zone: str) -> BusinessCalendar:
    return BusinessCalendar.from_spec(
        CalendarSpec("always", zone, (CalendarLayer("a", always_open=True),))
    )


def noon_to_noon(cal: BusinessCalendar, day: date) -> int:
    """Business seconds from noon the day before to noon on ``day`` (every transition below
    happens in the small hours, and local midnight itself may not exist)."""
    zone = cal.zone
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), zone).replace(hour=12)
    return cal.between(start, start.replace(day=day.day, month=day.month, year=day.year))


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        pytest.param("America/New_York", date(2025, 3, 9), 23, id="new-york-spring"),
        pytest.param("America/New_York", date(2025, 11, 2), 25, id="new-york-fall"),
        pytest.param("Europe/Berlin", date(2025, 3, 30), 23, id="berlin-spring"),
        pytest.param("Europe/Berlin", date(2025, 10, 26), 25, id="berlin-fall"),
        pytest.param("Europe/Moscow", date(2010, 3, 28), 23, id="moscow-2010-spring"),
        pytest.param("Europe/Moscow", date(2010, 10, 31), 25, id="moscow-2010-fall"),
        pytest.param("Europe/Moscow", date(2011, 10, 30), 24, id="moscow-2011-no-fall-back"),
        pytest.param("America/Mexico_City", date(2022, 4, 3), 23, id="mexico-2022-spring"),
        pytest.param("America/Mexico_City", date(2022, 10, 30), 25, id="mexico-2022-fall"),
        pytest.param("America/Mexico_City", date(2023, 4, 2), 24, id="mexico-2023-no-dst"),
        pytest.param("Australia/Lord_Howe", date(2025, 10, 5), 23.5, id="lord-howe-half-hour"),
        pytest.param("Australia/Lord_Howe", date(2025, 4, 6), 24.5, id="lord-howe-fall"),
        pytest.param("Africa/Casablanca", date(2025, 2, 23), 25, id="casablanca-ramadan-start"),
        pytest.param("Africa/Casablanca", date(2025, 4, 6), 23, id="casablanca-ramadan-end"),
        pytest.param("America/Sao_Paulo", date(2018, 11, 4), 23, id="sao-paulo-midnight-gap"),
        pytest.param("Antarctica/Troll", date(2025, 3, 30), 22, id="troll-two-hours"),
    ],
)
def test_24_7_day_length(zone: str, day: date, hours: float) -> None:
    assert noon_to_noon(always(zone), day) == int(hours * H)


NY = ZoneInfo("America/New_York")


def ny(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("day", "hours", "opens", "closes"),
    [
        pytest.param(
            date(2025, 3, 9),
            "01:00-02:30",
            ny(2025, 3, 9, 1),
            ny(2025, 3, 9, 3),
            id="closing-in-gap-is-the-transition",
        ),
        pytest.param(
            date(2025, 3, 9),
            "02:30-05:00",
            ny(2025, 3, 9, 3),
            ny(2025, 3, 9, 5),
            id="opening-in-gap-is-the-transition",
        ),
        pytest.param(
            date(2025, 11, 2),
            "00:00-01:30",
            ny(2025, 11, 2, 0),
            ny(2025, 11, 2, 1, 30),
            id="ambiguous-closing-is-first-occurrence",
        ),
        pytest.param(
            date(2025, 11, 2),
            "01:30-09:00",
            ny(2025, 11, 2, 1, 30),
            ny(2025, 11, 2, 9),
            id="ambiguous-opening-is-first-occurrence",
        ),
        pytest.param(
            date(2025, 11, 1),
            "22:00-06:00",
            ny(2025, 11, 1, 22),
            ny(2025, 11, 2, 6),
            id="overnight-over-fall-back",
        ),
        pytest.param(
            date(2025, 3, 8),
            "22:00-06:00",
            ny(2025, 3, 8, 22),
            ny(2025, 3, 9, 6),
            id="overnight-over-spring-forward",
        ),
    ],
)
def test_wall_times_on_dst_days(day: date, hours: str, opens: datetime, closes: datetime) -> None:
    cal = on_date("America/New_York", day, hours)
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), NY)
    assert cal.next_open(start) == opens
    assert cal.next_close(start) == closes
    assert cal.between(start, start + timedelta(days=3)) == int(
        closes.timestamp() - opens.timestamp()
    )


@pytest.mark.parametrize(
    ("hours", "seconds"),
    [
        pytest.param("01:00-02:30", H, id="gap-shortens"),
        pytest.param("02:00-03:00", 0, id="wholly-in-gap-is-empty"),
        pytest.param("22:00-06:00", 7 * H, id="night-shift-7h"),
    ],
)
def test_spring_forward_shift_lengths(hours: str, seconds: int) -> None:
    day = date(2025, 3, 9) if not hours.startswith("22") else date(2025, 3, 8)
    cal = on_date("America/New_York", day, hours, "12:00-13:00")
    assert cal.between(ny(2025, 3, 7), ny(2025, 3, 11)) == seconds + H


def test_fall_back_night_shift_is_nine_hours() -> None:
    cal = on_date("America/New_York", date(2025, 11, 1), "22:00-06:00")
    assert cal.between(ny(2025, 10, 31), ny(2025, 11, 4)) == 9 * H


def test_midnight_gap_and_fall_back_at_midnight() -> None:
    zone = "America/Sao_Paulo"
    sp = ZoneInfo(zone)
    # 2018-11-04: 00:00 did not exist (clocks went to 01:00); the day opens at 01:00.
    cal = on_date(zone, date(2018, 11, 4), "00:00-08:00")
    assert cal.next_open(datetime(2018, 11, 3, 12, tzinfo=sp)) == datetime(
        2018, 11, 4, 1, tzinfo=sp
    )
    assert cal.between(datetime(2018, 11, 3, tzinfo=sp), datetime(2018, 11, 5, tzinfo=sp)) == 7 * H
    # 2019-02-16: at 24:00 clocks went back to 23:00; a 23:00-24:00 shift lasts two hours.
    cal = on_date(zone, date(2019, 2, 16), "23:00-24:00")
    assert cal.between(datetime(2019, 2, 16, tzinfo=sp), datetime(2019, 2, 18, tzinfo=sp)) == 2 * H


def test_business_days_across_dst_keep_wall_time() -> None:
    weekly = ((I("09:00-17:00"),),) * 5 + ((), ())
    cal = BusinessCalendar.from_spec(
        CalendarSpec("ny", "America/New_York", (CalendarLayer("c", weekly=weekly),))
    )
    assert cal.add_business_days(ny(2025, 3, 7, 10), 1) == ny(2025, 3, 10, 10)
    assert cal.add_business_days(ny(2025, 10, 31, 16), 1) == ny(2025, 11, 3, 16)
    assert cal.add(ny(2025, 3, 7, 16), 2 * H) == ny(2025, 3, 10, 10)


@pytest.mark.parametrize(
    ("start", "kwargs", "expected"),
    [
        pytest.param(ny(2025, 3, 8, 12), {"days": 1}, ny(2025, 3, 9, 12), id="day-is-23h"),
        pytest.param(
            ny(2025, 3, 8, 12), {"seconds": 86400}, ny(2025, 3, 9, 13), id="seconds-are-elapsed"
        ),
        pytest.param(
            ny(2025, 3, 8, 2, 30),
            {"days": 1},
            ny(2025, 3, 9, 3),
            id="nonexistent-target-is-transition",
        ),
        pytest.param(
            ny(2025, 11, 1, 1, 30),
            {"days": 1},
            ny(2025, 11, 2, 1, 30),
            id="ambiguous-target-is-first",
        ),
        pytest.param(
            ny(2025, 11, 1, 12),
            {"days": 1, "seconds": 60},
            ny(2025, 11, 2, 12, 1),
            id="days-then-seconds",
        ),
        pytest.param(ny(2025, 3, 10, 12), {"days": -2}, ny(2025, 3, 8, 12), id="negative"),
        pytest.param(ny(2025, 3, 10, 12), {}, ny(2025, 3, 10, 12), id="zero"),
    ],
)
def test_add_calendar(start: datetime, kwargs: dict[str, int], expected: datetime) -> None:
    cal = always("America/New_York")
    result = cal.add_calendar(start, **kwargs)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()
