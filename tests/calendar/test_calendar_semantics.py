"""The documented semantics (docs/calendars.md), one table per decision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from policylang.calendar import (
    MAX_SEARCH_YEARS,
    BusinessCalendar,
    CalendarError,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)

I = Interval.parse  # noqa: E741 - reads like the policy text
MSK = ZoneInfo("Europe/Moscow")
NY = ZoneInfo("America/New_York")
H = 3600


def calendar(zone: str, *layers: CalendarLayer) -> BusinessCalendar:
    return BusinessCalendar.from_spec(CalendarSpec("test", zone, layers))


def weekdays(*hours: str, sat: tuple[str, ...] = (), sun: tuple[str, ...] = ()) -> tuple:
    day = tuple(I(h) for h in hours)
    return (day,) * 5 + (tuple(I(h) for h in sat), tuple(I(h) for h in sun))


# Moscow office, Mon-Fri 08:30-17:30, Russian holidays: the first calendar.
OFFICE = calendar(
    "Europe/Moscow",
    CalendarLayer("ru", weekly=weekdays("08:30-17:30"), holidays=(HolidaySource("RU"),)),
)
# itc: 08:00-12:00 + 13:30-16:30, Mon-Fri.
SPLIT = calendar(
    "Europe/Moscow", CalendarLayer("itc", weekly=weekdays("08:00-12:00", "13:30-16:30"))
)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK)  # type: ignore[misc]


# -- half-open intervals, closing instants, clock start ------------------------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(msk(2026, 3, 3, 8, 29, 59), False, id="second-before-opening"),
        pytest.param(msk(2026, 3, 3, 8, 30), True, id="opening-instant-is-open"),
        pytest.param(msk(2026, 3, 3, 17, 29, 59), True, id="last-open-second"),
        pytest.param(msk(2026, 3, 3, 17, 30), False, id="closing-instant-is-closed"),
        pytest.param(msk(2026, 3, 7, 12), False, id="saturday"),
        pytest.param(msk(2026, 3, 9, 12), False, id="holiday-monday"),
    ],
)
def test_half_open(when: datetime, expected: bool) -> None:
    assert OFFICE.is_open(when) is expected


@pytest.mark.parametrize(
    ("cal", "start", "seconds", "expected"),
    [
        pytest.param(
            OFFICE,
            msk(2026, 3, 3, 13, 30),
            4 * H,
            msk(2026, 3, 3, 17, 30),
            id="lands-on-closing-returns-closing",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 3, 13, 30),
            4 * H + 1,
            msk(2026, 3, 4, 8, 30, 1),
            id="one-second-more-is-next-morning",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 6, 19),
            H,
            msk(2026, 3, 10, 9, 30),
            id="friday-evening-starts-at-next-opening-after-holiday",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 7, 12),
            H,
            msk(2026, 3, 10, 9, 30),
            id="saturday-starts-at-next-opening",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 3, 7),
            30 * 60,
            msk(2026, 3, 3, 9),
            id="early-morning-starts-at-opening",
        ),
        pytest.param(
            SPLIT,
            msk(2026, 3, 3, 10),
            2 * H,
            msk(2026, 3, 3, 12),
            id="split-lands-on-lunch-returns-12:00",
        ),
        pytest.param(
            SPLIT, msk(2026, 3, 3, 10), 3 * H, msk(2026, 3, 3, 14, 30), id="split-skips-lunch"
        ),
        pytest.param(
            SPLIT,
            msk(2026, 3, 3, 12, 30),
            H,
            msk(2026, 3, 3, 14, 30),
            id="split-clock-starts-after-lunch",
        ),
        pytest.param(
            SPLIT, msk(2026, 3, 6, 15), 2 * H, msk(2026, 3, 9, 8, 30), id="split-over-weekend"
        ),
    ],
)
def test_add(cal: BusinessCalendar, start: datetime, seconds: int, expected: datetime) -> None:
    assert cal.add(start, seconds) == expected


@pytest.mark.parametrize(
    ("start", "seconds", "expected"),
    [
        pytest.param(msk(2026, 3, 3, 12), 0, msk(2026, 3, 3, 12), id="zero-open"),
        pytest.param(msk(2026, 3, 7, 12), 0, msk(2026, 3, 7, 12), id="zero-closed-unchanged"),
        pytest.param(msk(2026, 3, 4, 9, 30), -2 * H, msk(2026, 3, 3, 16, 30), id="negative"),
        pytest.param(
            msk(2026, 3, 4, 9, 30),
            -H,
            msk(2026, 3, 4, 8, 30),
            id="negative-lands-on-opening-returns-opening",
        ),
        pytest.param(
            msk(2026, 3, 7, 12),
            -H,
            msk(2026, 3, 6, 16, 30),
            id="negative-from-closed-starts-at-last-closing",
        ),
    ],
)
def test_zero_and_negative(start: datetime, seconds: int, expected: datetime) -> None:
    assert OFFICE.add(start, seconds) == expected
    assert OFFICE.subtract(start, -seconds) == expected


def test_between_is_signed_and_counts_business_seconds() -> None:
    a, b = msk(2026, 3, 6, 16), msk(2026, 3, 10, 9)  # Fri 16:00 -> Tue 09:00 over holiday Mon
    assert OFFICE.between(a, b) == int(2 * H)
    assert OFFICE.between(b, a) == -2 * H
    assert OFFICE.between(a, a) == 0
    assert OFFICE.between(msk(2026, 3, 7, 1), msk(2026, 3, 8, 23)) == 0


def test_round_trip_lands_on_next_open() -> None:
    for start in (msk(2026, 3, 3, 12), msk(2026, 3, 7, 12), msk(2026, 3, 3, 17, 30)):
        assert OFFICE.subtract(OFFICE.add(start, 5 * H), 5 * H) == OFFICE.next_open(start)


@pytest.mark.parametrize(
    ("start", "opens", "closes"),
    [
        pytest.param(msk(2026, 3, 3, 12), msk(2026, 3, 3, 12), msk(2026, 3, 3, 17, 30), id="open"),
        pytest.param(
            msk(2026, 3, 3, 17, 30),
            msk(2026, 3, 4, 8, 30),
            msk(2026, 3, 4, 17, 30),
            id="at-closing",
        ),
        pytest.param(
            msk(2026, 3, 6, 18),
            msk(2026, 3, 10, 8, 30),
            msk(2026, 3, 10, 17, 30),
            id="weekend-and-holiday",
        ),
    ],
)
def test_next_open_and_close(start: datetime, opens: datetime, closes: datetime) -> None:
    assert OFFICE.next_open(start) == opens
    assert OFFICE.next_close(start) == closes


# -- business days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "start", "n", "expected"),
    [
        pytest.param(
            OFFICE,
            msk(2026, 3, 3, 10),
            1,
            msk(2026, 3, 4, 10),
            id="tuesday-10:00-plus-1-is-wednesday-10:00",
        ),
        pytest.param(OFFICE, msk(2026, 3, 5, 10), 1, msk(2026, 3, 6, 10), id="thu-to-fri"),
        pytest.param(
            OFFICE,
            msk(2026, 3, 6, 10),
            1,
            msk(2026, 3, 10, 10),
            id="friday-over-weekend-and-holiday-monday",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 13, 19),
            1,
            msk(2026, 3, 16, 17, 30),
            id="friday-evening-is-end-of-monday",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 14, 12),
            1,
            msk(2026, 3, 16, 17, 30),
            id="saturday-is-end-of-monday",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 14, 12),
            2,
            msk(2026, 3, 17, 17, 30),
            id="saturday-plus-2-is-end-of-tuesday",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 16, 8, 30),
            1,
            msk(2026, 3, 16, 17, 30),
            id="at-opening-is-end-of-same-day",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 16, 7),
            1,
            msk(2026, 3, 16, 17, 30),
            id="before-opening-is-end-of-same-day",
        ),
        pytest.param(
            OFFICE, msk(2026, 12, 30, 15), 1, msk(2027, 1, 11, 15), id="eve-of-holiday-ru-new-year"
        ),
        pytest.param(
            OFFICE,
            msk(2026, 12, 30, 19),
            1,
            msk(2027, 1, 11, 17, 30),
            id="evening-before-holidays-is-end-of-first-day-back",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 6, 19),
            1,
            msk(2026, 3, 10, 17, 30),
            id="eve-of-holiday-monday-evening",
        ),
        pytest.param(
            OFFICE, msk(2025, 10, 31, 12), 1, msk(2025, 11, 1, 12), id="working-saturday-counts"
        ),
        pytest.param(OFFICE, msk(2026, 3, 3, 10), 0, msk(2026, 3, 3, 10), id="zero"),
        pytest.param(OFFICE, msk(2026, 3, 7, 10), 0, msk(2026, 3, 7, 10), id="zero-closed"),
        pytest.param(
            OFFICE, msk(2026, 3, 10, 10), -1, msk(2026, 3, 6, 10), id="minus-1-over-holiday-weekend"
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 14, 12),
            -1,
            msk(2026, 3, 13, 8, 30),
            id="saturday-minus-1-is-friday-opening",
        ),
        pytest.param(
            OFFICE,
            msk(2026, 3, 16, 8, 30),
            -1,
            msk(2026, 3, 13, 8, 30),
            id="monday-opening-minus-1-is-friday-opening",
        ),
        pytest.param(
            SPLIT, msk(2026, 3, 3, 14, 30), 1, msk(2026, 3, 4, 14, 30), id="split-afternoon"
        ),
        pytest.param(
            SPLIT,
            msk(2026, 3, 3, 12, 30),
            1,
            msk(2026, 3, 4, 12),
            id="split-lunch-is-4h-into-the-day-lands-at-noon-closing",
        ),
        pytest.param(OFFICE, msk(2026, 3, 3, 10), 30, msk(2026, 4, 15, 10), id="plus-30"),
    ],
)
def test_business_days(cal: BusinessCalendar, start: datetime, n: int, expected: datetime) -> None:
    assert cal.add_business_days(start, n) == expected


def test_short_day_clamps_business_days() -> None:
    cal = calendar(
        "Europe/Moscow",
        CalendarLayer(
            "c",
            weekly=weekdays("08:30-17:30"),
            open=((date(2026, 3, 4), (I("08:30-12:30"),), "short day"),),
        ),
    )
    # 5 h into Tuesday; Wednesday has only 4 h, so its closing is the deadline.
    assert cal.add_business_days(msk(2026, 3, 3, 13, 30), 1) == msk(2026, 3, 4, 12, 30)
    assert cal.add_business_days(msk(2026, 3, 3, 10), 1) == msk(2026, 3, 4, 10)


def test_night_shift_business_day_is_the_shift() -> None:
    cal = calendar("Europe/Moscow", CalendarLayer("night", weekly=weekdays("22:00-06:00")))
    # Tuesday's shift runs Tue 22:00 -> Wed 06:00; 03:00 Wednesday is 5 h into it.
    assert cal.add_business_days(msk(2026, 3, 4, 3), 1) == msk(2026, 3, 5, 3)
    # Friday 03:00 is inside Thursday's shift; the next business day is Friday's shift, which
    # ends on Saturday morning, and then Monday's.
    assert cal.add_business_days(msk(2026, 3, 6, 3), 1) == msk(2026, 3, 7, 3)
    assert cal.add_business_days(msk(2026, 3, 6, 3), 2) == msk(2026, 3, 10, 3)
    assert cal.add(msk(2026, 3, 4, 5), 2 * H) == msk(2026, 3, 4, 23)


# -- errors ----------------------------------------------------------------------------------


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(CalendarError, match=r"2026-03-03T10:00:00 is naive"):
        OFFICE.add(datetime(2026, 3, 3, 10), H)
    with pytest.raises(CalendarError, match=r"end .* is naive"):
        OFFICE.between(msk(2026, 3, 3), datetime(2026, 3, 4))


def test_nonexistent_input_is_rejected_and_ambiguous_input_follows_fold() -> None:
    with pytest.raises(CalendarError, match="does not exist in America/New_York"):
        calendar("America/New_York", CalendarLayer("a", always_open=True)).is_open(
            datetime(2025, 3, 9, 2, 30, tzinfo=NY)
        )
    cal = calendar("America/New_York", CalendarLayer("a", always_open=True))
    first = datetime(2025, 11, 2, 1, 30, tzinfo=NY)
    second = first.replace(fold=1)
    assert cal.between(first, second) == H


@pytest.mark.parametrize(
    ("layers", "zone", "message"),
    [
        pytest.param(
            (CalendarLayer("a", always_open=True),), "Mars/Olympus", "unknown time zone", id="zone"
        ),
        pytest.param((CalendarLayer("a"),), "UTC", "has no open time", id="empty"),
        pytest.param(
            (CalendarLayer("a", weekly=((),) * 7),), "UTC", "has no open time", id="all-closed"
        ),
    ],
)
def test_spec_errors(layers: tuple[CalendarLayer, ...], zone: str, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        BusinessCalendar.from_spec(CalendarSpec("x", zone, layers))


def test_open_dates_alone_are_not_empty_but_searches_are_bounded() -> None:
    cal = calendar(
        "UTC", CalendarLayer("a", open=((date(2026, 1, 3), (I("10:00-14:00"),), "once"),))
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert cal.add(start, H) == datetime(2026, 1, 3, 11, tzinfo=UTC)
    with pytest.raises(CalendarError, match=f"not enough business time within {MAX_SEARCH_YEARS}"):
        cal.add(start, 5 * H)
    with pytest.raises(CalendarError, match="no opening"):
        cal.next_open(datetime(2026, 2, 1, tzinfo=UTC))


def test_24_7_never_closes_within_the_search_span() -> None:
    cal = calendar("Asia/Ho_Chi_Minh", CalendarLayer("always", always_open=True))
    with pytest.raises(CalendarError, match="no closing within"):
        cal.next_close(datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(1.5, "int seconds or a timedelta", id="float"),
        pytest.param(timedelta(milliseconds=1), "fraction of a second", id="sub-second"),
        pytest.param(True, "int seconds", id="bool"),
    ],
)
def test_duration_errors(value: object, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        OFFICE.add(msk(2026, 3, 3, 10), value)  # type: ignore[arg-type]


def test_timedelta_and_other_zones_accepted() -> None:
    start = datetime(2026, 3, 3, 7, tzinfo=UTC)  # 10:00 Moscow
    assert OFFICE.add(start, timedelta(hours=1)) == msk(2026, 3, 3, 11)
    fixed = datetime(2026, 3, 3, 10, tzinfo=timezone(timedelta(hours=3)))
    assert OFFICE.is_open(fixed)
    assert OFFICE.add(start, H).tzinfo is MSK


def test_sub_second_inputs_are_floored() -> None:
    assert (
        OFFICE.between(msk(2026, 3, 3, 10), msk(2026, 3, 3, 10, 0, 1).replace(microsecond=999_999))
        == 1
    )


# -- the model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "overnight"),
    [
        pytest.param("08:30-17:30", 510, 1050, False, id="day"),
        pytest.param("22:00-06:00", 1320, 360, True, id="overnight"),
        pytest.param("00:00-24:00", 0, 1440, False, id="all-day"),
        pytest.param("10:00-10:00", 600, 600, True, id="24h-from-10"),
    ],
)
def test_interval(text: str, start: int, end: int, overnight: bool) -> None:
    interval = I(text)
    assert (interval.start, interval.end, interval.overnight) == (start, end, overnight)
    assert str(interval) == text


@pytest.mark.parametrize(
    "args",
    [
        pytest.param((1440, 1440), id="start-1440"),
        pytest.param((-1, 60), id="negative"),
        pytest.param((0, 0), id="end-0"),
        pytest.param((0, 1441), id="end-1441"),
    ],
)
def test_interval_rejects(args: tuple[int, int]) -> None:
    with pytest.raises(CalendarError):
        Interval(*args)


@pytest.mark.parametrize("text", ["8-17", "25:00-26:00", "08:60-09:00", "24:30-01:00"])
def test_interval_parse_rejects(text: str) -> None:
    with pytest.raises(CalendarError, match="cannot read interval"):
        I(text)


def test_layer_validation() -> None:
    with pytest.raises(CalendarError, match="7 entries"):
        CalendarLayer("a", weekly=((),) * 6)
    with pytest.raises(CalendarError, match="cannot be combined"):
        CalendarLayer("a", weekly=((),) * 7, always_open=True)
    with pytest.raises(CalendarError, match="both closed and open"):
        CalendarLayer(
            "a",
            closed=((date(2026, 1, 1), "x"),),
            open=((date(2026, 1, 1), (I("10:00-11:00"),), "y"),),
        )
    with pytest.raises(CalendarError, match="expected a date"):
        CalendarLayer("a", closed=((datetime(2026, 1, 1), "x"),))
    with pytest.raises(CalendarError, match="has no hours"):
        CalendarLayer("a", open=((date(2026, 1, 1), (), "y"),))


def test_epoch_and_datetime_apis_agree() -> None:
    start = msk(2026, 3, 6, 15)
    ts = int(start.timestamp())
    assert OFFICE.to_local(OFFICE.add_epoch(ts, 5 * H)) == OFFICE.add(start, 5 * H)
    assert OFFICE.to_local(OFFICE.add_business_days_epoch(ts, 3)) == OFFICE.add_business_days(
        start, 3
    )
    assert OFFICE.between_epoch(ts, ts + 10 * 86400) == OFFICE.between(
        start, start + timedelta(days=10)
    )
    assert OFFICE.is_open_epoch(ts) is OFFICE.is_open(start)
    assert OFFICE.to_local(ts) == start


def test_calendar_arithmetic_out_of_range_is_an_error() -> None:
    with pytest.raises(CalendarError, match="out of datetime's range"):
        OFFICE.add_calendar(msk(2026, 3, 3, 10), seconds=10**12)
    with pytest.raises(CalendarError, match="out of range"):
        OFFICE.add_calendar(msk(2026, 3, 3, 10), days=10**7)


def test_documentation_helpers_check_the_horizon() -> None:
    with pytest.raises(CalendarError, match=r"year 2101 is outside its horizon 1991\.\.2100"):
        OFFICE.hours_on(date(2101, 1, 1))
    with pytest.raises(CalendarError, match="outside its horizon"):
        OFFICE.exceptions(1985, 1995)
    with pytest.raises(CalendarError, match="is empty"):
        OFFICE.exceptions(2027, 2026)
