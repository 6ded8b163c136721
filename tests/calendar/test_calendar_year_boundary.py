"""Year plans meet at local New Year: shifts that spill over it, stretches that run across it,
and a DST zone, each checked against the oracle at fixed instants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from calendar_oracle import Oracle

from policylang.calendar import BusinessCalendar, CalendarLayer, CalendarSpec, Interval

I = Interval.parse  # noqa: E741 - reads like the policy text

SPECS = {
    "night-shift-over-new-year": CalendarSpec(
        "night", "Europe/Berlin", (CalendarLayer("n", weekly=((I("22:00-06:00"),),) * 7),)
    ),
    "all-day-with-closed-jan-2": CalendarSpec(
        "always",
        "America/New_York",
        (
            CalendarLayer(
                "a",
                always_open=True,
                closed=((date(2027, 1, 2), "closed"),),
            ),
        ),
    ),
    "new-years-eve-only-overnight": CalendarSpec(
        "eve",
        "Australia/Lord_Howe",  # in DST over New Year
        (
            CalendarLayer(
                "e",
                weekly=((I("09:00-17:00"),),) * 5 + ((), ()),
                open=((date(2026, 12, 31), (I("20:00-04:00"),), "party"),),
                closed=((date(2027, 1, 1), "New Year"),),
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(SPECS))
@pytest.mark.parametrize("hours_from_new_year", [-30, -3, -1, 0, 1, 2, 5, 7, 30])
def test_year_boundary_agrees_with_oracle(name: str, hours_from_new_year: int) -> None:
    spec = SPECS[name]
    cal, oracle = BusinessCalendar.from_spec(spec), Oracle(spec)
    new_year = datetime(2027, 1, 1, tzinfo=ZoneInfo(spec.zone))
    ts = int((new_year + timedelta(hours=hours_from_new_year)).timestamp())
    assert cal.is_open_epoch(ts) == oracle.is_open(ts)
    assert cal.next_open_epoch(ts) == oracle.next_open(ts)
    for seconds in (1, 3600, 5 * 3600, 20 * 3600):
        assert cal.add_epoch(ts, seconds) == oracle.add(ts, seconds)
        assert cal.add_epoch(ts, -seconds) == oracle.add(ts, -seconds)
    assert cal.between_epoch(ts - 86_400, ts + 86_400) == oracle.between(ts - 86_400, ts + 86_400)
    for n in (-2, -1, 1, 2):
        assert cal.add_business_days_epoch(ts, n) == oracle.add_business_days(ts, n)


def test_stretch_runs_across_new_year() -> None:
    cal = BusinessCalendar.from_spec(SPECS["all-day-with-closed-jan-2"])
    ny = ZoneInfo("America/New_York")
    assert cal.next_close(datetime(2026, 12, 30, 12, tzinfo=ny)) == datetime(2027, 1, 2, tzinfo=ny)
    night = BusinessCalendar.from_spec(SPECS["night-shift-over-new-year"])
    berlin = ZoneInfo("Europe/Berlin")
    assert night.next_close(datetime(2026, 12, 31, 23, tzinfo=berlin)) == datetime(
        2027, 1, 1, 6, tzinfo=berlin
    )
