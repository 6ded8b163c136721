"""The empty parts of a v2 decision: every key present, each null or empty (contract v2 §2:
the same keys for every policy, never a missing key)."""

from __future__ import annotations

from typing import Any

__all__ = ["empty_roles", "empty_target"]


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
