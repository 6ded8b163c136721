"""Pass `durations`: every duration has a unit that means one thing, and the right clock.

The rules, stated once:

* ``N minutes`` and ``N hours`` need a clock: ``on CALENDAR`` (business time on that calendar)
  or ``around the clock`` (elapsed time). Leaving it out is an error, because "4 hours" in a
  contract is exactly where readers disagree.
* ``N business days`` need ``on CALENDAR``: the calendar says which days are business days.
* ``N calendar days`` are elapsed whole days in the policy's zone; they take no clock.
* Bare ``days`` is an error: say ``business days`` or ``calendar days``.
* A duration is positive; days are whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from policylang import ast
from policylang.analysis.context import Context
from policylang.analysis.literals import LiteralError, parse_number
from policylang.english import plural

__all__ = ["check_durations"]


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
    if amount == 0:
        ctx.error(
            "PL408",
            "a duration of zero promises nothing",
            duration.span,
            "write `no commitment` if the source promises no time",
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
