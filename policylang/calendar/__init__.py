"""Business calendars: opening hours, holidays and business-time arithmetic.

Build a `CalendarSpec` (zone + layers of weekly hours, holidays, closed and open dates), compile
it with `BusinessCalendar.from_spec`, then ask it: `is_open`, `next_open`, `next_close`, `add`,
`subtract`, `add_business_days`, `add_calendar`, `between`, with aware datetimes, or the
allocation-free ``*_epoch`` variants with int epoch seconds. Semantics: docs/calendars.md.
"""

from policylang.calendar.business import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_SEARCH_YEARS,
    BusinessCalendar,
)
from policylang.calendar.holidaydata import holiday_years
from policylang.calendar.model import CalendarLayer, CalendarSpec, HolidaySource, Interval, Weekly
from policylang.calendar.resolve import (
    DayException,
    ExceptionKind,
    ResolvedCalendar,
    resolve_layers,
)
from policylang.errors import CalendarError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_SEARCH_YEARS",
    "BusinessCalendar",
    "CalendarError",
    "CalendarLayer",
    "CalendarSpec",
    "DayException",
    "ExceptionKind",
    "HolidaySource",
    "Interval",
    "ResolvedCalendar",
    "Weekly",
    "holiday_years",
    "resolve_layers",
]
