"""Plain words and Markdown escaping: tables of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from policylang.calendar import HolidaySource, Interval
from policylang.model.outcomes import TargetSpec
from policylang.text.english import amount_of_time, date_words, zone_name
from policylang.tools.docgen.anchors import page_name, rule_anchor, rule_url
from policylang.tools.docgen.calendars import weekly_words
from policylang.tools.docgen.holidaynames import english_names
from policylang.tools.docgen.words import (
    duration_words,
    event_words,
    intervals_words,
    language_name,
)

iv = Interval.parse
OFFICE = (iv("08:30-17:30"),)
ALL_DAY = (Interval(0, 1440),)


@pytest.mark.parametrize(
    ("weekly", "words"),
    [
        ((OFFICE,) * 5 + ((), ()), "Monday to Friday 08:30\u201317:30"),
        ((ALL_DAY,) * 7, "around the clock, every day"),
        (((iv("08:00-20:00"),),) * 7, "every day 08:00\u201320:00"),
        (
            ((iv("08:00-12:00"), iv("13:30-16:30")),) * 5 + ((), ()),
            "Monday to Friday 08:00\u201312:00 and 13:30\u201316:30",
        ),
        (
            (OFFICE,) * 5 + ((iv("10:00-14:00"),), ()),
            "Monday to Friday 08:30\u201317:30; Saturday 10:00\u201314:00",
        ),
        (
            (OFFICE, OFFICE, (), OFFICE, (), (), ()),
            "Monday and Tuesday 08:30\u201317:30; Thursday 08:30\u201317:30",
        ),
        (((iv("22:00-06:00"),),) * 7, "every day 22:00\u201306:00 (next day)"),
    ],
)
def test_weekly_words(weekly: tuple[tuple[Interval, ...], ...], words: str) -> None:
    assert weekly_words(weekly) == words


@pytest.mark.parametrize(
    ("intervals", "words"),
    [
        ((), "closed"),
        (ALL_DAY, "all day"),
        ((iv("09:00-24:00"),), "09:00\u201324:00"),
        (
            (iv("08:00-12:00"), iv("13:00-15:00"), iv("16:00-18:00")),
            "08:00\u201312:00, 13:00\u201315:00 and 16:00\u201318:00",
        ),
    ],
)
def test_intervals_words(intervals: tuple[Interval, ...], words: str) -> None:
    assert intervals_words(intervals) == words


def _spec(unit: str, amount: int, clock: str) -> TargetSpec:
    return TargetSpec("response", "committed", None, clock, "office", unit, amount, None, "")


@pytest.mark.parametrize(
    ("unit", "amount", "clock", "words"),
    [
        ("seconds", 4 * 3600, "business", "4 business hours"),
        ("seconds", 3600, "business", "1 business hour"),
        ("seconds", 1800, "business", "30 minutes of business time"),
        ("seconds", 5400, "business", "1 hour 30 minutes of business time"),
        ("seconds", 86400, "calendar", "24 hours, around the clock"),
        ("seconds", 3600, "calendar", "1 hour, around the clock"),
        ("business_days", 1, "business", "1 business day"),
        ("business_days", 3, "business", "3 business days"),
        ("calendar_days", 7, "calendar", "7 calendar days"),
    ],
)
def test_duration_words(unit: str, amount: int, clock: str, words: str) -> None:
    assert duration_words(_spec(unit, amount, clock)) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "1 minute"),
        (90 * 60, "1 hour 30 minutes"),
        (2 * 86400 + 3600, "49 hours"),
        (0, "0 seconds"),
    ],
)
def test_amount_of_time(seconds: int, words: str) -> None:
    assert amount_of_time(seconds) == words


@pytest.mark.parametrize(
    ("zone", "name"),
    [
        ("Europe/Moscow", "Moscow time"),
        ("Asia/Ho_Chi_Minh", "Vietnam time"),
        ("America/Mexico_City", "Mexico City time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
    ],
)
def test_zone_name(zone: str, name: str) -> None:
    assert zone_name(zone) == name


@pytest.mark.parametrize(
    ("code_", "name"), [("ru", "Russian"), ("vi", "Vietnamese"), ("en", "English"), ("xx", "xx")]
)
def test_language_name(code_: str, name: str) -> None:
    assert language_name(code_) == name


def test_date_words() -> None:
    assert date_words(dt.date(2026, 3, 6)) == "Friday 6 March 2026"


@pytest.mark.parametrize(
    ("event", "position", "count", "words"),
    [
        ("clarification_requested", "last", 1, "the last clarifying question"),
        ("contact_failed", "first", 1, "the first failed attempt to contact the customer"),
        ("contact_failed", None, 3, "3 failed attempts to contact the customer"),
        ("opened", "last", 1, "the opening of the request"),  # happens once: no "last"
        ("some_new_event", None, 1, "the some new event"),
    ],
)
def test_event_words(event: str, position: str | None, count: int, words: str) -> None:
    assert event_words(event, position, count=count) == words


# ---------------------------------------------------------------------- anchors


@pytest.mark.parametrize(
    ("kind", "name", "anchor"),
    [
        ("sla", "critical", "rule-sla-critical"),
        ("sla-response", "critical", "rule-sla-critical"),
        ("sla-resolution", "otherwise", "rule-sla-otherwise"),
        ("charge", "otherwise", "rule-charge-otherwise"),
        ("responsibility", "vendor", "rule-responsibility-vendor"),
    ],
)
def test_rule_anchor(kind: str, name: str, anchor: str) -> None:
    assert rule_anchor(kind, name) == anchor


def test_page_names_and_urls() -> None:
    assert page_name("itc", "1.0", latest=True) == "itc.md"
    assert page_name("itc", "2024.1 beta", latest=False) == "itc-2024.1-beta.md"
    assert rule_url("bpmsoft_care", "1.0", "sla-response", "critical") == (
        "policies/bpmsoft_care/#rule-sla-critical"
    )


@pytest.mark.parametrize(
    ("country", "day", "name"),
    [
        ("RU", dt.date(2026, 1, 7), "Christmas Day"),
        ("RU", dt.date(2026, 1, 9), "Day off (moved from Saturday 3 January 2026)"),
        ("VN", dt.date(2026, 2, 17), "Lunar New Year"),
        ("VN", dt.date(2026, 8, 31), "Day off (moved from Saturday 22 August 2026)"),
        ("RU", dt.date(2026, 1, 12), "fallback"),  # not a holiday: the caller's name stays
    ],
)
def test_holiday_names_in_english(country: str, day: dt.date, name: str) -> None:
    assert english_names((HolidaySource(country),), day, "fallback") == name
