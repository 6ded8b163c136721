"""Ticket events: validate what a request says happened, and put it in time order.

A request may carry ``events``, a list of ``{"type": ..., "at": ...}`` objects (``priority``
too, on ``priority_changed``), and ``now``, the instant to judge the ticket at (by default the
latest of ``opened_at`` and the events: evaluation never reads the wall clock).

Normalisation is explicit, never silent: events out of time order are sorted (stably) and
exact duplicates dropped, and each such step is reported as a warning in the decision. What
cannot be normalised honestly is an error naming the event: an unknown type, a naive or
malformed timestamp, an event before ``opened_at`` or after ``now``, an unknown key.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policylang.errors import MAX_PROBLEMS, RequestError, RequestProblem
from policylang.runtime.timestamps import parse_timestamp
from policylang.text.suggestions import closest
from policylang.text.values import describe_kind
from policylang.vocabulary import EVENTS

__all__ = ["ABSENT", "MAX_EVENTS", "Event", "Timeline", "parse_timeline"]

#: What `parse_timeline` receives for a key the request does not have (null is not absence).
ABSENT: Any = object()

#: A ticket with more events than this is not a ticket but a log; refuse it rather than loop.
MAX_EVENTS = 10_000

_KEYS = {"type", "at", "priority"}


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to the ticket."""

    type: str
    at: int  # epoch seconds
    priority: str | None = None
    index: int = 0  # position in the request, for messages


@dataclass(frozen=True, slots=True)
class Timeline:
    """A ticket's validated events, in time order, and the instant it is judged at."""

    events: tuple[Event, ...]
    now: int
    warnings: tuple[str, ...]

    def of(self, kind: str) -> list[Event]:
        """The events of one type, in time order."""
        return [e for e in self.events if e.type == kind]


def _epoch(value: Any, field: str) -> int:
    return int(parse_timestamp(value, field).timestamp() // 1)


def parse_timeline(
    raw_events: Any, raw_now: Any, opened: int, priorities: Sequence[str]
) -> Timeline:
    """Validate ``events`` and ``now``; collect every problem; normalise the order."""
    problems: list[RequestProblem] = []
    if raw_events is ABSENT:
        raw_events = []
    if not isinstance(raw_events, list):
        raise RequestError([RequestProblem("events", "must be a list of {type, at} objects")])
    if len(raw_events) > MAX_EVENTS:
        raise RequestError(
            [RequestProblem("events", f"has {len(raw_events)} events; the limit is {MAX_EVENTS}")]
        )
    events: list[Event] = []
    for index, raw in enumerate(raw_events):
        event = _event(raw, index, opened, priorities, problems)
        if event is not None:
            events.append(event)
        if len(problems) > MAX_PROBLEMS:
            raise RequestError(problems)  # listed up to the limit; the rest is not checked
    now = opened
    if raw_now is not ABSENT:
        try:
            now = _epoch(raw_now, "now")
        except RequestError as error:
            problems.extend(error.problems)
    elif events:
        now = max(opened, *(e.at for e in events))
    if raw_now is not ABSENT and not problems and now < opened:
        problems.append(RequestProblem("now", "is before opened_at"))
    for event in events:
        if event.at > now and raw_now is not ABSENT:
            problems.append(
                RequestProblem(
                    f"events/{event.index}/at",
                    "is after `now`; a ticket is judged on what has happened by then",
                )
            )
    if problems:
        raise RequestError(problems)
    return _normalise(events, now)


def _event(
    raw: Any,
    index: int,
    opened: int,
    priorities: Sequence[str],
    problems: list[RequestProblem],
) -> Event | None:
    where = f"events/{index}"
    if not isinstance(raw, Mapping):
        problems.append(RequestProblem(where, "must be an object with `type` and `at`"))
        return None
    # The first few unknown keys are enough to report (an event may carry 100,000 of them).
    unknown = sorted(itertools.islice((k for k in raw if k not in _KEYS), MAX_PROBLEMS + 1))
    for key in unknown:
        problems.append(
            RequestProblem(f"{where}/{key}", "is not a field of an event", tuple(sorted(_KEYS)))
        )
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in EVENTS:
        problems.append(
            RequestProblem(
                f"{where}/type",
                _bad_type(kind),
                tuple(EVENTS),
                closest(kind, EVENTS, cutoff=0.6) if isinstance(kind, str) else None,
            )
        )
        return None
    if "at" not in raw:
        problems.append(RequestProblem(f"{where}/at", "is required"))
        return None
    try:
        at = _epoch(raw["at"], f"{where}/at")
    except RequestError as error:
        problems.extend(error.problems)
        return None
    if at < 0:
        problems.append(RequestProblem(f"{where}/at", "is before 1970-01-01T00:00:00Z"))
        return None
    if at < opened and kind != "previous_resolved":
        problems.append(RequestProblem(f"{where}/at", "is before the ticket's opened_at"))
        return None
    priority = raw.get("priority")
    if kind == "priority_changed":
        if priority not in priorities:
            problems.append(
                RequestProblem(
                    f"{where}/priority",
                    "names the new priority"
                    if priority is None
                    else f"`{priority}` is not a priority",
                    tuple(priorities),
                )
            )
            return None
    elif priority is not None:
        problems.append(RequestProblem(f"{where}/priority", "belongs to `priority_changed` only"))
        return None
    return Event(kind, at, priority, index)


def _bad_type(kind: Any) -> str:
    if kind is None:
        return "is required"
    if not isinstance(kind, str):
        return f"must be an event type (a string), not {describe_kind(kind)}"
    return f"`{kind}` is not an event type"


def _normalise(events: list[Event], now: int) -> Timeline:
    warnings: list[str] = []
    ordered = sorted(events, key=lambda e: e.at)  # stable: same-instant events keep their order
    if ordered != events:
        warnings.append("events were not in time order; they were evaluated in time order")
    unique: list[Event] = []
    seen: set[tuple[str, int, str | None]] = set()
    for event in ordered:
        key = (event.type, event.at, event.priority)
        if key in seen:
            warnings.append(
                f"events/{event.index} repeats an earlier `{event.type}` at the same instant; "
                "it was counted once"
            )
            continue
        seen.add(key)
        unique.append(event)
    return Timeline(tuple(unique), now, tuple(warnings))

