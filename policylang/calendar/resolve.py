"""Which hours a local date has: the layering and precedence rules, in one place.

The fast structures (`yearplan`) ask `DayResolver.hours` once per local date when they build
a year; nothing here is on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from policylang.calendar.holidaydata import HolidayTable, holiday_table
from policylang.calendar.model import DAY_MINUTES, CalendarSpec, HolidaySource, Interval
from policylang.errors import CalendarError

__all__ = ["DayException", "DayResolver", "ExceptionKind", "ResolvedCalendar", "resolve_layers"]

ExceptionKind = Literal["holiday", "closed", "open", "workday", "preholiday"]
"""``holiday``: a python-holidays day off (closed); ``closed``: a custom closed date;
``open``: custom hours for a date; ``workday``: a python-holidays working weekend day;
``preholiday``: a working day before a public holiday, shortened (``preholiday shortened``)."""

_ALL_DAY = (Interval(0, DAY_MINUTES),)


@dataclass(frozen=True, slots=True)
class DayException:
    """A date whose hours do not come from the weekly template, and why."""

    day: date
    kind: ExceptionKind
    name: str
    hours: tuple[Interval, ...]
    layer: str


@dataclass(frozen=True, slots=True)
class _Statement:
    layer: int
    kind: ExceptionKind
    name: str
    hours: tuple[Interval, ...]


@dataclass(frozen=True, slots=True)
class ResolvedCalendar:
    """A calendar's effective definition: its layers merged by the precedence rules, so a
    calendar that extends another reads as the result (what pages and tools describe)."""

    name: str
    zone: str
    #: Hours per weekday, Monday first.
    weekly: tuple[tuple[Interval, ...], ...]
    #: Every holiday source of every layer, each once, lowest layer first.
    holidays: tuple[HolidaySource, ...]
    #: The hours of a working weekend day (None: the nearest earlier working weekday's).
    weekend_workday_hours: tuple[Interval, ...] | None
    #: Dates closed all day by a layer's own statement, with their reason, in date order.
    closed: tuple[tuple[date, str], ...]
    #: Dates a layer's own statement gives hours, with the hours and reason, in date order.
    opened: tuple[tuple[date, tuple[Interval, ...], str], ...]
    #: Minutes a working day before a public holiday ends earlier (0: none).
    preholiday_shortened: int = 0


def resolve_layers(spec: CalendarSpec) -> ResolvedCalendar:
    """The effective definition of ``spec``: the one merge of its layers the engine counts with."""
    holidays: list[HolidaySource] = []
    workday_hours: tuple[Interval, ...] | None = None
    shortened = 0
    for layer in spec.layers:
        holidays.extend(h for h in layer.holidays if h not in holidays)
        if layer.weekend_workday_hours is not None:
            workday_hours = layer.weekend_workday_hours
        if layer.preholiday_shortened is not None:
            shortened = layer.preholiday_shortened
    statements = sorted(_explicit_statements(spec).items())
    return ResolvedCalendar(
        spec.name,
        spec.zone,
        tuple(_effective_weekly(spec)),
        tuple(holidays),
        workday_hours,
        tuple((day, s.name) for day, s in statements if s.kind == "closed"),
        tuple((day, s.hours, s.name) for day, s in statements if s.kind == "open"),
        shortened,
    )


class DayResolver:
    """Resolves a local date to its hours by the precedence of `CalendarSpec`."""

    __slots__ = (
        "_by_year",
        "_layer_names",
        "_opening_sources",
        "_shortened",
        "_shortened_by",
        "_sources",
        "_statements",
        "_workday_hours",
        "has_hours",
        "weekly",
    )

    def __init__(self, spec: CalendarSpec) -> None:
        self._layer_names = [layer.name for layer in spec.layers]
        resolved = resolve_layers(spec)
        self.weekly = list(resolved.weekly)
        """Effective hours per weekday (Monday first) after inheritance."""
        self.has_hours = [bool(day) for day in self.weekly]
        self._workday_hours = resolved.weekend_workday_hours
        self._shortened = resolved.preholiday_shortened
        self._statements = _explicit_statements(spec)
        # Holiday sources grouped by layer, highest layer first, so the first hit wins.
        self._sources: list[tuple[int, list[HolidayTable]]] = [
            (index, [holiday_table(source) for source in layer.holidays])
            for index, layer in reversed(list(enumerate(spec.layers)))
            if layer.holidays
        ]
        # The layers whose sources do more than close days: their working weekend days open,
        # and a shortening falls before their holidays (`holidays_close_only` layers' do not).
        self._opening_sources = frozenset(
            index for index, layer in enumerate(spec.layers) if not layer.holidays_close_only
        )
        self._shortened_by = next(
            (
                layer.name
                for layer in reversed(spec.layers)
                if layer.preholiday_shortened is not None
            ),
            self._layer_names[-1],
        )
        self._by_year: dict[int, list[tuple[int, dict[date, _Statement]]]] = {}

    @property
    def tables(self) -> list[HolidayTable]:
        """Every holiday table the calendar uses (for the horizon)."""
        return [table for _, tables in self._sources for table in tables]

    @property
    def may_open(self) -> bool:
        """False when no date can ever have hours: the calendar is empty."""
        if any(self.has_hours) or any(s.hours for s in self._statements.values()):
            return True
        opening = any(index in self._opening_sources for index, _ in self._sources)
        return opening and bool(self._workday_hours)

    def hours(self, day: date) -> tuple[Interval, ...]:
        """The opening hours of local date ``day``."""
        found = self.exception(day)
        return self.weekly[day.weekday()] if found is None else found.hours

    def exception(self, day: date) -> DayException | None:
        """The statement that decides ``day``, or None when the weekly template does; a working
        day before a public holiday, shortened, when the calendar says so."""
        found = self._stated(day)
        if not self._shortened or (found is not None and found.kind != "workday"):
            return found
        hours = self.weekly[day.weekday()] if found is None else found.hours
        if not hours or not self._before_holiday(day):
            return found
        name = f"Pre-holiday day: ends {self._shortened} minutes earlier"
        layer = self._shortened_by if found is None else found.layer
        return DayException(day, "preholiday", name, _shorten(hours, self._shortened), layer)

    def _before_holiday(self, day: date) -> bool:
        """Whether the next date is a public holiday proper of one of the calendar's sources
        (those of a ``holidays_close_only`` layer left out)."""
        following = day + timedelta(days=1)
        return any(
            following in table.proper(following.year)
            for index, tables in self._sources
            if index in self._opening_sources
            for table in tables
        )

    def _stated(self, day: date) -> DayException | None:
        best = self._statements.get(day)
        for index, statements in self._holiday_year(day.year):
            # Ties go to the explicit statement: within a layer, closed/open beat holidays.
            if best is not None and index <= best.layer:
                break
            found = statements.get(day)
            if found is not None:
                best = found
                break
        if best is None:
            return None
        return DayException(day, best.kind, best.name, best.hours, self._layer_names[best.layer])

    def _holiday_year(self, year: int) -> list[tuple[int, dict[date, _Statement]]]:
        """Per layer with holiday sources (highest first), that year's statements by date."""
        found = self._by_year.get(year)
        if found is not None:
            return found
        found = []
        for index, tables in self._sources:
            years = [table.year(year) for table in tables]
            statements: dict[date, _Statement] = {}
            for table, data in zip(tables, years, strict=True):
                if index not in self._opening_sources:
                    break  # its working weekend days open nothing
                for day in data.workdays:
                    hours = self._workday(table, day)
                    statements[day] = _Statement(index, "workday", "Working weekend day", hours)
            names: dict[date, list[str]] = {}
            for data in years:
                for day, name in data.holidays.items():
                    names.setdefault(day, []).append(name)
            for day, day_names in names.items():
                # A day off in any source of the layer closes it: the conservative reading.
                name = "; ".join(dict.fromkeys(day_names))
                statements[day] = _Statement(index, "holiday", name, ())
            found.append((index, statements))
        self._by_year[year] = found
        return found

    def _workday(self, table: HolidayTable, day: date) -> tuple[Interval, ...]:
        if self._workday_hours is not None:
            return self._workday_hours
        model = table.earlier_workday(day, self.has_hours)
        return self.weekly[(model or day).weekday()]


def _shorten(hours: tuple[Interval, ...], minutes: int) -> tuple[Interval, ...]:
    """``hours`` ending ``minutes`` earlier: the day's open time comes off its end, latest
    first (an interval used up is dropped).

    The open time is the union of the intervals: a day's intervals may overlap (the engine
    merges them), and cutting only the interval that starts last would leave an overlapping
    one open to the old end. So the cut point is found on the union, in the day's minutes
    (an overnight interval runs on past 1440), and every interval is clipped there.
    """
    spans = sorted((i.start, i.start + i.minutes) for i in hours)
    union: list[tuple[int, int]] = []
    for start, end in spans:
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    keep = sum(end - start for start, end in union) - minutes
    cut = 0
    for start, end in union:
        if keep <= 0:
            break
        cut = start + min(keep, end - start)
        keep -= end - start
    clipped = {
        Interval(start, stop if (stop := min(end, cut)) <= DAY_MINUTES else stop - DAY_MINUTES)
        for start, end in spans
        if start < cut
    }
    return tuple(sorted(clipped))


def _effective_weekly(spec: CalendarSpec) -> list[tuple[Interval, ...]]:
    weekly: list[tuple[Interval, ...]] = [() for _ in range(7)]
    for layer in spec.layers:
        if layer.always_open:
            weekly = [_ALL_DAY for _ in range(7)]
        elif layer.weekly is not None:
            for weekday, hours in enumerate(layer.weekly):
                if hours is not None:
                    weekly[weekday] = tuple(sorted(hours))
    return weekly


def _explicit_statements(spec: CalendarSpec) -> dict[date, _Statement]:
    statements: dict[date, _Statement] = {}
    # Lowest layer first: a later layer simply overwrites, which is the precedence we want.
    for index, layer in enumerate(spec.layers):
        opened: dict[date, tuple[list[Interval], list[str]]] = {}
        for day, intervals, reason in layer.open:
            hours, names = opened.setdefault(day, ([], []))
            hours.extend(intervals)
            names.append(reason)
        for day, (hours, names) in opened.items():
            name = "; ".join(n for n in dict.fromkeys(names) if n) or "Custom hours"
            statements[day] = _Statement(index, "open", name, tuple(sorted(set(hours))))
        for day, reason in layer.closed:
            if day in opened:  # pragma: no cover - CalendarLayer rejects this already
                raise CalendarError(f"layer {layer.name!r}: {day} is both closed and open")
            statements[day] = _Statement(index, "closed", reason or "Closed", ())
    return statements
