"""Compile calendar declarations into :class:`~policylang.calendar.BusinessCalendar` objects.

A calendar that ``extends`` another becomes that calendar's layers plus one of its own, so
precedence follows the calendar package's layering rules (docs/calendars.md): the extending
calendar's dates beat the base's. A calendar's zone is its own ``zone``, else its base's, else the
policy's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from policylang.calendar import (
    BusinessCalendar,
    CalendarError,
    CalendarLayer,
    CalendarSpec,
    HolidaySource,
    Interval,
)
from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.analysis.calendars import expand_days, preholiday_minutes
from policylang.lang.analysis.literals import parse_date, parse_time
from policylang.lang.diagnostics import Diagnostic

__all__ = ["calendar_layer", "compile_calendars", "interval_of"]


def interval_of(node: ast.Interval) -> Interval:
    """The calendar interval of a checked ``HH:MM-HH:MM [overnight]``."""
    start = parse_time(node.start.text).minutes
    end = parse_time(node.end.text).minutes
    return Interval(start, end % 1440 if node.overnight else end)


def _layer(decl: ast.CalendarDecl) -> CalendarLayer:
    return calendar_layer(decl.id.value, decl.body)


def calendar_layer(
    name: str, body: Iterable[ast.CalendarStatement], *, holidays_close_only: bool = False
) -> CalendarLayer:
    """The calendar layer ``name`` a (checked) calendar body states; ``holidays_close_only``
    for a customer's layer, whose holidays region only closes days."""
    body = tuple(body)
    weekly: list[tuple[Interval, ...] | None] | None = None
    always = False
    holidays: list[HolidaySource] = []
    weekend: tuple[Interval, ...] | None = None
    closed: list[tuple[object, str]] = []
    opened: list[tuple[object, tuple[Interval, ...], str]] = []
    shortened = next(
        (preholiday_minutes(s) for s in body if isinstance(s, ast.PreholidayShortened)), None
    )
    for statement in body:
        if isinstance(statement, ast.Hours):
            if weekly is None:
                weekly = [() for _ in range(7)]
            for day in expand_days(statement.days) or []:
                current = weekly[day] or ()
                weekly[day] = tuple(
                    sorted((*current, *(interval_of(i) for i in statement.intervals)))
                )
        elif isinstance(statement, ast.AlwaysOpen):
            always = True
        elif isinstance(statement, ast.Holidays):
            sub = statement.subdivision.value if statement.subdivision else None
            holidays.append(HolidaySource(statement.country.value, sub))
        elif isinstance(statement, ast.WeekendWorkdays):
            weekend = tuple(interval_of(i) for i in statement.intervals)
        elif isinstance(statement, ast.ClosedDates):
            label = statement.label.value if statement.label else "closed"
            first = parse_date(statement.first.text)
            last = parse_date(statement.last.text) if statement.last else first
            for ordinal in range(first.toordinal(), last.toordinal() + 1):
                closed.append((first.fromordinal(ordinal), label))
        elif isinstance(statement, ast.OpenDate):
            label = statement.label.value if statement.label else "open"
            intervals = tuple(interval_of(i) for i in statement.intervals)
            opened.append((parse_date(statement.date.text), intervals, label))
    return CalendarLayer(
        name=name,
        weekly=tuple(weekly) if weekly is not None else None,
        always_open=always,
        holidays=tuple(holidays),
        weekend_workday_hours=weekend,
        closed=tuple(closed),  # type: ignore[arg-type]
        open=tuple(opened),  # type: ignore[arg-type]
        preholiday_shortened=shortened,
        holidays_close_only=holidays_close_only,
    )


def _zone(decl: ast.CalendarDecl) -> str | None:
    for statement in decl.body:
        if isinstance(statement, ast.ZoneField):
            return statement.zone.value
    return None


def compile_calendars(
    calendars: Mapping[str, ast.CalendarDecl],
    policy_zone: str,
    customer_layers: Mapping[str, CalendarLayer] | None = None,
) -> dict[str, BusinessCalendar]:
    """Every declared calendar, compiled (the checker has ruled out cycles and bad values).

    ``customer_layers`` (calendar name -> layer) are one customer's layers over the policy's
    calendars: each goes right above its calendar's own layer, in that calendar and in every
    calendar that extends it, as if the calendar were ``calendar CAL' extends CAL { layer }``
    and every reference to it named ``CAL'`` (docs/language.md, "Customers"). The calendars
    keep their names.

    The calendar package validates what it builds; should it still refuse a calendar the checker
    accepted, the refusal is a :class:`PolicyError` at that calendar, never a bare exception.
    """
    extra = customer_layers or {}
    out: dict[str, BusinessCalendar] = {}
    for name, decl in calendars.items():
        chain = [decl]
        while chain[-1].extends is not None:  # bounded: the checker rejects cycles
            chain.append(calendars[chain[-1].extends.value])
        zone = next((z for z in map(_zone, chain) if z is not None), policy_zone)
        try:
            layers: list[CalendarLayer] = []
            for own in reversed(chain):
                layers.append(_layer(own))
                if own.id.value in extra:
                    layers.append(extra[own.id.value])
            out[name] = BusinessCalendar.from_spec(CalendarSpec(name, zone, tuple(layers)))
        except CalendarError as error:
            raise PolicyError(
                [
                    Diagnostic(
                        "PL418",
                        f"calendar `{name}` cannot count time: {error}",
                        decl.id.span,
                        "simplify the calendar; if it looks right, please report this message",
                    )
                ]
            ) from None
    return out
