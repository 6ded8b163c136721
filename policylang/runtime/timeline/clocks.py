"""SLA clocks over a ticket's life: running, paused, met or breached.

The rules (docs/timelines.md):

* A clock runs from ``opened_at`` (a target anchored at an event, ``from processing_started``,
  from the first such event; waiting for it, the clock has no budget and no status). The
  response clock stops at the first ``responded``; the
  resolution clock stops at ``resolved`` and resumes at ``reopened`` (time already counted stays
  counted: the target is for the ticket, not for each cycle); ``closed`` stops both for good.
* A pause declared by the policy stops the clocks it names from each occurrence of its start
  event until the next occurrence of its end event (or until ``now``).
* Time is counted on the target's clock: business seconds on its calendar, or elapsed seconds.
  A target in business days or calendar days becomes a budget of clock seconds at opening
  (``2 business days`` from a Friday 17:20 is the business time until Tuesday 17:20).
* A ``priority_changed`` event makes the target of the new priority apply from that instant;
  the clock is then measured on that target's calendar. A target never counts as breached before
  the instant it came into force.
* Status: ``met`` when the clock stopped within the budget, ``breached`` once the budget is
  exceeded (``breached_at`` is the instant it was), ``paused`` or ``running`` otherwise; a
  breach, once it happened, is kept in ``ever_breached`` whatever happens after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from policylang.model.outcomes import TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.runtime.timeline.events import Timeline

__all__ = ["ClockRegime", "active_segments", "clock_status", "paused_spans"]

_STOPS = {
    "response": frozenset({"responded", "closed"}),
    "resolution": frozenset({"resolved", "closed"}),
}
_RESUMES = {"response": frozenset(), "resolution": frozenset({"reopened"})}
_FAR = 2**62  # "until further notice" for an open-ended span


@dataclass(frozen=True, slots=True)
class ClockRegime:
    """A target in force from an instant on (the initial one, or after a priority change)."""

    since: int
    spec: TargetSpec | None  # None: no rule, or undecided
    rule: str | None
    budget: int | None  # clock seconds; None for an uncommitted target


def budget_of(spec: TargetSpec, opened: int) -> int | None:
    """The target as clock seconds on its own calendar, measured from the clock's start."""
    engine = spec.engine
    if spec.commitment != "committed" or engine is None:
        return None
    if spec.unit == "business_days":
        return engine.between_epoch(opened, engine.add_business_days_epoch(opened, spec.amount))
    if spec.unit == "calendar_days":
        return engine.add_calendar_epoch(opened, days=spec.amount) - opened
    return spec.amount


def paused_spans(
    policy: CompiledPolicy, kind: str, values: dict[str, Any], timeline: Timeline
) -> list[tuple[int, int]]:
    """The spans during which a declared pause stops clock ``kind``."""
    spans: list[tuple[int, int]] = []
    for pause in policy.pauses:
        if kind not in pause.clocks:
            continue
        if pause.condition is not None and pause.condition.test(values) is not True:
            continue  # a pause applies only when its condition surely holds
        ends = [e.at for e in timeline.events if e.type == pause.end_event]
        for start in (e.at for e in timeline.events if e.type == pause.start_event):
            end = next((t for t in ends if t > start), _FAR)
            spans.append((start, end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def active_segments(
    kind: str, opened: int, timeline: Timeline, pauses: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the spans the clock runs, the cycles [start, stop)), both clipped to ``now``."""
    now = timeline.now
    cycles: list[tuple[int, int]] = []
    start: int | None = opened
    for event in timeline.events:
        if event.type in _STOPS[kind] and start is not None:
            cycles.append((start, event.at))
            start = None
            if event.type == "closed":
                break
        elif event.type in _RESUMES[kind] and start is None:
            start = event.at
        if kind == "response" and cycles:
            break  # the response clock stops once, at the first response
    if start is not None:
        cycles.append((start, max(start, now)))
    running: list[tuple[int, int]] = []
    for a, b in cycles:
        cursor = a
        for p_start, p_end in pauses:
            if p_end <= cursor or p_start >= b:
                continue
            if p_start > cursor:
                running.append((cursor, p_start))
            cursor = max(cursor, p_end)
        if cursor < b:
            running.append((cursor, b))
    return running, cycles


def _elapsed(engine: Any, segments: Sequence[tuple[int, int]], until: int) -> int:
    return sum(engine.between_epoch(a, min(b, until)) for a, b in segments if a < until)


def _reach(
    engine: Any, segments: Sequence[tuple[int, int]], budget: int, open_end: bool
) -> int | None:
    """The instant the clock reaches ``budget`` seconds, or None if it never does."""
    spent = 0
    for index, (a, b) in enumerate(segments):
        last = index == len(segments) - 1
        here = engine.between_epoch(a, b)
        if budget - spent <= here or (last and open_end):
            return int(engine.add_epoch(a, budget - spent)) if budget > spent else a
        spent += here
    return None


def clock_status(
    kind: str,
    regimes: Sequence[ClockRegime],
    opened: int,
    timeline: Timeline,
    *,
    pauses: Sequence[tuple[int, int]],
    to_iso: Callable[[int | None, TargetSpec | None], str | None],
) -> dict[str, Any]:
    """The JSON status of one SLA clock."""
    segments, cycles = active_segments(kind, opened, timeline, pauses)
    now = timeline.now
    stopped = bool(cycles) and (cycles[-1][1] < now or _ended(kind, timeline))
    running_now = not stopped and not _paused(now, pauses)
    if running_now and (not segments or segments[-1][1] < now):
        # The clock resumed exactly at `now`: a running segment of length zero so far.
        segments = [*segments, (now, now)]
    # A target judges the clock only while it is in force and the clock runs: a priority
    # change after the clock stopped changes nothing for it.
    stop = cycles[-1][1] if stopped else None
    in_force = [r for r in regimes if stop is None or r.since <= stop] or regimes[:1]
    current = in_force[-1]
    ever_breached = False
    breached_at: int | None = None
    for index, regime in enumerate(in_force):
        if regime.spec is None or regime.budget is None:
            continue
        engine = regime.spec.engine
        end = in_force[index + 1].since if index + 1 < len(in_force) else now
        ran = any(a < end and b > regime.since for a, b in segments)
        reached = _reach(engine, segments, regime.budget, open_end=False)
        if ran and reached is not None and _elapsed(engine, segments, end) > regime.budget:
            ever_breached = True
            instant = max(reached, regime.since)
            breached_at = instant if breached_at is None else min(breached_at, instant)
    out: dict[str, Any] = {
        "status": None,
        "rule": current.rule,
        "target": current.spec.iso if current.spec is not None else None,
        "elapsed_seconds": None,
        "remaining_seconds": None,
        "due_at": None,
        "breached_at": to_iso(breached_at, current.spec),
        "ever_breached": ever_breached,
        "stopped_at": to_iso(cycles[-1][1], current.spec) if stopped else None,
        "paused_since": None,
        "cycles": [
            {
                "started_at": to_iso(a, current.spec),
                "stopped_at": to_iso(b, current.spec) if b < now or stopped else None,
            }
            for a, b in cycles
        ],
    }
    if current.spec is None or current.budget is None:
        return out
    engine = current.spec.engine
    elapsed = _elapsed(engine, segments, now)
    out["elapsed_seconds"] = elapsed
    out["remaining_seconds"] = max(0, current.budget - elapsed)
    if not stopped and not running_now:
        pause = next((p for p in pauses if p[0] <= now < p[1]), None)
        out["paused_since"] = to_iso(pause[0], current.spec) if pause else None
    if not stopped:
        due = _reach(engine, segments, current.budget, open_end=running_now)
        out["due_at"] = to_iso(max(due, current.since) if due is not None else None, current.spec)
    over = elapsed > current.budget or (breached_at is not None and breached_at >= current.since)
    if stopped:
        out["status"] = "breached" if over else "met"
    elif over:
        out["status"] = "breached"
    else:
        out["status"] = "running" if running_now else "paused"
    return out


def _ended(kind: str, timeline: Timeline) -> bool:
    """True when the last stop of this clock is not followed by a resume."""
    state = True
    for event in timeline.events:
        if event.type in _STOPS[kind]:
            state = False
            if event.type == "closed" or kind == "response":
                return True
        elif event.type in _RESUMES[kind]:
            state = True
    return not state


def _paused(now: int, pauses: Sequence[tuple[int, int]]) -> bool:
    return any(a <= now < b for a, b in pauses)
