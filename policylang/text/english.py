"""English wording shared by messages, explanations, pages and hovers: counts with their nouns,
lists, weekdays, dates, clock times, instants, time zones and durations.

One renderer, so that ``policylang explain``, the policy pages, lint messages and the editor's
hovers say "1 day" and "2 days", "Vietnam time" and "4 business hours" the same way. Everything
is a pure function of its arguments (no locale, no clock): pages come out byte-identical
wherever they are generated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

__all__ = [
    "COMMITMENT_WORDS",
    "MONTHS",
    "WEEKDAYS",
    "amount_of_time",
    "and_list",
    "clock_time",
    "date_words",
    "duration_words",
    "effective_words",
    "moment_words",
    "plural",
    "short_date",
    "zone_name",
]

#: What an explicit absence of a time means, spelled out (never a blank cell). "Per request"
#: follows the seeds: the provider gives the time ("Depending on each service request", "given
#: and committed by Bemo Cloud"); it is not negotiated.
COMMITMENT_WORDS = {
    "none": "no commitment: the source promises no time",
    "per_request": "set per request: the provider gives the time for each request",
    "best_effort": "best effort: as fast as possible; any time given is an estimate",
    "not_stated": "not stated: the source gives no time",
}

#: Weekday names, Monday first (as ``date.weekday()`` counts).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Zone names as a reader of the contract says them: the country when one zone covers it. A zone
# not listed is named after its city.
_ZONES = {
    "Europe/Moscow": "Moscow time",
    "Asia/Ho_Chi_Minh": "Vietnam time",
    "Asia/Saigon": "Vietnam time",
    "America/Mexico_City": "Mexico City time",
    "UTC": "UTC",
    "Etc/UTC": "UTC",
    "Z": "UTC",
}


def plural(count: int | Decimal, word: str, *, written: str | None = None) -> str:
    """``1 hour``, ``2 hours``, ``1 business day``, ``0 files``, ``-1 day``.

    ``written`` shows the count as its author wrote it (``1.0``); the noun still agrees with
    the count's value.
    """
    shown = written if written is not None else str(count)
    return f"{shown} {word}" if abs(count) == 1 else f"{shown} {word}s"


def and_list(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def date_words(day: dt.date) -> str:
    """``Friday 6 March 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


def short_date(day: dt.date) -> str:
    """``6 March 2026`` (no weekday)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def effective_words(day: dt.date, assumed: bool, *, weekday: bool = True) -> str:
    """When a version takes effect: ``Thursday 1 January 2026``, and for ``effective DATE
    assumed`` what the assumption means for earlier requests."""
    words = date_words(day) if weekday else short_date(day)
    if not assumed:
        return words
    return f"{words} (assumed: the source states no date; earlier requests are answered by it)"


def clock_time(minutes: int) -> str:
    """Minutes since midnight as ``08:30``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def zone_name(zone: str) -> str:
    """``Europe/Moscow`` -> ``Moscow time``, ``Asia/Ho_Chi_Minh`` -> ``Vietnam time``; other
    zones are named after their city, UTC stays ``UTC``."""
    known = _ZONES.get(zone) or _ZONES.get(zone.upper())
    if known is not None:
        return known
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time"


def moment_words(moment: dt.datetime, zone: str) -> str:
    """``Friday 6 March 2026 at 17:20 Moscow time`` (``moment`` already in ``zone``)."""
    return f"{date_words(moment.date())} at {moment:%H:%M} {zone_name(zone)}"


def amount_of_time(seconds: int) -> str:
    """``30 minutes``, ``2 hours``, ``1 hour 30 minutes``, ``24 hours``.

    Hours are never folded into days: a contract's "24h" reads as 24 hours, and "days" in a
    policy are always business or calendar days, stated as such.
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if minutes:
        parts.append(plural(minutes, "minute"))
    if secs or not parts:
        parts.append(plural(secs, "second"))
    return " ".join(parts)


def duration_words(amount: int, unit: str | None, clock: str | None) -> str:
    """A committed duration and its clock, without the calendar's hours.

    ``unit`` is ``seconds``, ``business_days`` or ``calendar_days`` (``amount`` counts it),
    ``clock`` is ``business`` or ``calendar``: ``4 business hours``, ``30 minutes of business
    time``, ``1 business day``, ``7 calendar days``, ``24 hours, around the clock``.
    """
    if unit == "business_days":
        return plural(amount, "business day")
    if unit == "calendar_days":
        return plural(amount, "calendar day")
    if clock == "business":
        if amount % 3600 == 0:
            return plural(amount // 3600, "business hour")
        return f"{amount_of_time(amount)} of business time"
    return f"{amount_of_time(amount)}, around the clock"
