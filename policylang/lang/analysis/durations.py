"""Pass `durations`: every duration has a unit that means one thing, and the right clock.

The rules, stated once:

* ``N minutes`` and ``N hours`` need a clock: ``on CALENDAR`` (business time on that calendar)
  or ``around the clock`` (elapsed time). Leaving it out is an error, because "4 hours" in a
  contract is exactly where readers disagree.
* ``N business days`` need ``on CALENDAR``: the calendar says which days are business days.
* ``N calendar days`` are elapsed whole days in the policy's zone; they take no clock.
* Bare ``days`` is an error: say ``business days`` or ``calendar days``.
* A duration is positive; days are whole.
* A duration is at most the calendars' search horizon, `MAX_SEARCH_YEARS` years of elapsed time
  (`MAX_DURATION_DAYS` days): the calendars cannot count further from any instant, so a longer
  target could never fall due.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from policylang.calendar import MAX_SEARCH_YEARS
from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.literals import LiteralError, parse_number
from policylang.text.english import plural

__all__ = ["MAX_DURATION_DAYS", "check_durations"]

#: The longest duration a policy may state, in days: the calendars search at most
#: `MAX_SEARCH_YEARS` years from an instant (365 days each, so a business-day count on a
#: calendar open every day also stays inside the search).
MAX_DURATION_DAYS = MAX_SEARCH_YEARS * 365

_SECONDS = {"minutes": 60, "hours": 3600}

#: The same limit in each unit (business days count at most one per calendar day).
_LIMITS = {
    "minutes": MAX_DURATION_DAYS * 1440,
    "hours": MAX_DURATION_DAYS * 24,
    "business days": MAX_DURATION_DAYS,
    "calendar days": MAX_DURATION_DAYS,
}


def _timed(
    ctx: Context,
) -> Iterator[tuple[ast.Duration, ast.OnCalendar | ast.AroundTheClock | None]]:
    for rules in ctx.symbols.rules.values():
        for rule in rules:
            for statement in rule.body:
                if isinstance(statement, ast.Target) and isinstance(
                    statement.commitment, ast.Committed
                ):
                    yield statement.commitment.duration, statement.commitment.clock
                elif isinstance(statement, ast.Timing):
                    yield statement.duration, statement.clock


def _written(duration: ast.Duration, amount: Decimal) -> str:
    """The duration as its author wrote it: ``1 day``, ``2 business days`` (units are stored in
    the plural, whichever the author wrote)."""
    return plural(amount, duration.unit.value.removesuffix("s"), written=duration.amount.text)


def check_durations(ctx: Context) -> None:
    """Report durations with an ambiguous unit, a missing or wrong clock, or a bad amount."""
    for duration, clock in _timed(ctx):
        _check(ctx, duration, clock)


def _check(
    ctx: Context, duration: ast.Duration, clock: ast.OnCalendar | ast.AroundTheClock | None
) -> None:
    unit = duration.unit.value
    try:
        amount = parse_number(duration.amount.text)
    except LiteralError as error:
        ctx.error("PL408", str(error), duration.amount.span)
        return
    if amount == 0 or (unit in _SECONDS and amount * _SECONDS[unit] < 1):
        ctx.error(
            "PL408",
            "a duration of zero promises nothing"
            if amount == 0
            else f"`{duration.amount.text} {unit}` is shorter than a second, which counts as zero",
            duration.span,
            "write `no commitment` if the source promises no time",
        )
    limit = _LIMITS.get(unit)
    if limit is not None and amount > limit:
        ctx.error(
            "PL417",
            f"`{duration.amount.text} {unit}` is longer than the calendars can count",
            duration.amount.span,
            f"a duration is at most {MAX_SEARCH_YEARS} years ({limit} {unit}); for a source "
            "that promises nothing so definite, write `no commitment` or `best effort`",
        )
    if unit == "days":
        ctx.error(
            "PL409",
            f"`{_written(duration, amount)}` is ambiguous",
            duration.unit.span,
            "say `business days` (counted on a calendar) or `calendar days` (elapsed days)",
        )
        return
    if unit.endswith(" days") and amount != amount.to_integral_value():
        ctx.error(
            "PL411",
            f"`{_written(duration, amount)}` is not a whole number of days",
            duration.amount.span,
            "count part-days in hours, e.g. `12 hours on office`",
        )
    if unit == "calendar days":
        if clock is not None:
            ctx.error(
                "PL412",
                "calendar days take no clock",
                clock.span,
                "calendar days are elapsed days in the policy's zone; remove this, or count "
                "`business days on CALENDAR`",
            )
        return
    if unit == "business days":
        if not isinstance(clock, ast.OnCalendar):
            ctx.error(
                "PL410",
                "business days need a calendar",
                (clock or duration).span,
                f"write `{_written(duration, amount)} on CALENDAR`",
            )
        return
    if clock is None:
        ctx.error(
            "PL410",
            f"`{_written(duration, amount)}` needs a clock",
            duration.span,
            "add `on CALENDAR` for business time, or `around the clock` for elapsed time",
        )
