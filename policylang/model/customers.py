"""Customer layers, compiled: the facts one customer's contract fixes for a policy's inputs, the
rates it fixes for the charge rules that leave theirs open, and its layers over the policy's
calendars."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from policylang.calendar import CalendarLayer

__all__ = ["Customer", "CustomerRate"]


@dataclass(frozen=True, slots=True)
class CustomerRate:
    """The rate a customer's contract fixes for one charge rule (``rate RULE 1200.00 MXN``)."""

    #: The exact amount.
    rate: Decimal
    #: Its ISO 4217 code.
    currency: str
    #: The fee kind the customer's contract states (``per_hour``...) where the rule's fee is
    #: ``unspecified``; None: the rule's own.
    fee: str | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer of one policy: requests naming it take its facts for the inputs they omit."""

    id: str
    #: Its name as the customers file gives it, if it does.
    name: str | None
    #: The id of the policy whose inputs the facts fill (every version of it).
    policy: str
    #: Input -> value, normalized as a request's value is (a date a ``datetime.date``, ...).
    facts: Mapping[str, Any]
    #: Input -> the value as the customers file spells it (what an error message shows).
    spelled: Mapping[str, str]
    #: Charge rule name -> the rate the customer's contract fixes for its lines.
    rates: Mapping[str, CustomerRate] = field(default_factory=dict)
    #: Calendar name -> the customer's layer over that calendar of the policy. A customer with
    #: layers is answered by a *variant* of each version, the version compiled on them: the
    #: policy set compiles it on the customer's first request (runtime/variants.py), shared by
    #: the customers whose layers are equal.
    calendars: Mapping[str, CalendarLayer] = field(default_factory=dict)
