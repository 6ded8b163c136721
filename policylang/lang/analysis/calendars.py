"""Pass `calendars`: zones, holiday sources, clock times, intervals and date exceptions.

An interval is half-open, ``[start, end)``, in local wall-clock minutes. An interval whose end is
not after its start is an error unless it is marked ``overnight``, in which case it runs from
``start`` to ``end`` on the next day. Two intervals that share a minute on the same weekday are
an error: the author almost certainly mistyped one of them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.literals import (
    LiteralError,
    LocalTime,
    parse_date,
    parse_number,
    parse_time,
)
from policylang.lang.analysis.zones import check_holidays, check_zone
from policylang.lang.diagnostics import Related
from policylang.lang.syntax.limits import MAX_NESTING
from policylang.text.english import WEEKDAYS as WEEKDAY_NAMES
from policylang.vocabulary import WEEKDAYS

__all__ = ["check_calendars", "check_date_statements", "expand_days", "preholiday_minutes"]

_DAY_MINUTES = 1440


def expand_days(days: tuple[ast.DayRange, ...]) -> list[int] | None:
    """Weekday numbers (Monday = 0) a day set covers; None if a range is malformed."""
    out: list[int] = []
    for day_range in days:
        first = day_range.first.value
        if first == "daily":
            if day_range.last is not None:
                return None
            out.extend(range(7))
            continue
        last = day_range.last.value if day_range.last is not None else first
        if last == "daily":
            return None
        a, b = WEEKDAYS.index(first), WEEKDAYS.index(last)
        if b < a:
            return None
        out.extend(range(a, b + 1))
    return out


def _time(ctx: Context, literal: ast.TimeLiteral) -> LocalTime | None:
    try:
        return parse_time(literal.text)
    except LiteralError as error:
        ctx.error("PL107", str(error), literal.span)
        return None


def _interval(ctx: Context, interval: ast.Interval) -> tuple[int, int] | None:
    """The interval as (start, end) minutes, end > start (overnight ends past 1440)."""
    start, end = _time(ctx, interval.start), _time(ctx, interval.end)
    if start is None or end is None:
        return None
    if start.minutes == _DAY_MINUTES:
        ctx.error(
            "PL107",
            "an interval cannot start at 24:00",
            interval.start.span,
            "start it at 00:00 on the following day",
        )
        return None
    if interval.overnight:
        if end.minutes > start.minutes:
            ctx.error(
                "PL414",
                f"`{interval.start.text}-{interval.end.text}` is marked overnight but ends "
                "after it starts on the same day",
                interval.span,
                "remove `overnight`",
            )
            return None
        if end.minutes == _DAY_MINUTES:
            ctx.error("PL107", "an overnight interval cannot end at 24:00", interval.end.span)
            return None
        if end.minutes == 0:
            # Ending at 00:00 is ending at midnight of the day it starts: nothing spills over,
            # and the calendar has no way to hold an interval that ends at minute 0.
            ctx.error(
                "PL414",
                f"`{interval.start.text}-{interval.end.text}` is marked overnight but ends at "
                "midnight, the end of the day it starts",
                interval.span,
                f"write `{interval.start.text}-24:00` (24:00 is the midnight that ends a day)",
            )
            return None
        return start.minutes, _DAY_MINUTES + end.minutes
    if end.minutes <= start.minutes:
        what = "ends when it starts" if end.minutes == start.minutes else "ends before it starts"
        ctx.error(
            "PL404",
            f"the interval `{interval.start.text}-{interval.end.text}` {what}",
            interval.span,
            "add `overnight` if the shift crosses midnight"
            if end.minutes < start.minutes
            else "an interval must have a length",
        )
        return None
    return start.minutes, end.minutes


def _check_overlaps(
    ctx: Context, spans_by_day: dict[int, list[tuple[int, int, ast.Interval]]]
) -> None:
    reported: set[int] = set()
    for day in sorted(spans_by_day):
        ordered = sorted(spans_by_day[day], key=lambda item: (item[0], item[1]))
        for (a_start, a_end, a), (b_start, b_end, b) in itertools.pairwise(ordered):
            del a_start, b_end
            if b_start < a_end and id(b) not in reported:
                reported.add(id(b))
                ctx.error(
                    "PL405",
                    f"`{b.start.text}-{b.end.text}` overlaps `{a.start.text}-{a.end.text}` "
                    f"on {_day_name(day)}",
                    b.span,
                    "merge the two intervals, or fix the one that is mistyped",
                    related=(Related(a.span, "the interval it overlaps"),),
                )


def _day_name(day: int) -> str:
    return WEEKDAY_NAMES[day]


def _add(
    spans_by_day: dict[int, list[tuple[int, int, ast.Interval]]],
    day: int,
    minutes: tuple[int, int],
    interval: ast.Interval,
) -> None:
    start, end = minutes
    spans_by_day[day].append((start, min(end, _DAY_MINUTES), interval))
    if end > _DAY_MINUTES:  # the overnight part belongs to the next weekday
        spans_by_day[(day + 1) % 7].append((0, end - _DAY_MINUTES, interval))


def check_calendars(ctx: Context) -> None:
    """Check every calendar declaration on its own (layering is checked by `references`)."""
    for decl in ctx.symbols.calendars.values():
        _check_calendar(ctx, decl)


def _check_calendar(ctx: Context, decl: ast.CalendarDecl) -> None:
    spans_by_day: dict[int, list[tuple[int, int, ast.Interval]]] = defaultdict(list)
    singles: dict[str, ast.Node] = {}
    always: ast.AlwaysOpen | None = None
    hours: list[ast.Hours] = []
    for statement in decl.body:
        if isinstance(
            statement,
            ast.ZoneField | ast.WeekendWorkdays | ast.AlwaysOpen | ast.PreholidayShortened,
        ):
            key = type(statement).__name__
            if key in singles:
                ctx.error(
                    "PL507",
                    f"calendar `{decl.id.value}` states {_statement_words(statement)} twice",
                    statement.span,
                    "keep one",
                    related=(Related(singles[key].span, "first stated here"),),
                )
            singles[key] = statement
        if isinstance(statement, ast.ZoneField):
            check_zone(ctx, statement.zone)
        elif isinstance(statement, ast.AlwaysOpen):
            always = statement
        elif isinstance(statement, ast.Hours):
            hours.append(statement)
            days = expand_days(statement.days)
            if days is None:
                ctx.error(
                    "PL413",
                    "this day range runs backwards or mixes `daily` with days",
                    statement.days[0].span,
                    "write ranges forwards (`mon-fri`), and `daily` on its own; a range over "
                    "the weekend is `fri-sun, mon`",
                )
                days = []
            for interval in statement.intervals:
                minutes = _interval(ctx, interval)
                if minutes is not None:
                    for day in dict.fromkeys(days):
                        _add(spans_by_day, day, minutes, interval)
        elif isinstance(statement, ast.WeekendWorkdays):
            _check_interval_list(ctx, statement.intervals)
        elif isinstance(statement, ast.PreholidayShortened):
            _check_preholiday(ctx, decl, statement)
    _check_overlaps(ctx, spans_by_day)
    opens = check_date_statements(
        ctx,
        decl.body,
        "keep the one you mean; use a layer (`extends`) to override a base calendar",
    )
    if always is not None and hours:
        ctx.error(
            "PL407",
            f"calendar `{decl.id.value}` is open 24/7 and also lists hours",
            hours[0].span,
            "a 24/7 calendar needs no `hours` statements; remove them or `hours 24/7`",
            related=(Related(always.span, "declared 24/7 here"),),
        )
    if always is None and not hours and not opens and decl.extends is None:
        ctx.error(
            "PL406",
            f"calendar `{decl.id.value}` is never open",
            decl.id.span,
            "give it `hours` (e.g. `hours mon-fri 09:00-18:00`) or `hours 24/7`",
        )


def check_date_statements(
    ctx: Context, body: Iterable[ast.CalendarStatement], both_hint: str
) -> list[ast.OpenDate]:
    """Check the statements of a calendar body that concern dates (``holidays``, ``closed``,
    ``open``), the checks a calendar and a customer's layer over one share: the body's
    ``open`` statements, a date both closed and open in it an error with ``both_hint``."""
    closed_dates: dict[str, ast.Node] = {}
    opens: list[ast.OpenDate] = []
    for statement in body:
        if isinstance(statement, ast.Holidays):
            check_holidays(ctx, statement)
        elif isinstance(statement, ast.ClosedDates):
            _check_closed(ctx, statement, closed_dates)
        elif isinstance(statement, ast.OpenDate):
            opens.append(statement)
            _date(ctx, statement.date)
            _check_interval_list(ctx, statement.intervals)
    for statement in opens:
        if statement.date.text in closed_dates:
            ctx.error(
                "PL415",
                f"{statement.date.text} is declared both closed and open",
                statement.date.span,
                both_hint,
                related=(Related(closed_dates[statement.date.text].span, "declared closed here"),),
            )
    return opens


def preholiday_minutes(statement: ast.PreholidayShortened) -> int | None:
    """The minutes a ``preholiday shortened`` statement takes off (None: not hours/minutes)."""
    unit = statement.duration.unit.value
    if unit not in ("hours", "minutes"):
        return None
    try:
        amount = parse_number(statement.duration.amount.text)
    except LiteralError:
        return None
    return int(amount * (60 if unit == "hours" else 1))


def _check_preholiday(
    ctx: Context, decl: ast.CalendarDecl, statement: ast.PreholidayShortened
) -> None:
    minutes = preholiday_minutes(statement)
    if minutes is None or not 0 < minutes < _DAY_MINUTES:
        ctx.error(
            "PL420",
            "a pre-holiday day is shortened by a part of a day",
            statement.duration.span,
            "write hours or minutes, more than none and less than a day: "
            "`preholiday shortened 1 hour` (Russian Labour Code art. 95)",
        )
    names = ctx.symbols.calendars
    current: ast.CalendarDecl | None = decl
    for _ in range(MAX_NESTING + 1):  # a bounded walk down the bases; cycles are PL108's
        if current is None:
            break
        if any(isinstance(s, ast.Holidays) for s in current.body):
            return
        current = names.get(current.extends.value) if current.extends is not None else None
    ctx.error(
        "PL421",
        f"calendar `{decl.id.value}` names no public holidays, so no day comes before one",
        statement.span,
        "add the country whose holidays count (`holidays RU`), or remove the statement",
    )


def _statement_words(statement: ast.Node) -> str:
    if isinstance(statement, ast.ZoneField):
        return "its zone"
    if isinstance(statement, ast.AlwaysOpen):
        return "`hours 24/7`"
    if isinstance(statement, ast.PreholidayShortened):
        return "a pre-holiday shortening"
    return "its weekend workday hours"


def _check_interval_list(ctx: Context, intervals: tuple[ast.Interval, ...]) -> None:
    spans: dict[int, list[tuple[int, int, ast.Interval]]] = defaultdict(list)
    for interval in intervals:
        minutes = _interval(ctx, interval)
        if minutes is not None:
            _add(spans, 0, minutes, interval)
    spans.pop(1, None)  # the overnight spill of a one-day list cannot overlap that day
    _check_overlaps(ctx, spans)


def _date(ctx: Context, literal: ast.DateLiteral) -> bool:
    try:
        parse_date(literal.text)
    except LiteralError as error:
        ctx.error("PL106", str(error), literal.span)
        return False
    return True


def _check_closed(ctx: Context, statement: ast.ClosedDates, seen: dict[str, ast.Node]) -> None:
    if not _date(ctx, statement.first):
        return
    seen.setdefault(statement.first.text, statement)
    if statement.last is None or not _date(ctx, statement.last):
        return
    first, last = parse_date(statement.first.text), parse_date(statement.last.text)
    if last < first:
        ctx.error(
            "PL416",
            f"the closed range ends ({statement.last.text}) before it starts "
            f"({statement.first.text})",
            statement.span,
            "write the earlier date first",
        )
        return
    if (last - first).days > 366:
        ctx.error(
            "PL416",
            f"the closed range covers {(last - first).days + 1} days",
            statement.span,
            "a closed range holds at most a year; a calendar closed for longer is a mistake",
        )
        return
    # Bounded: at most 367 days, checked above. By ordinal, so that a range ending on
    # 9999-12-31 does not step past the last date there is.
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        seen.setdefault(first.fromordinal(ordinal).isoformat(), statement)
