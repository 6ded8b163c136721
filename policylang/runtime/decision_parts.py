"""The shapes of a v2 decision's parts (contract v2 §2 and §11): which keys each part carries in
the compact decision, and which a rule's *facts* add with ``detail="full"``.

Compact carries the facts of this request and rule ids; what a rule says whatever the request
(its clauses, reason, action, teams, lifecycle timing) is in the policy's catalogue under
``rules.{part}.{rule}.facts``, and ``detail="full"`` adds those facts to every object of the
part that names the rule: ``full == {**compact, **facts}``, object by object. An SLA target is
a tagged union on ``state``: each state's keys, always present (``null`` when not known yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "FACTS",
    "ROLE_KEYS",
    "TARGET_FIELDS",
    "TARGET_STATES",
    "agreed_roles",
    "compact_document",
    "compact_of",
    "empty_roles",
    "party_only",
    "resolve_decision",
    "target_of",
]

#: A target rule's commitment (the model's) -> its v2 state: a rule's own `no commitment` is
#: `no_commitment`; a rule's `not stated`, like no rule at all, is `not_stated`. What a request
#: adds (`lifted`, `depends`, an agreed time `committed`) is the decision's, not the rule's.
TARGET_STATES = {
    "committed": "committed",
    "window": "window",
    "none": "no_commitment",
    "per_request": "per_request",
    "best_effort": "best_effort",
    "not_stated": "not_stated",
}

#: The keys of each commitment state beside ``state`` and ``rule`` (contract v2 §2).
TARGET_FIELDS: dict[str, tuple[str, ...]] = {
    "committed": (
        "target",
        "clock",
        "calendar",
        "from_event",
        "starts_at",
        "due_at",
        "waiting_for",
        "extendable",
        "agreed_by",
    ),
    "window": ("calendar", "open_now", "opens_at"),
    "no_commitment": ("until",),
    "per_request": ("agreed_by", "extendable"),
    "best_effort": ("estimate_at", "extendable"),
    "lifted": ("lifted_by",),
    "not_stated": (),
    "depends": ("depends_on", "cases"),
}

#: The roles of the ``roles`` part: ``party_team`` objects (or lists of them). Compact gives
#: each role's party, full its team too.
ROLE_KEYS = ("responsible", "performer", "receiver", "assists", "consulted")

#: By part: the keys a rule's facts add with detail=full (the catalogue's ``facts``).
FACTS: dict[str, tuple[str, ...]] = {
    "sla": ("clauses",),
    "roles": ("clauses", *ROLE_KEYS, "action"),
    "charges": ("basis", "reason", "clauses"),
    "lifecycle": (
        "party",
        "clauses",
        "after",
        "within",
        "clock",
        "calendar",
        "from_event",
        "requires",
        "on_expiry",
    ),
    "obligations": ("party", "clauses"),
    "refusal": ("reason", "clauses"),
}


def target_of(state: str, rule: str | None = None, **fields: Any) -> dict[str, Any]:
    """An SLA target in ``state``: that state's keys (``fields``, the others null or empty)."""
    out: dict[str, Any] = {"state": state}
    for key in TARGET_FIELDS[state]:
        out[key] = fields.get(key, [] if key in ("depends_on", "cases") else None)
    out["rule"] = rule
    return out


def empty_roles() -> dict[str, Any]:
    """Every key of the compact ``roles`` part, each empty (state ``decided``: no rule states
    roles)."""
    return {
        "state": "decided",
        "rule": None,
        "responsible": None,
        "performer": None,
        "receiver": None,
        "assists": [],
        "consulted": [],
        "depends_on": [],
        "cases": [],
    }


def party_only(role: Any) -> Any:
    """A role (``party_team``, a list of them, or null) as compact gives it: the party alone."""
    if role is None:
        return None
    if isinstance(role, list):
        return [{"party": r["party"]} for r in role]
    return {"party": role["party"]}


def compact_of(part: str, full: dict[str, Any]) -> dict[str, Any]:
    """An object of ``part`` (a target, roles or a role case, a charge line, a lifecycle
    entry, an obligation, a refusal ground) without the facts detail=full adds."""
    facts = FACTS[part]
    roles = part == "roles"
    out: dict[str, Any] = {}
    for key, value in full.items():
        if roles and key in ROLE_KEYS:
            out[key] = party_only(value)
        elif key not in facts:
            out[key] = value
    return out


def _compact_cases(part: str, node: dict[str, Any]) -> dict[str, Any]:
    out = compact_of(part, node)
    if node.get("cases"):
        out["cases"] = [compact_of(part, case) for case in node["cases"]]
    return out


def compact_document(full: dict[str, Any]) -> dict[str, Any]:
    """A full decision document (without ``texts``) as compact gives it: every object naming a
    rule without the rule's facts (for documents built in full, the merged candidates')."""
    out = dict(full)
    if full["sla"] is not None:
        out["sla"] = {name: _compact_cases("sla", t) for name, t in full["sla"].items()}
    if full["roles"] is not None:
        out["roles"] = _compact_cases("roles", full["roles"])
    charges = full["charges"]
    if charges is not None:
        out["charges"] = {
            **charges,
            "lines": [compact_of("charges", line) for line in charges["lines"]],
            "possible": [compact_of("charges", line) for line in charges["possible"]],
        }
    for part in ("lifecycle", "obligations"):
        if full[part] is not None:
            out[part] = [compact_of(part, entry) for entry in full[part]]
    refusal = full["refusal"]
    if refusal is not None:
        out["refusal"] = {key: [compact_of("refusal", g) for g in refusal[key]] for key in refusal}
    return out


def _resolved(node: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    """``node`` with the facts of the rule it names (``rules``: one part of the catalogue's
    ``rules``), and its cases too."""
    entry = rules.get(node["rule"]) if isinstance(node.get("rule"), str) else None
    out = {**node, **entry["facts"]} if entry is not None else dict(node)
    if node.get("cases"):
        out["cases"] = [_resolved(case, rules) for case in node["cases"]]
    return out


def resolve_decision(compact: dict[str, Any], catalogue: dict[str, Any]) -> dict[str, Any]:
    """A compact decision document with the facts of every rule it names, read from the policy's
    ``catalogue``: what ``detail="full"`` gives, less ``texts`` (a support tool holding compact
    decisions and the catalogue answers what is due when, who handles it, whether it is billable
    and why). An object no rule answers alone (``rule: null``) has no facts to add."""
    rules = catalogue["rules"]
    out = dict(compact)
    sla = compact["sla"]
    if sla is not None:
        out["sla"] = {name: _resolved(sla[name], rules[name]) for name in sla}
    if compact["roles"] is not None:
        roles = _resolved(compact["roles"], rules["roles"])
        if roles["state"] == "depends":
            agreed_roles(roles)  # what the cases agree on, now with their teams and actions
        out["roles"] = roles
    charges = compact["charges"]
    if charges is not None:
        out["charges"] = {
            **charges,
            "lines": [_resolved(line, rules["charges"]) for line in charges["lines"]],
            "possible": [_resolved(line, rules["charges"]) for line in charges["possible"]],
        }
    for part in ("lifecycle", "obligations"):
        if compact[part] is not None:
            out[part] = [_resolved(entry, rules[part]) for entry in compact[part]]
    refusal = compact["refusal"]
    if refusal is not None:
        out["refusal"] = {
            key: [_resolved(ground, rules["refusal"]) for ground in refusal[key]]
            for key in refusal
        }
    return out


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
    if "action" in cases[0]:  # detail=full: the rule's facts are there
        actions = {c.get("action") for c in cases}
        roles["action"] = actions.pop() if len(actions) == 1 else None
