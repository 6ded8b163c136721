"""python-holidays behind a lazy, per-year, process-wide cache.

Each `HolidaySource` gets one python-holidays object, shared by every calendar in the process
(holiday data never changes while we run). Years are populated on first use only, which keeps
building a calendar cheap and lets the horizon run as far as python-holidays publishes data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version
from typing import Any

import holidays

from policylang.calendar.model import HolidaySource
from policylang.errors import CalendarError

__all__ = ["HolidayTable", "HolidayYear", "holiday_table"]


@dataclass(frozen=True, slots=True)
class HolidayYear:
    """One year of one source: closed dates with their names, and working weekend days."""

    holidays: dict[date, str]
    workdays: frozenset[date]


class HolidayTable:
    """python-holidays data for one source, loaded a year at a time and cached."""

    __slots__ = (
        "_data",
        "_lock",
        "_proper",
        "_proper_years",
        "_years",
        "end_year",
        "source",
        "start_year",
    )

    def __init__(self, source: HolidaySource) -> None:
        self.source = source
        self._data = _load(source)
        self._proper: Any = None  # loaded on first use: only pre-holiday shortening asks
        self._proper_years: dict[int, frozenset[date]] = {}
        self.start_year: int = int(self._data.start_year)
        self.end_year: int = int(self._data.end_year)
        self._years: dict[int, HolidayYear] = {}
        # python-holidays mutates its object while populating a year; serialise that.
        self._lock = threading.Lock()

    def year(self, year: int) -> HolidayYear:
        """Holidays and working weekend days of ``year`` (empty outside the published range)."""
        found = self._years.get(year)
        if found is not None:
            return found
        with self._lock:
            found = self._years.get(year)
            if found is None:
                found = self._populate(year)
                self._years[year] = found
        return found

    def is_weekend(self, day: date) -> bool:
        """Whether ``day`` is a weekend day in this source's country."""
        return bool(self._data.is_weekend(day))

    def _populate(self, year: int) -> HolidayYear:
        data = self._data
        # A transfer listed under a neighbouring year can make a weekend day of this year a
        # working day; python-holidays records it only when it populates that neighbour.
        for y in (year - 1, year, year + 1):
            if 1 <= y <= 9998:
                _ = date(y, 1, 1) in data  # expand=True: membership populates the whole year
        named = {day: str(name) for day, name in data.items() if day.year == year}
        workdays = frozenset(
            day
            for day in data.weekend_workdays
            if day.year == year and day not in named and data.is_weekend(day)
        )
        return HolidayYear(named, workdays)

    def proper(self, year: int) -> frozenset[date]:
        """The public holidays proper of ``year``: neither a day off moved by decree nor one
        observed on another date (what "the day before a holiday" counts from, Russian Labour
        Code art. 95)."""
        found = self._proper_years.get(year)
        if found is not None:
            return found
        with self._lock:
            if self._proper is None:
                self._proper = _load(self.source, observed=False)
            data = self._proper
            _ = date(year, 1, 1) in data  # expand=True: membership populates the year
            label = getattr(data, "substituted_label", None)
            moved = str(data.tr(label)).split("%s", 1)[0] if label else None
            found = frozenset(
                day
                for day, names in data.items()
                if day.year == year
                and not (moved and all(n.startswith(moved) for n in str(names).split("; ")))
            )
            self._proper_years[year] = found
        return found

    def earlier_workday(self, day: date, has_hours: list[bool]) -> date | None:
        """Nearest date before ``day`` (up to 6 back) that is not a weekend day here and whose
        weekday has weekly hours (``has_hours`` Monday first): the model for a working weekend
        day's hours when no layer sets them."""
        for back in range(1, 7):
            earlier = day - timedelta(days=back)
            if has_hours[earlier.weekday()] and not self.is_weekend(earlier):
                return earlier
        return None


def _load(source: HolidaySource, *, observed: bool = True) -> Any:
    try:
        holidays.country_holidays(source.country, years=[])
    except NotImplementedError as exc:
        raise CalendarError(
            f"unknown holiday country {source.country!r} (python-holidays {version('holidays')})"
        ) from exc
    try:
        return holidays.country_holidays(
            source.country, subdiv=source.subdivision, years=[], expand=True, observed=observed
        )
    except NotImplementedError as exc:
        known = holidays.country_holidays(source.country, years=[]).subdivisions
        hint = ", ".join(known) if known else "none"
        raise CalendarError(
            f"unknown subdivision {source.subdivision!r} for holiday country "
            f"{source.country!r} (known: {hint})"
        ) from exc


_TABLES: dict[HolidaySource, HolidayTable] = {}
_TABLES_LOCK = threading.Lock()


def holiday_table(source: HolidaySource) -> HolidayTable:
    """The shared table for ``source``; raises `CalendarError` for an unknown country or
    subdivision."""
    table = _TABLES.get(source)
    if table is None:
        with _TABLES_LOCK:
            table = _TABLES.get(source)
            if table is None:
                table = HolidayTable(source)
                _TABLES[source] = table
    return table


def holiday_years(source: HolidaySource) -> tuple[int, int]:
    """The first and last year python-holidays publishes ``source`` for (a calendar holding it
    counts no year outside them); raises `CalendarError` for an unknown country or subdivision."""
    table = holiday_table(source)
    return table.start_year, table.end_year
