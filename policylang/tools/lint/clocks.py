"""The policy's calendars as the linter sees them: the compiled policy's own, with the facts
the analyses ask of them.

Every fact is safe at the edges of a calendar's horizon (the local years it can count, narrowed
by its holiday data): a question the calendar cannot answer there gives a neutral answer (not
open 24/7, no business time that week), never an exception. The analysis `horizon` reports the
limits themselves (PL681 to PL683).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from policylang.calendar import BusinessCalendar, CalendarError
from policylang.compiler.targets import timed_target
from policylang.lang import ast
from policylang.model.outcomes import TargetSpec
from policylang.runtime.deadlines import due_epoch
from policylang.tools.lint.context import LintContext

__all__ = ["WEEK", "Clocks", "clocks_of", "due"]

WEEK = 7 * 86400
"""Seconds in a week."""


def due(spec: TargetSpec, opened: int) -> int:
    """When a committed target whose clock runs from ``opened`` falls due: the evaluator's own
    arithmetic. Raises `CalendarError` when the calendar cannot count that far."""
    found = due_epoch(spec, opened)
    assert found is not None, "only committed targets are timed"
    return found


@dataclass
class Clocks:
    """The policy's compiled calendars, and facts about them (each computed once)."""

    ctx: LintContext
    _always: dict[str, bool] = field(default_factory=dict)
    _busiest: dict[str, int | None] = field(default_factory=dict)

    @property
    def engines(self) -> Mapping[str, BusinessCalendar]:
        """Every declared calendar, as the compiler built it."""
        return self.ctx.policy.calendars

    @property
    def elapsed(self) -> BusinessCalendar:
        """The always-open calendar of the policy zone (elapsed time, calendar days)."""
        return self.ctx.policy.zone_calendar

    @cached_property
    def start(self) -> int:
        """Local midnight of the effective date."""
        return int(self.ctx.space.midnight(self.ctx.space.effective))

    def counts_effective_year(self, name: str) -> bool:
        """Whether calendar ``name`` can count in the local year the policy takes effect."""
        engine = self.engines[name]
        return engine.first_year <= self.ctx.space.effective.year <= engine.last_year

    def opening(self, name: str) -> int | None:
        """A plausible opening instant for a request counted on ``name``: 10:00 on the effective
        date, or on the first day of the calendar's horizon when that is later; None when the
        horizon ends before the policy takes effect."""
        engine = self.engines[name]
        day = self.ctx.space.effective
        if day.year > engine.last_year:
            return None
        day = max(day, dt.date(engine.first_year, 1, 1))
        return int(self.ctx.space.midnight(day)) + 10 * 3600

    def open_seconds(self, name: str, start: int, end: int) -> int | None:
        """Business seconds of ``name`` in ``[start, end)``; None outside its horizon."""
        try:
            return self.engines[name].between_epoch(start, end)
        except CalendarError:
            return None

    def always_open(self, name: str) -> bool:
        """Open every second of the four weeks from the effective date (from the start of the
        calendar's horizon, when that is later)."""
        found = self._always.get(name)
        if found is None:
            opening = self.opening(name)
            start = self.start if opening is None else opening - 10 * 3600
            found = self.open_seconds(name, start, start + 4 * WEEK) == 4 * WEEK
            self._always[name] = found
        return found

    def busiest_week(self, name: str) -> int | None:
        """The most business seconds in any week (Monday to Monday) of the year from the
        effective date (from the start of the calendar's horizon, when that is later); None
        when the calendar cannot count any of those weeks."""
        if name not in self._busiest:
            self._busiest[name] = self._busiest_week(name)
        return self._busiest[name]

    def _busiest_week(self, name: str) -> int | None:
        space = self.ctx.space
        opening = self.opening(name)
        if opening is None:
            return None
        first = space.local_date(opening)
        monday = first - dt.timedelta(days=first.weekday())
        found = [
            self.open_seconds(
                name,
                int(space.midnight(monday + dt.timedelta(weeks=week))),
                int(space.midnight(monday + dt.timedelta(weeks=week + 1))),
            )
            for week in range(53)
        ]
        counted = [seconds for seconds in found if seconds is not None]
        return max(counted) if counted else None

    def timed(
        self,
        duration: ast.Duration,
        clock: ast.OnCalendar | ast.AroundTheClock | None,
        text: str,
    ) -> TargetSpec:
        """A duration on its clock (a target's or a lifecycle timing's), as the compiler
        builds it."""
        return timed_target(
            "lint", duration, clock, text, calendars=self.engines, elapsed=self.elapsed
        )


def clocks_of(ctx: LintContext) -> Clocks:
    """The run's `Clocks`, made on first use and shared by the analyses."""
    found = ctx.shared.get("clocks")
    if not isinstance(found, Clocks):
        found = ctx.shared["clocks"] = Clocks(ctx)
    return found
