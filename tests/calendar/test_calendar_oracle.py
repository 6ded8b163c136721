"""The fast calendar agrees with the minute-stepping oracle on random calendars.

Random zones with DST history, split and overnight shifts, 24/7 layers, python-holidays
sources, closed and open dates, one to three layers; instants often days from a DST change.
``HYPOTHESIS_PROFILE=thorough`` runs 100,000 examples (see conftest.py) and, run with
``-s``, reports every 10,000 so an hour-long run shows its progress.
"""

from __future__ import annotations

import itertools
import sys
from datetime import date

from calendar_oracle import Oracle, open_minutes
from calendar_strategies import DAY, THOROUGH, Case, cases, profile, weekly_open_minutes
from hypothesis import assume, given, note
from hypothesis import strategies as st

from policylang.calendar import (
    BusinessCalendar,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)

_examples = itertools.count(1)


@profile(oracle=True)
@given(case=cases(), data=st.data())
def test_oracle_agreement(case: Case, data: st.DataObject) -> None:
    weekly = weekly_open_minutes(case.spec)
    assume(weekly > 0)
    cal = BusinessCalendar.from_spec(case.spec)
    oracle = Oracle(case.spec)
    ts = case.ts
    # Keep the oracle's minute stepping to about a week of wall time at most (the algebraic
    # properties cover durations of months without the oracle).
    most = max(1, min(DAY + DAY // 2, weekly * 60))
    seconds = data.draw(st.integers(0, most), label="seconds")
    span = data.draw(st.integers(-DAY - DAY // 2, DAY + DAY // 2), label="span")
    days = data.draw(st.integers(-3, 3), label="business days")
    note(repr(case))
    note(f"local start {cal.to_local(ts).isoformat()}")

    assert cal.is_open_epoch(ts) == oracle.is_open(ts)
    assert cal.next_open_epoch(ts) == oracle.next_open(ts)
    assert cal.between_epoch(ts, ts + span) == oracle.between(ts, ts + span)
    assert cal.add_epoch(ts, seconds) == oracle.add(ts, seconds)
    assert cal.add_epoch(ts, -seconds) == oracle.add(ts, -seconds)
    assert cal.add_business_days_epoch(ts, days) == oracle.add_business_days(ts, days)
    done = next(_examples)
    if THOROUGH and done % 10_000 == 0:
        print(f"oracle agreement: {done} examples agreed so far", file=sys.stderr, flush=True)


def test_the_oracle_shortens_a_day_of_overlapping_intervals() -> None:
    """Regression: two overlapping 24-hour intervals (00:01-00:01 and 01:01-01:01) on the day
    before a holiday counted their shared minutes twice and built an interval starting at
    minute 1440 (a CalendarError inside the oracle, found by the property test above)."""
    week = tuple((Interval(1, 1), Interval(61, 61)) for _ in range(7))
    layer = CalendarLayer(
        name="layer0",
        weekly=week,
        holidays=(HolidaySource(country="RU"),),
        preholiday_shortened=60,
    )
    spec = CalendarSpec(name="drawn", zone="Europe/Moscow", layers=(layer,))
    day = date(2026, 5, 8)  # the day before Victory Day

    # 00:01 to 01:01 the next day, less the last hour; the engine agrees
    assert open_minutes(Oracle(spec).hours(day)) == set(range(1, 1441))
    assert open_minutes(BusinessCalendar.from_spec(spec).hours_on(day)) == set(range(1, 1441))
