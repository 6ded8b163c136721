"""Due-time arithmetic for a compiled target: when its clock starts and when it is due."""

from __future__ import annotations

from policylang.model import TargetSpec

__all__ = ["due"]


def due(spec: TargetSpec, opened: int) -> tuple[int | None, int | None]:
    """(starts, due) in epoch seconds for a target whose clock runs from ``opened``.

    Business time starts at the first open instant at or after ``opened``; elapsed time and
    calendar days start at ``opened`` itself. Uncommitted targets have neither.
    """
    engine = spec.engine
    if spec.commitment != "committed" or engine is None:
        return None, None
    if spec.clock == "business":
        starts = engine.next_open_epoch(opened)
        if spec.unit == "business_days":
            return starts, engine.add_business_days_epoch(opened, spec.amount)
        return starts, engine.add_epoch(opened, spec.amount)
    if spec.unit == "calendar_days":
        return opened, engine.add_calendar_epoch(opened, days=spec.amount)
    return opened, opened + spec.amount
