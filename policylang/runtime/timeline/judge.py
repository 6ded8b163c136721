"""A ticket's timeline judged: the ``timeline`` part of a decision, from its SLA clocks (with
priority changes and pauses) and its lifecycle rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policylang.model.outcomes import TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import Selection
from policylang.runtime.deadlines import clock_origin
from policylang.runtime.timeline.clocks import ClockRegime, budget_of, clock_status, paused_spans
from policylang.runtime.timeline.events import Timeline
from policylang.runtime.timeline.lifecycle import lifecycle_status

__all__ = ["judge"]

#: Re-selects (response, resolution) for the given input values (after a priority change).
Reselect = Callable[[dict[str, Any]], tuple[Selection[TargetSpec], Selection[TargetSpec]]]


def _regime(
    selection: Selection[TargetSpec], since: int, opened: int, timeline: Timeline
) -> ClockRegime:
    rule = selection.rule if selection.decided else None
    if rule is None:
        return ClockRegime(since, None, None, None)
    spec: TargetSpec = rule.outcome
    origin = clock_origin(spec, opened, timeline)
    # A target waiting for its anchor event has no budget yet: its clock has not started.
    budget = None if origin is None else budget_of(spec, origin)
    return ClockRegime(since, spec, rule.name, budget)


def _origin(selection: Selection[TargetSpec], opened: int, timeline: Timeline) -> int:
    """Where the clock's first cycle starts: ``opened``, or the target's anchor event."""
    rule = selection.rule if selection.decided else None
    if rule is None:
        return opened
    origin = clock_origin(rule.outcome, opened, timeline)
    return opened if origin is None else origin


def judge(
    policy: CompiledPolicy,
    values: dict[str, Any],
    opened: int,
    timeline: Timeline,
    *,
    initial: tuple[Selection[TargetSpec], Selection[TargetSpec]],
    reselect: Reselect,
) -> dict[str, Any]:
    """The JSON ``timeline`` part of a decision."""

    def to_iso(ts: int | None, spec: TargetSpec | None) -> str | None:
        if ts is None:
            return None
        engine = (
            spec.engine if spec is not None and spec.engine is not None else policy.zone_calendar
        )
        return engine.to_local(ts).isoformat()

    regimes: dict[str, list[ClockRegime]] = {
        "response": [_regime(initial[0], opened, opened, timeline)],
        "resolution": [_regime(initial[1], opened, opened, timeline)],
    }
    current = dict(values)
    for event in timeline.of("priority_changed"):
        current["priority"] = event.priority
        response, resolution = reselect(current)
        regimes["response"].append(_regime(response, event.at, opened, timeline))
        regimes["resolution"].append(_regime(resolution, event.at, opened, timeline))
    sla = {
        kind: clock_status(
            kind,
            regimes[kind],
            _origin(initial[index], opened, timeline),
            timeline,
            pauses=paused_spans(policy, kind, values, timeline),
            to_iso=to_iso,
        )
        for index, kind in enumerate(("response", "resolution"))
    }
    lifecycle = [
        lifecycle_status(rule, timeline, opened, to_iso)
        for rule in policy.lifecycle
        if rule.condition is None or rule.condition.test(values) is True
    ]
    return {
        "now": to_iso(timeline.now, None),
        "warnings": list(timeline.warnings),
        "sla": sla,
        "lifecycle": lifecycle,
    }
