"""The empty parts of a v2 decision: every key present, each null or empty (contract v2 §2:
the same keys for every policy, never a missing key)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["agreed_roles", "empty_roles", "empty_target"]


def empty_target() -> dict[str, Any]:
    """Every key of an SLA target (``target`` in the schema), each empty."""
    return {
        "state": "not_stated",
        "target": None,
        "clock": None,
        "calendar": None,
        "from_event": None,
        "starts_at": None,
        "due_at": None,
        "waiting_for": None,
        "extendable": None,
        "open_now": None,
        "opens_at": None,
        "until": None,
        "agreed_by": None,
        "estimate_at": None,
        "lifted_by": None,
        "rule": None,
        "clauses": [],
        "depends_on": [],
        "cases": [],
    }


def empty_roles() -> dict[str, Any]:
    """Every key of the ``roles`` part, each empty (state ``decided``: no rule states roles)."""
    return {
        "state": "decided",
        "rule": None,
        "clauses": [],
        "responsible": None,
        "performer": None,
        "receiver": None,
        "assists": [],
        "consulted": [],
        "action": None,
        "depends_on": [],
        "cases": [],
    }


def _agreed_party(roles: Sequence[dict[str, Any] | None]) -> dict[str, Any] | None:
    """The role every case gives; its party alone (team null) when only the parties agree."""
    first = roles[0]
    if first is None or any(r is None or r["party"] != first["party"] for r in roles):
        return None
    if all(r == first for r in roles):
        return first
    return {"party": first["party"], "team": None}


def agreed_roles(roles: dict[str, Any]) -> None:
    """Fill an undecided ``roles`` part with what every one of its cases agrees on (contract v2
    §5): itc's departments differ by item, yet every one is the provider's, received by the CS
    department. ``state`` stays ``depends``: the rest still waits for ``depends_on``."""
    cases = roles["cases"]
    if not cases:
        return
    for key in ("responsible", "performer", "receiver"):
        roles[key] = _agreed_party([c.get(key) for c in cases])
    for key in ("assists", "consulted"):
        roles[key] = [r for r in cases[0].get(key, []) if all(r in c.get(key, []) for c in cases)]
    actions = {c.get("action") for c in cases}
    roles["action"] = actions.pop() if len(actions) == 1 else None
