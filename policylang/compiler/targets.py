"""Durations on their clocks, compiled: the one definition of due-time arithmetic's inputs, for
SLA targets and lifecycle timings alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from policylang.calendar import BusinessCalendar
from policylang.lang import ast
from policylang.lang.analysis.literals import parse_number
from policylang.model.outcomes import TargetSpec

__all__ = ["timed_target"]

_SECONDS = {"minutes": 60, "hours": 3600}


def _iso(unit: str, amount: Decimal) -> str:
    """The ISO 8601 duration of an amount: ``P3D``, ``PT30M``, ``PT1H30M``."""
    if unit.endswith("days"):
        return f"P{int(amount)}D"
    hours, rest = divmod(int(amount * _SECONDS[unit]), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = (
        f"{hours}H" * bool(hours) + f"{minutes}M" * bool(minutes) + f"{seconds}S" * bool(seconds)
    )
    return "PT" + (parts or "0S")


def timed_target(
    kind: str,
    duration: ast.Duration,
    clock: ast.OnCalendar | ast.AroundTheClock | None,
    text: str,
    *,
    calendars: Mapping[str, BusinessCalendar],
    elapsed: BusinessCalendar,
) -> TargetSpec:
    """A checked duration on its clock, compiled: the one definition of its arithmetic, for
    targets and lifecycle timings alike (``calendars`` by name; ``elapsed`` is the policy
    zone's always-open calendar, which counts calendar days and elapsed time)."""
    unit = duration.unit.value
    amount = parse_number(duration.amount.text)
    iso = _iso(unit, amount)
    if unit == "calendar days":
        return TargetSpec(
            kind, "committed", iso, "calendar", None, "calendar_days", int(amount), elapsed, text
        )
    if isinstance(clock, ast.OnCalendar):
        name = clock.calendar.value
        engine = calendars[name]
        if unit == "business days":
            return TargetSpec(
                kind, "committed", iso, "business", name, "business_days", int(amount), engine, text
            )
        seconds = int(amount * _SECONDS[unit])
        return TargetSpec(
            kind, "committed", iso, "business", name, "seconds", seconds, engine, text
        )
    seconds = int(amount * _SECONDS[unit])
    return TargetSpec(kind, "committed", iso, "calendar", None, "seconds", seconds, elapsed, text)
