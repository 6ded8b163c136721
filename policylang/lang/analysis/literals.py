"""What literal text means: dates, times, timestamps, numbers and durations.

Shared by the checker (which reports a bad literal once, with its span) and the compiler (which
only ever sees literals the checker accepted). Each function returns the value or raises
:class:`LiteralError` with a message written for the policy author.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from policylang.calendar import CalendarError
from policylang.calendar.timeconv import representable

__all__ = [
    "DURATION_UNITS",
    "LiteralError",
    "LocalTime",
    "parse_date",
    "parse_datetime",
    "parse_number",
    "parse_time",
]

#: Canonical unit spellings (the transformer folds singulars into these).
DURATION_UNITS = ("minutes", "hours", "days", "business days", "calendar days")


class LiteralError(ValueError):
    """A literal is well-formed text but does not denote a value."""


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A wall-clock time as minutes after local midnight; ``24:00`` is 1440."""

    minutes: int

    def __str__(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


def parse_date(text: str) -> dt.date:
    """``2026-01-07`` -> date; ``2025-02-30`` is an error naming the problem."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        year, month, day = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12:
            raise LiteralError(f"`{text}` is not a date: there is no month {month}") from None
        if year < dt.MINYEAR:
            # The month's name below needs a real year; the Gregorian calendar has no year 0.
            raise LiteralError(f"`{text}` is not a date: there is no year 0") from None
        raise LiteralError(
            f"`{text}` is not a date: {dt.date(year, month, 1):%B} {year} has no day {day}"
        ) from None


def parse_time(text: str) -> LocalTime:
    """``08:30`` -> 510 minutes; ``24:00`` -> 1440 (the end of a day); ``25:00`` is an error."""
    hours_text, minutes_text = text.split(":")
    hours, minutes = int(hours_text), int(minutes_text)
    if minutes >= 60:
        raise LiteralError(f"`{text}` is not a time: minutes go from 00 to 59")
    if hours > 24 or (hours == 24 and minutes):
        raise LiteralError(
            f"`{text}` is not a time: hours go from 00 to 23 (or 24:00 for midnight)"
        )
    return LocalTime(hours * 60 + minutes)


def parse_datetime(text: str) -> dt.datetime:
    """``2026-01-07T09:00:00+03:00`` -> aware datetime (the grammar requires the offset).

    The instant must be one every zone can show as a local time (the engine compares it with
    requests' instants in the policy's zone): ``9999-12-31T23:59:59-14:00`` is in the year
    10000 in UTC, and is an error.
    """
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise LiteralError(f"`{text}` is not a valid timestamp") from None
    try:
        representable(int(stamp.timestamp()), "it")
    except CalendarError as error:
        raise LiteralError(f"`{text}` is not a usable timestamp: {error}") from None
    return stamp


def parse_number(text: str) -> Decimal:
    """``30`` or ``1.5`` -> Decimal (exact, so ``1.5 hours`` is exactly 90 minutes)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        raise LiteralError(f"`{text}` is not a number") from None
