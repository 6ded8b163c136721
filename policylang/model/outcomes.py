"""What a rule decides: an SLA target (and how its due time is computed), a handler, a charge."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from policylang.calendar import BusinessCalendar

__all__ = [
    "FEE_KINDS",
    "ChargeOutcome",
    "HandlerOutcome",
    "Role",
    "TargetSpec",
]


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A compiled SLA target: what it promises and how to compute its due time."""

    kind: str  # response | resolution
    commitment: str  # committed | window | none | per_request | best_effort | not_stated
    iso: str | None  # ISO 8601 duration, e.g. PT30M, P3D
    clock: str | None  # business | calendar
    calendar: str | None  # calendar name, for business time and for a window
    unit: str | None  # seconds | business_days | calendar_days
    amount: int  # seconds or days
    engine: BusinessCalendar | None  # the calendar that computes it
    text: str  # "within 30 minutes on office"
    #: ``no commitment until NAME``: the input (or event) that would bring a commitment.
    until: str | None = None
    #: ``from processing_started``: the ticket event the clock starts at (``opened`` unless
    #: the target names one); until the request's events hold it, the target waits for it.
    from_event: str = "opened"
    #: ``per request agreed by X``: the datetime input whose value, once given, is the due time.
    agreed_by: str | None = None
    #: ``best effort estimated by X``: the datetime input holding a (non-binding) estimate.
    estimated_by: str | None = None
    #: ``extendable``: the source lets the time be extended for cause.
    extendable: bool = False


@dataclass(frozen=True, slots=True)
class Role:
    """A party in one role of a responsibility, and the team the source names (or None)."""

    party: str  # customer | provider | vendor | third_party
    team: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The v2 ``party_team``."""
        return {"party": self.party, "team": self.team}


@dataclass(frozen=True, slots=True)
class HandlerOutcome:
    """Who does what for a request a responsibility rule selects.

    ``responsible`` is whose duty the request is under the contract, ``performer`` who works it
    (the provider paid to do a customer's action: responsible customer, performer provider),
    ``receiver`` who takes it in, ``assists`` and ``consulted`` who help and who is asked.
    """

    responsible: Role
    performer: Role
    action: str | None
    receiver: Role | None = None
    assists: tuple[Role, ...] = ()
    consulted: tuple[Role, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The roles as the v2 ``roles`` part gives them (``party_team`` objects) and the action."""
        return {
            "responsible": self.responsible.to_json(),
            "performer": self.performer.to_json(),
            "receiver": None if self.receiver is None else self.receiver.to_json(),
            "assists": [role.to_json() for role in self.assists],
            "consulted": [role.to_json() for role in self.consulted],
            "action": self.action,
        }


#: The fee kinds of a charge line: a fee per request, per hour of service, a fixed amount, a fee
#: the source states without its unit or amount ("chargeable"), or part of the service.
FEE_KINDS = ("per_request", "per_hour", "fixed", "unspecified", "included")


@dataclass(frozen=True, slots=True)
class ChargeOutcome:
    """The line a charge rule contributes to the requests it selects: the fee, and why."""

    fee: str  # one of FEE_KINDS
    basis: str | None
    reason: str | None
    #: The exact amount and its ISO 4217 code (``rate 1500.00 RUB``); None: amount not stated.
    rate: Decimal | None = None
    currency: str | None = None
    #: The charge rules whose lines this one drops when it applies.
    replaces: tuple[str, ...] = ()

    @property
    def billable(self) -> bool:
        """True for a fee, False for an ``included`` line."""
        return self.fee != "included"
