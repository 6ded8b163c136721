"""Calendars in plain words, and the closed days and working weekend days of a span of years.

The words come from the compiled calendar's effective definition
(`BusinessCalendar.resolved`: its layers merged by the engine's own precedence rules, so a
calendar that ``extends`` another reads as the result); the dates come from
`BusinessCalendar.exceptions`, the very list the engine counts business time with.
"""

from __future__ import annotations

from collections.abc import Sequence

from policylang.calendar import (
    BusinessCalendar,
    DayException,
    HolidaySource,
    Interval,
    ResolvedCalendar,
)
from policylang.lang import ast
from policylang.text.english import WEEKDAYS, amount_of_time, plural, zone_name
from policylang.tools.docgen.anchors import calendar_anchor
from policylang.tools.docgen.citations import beside
from policylang.tools.docgen.holidaynames import english_names
from policylang.tools.docgen.loaded import Documented, names_field
from policylang.tools.docgen.markdown import cell, code, heading, inline, table
from policylang.tools.docgen.words import intervals_words

__all__ = [
    "always_open",
    "calendar_phrase",
    "calendars_section",
    "exception_rows",
    "exception_words",
    "holiday_sources_words",
    "hours_words",
    "open_every_day",
    "weekly_words",
    "years_label",
]

_ALL_DAY = (Interval(0, 1440),)

# Adjectives for the countries the bundled policies use; others read "public holidays of XX".
_COUNTRIES = {
    "RU": ("Russian", "Russia"),
    "VN": ("Vietnamese", "Vietnam"),
    "MX": ("Mexican", "Mexico"),
    "US": ("US", "the United States"),
    "GB": ("UK", "the United Kingdom"),
    "DE": ("German", "Germany"),
    "FR": ("French", "France"),
    "ES": ("Spanish", "Spain"),
}


def _day_span(first: int, last: int) -> str:
    if first == last:
        return WEEKDAYS[first]
    if last == first + 1:
        return f"{WEEKDAYS[first]} and {WEEKDAYS[last]}"
    return f"{WEEKDAYS[first]} to {WEEKDAYS[last]}"


def weekly_words(weekly: Sequence[tuple[Interval, ...]]) -> str:
    """``Monday to Friday 08:30-17:30``, ``every day 08:00-20:00``, ``around the clock``."""
    if all(hours == _ALL_DAY for hours in weekly):
        return "around the clock, every day"
    if all(hours == weekly[0] for hours in weekly):
        return f"every day {intervals_words(weekly[0])}" if weekly[0] else "never open"
    groups: list[tuple[int, int, tuple[Interval, ...]]] = []
    for day, hours in enumerate(weekly):
        if groups and groups[-1][2] == hours and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, hours)
        else:
            groups.append((day, day, hours))
    parts = [f"{_day_span(a, b)} {intervals_words(hours)}" for a, b, hours in groups if hours]
    return "; ".join(parts)


def _country(source: HolidaySource) -> tuple[str, str]:
    adjective, name = _COUNTRIES.get(source.country, (source.country, source.country))
    if source.subdivision:
        return f"{adjective} ({source.subdivision})", f"{name} ({source.subdivision})"
    return adjective, name


def holiday_sources_words(sources: Sequence[HolidaySource]) -> str:
    """``the public holidays of Russia (`RU`) from python-holidays, including days off moved
    by transfer`` (Markdown)."""
    names = ", ".join(f"{inline(_country(s)[1])} ({code(str(s))})" for s in sources)
    return (
        f"the public holidays of {names} from python-holidays, including days off moved by "
        "transfer"
    )


def holidays_phrase(facts: ResolvedCalendar) -> str | None:
    """``Russian public holidays and transferred days off excluded`` (None: no holidays)."""
    if not facts.holidays:
        return None
    adjectives = [_country(source)[0] for source in facts.holidays]
    joined = " and ".join(adjectives)
    return f"{joined} public holidays and transferred days off excluded"


def always_open(calendar: BusinessCalendar) -> bool:
    """True for a 24/7 calendar with no holidays or closed dates: business time is elapsed
    time there, so a target on it reads "within 1 hour", not "1 business hour"."""
    facts = calendar.resolved
    return (
        all(hours == _ALL_DAY for hours in facts.weekly)
        and not facts.holidays
        and not facts.closed
        and not facts.opened
    )


def open_every_day(calendar: BusinessCalendar) -> bool:
    """True when every date has open hours (no weekday off, no holidays, no closed dates):
    every day is a business day there, so "1 business day" reads "1 day" beside hours that
    say "every day" (a reviewer read "business day" as "not on weekends or holidays")."""
    facts = calendar.resolved
    return all(facts.weekly) and not facts.holidays and not facts.closed


def calendar_phrase(calendar: BusinessCalendar) -> str:
    """The calendar in one phrase, as a commitment quotes it (plain text, not Markdown).

    ``Monday to Friday 08:30-17:30 Moscow time, Russian public holidays and transferred days
    off excluded``.
    """
    facts = calendar.resolved
    text = f"{weekly_words(facts.weekly)} {zone_name(facts.zone)}"
    if all(hours == _ALL_DAY for hours in facts.weekly) and not facts.holidays:
        text = f"around the clock, every day ({zone_name(facts.zone)})"
    holidays = holidays_phrase(facts)
    if holidays:
        text += f", {holidays}"
    elif not all(hours == _ALL_DAY for hours in facts.weekly):
        text += ", public holidays included"
    extra = len(facts.closed) + len(facts.opened)
    if extra:
        text += f", with {plural(extra, 'special date')} of its own"
    return text


def exception_rows(
    calendar: BusinessCalendar, facts: ResolvedCalendar, years: tuple[int, int]
) -> list[list[str]]:
    """Table rows (Markdown cells) of every date in ``years`` whose hours are not the weekly
    ones: holidays and days off closed, working weekend days and special dates open."""
    rows: list[list[str]] = []
    for exception in calendar.exceptions(*years):
        day = exception.day
        rows.append([day.isoformat(), WEEKDAYS[day.weekday()], *exception_words(exception, facts)])
    return rows


def exception_words(exception: DayException, facts: ResolvedCalendar) -> tuple[str, str]:
    """What makes a date exceptional and its hours, as two table cells (Markdown): holidays
    by their English names, ``open 10:00-14:00`` or ``closed``."""
    if exception.kind == "holiday":
        what = english_names(facts.holidays, exception.day, exception.name)
    elif exception.kind == "workday":
        what = "Working weekend day (transferred working day)"
    elif exception.kind == "preholiday":
        shortened = amount_of_time(facts.preholiday_shortened * 60)
        what = f"Pre-holiday day, shortened by {shortened}"
    else:
        what = exception.name
    return cell(what), hours_words(exception.hours)


def hours_words(hours: tuple[Interval, ...]) -> str:
    """A date's hours: ``open 08:30-17:30``, or ``closed`` when it has none."""
    return f"open {intervals_words(hours)}" if hours else "closed"


def years_label(years: tuple[int, int]) -> str:
    """``2026``, or ``2026-2028`` (with an en dash)."""
    return f"{years[0]}" if years[0] == years[1] else f"{years[0]}\u2013{years[1]}"


def clamp_years(calendar: BusinessCalendar, years: tuple[int, int]) -> tuple[int, int] | None:
    """``years`` within the calendar's horizon (python-holidays' data range), or None."""
    first, last = max(years[0], calendar.first_year), min(years[1], calendar.last_year)
    return (first, last) if first <= last else None


def calendar_summary_rows(
    decl: ast.CalendarDecl | None, calendar: BusinessCalendar
) -> list[list[str]]:
    """Key/value rows describing a calendar's definition."""
    facts = calendar.resolved
    rows = [
        ["Name", code(facts.name)],
        ["Time zone", f"{inline(zone_name(facts.zone))} ({code(facts.zone)})"],
        ["Weekly hours", inline(weekly_words(facts.weekly))],
    ]
    if decl is not None and decl.extends is not None:
        base = decl.extends.value
        rows.append(["Extends", f"[{code(base)}](#{calendar_anchor(base)})"])
    if facts.holidays:
        rows.append(["Public holidays", f"closed on {holiday_sources_words(facts.holidays)}"])
        if facts.weekend_workday_hours is None:
            workdays = "open with the hours of the nearest earlier working weekday"
        elif facts.weekend_workday_hours:
            workdays = f"open {intervals_words(facts.weekend_workday_hours)}"
        else:
            workdays = "stay closed"
        rows.append(["Working weekend days", f"a weekend day made a working day is {workdays}"])
        if facts.preholiday_shortened:
            shortened = amount_of_time(facts.preholiday_shortened * 60)
            rows.append(
                [
                    "Pre-holiday days",
                    f"a working day immediately before a public holiday ends {shortened} "
                    "earlier (days off moved by transfer do not count as holidays)",
                ]
            )
    else:
        rows.append(["Public holidays", "not excluded: the calendar is open on public holidays"])
    for day, label in facts.closed:
        rows.append(["Closed", f"{day.isoformat()}: {inline(label)}"])
    for day, hours, label in facts.opened:
        what = f"open {intervals_words(hours)}"
        rows.append(["Special hours", f"{day}: {what}" + (f" ({inline(label)})" if label else "")])
    return rows


def weekly_table(calendar: BusinessCalendar) -> list[str]:
    """One row of opening hours under the seven weekday names."""
    facts = calendar.resolved
    return table(
        [day[:3] for day in WEEKDAYS], [[intervals_words(hours) for hours in facts.weekly]]
    )


def exceptions_block(calendar: BusinessCalendar, years: tuple[int, int]) -> list[str]:
    """The heading and table of closed days and working weekend days in ``years``."""
    facts = calendar.resolved
    span = clamp_years(calendar, years)
    label = years_label(years)
    lines = [heading(4, f"Closed days and working weekend days, {label}"), ""]
    if span is None:
        lines += [
            f"No holiday data for these years: the calendar covers {calendar.first_year}"
            f"\u2013{calendar.last_year}.",
            "",
        ]
        return lines
    if span != years:
        lines += [
            f"Holiday data covers {span[0]}\u2013{span[1]} only; later years are not listed.",
            "",
        ]
    rows = exception_rows(calendar, facts, span)
    if not rows:
        lines += [
            "None: every week of these years runs on the weekly hours"
            + ("" if facts.holidays else ", public holidays included")
            + ".",
            "",
        ]
        return lines
    lines += table(["Date", "Day", "What", "Hours"], rows)
    return lines


def calendars_section(doc: Documented, years: tuple[int, int]) -> list[str]:
    """The ``Calendars`` section: each calendar, its definition and its exceptional days."""
    lines = [heading(2, "Calendars", "calendars"), ""]
    decls = {d.id.value: d for d in doc.declarations(ast.CalendarDecl)}
    if not doc.compiled.calendars:
        return [*lines, "This policy defines no business calendar.", ""]
    label = years_label(years)
    lines += [
        "Business time runs only while a calendar is open. Each calendar lists the dates of "
        f"{label} whose hours differ from its weekly hours.",
        "",
    ]
    for name, calendar in doc.compiled.calendars.items():
        decl = decls.get(name)
        title = decl.title.value if decl is not None and decl.title is not None else name
        lines += [heading(3, inline(title), calendar_anchor(name)), ""]
        lines += [f"**In plain words:** {inline(calendar_phrase(calendar))}.", ""]
        lines += [f"- **{key}:** {value}" for key, value in calendar_summary_rows(decl, calendar)]
        lines.append("")
        lines += weekly_table(calendar)
        if decl is not None:
            lines += beside(doc, names_field(decl.body, "cite"), names_field(decl.body, "note"))
        lines += exceptions_block(calendar, years)
    return lines
