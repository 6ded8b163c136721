"""One ticket decided under both sides of a change, and what changed for it.

A *side* is a policy set and, optionally, the date that picks the version (``--as-of-old``,
``--as-of-new``): two directories, two files, or one set as of two dates are all two sides.
Fields that identify a ticket rather than describe it (its id, its customer) are taken off before
deciding unless a policy declares them as inputs, and come back in the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policylang.errors import CalendarError, PolicylangError, RequestError
from policylang.runtime.decision import Decision
from policylang.runtime.policyset import PolicySet
from policylang.tools.impact.facets import FACETS, Change

__all__ = ["Side", "TicketImpact", "compare_ticket", "labels"]


@dataclass(frozen=True, slots=True)
class Side:
    """The policies a ticket is decided under, and the date that picks their version."""

    policies: PolicySet
    as_of: dt.date | dt.datetime | None = None
    #: Policy ids of the other side, renamed to this side's (two single files with two ids).
    rename: Mapping[str, str] = field(default_factory=dict)

    def decide(self, request: dict[str, Any]) -> Decision | str:
        """The decision, or why there is none (a message)."""
        if self.rename and request.get("policy") in self.rename:
            request = {**request, "policy": self.rename[request["policy"]]}
        try:
            return self.policies.evaluate(request, as_of=self.as_of)
        except RequestError as error:
            return "; ".join(str(p) for p in error.problems)
        except (PolicylangError, CalendarError, OverflowError) as error:
            return str(error)


@dataclass(frozen=True, slots=True)
class TicketImpact:
    """What changed for one ticket (``changes`` empty: nothing), or why it was not compared."""

    changes: tuple[Change, ...]
    #: The side that answered (old, else new), for the ticket's policy, type and priority.
    decision: Decision | None
    #: Why neither side could answer, when neither could.
    error: str | None = None


def compare_ticket(old: Side, new: Side, request: dict[str, Any]) -> TicketImpact:
    """Decide ``request`` under both sides and classify every difference."""
    before, after = old.decide(request), new.decide(request)
    if isinstance(before, str) and isinstance(after, str):
        return TicketImpact((), None, before)
    if isinstance(before, str):
        assert isinstance(after, Decision)
        change = Change("request", "answered_under_new", None, None, message=before)
        return TicketImpact((change,), after)
    if isinstance(after, str):
        change = Change("request", "rejected_under_new", None, None, message=after)
        return TicketImpact((change,), before)
    changes: list[Change] = []
    for facet in FACETS:
        was, now = facet.read(before), facet.read(after)
        if was is not None and now is not None:
            changes.extend(facet.compare(facet.name, was, now))
    return TicketImpact(tuple(changes), before)


def labels(decision: Decision | None, request: Mapping[str, Any]) -> tuple[str, str, str]:
    """``(policy, type, priority)`` of a ticket, ``—`` where it has none (as ``report`` groups)."""
    values: Mapping[str, Any] = request
    policy = str(request.get("policy", "—"))
    if decision is not None:
        values, policy = decision.request.values, decision.policy.id
    kind, priority = values.get("type"), values.get("priority")
    return (
        policy,
        kind if isinstance(kind, str) else "—",
        priority if isinstance(priority, str) else "—",
    )
