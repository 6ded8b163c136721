"""The Vietnamese calendars of the bundled policies do not follow the public sector's swapped days.

ChatOps and itc are private companies. A swap of working days (Vietnam 2026: Monday 31 August off
in exchange for Saturday 22 August worked) is decided for officials and public employees, and
binds a private employer only if it adopts it; python-holidays publishes it as a holiday and a
working weekend day all the same. The policies reverse each swap by hand with `open` and `closed`
(notes `vietnam_holidays` in chatops, `staff_guide_days` in itc), so every swap python-holidays
knows must come back with the calendar's ordinary hours: a swap published later fails here until
the policy reverses it too.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

import policylang
from tests.conftest import ROOT

#: The years whose swaps are checked: the policies' first year and the years after it that
#: python-holidays may publish.
YEARS = range(2026, 2031)

CALENDARS = [
    pytest.param("chatops", "office", id="chatops-office"),
    pytest.param("itc", "staff_guide", id="itc-staff_guide"),
]


def _swaps() -> tuple[list[dt.date], list[dt.date]]:
    """(swapped days off, swapped working weekend days) python-holidays publishes for Vietnam."""
    published = holidays.country_holidays("VN", years=YEARS, language="en_US")
    days_off = sorted(day for day, name in published.items() if "substituted" in name.lower())
    workdays = sorted(day for day in published.weekend_workdays if day.year in YEARS)
    return days_off, workdays


def test_the_swaps_are_found() -> None:
    """The search below is not vacuous: it finds the 2026 National Day swap."""
    days_off, workdays = _swaps()
    assert dt.date(2026, 8, 31) in days_off
    assert dt.date(2026, 8, 22) in workdays


@pytest.mark.parametrize(("policy", "calendar"), CALENDARS)
def test_a_private_company_works_its_ordinary_week_on_swapped_days(
    policy: str, calendar: str
) -> None:
    office = policylang.load(ROOT / "policies").latest(policy).calendars[calendar]
    days_off, workdays = _swaps()
    # A Monday to Friday week: the swapped day off is worked with the hours of an ordinary day of
    # that weekday, the swapped Saturday is not worked.
    for day in days_off:
        ordinary = office.hours_on(day - dt.timedelta(days=7))
        assert ordinary, f"{day - dt.timedelta(days=7)} should be an ordinary working day"
        assert office.hours_on(day) == ordinary, f"{policy} `{calendar}` closes swapped {day}"
    for day in workdays:
        assert office.hours_on(day) == (), f"{policy} `{calendar}` works swapped {day}"
