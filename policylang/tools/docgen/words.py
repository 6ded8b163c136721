"""Plain words for the values a policy holds: dates, zones, durations, parties, events.

Everything here is a pure function of its arguments (no locale, no clock), so pages come out
byte-identical wherever they are generated.
"""

from __future__ import annotations

import datetime as dt

from policylang.calendar import Interval
from policylang.model.outcomes import TargetSpec
from policylang.text.english import plural

__all__ = [
    "COMMITMENT_WORDS",
    "EVENT_WORDS",
    "LIFECYCLE_WORDS",
    "PARTY_WORDS",
    "SINGLE_EVENTS",
    "WEEKDAYS",
    "amount_of_time",
    "date_words",
    "duration_words",
    "event_words",
    "intervals_words",
    "language_name",
    "moment_words",
    "plural",
    "short_date",
    "zone_name",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
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

# Zone names as a reader of the contract says them. A zone not listed is named after its city.
_ZONES = {
    "Europe/Moscow": "Moscow time",
    "Asia/Ho_Chi_Minh": "Vietnam time",
    "Asia/Saigon": "Vietnam time",
    "America/Mexico_City": "Mexico City time",
    "UTC": "UTC",
    "Etc/UTC": "UTC",
}

_LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "vi": "Vietnamese",
    "es": "Spanish",
    "de": "German",
    "fr": "French",
    "pt": "Portuguese",
    "zh": "Chinese",
    "ja": "Japanese",
    "uk": "Ukrainian",
    "th": "Thai",
}

PARTY_WORDS = {
    "customer": "the customer",
    "provider": "the provider",
    "vendor": "the vendor",
    "third_party": "a third party",
}

#: What an explicit absence of a time means, spelled out (never a blank cell).
COMMITMENT_WORDS = {
    "none": "no commitment: the source promises no time",
    "per_request": "set per request: the time is agreed for each request",
    "best_effort": "best effort: as fast as possible; any time given is an estimate",
}

#: Ticket events as noun phrases (singular, plural): "from the last clarifying question".
EVENT_WORDS = {
    "opened": ("opening of the request", "openings of the request"),
    "responded": ("response", "responses"),
    "resolved": ("move to \u201cResolved\u201d", "moves to \u201cResolved\u201d"),
    "reopened": ("reopening", "reopenings"),
    "closed": ("closing of the request", "closings of the request"),
    "waiting_on_customer": ("wait on the customer", "waits on the customer"),
    "customer_replied": ("reply of the customer", "replies of the customer"),
    "priority_changed": ("change of priority", "changes of priority"),
    "completion_requested": ("request to confirm completion", "requests to confirm completion"),
    "contact_failed": (
        "failed attempt to contact the customer",
        "failed attempts to contact the customer",
    ),
    "clarification_requested": ("clarifying question", "clarifying questions"),
    "previous_resolved": ("resolution of the previous request", "resolutions of previous requests"),
}
#: Events that happen once: "the first" or "the last" of them says nothing.
SINGLE_EVENTS = frozenset({"opened", "closed", "previous_resolved"})

LIFECYCLE_WORDS = {
    "auto_confirm": "Auto-confirmation",
    "cancellation": "Cancellation",
    "reply_deadline": "Reply deadline",
    "acceptance_window": "Acceptance window",
    "sequential": "One request at a time",
    "processing_limit": "Processing limit",
    "next_issue": "Next issue",
}


def zone_name(zone: str) -> str:
    """``Europe/Moscow`` -> ``Moscow time``; unknown zones are named after their city."""
    known = _ZONES.get(zone)
    if known is not None:
        return known
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time"


def language_name(code: str) -> str:
    """``ru`` -> ``Russian``; an unknown code is shown as it is."""
    return _LANGUAGES.get(code.split("-", maxsplit=1)[0].lower(), code)


def date_words(day: dt.date) -> str:
    """``Friday 6 March 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """``6 March 2026`` (no weekday)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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


def duration_words(spec: TargetSpec) -> str:
    """The amount of a committed target and its clock, without the calendar's hours.

    ``4 business hours``, ``30 minutes of business time``, ``1 business day``, ``7 calendar
    days``, ``24 hours, around the clock``.
    """
    if spec.unit == "business_days":
        return plural(spec.amount, "business day")
    if spec.unit == "calendar_days":
        return plural(spec.amount, "calendar day")
    if spec.clock == "business":
        if spec.amount % 3600 == 0:
            return plural(spec.amount // 3600, "business hour")
        return f"{amount_of_time(spec.amount)} of business time"
    return f"{amount_of_time(spec.amount)}, around the clock"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def intervals_words(intervals: tuple[Interval, ...]) -> str:
    """``08:30-17:30``, ``08:00-12:00 and 13:30-16:30``, ``22:00-06:00 (next day)``."""
    parts = []
    for interval in intervals:
        end = "24:00" if interval.end == 1440 else _hhmm(interval.end)
        text = f"{_hhmm(interval.start)}\u2013{end}"
        if interval.overnight:
            text += " (next day)"
        parts.append(text)
    if not parts:
        return "closed"
    if parts == ["00:00\u201324:00"]:
        return "all day"
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def event_words(name: str, position: str | None = None, *, count: int = 1) -> str:
    """A ticket event as a noun phrase: ``the last clarifying question``, ``3 failed attempts
    to contact the customer`` (``count``), ``the opening of the request``."""
    spelled = name.replace("_", " ")
    singular, many = EVENT_WORDS.get(name, (spelled, spelled))
    noun = singular if count == 1 else many
    if count != 1:
        return f"{count} {noun}"
    if position and name not in SINGLE_EVENTS:
        return f"the {position} {noun}"
    return f"the {noun}"
