"""The one timestamp and date parser every request field shares (``opened_at``, timestamp and
date inputs, ticket events, ``now``, ``as_of``), with the patterns the request schema publishes.

Kept apart from :mod:`policylang.runtime.request` so that every module that validates part of a
request (inputs, ticket events) can use it without importing the others.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from policylang.calendar import CalendarError
from policylang.calendar.timeconv import FIRST_TS, LAST_TS, representable
from policylang.errors import RequestError, RequestProblem
from policylang.text.values import describe_kind, shown

__all__ = [
    "DATE_PATTERN",
    "TIMESTAMP_PATTERN",
    "parse_as_of",
    "parse_date",
    "parse_timestamp",
    "read_instant",
]

#: An RFC 3339 timestamp with its offset, exactly as requests may write it: a calendar date, an
#: upper-case ``T``, a time with its seconds (their fraction may be left out; RFC 3339, which
#: ``format: date-time`` names, requires the seconds), and ``Z`` or an offset in hours and
#: minutes (``+03:00``). The request schema publishes this pattern and
#: :func:`parse_timestamp` enforces it, so the two cannot disagree on the shape; it rules out
#: what Python's ``fromisoformat`` would also take: week and ordinal dates (``2026-W10-5``), a
#: space for the ``T``, compact forms (``20260306T172000``), offsets without a colon or with
#: seconds. Fields are range-checked too (month 01-12, hour 00-23, no leap second, offsets
#: below 24 hours); what a pattern cannot see (30 February, year 0000) the schema states as
#: ``format: date-time`` and the parser refuses.
TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)

#: A calendar date as requests write it: ``YYYY-MM-DD`` and nothing else.
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

# `[0-9]`, not `\d`: in Python `\d` is every script's digits. fullmatch: Python's `$` also
# matches before a final newline (ECMA 262's, which JSON Schema uses, does not).
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)
_DATE = re.compile(DATE_PATTERN)
# Bound once: `read_instant` runs for every request, and a lookup costs what a check does.
_matches = _TIMESTAMP.fullmatch
_from_iso = dt.datetime.fromisoformat


def read_instant(value: str) -> tuple[dt.datetime, float] | None:
    """The hot path of `parse_timestamp`: the datetime and its epoch seconds when ``value`` is
    a timestamp it accepts, None when it would raise (call it then for the reason)."""
    if _matches(value) is None:
        return None
    try:
        stamp = _from_iso(value)  # the pattern requires an offset: aware
    except ValueError:  # the right shape for a day that does not exist (30 February)
        return None
    ts = stamp.timestamp()  # no overflow: the difference of two aware datetimes
    return (stamp, ts) if FIRST_TS <= ts <= LAST_TS else None


def parse_timestamp(value: Any, name: str) -> dt.datetime:
    """An aware datetime from an RFC 3339 string (:data:`TIMESTAMP_PATTERN`) or an aware
    datetime; a RequestError naming ``name`` otherwise.

    The one timestamp reader of every request field (``opened_at``, timestamp inputs, ticket
    events, ``now``, ``as_of``). The instant it returns can be shown as a local time in every
    zone (`policylang.calendar.timeconv.representable`): one within a day of the ends of years 1
    and 9999 is refused here, naming the field, rather than failing somewhere inside the
    evaluation.
    """
    if isinstance(value, str):
        found = read_instant(value)
        if found is not None:
            return found[0]
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        if _TIMESTAMP.fullmatch(value) is None:
            naive = _TIMESTAMP.fullmatch(value + "Z") is not None
            raise RequestError(
                [RequestProblem(name, _naive(value) if naive else _not_rfc3339(value))]
            )
        try:
            stamp = dt.datetime.fromisoformat(value)
        except ValueError as error:
            # The shape is right, a value is not: month 13, 25:00, an offset of 24 hours.
            raise RequestError(
                [RequestProblem(name, f"`{value}` is not a valid timestamp: {error}")]
            ) from None
    else:
        raise RequestError(
            [RequestProblem(name, f"must be a timestamp string, not {describe_kind(value)}")]
        )
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise RequestError([RequestProblem(name, _naive(value))])
    try:
        representable(int(stamp.timestamp()))
    except (OverflowError, ValueError, CalendarError):
        raise RequestError(
            [
                RequestProblem(
                    name, f"`{stamp.isoformat()}` is too close to the year 1 or 9999 to count with"
                )
            ]
        ) from None
    return stamp


def _naive(value: Any) -> str:
    return (
        f"`{value}` has no UTC offset; a naive time is ambiguous across zones — add one, "
        "e.g. +03:00 or Z"
    )


def _not_rfc3339(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return (
        f"`{shown}` is not an RFC 3339 timestamp: write YYYY-MM-DDTHH:MM:SS with a `T` and an "
        "offset in hours and minutes, e.g. 2026-01-07T09:00:00+03:00 or 2026-01-07T06:00:00Z"
    )


def parse_date(value: Any, name: str) -> dt.date:
    """A date from ``YYYY-MM-DD`` (:data:`DATE_PATTERN`); a RequestError naming ``name``
    otherwise (``fromisoformat`` alone would also take ``20260306`` and ``2026-W10-5``)."""
    if isinstance(value, str) and _DATE.fullmatch(value) is not None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise RequestError([RequestProblem(name, f"must be a date YYYY-MM-DD, not {shown(value)}")])


def parse_as_of(value: Any, name: str = "as_of") -> dt.date | dt.datetime:
    """``as_of``: the date (``YYYY-MM-DD``) or instant (RFC 3339) that picks a policy version;
    a ``date``, or an aware ``datetime`` that `parse_timestamp` accepts, from Python."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str | dt.datetime):
        raise RequestError(
            [
                RequestProblem(
                    name,
                    "must be a date (YYYY-MM-DD) or an RFC 3339 timestamp, "
                    f"not {describe_kind(value)}",
                )
            ]
        )
    if isinstance(value, str) and "T" not in value:
        try:
            return parse_date(value, name)
        except RequestError:
            raise RequestError(
                [
                    RequestProblem(
                        name, f"`{value}` is not a date (YYYY-MM-DD) or an RFC 3339 timestamp"
                    )
                ]
            ) from None
    return parse_timestamp(value, name)
