"""The one exception the calendar package raises."""

from __future__ import annotations

__all__ = ["CalendarError"]


class CalendarError(Exception):
    """A calendar cannot be built or cannot answer a question.

    Raised for an invalid specification (unknown zone, unknown holiday country or subdivision,
    malformed interval, a calendar with no open time at all), for a naive or nonexistent input
    timestamp, and for a question whose answer lies outside the supported horizon. The message
    always names the offending value, so callers can show it to a policy author as it is.
    """
