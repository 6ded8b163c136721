"""Due-time arithmetic for a compiled target: when its clock starts and when it is due.

Every instant these functions return can be written as a local timestamp in any zone (it lies
between 0001-01-02 and 9999-12-30 UTC); one that cannot raises `CalendarError` here, while the
request is evaluated, so that reporting a decision never fails.
"""

from __future__ import annotations

from typing import NamedTuple

from policylang.calendar import BusinessCalendar
from policylang.calendar.timeconv import FIRST_TS, LAST_TS, representable
from policylang.model.outcomes import TargetSpec
from policylang.runtime.timeline.events import Timeline

__all__ = ["Window", "clock_origin", "due_epoch", "instants", "start_epoch", "window_at"]


class Window(NamedTuple):
    """A service window seen from one instant: whether the calendar is open then, and the
    first open instant at or after it (the instant itself when open)."""

    calendar: str
    open_now: bool
    opens_ts: int


def window_at(calendar: str, engine: BusinessCalendar, at: int) -> Window:
    """The window of calendar ``calendar`` (computed by ``engine``) seen from ``at``; the
    opening is checked to be an instant a local datetime can show."""
    opens = engine.next_open_epoch(at)
    return Window(calendar, opens == at, representable(opens, "the window's opening"))


def clock_origin(spec: TargetSpec, opened: int, timeline: Timeline | None) -> int | None:
    """The instant a target's clock counts from: ``opened``, or for a target anchored at an
    event (``from processing_started``) the first such event of the request; None while the
    request's events do not hold it (the target waits for it)."""
    if spec.from_event == "opened":
        return opened
    if timeline is None:
        return None
    return next((e.at for e in timeline.events if e.type == spec.from_event), None)


def instants(spec: TargetSpec, opened: int, start: int | None = None) -> tuple[int, int] | None:
    """When a target's clock starts and when it is due, from ``opened`` (None if uncommitted).

    The clock starts at the first open instant at or after ``opened`` for business time, at
    ``opened`` itself for elapsed time and calendar days; ``start``, when given, is that instant
    already known (another target's on the same clock). The evaluator's hot path: one call,
    the bounds checked inline.
    """
    engine = spec.engine
    if engine is None or spec.commitment != "committed":
        return None
    unit = spec.unit
    if spec.clock == "business":
        if start is not None:
            due = (
                engine.add_business_days_epoch(opened, spec.amount)
                if unit == "business_days"
                else engine.add_epoch(opened, spec.amount)
            )
        elif unit == "business_days":
            start, due = engine.start_and_due_epoch(opened, business_days=spec.amount)
        else:
            start, due = engine.start_and_due_epoch(opened, seconds=spec.amount)
    else:
        start = opened
        if unit == "calendar_days":
            due = engine.add_calendar_epoch(opened, days=spec.amount)
        else:
            due = opened + spec.amount
    if start >= FIRST_TS and due <= LAST_TS:  # start <= due: the amount is positive
        return start, due
    representable(start, "the clock's start")
    return start, representable(due, "the due time")


def due_epoch(spec: TargetSpec, opened: int) -> int | None:
    """When a target whose clock runs from ``opened`` is due (None if uncommitted)."""
    found = instants(spec, opened)
    return None if found is None else found[1]


def start_epoch(spec: TargetSpec, opened: int) -> int | None:
    """When a target's clock starts (see `instants`; None if uncommitted)."""
    found = instants(spec, opened)
    return None if found is None else found[0]
