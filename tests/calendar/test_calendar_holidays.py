"""python-holidays integration: the named dates of Russia, Vietnam and Mexico, checked against
the installed python-holidays and through the calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays
import pytest

from policylang.calendar import (
    BusinessCalendar,
    CalendarError,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)

I = Interval.parse  # noqa: E741 - reads like the policy text
MON_FRI_0830 = tuple([(I("08:30-17:30"),)] * 5 + [(), ()])


def mon_fri(zone: str, country: str, hours: str = "08:30-17:30", **kw: object) -> BusinessCalendar:
    weekly = tuple([(I(hours),)] * 5 + [(), ()])
    layer = CalendarLayer(country, weekly=weekly, holidays=(HolidaySource(country),), **kw)  # type: ignore[arg-type]
    return BusinessCalendar.from_spec(CalendarSpec(country.lower(), zone, (layer,)))


RU = mon_fri("Europe/Moscow", "RU")
VN = mon_fri("Asia/Ho_Chi_Minh", "VN")
MX = mon_fri("America/Mexico_City", "MX", "09:00-18:00")


@pytest.mark.parametrize(
    ("country", "day", "working"),
    [
        pytest.param("RU", date(2025, 11, 1), True, id="RU-2025-11-01-working-saturday"),
        pytest.param("RU", date(2025, 11, 3), False, id="RU-2025-11-03-transferred-day-off"),
        pytest.param("RU", date(2026, 12, 31), False, id="RU-2026-12-31-day-off"),
        pytest.param("RU", date(2027, 2, 20), True, id="RU-2027-02-20-working-saturday"),
        pytest.param("VN", date(2027, 1, 1), False, id="VN-2027-new-year"),
        pytest.param("VN", date(2027, 2, 6), False, id="VN-2027-tet"),
        pytest.param("VN", date(2026, 8, 22), True, id="VN-2026-08-22-working-saturday"),
        pytest.param("MX", date(2026, 2, 2), False, id="MX-2026-constitution-day"),
    ],
)
def test_installed_python_holidays_says(country: str, day: date, working: bool) -> None:
    """The premises of the tables below, straight from python-holidays."""
    data = holidays.country_holidays(country, years=range(day.year - 1, day.year + 2))
    assert data.is_working_day(day) is working


@pytest.mark.parametrize(
    ("cal", "day", "hours"),
    [
        pytest.param(RU, date(2025, 11, 1), "08:30-17:30", id="RU-working-saturday-friday-hours"),
        pytest.param(RU, date(2025, 10, 31), "08:30-17:30", id="RU-friday-before"),
        pytest.param(RU, date(2025, 11, 2), None, id="RU-sunday-after"),
        pytest.param(RU, date(2025, 11, 3), None, id="RU-monday-off-transferred"),
        pytest.param(RU, date(2025, 11, 4), None, id="RU-unity-day"),
        pytest.param(RU, date(2026, 12, 30), "08:30-17:30", id="RU-2026-12-30-works"),
        pytest.param(RU, date(2026, 12, 31), None, id="RU-2026-12-31-off"),
        pytest.param(RU, date(2026, 1, 9), None, id="RU-2026-01-09-transferred-off"),
        pytest.param(RU, date(2026, 1, 12), "08:30-17:30", id="RU-2026-01-12-back-to-work"),
        pytest.param(VN, date(2027, 1, 1), None, id="VN-new-year-2027"),
        pytest.param(VN, date(2026, 12, 31), "08:30-17:30", id="VN-new-years-eve-works"),
        pytest.param(VN, date(2027, 2, 4), None, id="VN-tet-29th"),
        pytest.param(VN, date(2027, 2, 5), None, id="VN-tet-eve"),
        pytest.param(VN, date(2027, 2, 8), None, id="VN-tet-day-3-monday"),
        pytest.param(VN, date(2027, 2, 10), None, id="VN-tet-day-5"),
        pytest.param(VN, date(2027, 2, 11), "08:30-17:30", id="VN-after-tet"),
        pytest.param(VN, date(2026, 2, 17), None, id="VN-tet-2026"),
        pytest.param(VN, date(2026, 8, 22), "08:30-17:30", id="VN-2026-working-saturday"),
        pytest.param(VN, date(2026, 8, 31), None, id="VN-2026-08-31-transferred-off"),
        pytest.param(MX, date(2026, 2, 2), None, id="MX-constitution-day"),
        pytest.param(MX, date(2026, 3, 16), None, id="MX-benito-juarez"),
        pytest.param(MX, date(2026, 11, 16), None, id="MX-revolution-day"),
        pytest.param(MX, date(2024, 10, 1), None, id="MX-2024-inauguration-day"),
        pytest.param(MX, date(2026, 9, 16), None, id="MX-independence-day"),
        pytest.param(MX, date(2026, 9, 15), "09:00-18:00", id="MX-independence-eve-works"),
    ],
)
def test_hours_on_named_dates(cal: BusinessCalendar, day: date, hours: str | None) -> None:
    expected = () if hours is None else (I(hours),)
    assert cal.hours_on(day) == expected


def test_working_saturday_hours_override() -> None:
    cal = mon_fri("Europe/Moscow", "RU", weekend_workday_hours=(I("08:30-16:30"),))
    msk = ZoneInfo("Europe/Moscow")
    assert cal.hours_on(date(2025, 11, 1)) == (I("08:30-16:30"),)
    assert cal.is_open(datetime(2025, 11, 1, 16, 0, tzinfo=msk))
    assert not cal.is_open(datetime(2025, 11, 1, 16, 30, tzinfo=msk))
    # Weekdays keep their own hours.
    assert cal.hours_on(date(2025, 10, 31)) == (I("08:30-17:30"),)


def test_working_saturday_can_stay_closed() -> None:
    cal = mon_fri("Europe/Moscow", "RU", weekend_workday_hours=())
    assert cal.hours_on(date(2025, 11, 1)) == ()


@pytest.mark.parametrize(
    ("cal", "start", "seconds", "expected"),
    [
        pytest.param(
            RU,
            datetime(2025, 10, 31, 16),
            4 * 3600,
            datetime(2025, 11, 1, 11),
            id="RU-friday-into-working-saturday",
        ),
        pytest.param(
            RU,
            datetime(2026, 12, 30, 15),
            4 * 3600,
            datetime(2027, 1, 11, 10),
            id="RU-over-new-year-holidays",
        ),
        pytest.param(
            VN,
            datetime(2027, 2, 3, 15),
            4 * 3600,
            datetime(2027, 2, 11, 10),
            id="VN-over-tet",
        ),
        pytest.param(
            MX,
            datetime(2026, 1, 30, 16),
            4 * 3600,
            datetime(2026, 2, 3, 11),
            id="MX-over-constitution-day",
        ),
    ],
)
def test_add_over_holidays(
    cal: BusinessCalendar, start: datetime, seconds: int, expected: datetime
) -> None:
    start, expected = start.replace(tzinfo=cal.zone), expected.replace(tzinfo=cal.zone)
    assert cal.add(start, seconds) == expected
    assert cal.between(start, expected) == seconds


def test_exceptions_lists_the_year_sorted() -> None:
    found = RU.exceptions(2025, 2026)
    days = [e.day for e in found]
    assert days == sorted(days)
    kinds = {e.day: e.kind for e in found}
    assert kinds[date(2025, 11, 1)] == "workday"
    assert kinds[date(2026, 12, 31)] == "holiday"
    assert kinds[date(2025, 11, 3)] == "holiday"
    assert all(e.layer == "RU" for e in found)
    assert next(e for e in found if e.day == date(2025, 11, 1)).hours == (I("08:30-17:30"),)


def test_vietnam_desk_open_every_day_including_holidays() -> None:
    """Bemo Cloud: 8:00-20:00 daily, weekends and public holidays included: no holiday
    source, so Tet is an ordinary day."""
    layer = CalendarLayer("bemo", weekly=((I("08:00-20:00"),),) * 7)
    cal = BusinessCalendar.from_spec(CalendarSpec("bemo", "Asia/Ho_Chi_Minh", (layer,)))
    assert cal.is_open(datetime(2027, 2, 6, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    assert cal.is_open(datetime(2027, 1, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param(HolidaySource("XX"), "unknown holiday country 'XX'", id="country"),
        pytest.param(
            HolidaySource("MX", "CMX"), "unknown subdivision 'CMX'", id="MX-has-no-subdivisions"
        ),
        pytest.param(HolidaySource("US", "ZZ"), "known: AK, AL", id="lists-known-subdivisions"),
    ],
)
def test_unknown_holiday_source(source: HolidaySource, message: str) -> None:
    layer = CalendarLayer("x", weekly=MON_FRI_0830, holidays=(source,))
    with pytest.raises(CalendarError, match=message):
        BusinessCalendar.from_spec(CalendarSpec("x", "UTC", (layer,)))


def test_subdivision_holidays() -> None:
    layer = CalendarLayer("ny", weekly=MON_FRI_0830, holidays=(HolidaySource("US", "NY"),))
    cal = BusinessCalendar.from_spec(CalendarSpec("ny", "America/New_York", (layer,)))
    assert cal.hours_on(date(2026, 2, 12)) == ()  # Lincoln's Birthday, a New York holiday
    plain = CalendarLayer("us", weekly=MON_FRI_0830, holidays=(HolidaySource("US"),))
    federal = BusinessCalendar.from_spec(CalendarSpec("us", "America/New_York", (plain,)))
    assert federal.hours_on(date(2026, 2, 12)) == (I("08:30-17:30"),)


@pytest.mark.parametrize(
    "when",
    [
        pytest.param(datetime(2101, 1, 1, 12), id="after-python-holidays-2100"),
        pytest.param(datetime(1990, 6, 1, 12), id="before-python-holidays-1991"),
    ],
)
def test_holiday_horizon_is_an_error(when: datetime) -> None:
    with pytest.raises(CalendarError, match=r"outside its horizon.*python-holidays data for RU"):
        RU.add(when.replace(tzinfo=RU.zone), 3600)


def test_adding_past_the_holiday_horizon_is_an_error() -> None:
    with pytest.raises(CalendarError, match="before the end of its horizon"):
        RU.add_business_days(datetime(2100, 12, 1, 12, tzinfo=RU.zone), 100)
    assert (RU.first_year, RU.last_year) == (1991, 2100)
