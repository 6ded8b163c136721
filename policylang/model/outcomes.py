"""What a rule decides: an SLA target (and how its due time is computed), a handler, a charge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policylang.calendar import BusinessCalendar

__all__ = [
    "ChargeOutcome",
    "HandlerOutcome",
    "TargetSpec",
]


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A compiled SLA target: what it promises and how to compute its due time."""

    kind: str  # response | resolution
    commitment: str  # committed | none | per_request | best_effort
    iso: str | None  # ISO 8601 duration, e.g. PT30M, P3D
    clock: str | None  # business | calendar
    calendar: str | None  # calendar name, for business time
    unit: str | None  # seconds | business_days | calendar_days
    amount: int  # seconds or days
    engine: BusinessCalendar | None  # the calendar that computes it
    text: str  # "within 30 minutes on office"
    #: ``no commitment until NAME``: the input (or event) that would bring a commitment.
    until: str | None = None
    #: What a decision says of the target whatever the request: built once.
    json: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "json",
            {
                "commitment": self.commitment,
                "target": self.iso,
                "clock": self.clock,
                "calendar": self.calendar,
                "text": self.text,
            },
        )


@dataclass(frozen=True, slots=True)
class HandlerOutcome:
    """Who handles a request a responsibility rule selects."""

    party: str
    team: str | None
    action: str | None


@dataclass(frozen=True, slots=True)
class ChargeOutcome:
    """Whether a request a charge rule selects is billable, and why."""

    billable: bool
    basis: str | None
    reason: str | None
