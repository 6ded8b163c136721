"""Lifecycle rules over a ticket's events: what fires when, what is allowed now, and why not.

Each rule runs its timing from an anchor event (its ``first`` or, by default, ``last``
occurrence; ``opened`` is the opening itself):

* ``after`` rules (auto-confirm, cancellation) say when something *may* happen: ``allowed`` is
  true at ``now`` once the time has passed and the ``requires`` count is reached; ``why_not``
  lists what is missing. An auto-confirm is called off by a customer reply or a reopen after its
  anchor; a cancellation counts only failed contacts since the customer's last reply.
* ``within`` rules (reply deadlines, acceptance windows, processing limits, the next issue) set
  a deadline: ``met`` when the event that satisfies it came in time, ``missed`` when it came late
  or not at all by ``now`` past the deadline, ``pending`` otherwise.
* ``sequential`` reports the instant work on this request may start: when the customer's
  previous request was resolved, if that came after the opening.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policylang.model.outcomes import TargetSpec
from policylang.model.rules import LifecycleRule
from policylang.runtime.deadlines import due_epoch
from policylang.runtime.timeline.events import Event, Timeline

__all__ = ["SATISFIED_BY", "lifecycle_status"]

#: For each ``within`` kind, the events that fulfil it.
SATISFIED_BY: dict[str, frozenset[str]] = {
    "reply_deadline": frozenset({"customer_replied"}),
    "acceptance_window": frozenset({"closed"}),
    "processing_limit": frozenset({"resolved", "closed"}),
    "next_issue": frozenset({"responded", "resolved"}),
}
#: For each ``after`` kind, the events after the anchor that call it off.
CALLED_OFF_BY: dict[str, frozenset[str]] = {
    "auto_confirm": frozenset({"customer_replied", "reopened"}),
    "cancellation": frozenset(),
}


def _anchor(rule: LifecycleRule, timeline: Timeline, opened: int) -> Event | None:
    if rule.event == "opened":
        return Event("opened", opened)
    found = [e for e in timeline.events if e.type == rule.event]
    if not found:
        return None
    return found[0] if rule.position == "first" else found[-1]


def lifecycle_status(
    rule: LifecycleRule,
    timeline: Timeline,
    opened: int,
    to_iso: Callable[[int | None, TargetSpec | None], str | None],
) -> dict[str, Any]:
    """The JSON status of one lifecycle rule at ``timeline.now``."""
    now = timeline.now
    out: dict[str, Any] = {"id": rule.name, "kind": rule.kind, "state": None}
    if rule.kind == "sequential":
        previous = timeline.of("previous_resolved")
        start = max(opened, previous[-1].at) if previous else opened
        out.update(
            state="queued" if start > now else "may_start",
            starts_at=to_iso(start, None),
            why="the customer's previous request was resolved then" if previous else None,
        )
        return out
    anchor = _anchor(rule, timeline, opened)
    spec = rule.target
    if anchor is None or spec is None:
        out.update(state="not_started", waiting_for=rule.event)
        return out
    deadline = due_epoch(spec, anchor.at)
    assert deadline is not None
    out.update(anchor_at=to_iso(anchor.at, spec), deadline_at=to_iso(deadline, spec))
    if rule.timing == "after":
        return _after(rule, timeline, anchor, deadline, out)
    done = [
        e.at
        for e in timeline.events
        if e.type in SATISFIED_BY.get(rule.kind, ()) and e.at >= anchor.at
    ]
    if done:
        out.update(state="met" if done[0] <= deadline else "missed", done_at=to_iso(done[0], spec))
    else:
        out.update(state="missed" if now > deadline else "pending")
    return out


def _after(
    rule: LifecycleRule, timeline: Timeline, anchor: Event, deadline: int, out: dict[str, Any]
) -> dict[str, Any]:
    now = timeline.now
    why_not: list[str] = []
    called_off = [
        e
        for e in timeline.events
        if e.type in CALLED_OFF_BY.get(rule.kind, ()) and e.at > anchor.at
    ]
    if called_off:
        why_not.append(f"`{called_off[0].type}` came after `{anchor.type}`")
    if now < deadline:
        why_not.append("the waiting time has not passed yet")
    if rule.requires is not None:
        count, kind = rule.requires
        replies = [e.at for e in timeline.events if e.type == "customer_replied"]
        since = replies[-1] if replies and rule.kind == "cancellation" else None
        seen = sum(1 for e in timeline.events if e.type == kind and (since is None or e.at > since))
        if seen < count:
            why_not.append(f"{seen} of the {count} `{kind}` events required")
        out["count"] = {"event": kind, "seen": seen, "required": count}
    out.update(allowed=not why_not, why_not=why_not, state="allowed" if not why_not else "not_yet")
    if called_off:
        out["state"] = "called_off"
    return out
