"""Plain words for what the pages say of a policy: parties, events, commitments, languages,
opening hours, target durations.

The general English (counts, dates, weekdays, zones, durations) is :mod:`policylang.text.english`,
shared with ``explain``, lint messages and hovers. Everything here is a pure function of its
arguments (no locale, no clock), so pages come out byte-identical wherever they are generated.
"""

from __future__ import annotations

from collections.abc import Callable

from policylang.calendar import Interval
from policylang.model.outcomes import TargetSpec
from policylang.text.english import COMMITMENT_WORDS, and_list, clock_time
from policylang.text.english import duration_words as _duration_words

__all__ = [
    "CONSEQUENCE_WORDS",
    "EVENT_WORDS",
    "LIFECYCLE_WORDS",
    "PARTY_WORDS",
    "SINGLE_EVENTS",
    "anchor_words",
    "duration_words",
    "event_words",
    "intervals_words",
    "language_name",
    "target_spec_words",
    "uncommitted_words",
    "window_words",
]

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


def window_words(calendar: str) -> str:
    """A service window (``during staff_guide``) in words, the calendar named by ``calendar``
    (its label or link)."""
    return f"in the hours of {calendar} only: no time is promised, work starts when they open"


def uncommitted_words(commitment: str, until: str | None, label: Callable[[str], str]) -> str:
    """An explicit absence of a time in words; with ``no commitment until NAME``, what would
    bring one (``label`` names an input in words)."""
    if until is None:
        return COMMITMENT_WORDS[commitment]
    event = EVENT_WORDS.get(until)
    what = f"the {event[0]}" if event else f"\u201c{label(until)}\u201d is given"
    return f"no commitment until {what}: the source promises no time before"


def target_spec_words(spec: TargetSpec, label: Callable[[str], str]) -> str:
    """A target without a duration in words: :func:`uncommitted_words`, then the input that
    sets the time for the request (``agreed by``, ``estimated by``) and ``extendable``."""
    words = uncommitted_words(spec.commitment, spec.until, label)
    if spec.agreed_by is not None:
        words += (
            f"; once \u201c{label(spec.agreed_by)}\u201d is given, that is the committed due time"
        )
    if spec.estimated_by is not None:
        words += f"; \u201c{label(spec.estimated_by)}\u201d, when given, is the estimate"
    if spec.extendable:
        words += "; the time may be extended for objective reasons"
    return words


#: What a lifecycle rule's expiry does to the request (``then ...``), as a sentence's end.
CONSEQUENCE_WORDS = {
    "confirmed": "the request is confirmed as completed",
    "cancelled": "the request is cancelled",
    "closed": "the request is closed",
    "accepted": "the work is deemed accepted",
    "lapsed": "the request lapses",
}

#: Ticket events as noun phrases (singular, plural): "from the last clarifying question".
EVENT_WORDS = {
    "opened": ("opening of the request", "openings of the request"),
    "responded": ("response", "responses"),
    "processing_started": ("start of processing", "starts of processing"),
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


def language_name(code: str) -> str:
    """``ru`` -> ``Russian``; an unknown code is shown as it is."""
    return _LANGUAGES.get(code.split("-", maxsplit=1)[0].lower(), code)


def duration_words(spec: TargetSpec) -> str:
    """A committed target's amount and clock, without the calendar's hours (``4 business
    hours``, ``7 calendar days``...: :func:`policylang.text.english.duration_words`)."""
    return _duration_words(spec.amount, spec.unit, spec.clock)


def intervals_words(intervals: tuple[Interval, ...]) -> str:
    """``08:30-17:30``, ``08:00-12:00 and 13:30-16:30``, ``22:00-06:00 (next day)``."""
    parts = []
    for interval in intervals:
        end = "24:00" if interval.end == 1440 else clock_time(interval.end)
        text = f"{clock_time(interval.start)}\u2013{end}"
        if interval.overnight:
            text += " (next day)"
        parts.append(text)
    if not parts:
        return "closed"
    if parts == ["00:00\u201324:00"]:
        return "all day"
    return and_list(parts)


def anchor_words(spec: TargetSpec) -> str:
    """Where a committed target's clock starts, as a sentence's tail: empty from the opening,
    ``, counted from the first start of processing (nothing is due before it)`` for an anchored
    one."""
    if spec.from_event == "opened":
        return ""
    return f", counted from {event_words(spec.from_event, 'first')} (nothing is due before it)"


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
