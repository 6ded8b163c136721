"""Layering and precedence, and the calendars of the policy example in the issue."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from policylang.calendar import (
    BusinessCalendar,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)
from policylang.tools.docgen.calendars import calendar_summary_rows
from policylang.tools.docgen.words import intervals_words

I = Interval.parse  # noqa: E741 - reads like the policy text
MSK = ZoneInfo("Europe/Moscow")
RU = (HolidaySource("RU"),)
WEEKDAYS = tuple([(I("09:00-18:00"),)] * 5 + [(), ()])
HOLIDAY = date(2026, 1, 5)  # Monday, RU New Year holidays
WORKING_SATURDAY = date(2025, 11, 1)
PLAIN_TUESDAY = date(2026, 3, 3)


def hours_of(*layers: CalendarLayer, day: date) -> tuple[Interval, ...]:
    return BusinessCalendar.from_spec(CalendarSpec("c", "Europe/Moscow", layers)).hours_on(day)


def opened(day: date, text: str) -> tuple[tuple[date, tuple[Interval, ...], str], ...]:
    return ((day, (I(text),), "open"),)


BASE = CalendarLayer("country", weekly=WEEKDAYS, holidays=RU)


@pytest.mark.parametrize(
    ("layers", "day", "expected"),
    [
        pytest.param(
            (
                CalendarLayer(
                    "c", weekly=WEEKDAYS, holidays=RU, open=opened(HOLIDAY, "10:00-14:00")
                ),
            ),
            HOLIDAY,
            "10:00-14:00",
            id="same-layer-open-beats-holiday",
        ),
        pytest.param(
            (BASE, CalendarLayer("company", open=opened(HOLIDAY, "10:00-14:00"))),
            HOLIDAY,
            "10:00-14:00",
            id="later-open-beats-earlier-holiday",
        ),
        pytest.param(
            (
                CalendarLayer("company", weekly=WEEKDAYS, open=opened(HOLIDAY, "10:00-14:00")),
                CalendarLayer("customer", holidays=RU),
            ),
            HOLIDAY,
            None,
            id="later-holiday-beats-earlier-open",
        ),
        pytest.param(
            (
                CalendarLayer(
                    "company", weekly=WEEKDAYS, open=opened(PLAIN_TUESDAY, "10:00-14:00")
                ),
                CalendarLayer("customer", closed=((PLAIN_TUESDAY, "customer closed"),)),
            ),
            PLAIN_TUESDAY,
            None,
            id="later-closed-beats-earlier-open",
        ),
        pytest.param(
            (
                CalendarLayer("company", weekly=WEEKDAYS, closed=((PLAIN_TUESDAY, "x"),)),
                CalendarLayer("customer", open=opened(PLAIN_TUESDAY, "12:00-13:00")),
            ),
            PLAIN_TUESDAY,
            "12:00-13:00",
            id="later-open-beats-earlier-closed",
        ),
        pytest.param(
            (BASE, CalendarLayer("company", closed=((WORKING_SATURDAY, "company day off"),))),
            WORKING_SATURDAY,
            None,
            id="later-closed-beats-working-saturday",
        ),
        pytest.param(
            (
                CalendarLayer("company", weekly=WEEKDAYS, closed=((WORKING_SATURDAY, "x"),)),
                CalendarLayer("customer", holidays=RU),
            ),
            WORKING_SATURDAY,
            "09:00-18:00",
            id="later-working-saturday-beats-earlier-closed",
        ),
        pytest.param(
            (BASE,),
            WORKING_SATURDAY,
            "09:00-18:00",
            id="working-saturday-takes-friday-hours",
        ),
        pytest.param(
            (BASE, CalendarLayer("company", weekend_workday_hours=(I("10:00-15:00"),))),
            WORKING_SATURDAY,
            "10:00-15:00",
            id="workday-hours-from-a-later-layer",
        ),
        pytest.param(
            (
                BASE,
                CalendarLayer("company", weekly=(None,) * 4 + ((I("09:00-16:45"),), None, None)),
            ),
            date(2026, 3, 6),
            "09:00-16:45",
            id="later-weekly-day-overrides-friday",
        ),
        pytest.param(
            (
                BASE,
                CalendarLayer("company", weekly=(None,) * 4 + ((I("09:00-16:45"),), None, None)),
            ),
            date(2026, 3, 5),
            "09:00-18:00",
            id="none-inherits-thursday",
        ),
        pytest.param(
            (BASE, CalendarLayer("company", weekly=(None,) * 5 + ((I("10:00-14:00"),), None))),
            date(2026, 3, 7),
            "10:00-14:00",
            id="later-layer-adds-saturday",
        ),
        pytest.param(
            (BASE, CalendarLayer("company", weekly=(None,) * 5 + ((I("10:00-14:00"),), None))),
            HOLIDAY,
            None,
            id="earlier-holidays-still-apply-to-new-weekly",
        ),
        pytest.param(
            (
                CalendarLayer("always", always_open=True),
                CalendarLayer("c", weekly=(*WEEKDAYS[:5], None, None)),
            ),
            date(2026, 3, 7),
            "00:00-24:00",
            id="weekend-inherits-24-7",
        ),
        pytest.param(
            (
                CalendarLayer("always", always_open=True),
                CalendarLayer("c", weekly=(*WEEKDAYS[:5], None, None)),
            ),
            date(2026, 3, 6),
            "09:00-18:00",
            id="weekday-overrides-24-7",
        ),
        pytest.param(
            (BASE, CalendarLayer("always", always_open=True)),
            HOLIDAY,
            None,
            id="24-7-layer-keeps-earlier-holidays",
        ),
    ],
)
def test_precedence(layers: tuple[CalendarLayer, ...], day: date, expected: str | None) -> None:
    assert hours_of(*layers, day=day) == (() if expected is None else (I(expected),))


def test_open_entries_for_one_date_merge() -> None:
    layer = CalendarLayer(
        "c",
        weekly=WEEKDAYS,
        open=(
            (PLAIN_TUESDAY, (I("13:00-15:00"),), "afternoon"),
            (PLAIN_TUESDAY, (I("09:00-11:00"),), "morning"),
        ),
    )
    assert hours_of(layer, day=PLAIN_TUESDAY) == (I("09:00-11:00"), I("13:00-15:00"))


# The policy example of the issue, as the compiler would build it.
OFFICE = CalendarLayer(
    "office",
    weekly=tuple([(I("08:30-17:30"),)] * 5 + [(I("22:00-06:00"),), (I("00:00-24:00"),)]),
    holidays=RU,
    weekend_workday_hours=(I("08:30-16:30"),),
    closed=((date(2026, 12, 30), "Company day off"),),
    open=((date(2026, 1, 3), (I("10:00-14:00"),), "Inventory Saturday"),),
)
office = BusinessCalendar.from_spec(CalendarSpec("office", "Europe/Moscow", (OFFICE,)))
customer_x = BusinessCalendar.from_spec(
    CalendarSpec(
        "customer_x",
        "Europe/Moscow",
        (OFFICE, CalendarLayer("customer_x", closed=((date(2026, 3, 10), "customer day off"),))),
    )
)
always = BusinessCalendar.from_spec(
    CalendarSpec("always", "Asia/Ho_Chi_Minh", (CalendarLayer("always", always_open=True),))
)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cal", "when", "expected"),
    [
        pytest.param(office, msk(2026, 3, 7, 23), True, id="saturday-night-shift"),
        pytest.param(office, msk(2026, 3, 8, 3), True, id="holiday-sunday-keeps-saturday-spill"),
        pytest.param(office, msk(2026, 3, 8, 20), False, id="holiday-sunday-march-8-closed"),
        pytest.param(office, msk(2026, 3, 14, 23), True, id="plain-saturday-night"),
        pytest.param(office, msk(2026, 3, 15, 3), True, id="spill-into-sunday"),
        pytest.param(office, msk(2026, 3, 15, 20), True, id="sunday-all-day"),
        pytest.param(office, msk(2026, 12, 30, 12), False, id="company-day-off"),
        pytest.param(office, msk(2026, 1, 3, 11), True, id="inventory-saturday-beats-holiday"),
        pytest.param(office, msk(2026, 1, 3, 15), False, id="inventory-saturday-ends-14"),
        pytest.param(office, msk(2026, 1, 3, 23), False, id="inventory-replaces-night-shift"),
        pytest.param(office, msk(2025, 11, 1, 16), True, id="working-saturday-16:00"),
        pytest.param(office, msk(2025, 11, 1, 16, 30), False, id="working-saturday-ends-16:30"),
        pytest.param(office, msk(2026, 3, 10, 12), True, id="office-open-tuesday"),
        pytest.param(customer_x, msk(2026, 3, 10, 12), False, id="customer-closed-tuesday"),
        pytest.param(customer_x, msk(2026, 3, 11, 12), True, id="customer-inherits-wednesday"),
        pytest.param(
            always,
            datetime(2027, 2, 6, 3, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
            True,
            id="24-7-during-tet",
        ),
    ],
)
def test_policy_example(cal: BusinessCalendar, when: datetime, expected: bool) -> None:
    assert cal.is_open(when) is expected


def test_policy_example_night_shift_merges_into_sunday() -> None:
    # Saturday 22:00 runs straight through Sunday: one stretch until Monday 00:00.
    assert office.next_close(msk(2026, 3, 14, 23)) == msk(2026, 3, 16, 0)
    assert office.between(msk(2026, 3, 14, 22), msk(2026, 3, 16, 0)) == 26 * 3600
    # The night shift belongs to Saturday: +1 business day from Saturday 23:00 (1 h into it)
    # is 1 h into Sunday's own time, which starts when Saturday's shift ends at 06:00.
    assert office.add_business_days(msk(2026, 3, 14, 23), 1) == msk(2026, 3, 15, 7)


# ---------------------------------------------------------------------- the resolved definition

SPECIAL = date(2026, 3, 10)
SPLIT_DAY = CalendarLayer(
    "split",
    weekly=WEEKDAYS,
    open=((SPECIAL, (I("09:00-12:00"),), "morning"), (SPECIAL, (I("14:00-17:00"),), "afternoon")),
)
CLOSES_BASE_OPEN_DATE = CalendarLayer("late", closed=((SPECIAL, "inventory"),))


@pytest.mark.parametrize(
    ("layers", "closed", "opened"),
    [
        pytest.param(
            (SPLIT_DAY,),
            (),
            ((SPECIAL, (I("09:00-12:00"), I("14:00-17:00")), "morning; afternoon"),),
            id="two-entries-for-one-date-merge",
        ),
        pytest.param(
            (SPLIT_DAY, CLOSES_BASE_OPEN_DATE),
            ((SPECIAL, "inventory"),),
            (),
            id="a-later-layer-closes-an-open-date",
        ),
    ],
)
def test_the_resolved_definition_is_what_the_engine_counts(
    layers: tuple[CalendarLayer, ...],
    closed: tuple[tuple[date, str], ...],
    opened: tuple[tuple[date, tuple[Interval, ...], str], ...],
) -> None:
    """Pages describe a calendar from `resolved`: it must say what the arithmetic does (docgen
    used to merge layers itself and showed only the last of two entries for one date)."""
    calendar = BusinessCalendar.from_spec(CalendarSpec("c", "Europe/Moscow", layers))
    resolved = calendar.resolved
    assert (resolved.closed, resolved.opened) == (closed, opened)
    for day, hours, _label in resolved.opened:
        assert calendar.hours_on(day) == hours
    for day, _label in resolved.closed:
        assert calendar.hours_on(day) == ()
    assert resolved.weekly == WEEKDAYS
    special = [row[1] for row in calendar_summary_rows(None, calendar) if row[0] == "Special hours"]
    assert special == [
        f"{day.isoformat()}: open {intervals_words(hours)} ({label})"
        for day, hours, label in opened
    ]
