"""Calendar limits (PL681 to PL683): what a policy asks of its calendars that they cannot count.

The checker bounds what no calendar could count (a date outside 1970 to 2200, a duration longer
than the calendars search); whether one calendar of this policy can count depends on that
calendar, so the linter reports it, each finding naming what every affected request would meet:

* PL681: the policy takes effect in a year its calendar cannot count: the calendar's horizon is
  narrower than 1970 to 2200 where its holiday data is (python-holidays publishes Russia's from
  1991, Sri Lanka's to 2026). Requests opened outside it cannot be answered on that calendar.
* PL682: a calendar that is almost never open: less than `MIN_OPEN_HOURS` hours in the year from
  the effective date (an hour a week on average). A target counted on it falls due years later,
  or never.
* PL683: a target or lifecycle timing its calendar cannot count within its search horizon
  (`MAX_SEARCH_YEARS` years) from the first plausible opening: every request it decides is an
  error instead of an answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylang.calendar import MAX_SEARCH_YEARS, CalendarError
from policylang.lang import ast
from policylang.lang.printer import format_commitment
from policylang.text.english import amount_of_time
from policylang.tools.lint.clocks import WEEK, Clocks, clocks_of, due
from policylang.tools.lint.context import LintContext, Subject

__all__ = ["MIN_OPEN_HOURS", "check_horizon"]

#: A calendar open fewer hours than this in the year from the effective date is reported.
MIN_OPEN_HOURS = 52

#: A year's window, and the shortest window (inside a horizon) worth measuring.
_YEAR = 365 * 86400
_MIN_WINDOW = 4 * WEEK


def check_horizon(ctx: LintContext) -> None:
    """Report effective dates outside a calendar's horizon, calendars almost never open, and
    durations a calendar cannot count."""
    clocks = clocks_of(ctx)
    countable: set[str] = set()
    for name, decl in ctx.checked.symbols.calendars.items():
        if not clocks.counts_effective_year(name):
            _outside_horizon(ctx, clocks, name, decl)
            if clocks.opening(name) is None:
                continue
        countable.add(name)
        _rarely_open(ctx, clocks, name, decl)
    for duration, clock, text in _timed(ctx.checked.file):
        if isinstance(clock, ast.OnCalendar) and clock.calendar.value in countable:
            _uncountable(ctx, clocks, duration, clock, text)


def _timed(
    policy_file: ast.PolicyFile,
) -> Iterator[tuple[ast.Duration, ast.OnCalendar | ast.AroundTheClock | None, str]]:
    """Every target and lifecycle timing: its duration, clock and text."""
    for decl in policy_file.declarations:
        if not isinstance(decl, ast.RuleDecl):
            continue
        for statement in decl.body:
            if isinstance(statement, ast.Target) and isinstance(
                statement.commitment, ast.Committed
            ):
                commitment = statement.commitment
                yield commitment.duration, commitment.clock, format_commitment(commitment)
            elif isinstance(statement, ast.Timing):
                commitment = ast.Committed(statement.duration, statement.clock)
                text = f"{statement.kind.value} {format_commitment(commitment)[len('within ') :]}"
                yield statement.duration, statement.clock, text


def _outside_horizon(ctx: LintContext, clocks: Clocks, name: str, decl: ast.CalendarDecl) -> None:
    engine = clocks.engines[name]
    effective = ctx.space.effective
    years = f"local years {engine.first_year} to {engine.last_year} ({engine.horizon_limit})"
    if effective.year < engine.first_year:
        consequence = f"requests opened before {engine.first_year} cannot be answered on it"
        help_text = (
            f"if the policy really applies before {engine.first_year}, drop the holidays that "
            "limit it or give that period its own calendar"
        )
    else:
        consequence = "no request can be answered on it"
        help_text = (
            "use holidays whose data covers the policy's years, or list the holidays with "
            "`closed` dates"
        )
    ctx.report(
        "PL681",
        f"calendar `{name}` counts only {years}, and the policy takes effect on "
        f"{effective.isoformat()}: {consequence}",
        decl.id.span,
        help_text,
        subject=Subject("calendar", name),
    )


def _rarely_open(ctx: LintContext, clocks: Clocks, name: str, decl: ast.CalendarDecl) -> None:
    opening = clocks.opening(name)
    assert opening is not None
    engine = clocks.engines[name]
    start = opening - 10 * 3600
    end = start + _YEAR
    while end - start >= _MIN_WINDOW:
        seconds = clocks.open_seconds(name, start, end)
        if seconds is not None:
            break
        end -= WEEK  # the year runs past the horizon: measure what lies inside
    else:
        return
    if seconds >= MIN_OPEN_HOURS * 3600:
        return
    days = (end - start) // 86400
    shown = "never open" if seconds == 0 else f"open only {amount_of_time(seconds)}"
    ctx.report(
        "PL682",
        f"calendar `{name}` is {shown} in the {days} days from "
        f"{engine.to_local(start).date().isoformat()}",
        decl.id.span,
        f"a target counted on it falls due long after, or not within the {MAX_SEARCH_YEARS} "
        "years the calendars search; check its hours, closed dates and holidays",
        subject=Subject("calendar", name),
    )


def _uncountable(
    ctx: LintContext,
    clocks: Clocks,
    duration: ast.Duration,
    clock: ast.OnCalendar,
    text: str,
) -> None:
    name = clock.calendar.value
    opened = clocks.opening(name)
    assert opened is not None
    try:
        due(clocks.timed(duration, clock, text), opened)
    except CalendarError as error:
        ctx.report(
            "PL683",
            f"`{text}` cannot be counted on `{name}`: {_reason(error, name)}",
            duration.span,
            "every request this decides would be an error; count a shorter time, or on a "
            "calendar that is open more",
            subject=Subject("calendar", name),
        )


def _reason(error: CalendarError, name: str) -> str:
    """The calendar's message without its own ``calendar 'x': `` prefix."""
    text = str(error)
    prefix = f"calendar {name!r}: "
    return text[len(prefix) :] if text.startswith(prefix) else text
