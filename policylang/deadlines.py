"""Due-time arithmetic for a compiled target: when its clock starts and when it is due."""

from __future__ import annotations

from policylang.model import TargetSpec

__all__ = ["due_epoch", "start_epoch"]


def due_epoch(spec: TargetSpec, opened: int) -> int | None:
    """When a target whose clock runs from ``opened`` is due (None if uncommitted)."""
    engine = spec.engine
    if engine is None or spec.commitment != "committed":
        return None
    unit = spec.unit
    if spec.clock == "business":
        if unit == "business_days":
            return engine.add_business_days_epoch(opened, spec.amount)
        return engine.add_epoch(opened, spec.amount)
    if unit == "calendar_days":
        return engine.add_calendar_epoch(opened, days=spec.amount)
    return opened + spec.amount


def start_epoch(spec: TargetSpec, opened: int) -> int | None:
    """When a target's clock starts: the first open instant at or after ``opened`` for
    business time, ``opened`` itself for elapsed time and calendar days."""
    engine = spec.engine
    if engine is None or spec.commitment != "committed":
        return None
    return engine.next_open_epoch(opened) if spec.clock == "business" else opened
