"""A request's standard ``kind`` and ``severity``: the types and priorities they narrow to.

Contract v2 (docs/vocabulary.md, docs/http-api.md): ``kind`` narrows ``type`` to the policy's
types of that kind, ``severity`` narrows ``priority`` to the priorities of that severity (or, in
a policy without priorities, the types to those stating it). One match is the request's type or
priority; several are *candidates*, each answered, the answers merged (decided where they agree,
else depending on ``type`` or ``priority``, one case per candidate); none is a request error
naming what the policy has. A policy with no types (or no priorities), or whose types
(priorities) state no kind (severity), only records the kind (or severity) in the decision's
ticket. A ``type`` or ``priority`` the request gives with them must be one they narrow to.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from policylang.errors import RequestProblem
from policylang.model.policy import CompiledPolicy

__all__ = ["accepted_kinds", "accepted_severities", "narrow", "with_type"]

#: At most this many candidate answers per request (kinds name a handful of types; the bound
#: keeps a policy with many types of one kind from multiplying the work without end).
MAX_CANDIDATES = 64


def with_type(policy: CompiledPolicy, values: dict[str, Any], type_id: str) -> None:
    """Set ``type`` in ``values`` with what follows from it: its category, and its default
    priority unless the request (or its severity) gave one."""
    values["type"] = type_id
    info = policy.types[type_id]
    if info.category is not None:
        values["category"] = info.category
    if "priority" not in values and info.priority is not None:
        values["priority"] = info.priority


def _distinct(names: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n is not None))


def accepted_kinds(policy: CompiledPolicy) -> tuple[str, ...] | None:
    """The kinds a request to ``policy`` may name: those of its types; None (any standard
    kind, recorded only) for a policy whose types state none (or that has no types)."""
    return _distinct([t.kind for t in policy.types.values()]) or None


def accepted_severities(policy: CompiledPolicy) -> tuple[str, ...] | None:
    """The severities a request to ``policy`` may name: those of its priorities (or, without
    priorities, of its types); None (any, recorded only) when none states one."""
    if policy.priorities:
        found = _distinct([policy.priority_severities.get(p) for p in policy.priorities])
    else:
        found = _distinct([t.severity for t in policy.types.values()])
    return found or None


def _types(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    kind: str | None,
    severity: str | None,
    problems: list[RequestProblem],
) -> tuple[str, ...] | None:
    """The types the kind (and, without priorities, the severity) leave; None: not narrowed."""
    if not policy.types or (kind is None and (severity is None or policy.priorities)):
        return None
    pool = list(policy.types.values())
    said: list[str] = []
    if kind is not None and accepted_kinds(policy) is not None:
        of_kind = [t for t in pool if t.kind == kind]
        if not of_kind:
            problems.append(
                RequestProblem(
                    "kind",
                    f"policy `{policy.id}` has no ticket type of kind `{kind}`",
                    _distinct([t.kind for t in pool]),
                )
            )
            return ()
        pool = of_kind
        said.append(f"of kind `{kind}`")
    rated = [t for t in pool if t.severity is not None]
    if severity is not None and not policy.priorities and rated:
        matching = [t for t in rated if t.severity == severity]
        if not matching:
            of = f" {said[0]}" if said else ""
            problems.append(
                RequestProblem(
                    "severity",
                    f"no ticket type{of} of policy `{policy.id}` has severity `{severity}`",
                    _distinct([t.severity for t in rated]),
                )
            )
            return ()
        pool = matching
        said.append(f"of severity `{severity}`")
    if not said:
        return None
    chosen = tuple(t.id for t in pool)
    given = request.get("type")
    if isinstance(given, str) and given in policy.types and given not in chosen:
        problems.append(
            RequestProblem("type", f"`{given}` is not a ticket type {' and '.join(said)}", chosen)
        )
    return chosen


def _priorities(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    severity: str | None,
    problems: list[RequestProblem],
) -> tuple[str, ...] | None:
    """The priorities the severity leaves; None: not narrowed."""
    severities = policy.priority_severities
    if severity is None or not policy.priorities or not severities:
        return None
    chosen = tuple(p for p in policy.priorities if severities.get(p) == severity)
    if not chosen:
        problems.append(
            RequestProblem(
                "severity",
                f"no priority of policy `{policy.id}` has severity `{severity}`",
                _distinct([severities.get(p) for p in policy.priorities]),
            )
        )
        return ()
    given = request.get("priority")
    if isinstance(given, str) and given in policy.priorities and given not in chosen:
        problems.append(
            RequestProblem(
                "priority", f"`{given}` is not a priority of severity `{severity}`", chosen
            )
        )
    return chosen


def narrow(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    values: dict[str, Any],
    *,
    kind: str | None,
    severity: str | None,
    problems: list[RequestProblem],
) -> tuple[dict[str, str], ...]:
    """Apply ``kind`` and ``severity`` to ``values`` (the request's validated inputs, before
    ``type`` brings its category and default priority): a single match is set in ``values``;
    several are returned, one dict of ``type`` / ``priority`` values per candidate answer (the
    product of both). Problems are added to ``problems``."""
    types = _types(policy, request, kind, severity, problems)
    priorities = _priorities(policy, request, severity, problems)
    if "type" in values:
        types = None  # given (and checked against the kind above)
    if "priority" in values:
        priorities = None
    if not types and not priorities:
        return ()
    if priorities is not None and len(priorities) == 1:
        values["priority"] = priorities[0]
        priorities = None
    if types is not None and len(types) == 1:
        with_type(policy, values, types[0])
        types = None
    axes: list[list[tuple[str, str]]] = []
    if types:
        axes.append([("type", t) for t in types])
    if priorities:
        axes.append([("priority", p) for p in priorities])
    if not axes:
        return ()
    combos = itertools.islice(itertools.product(*axes), MAX_CANDIDATES + 1)
    candidates = tuple(dict(combo) for combo in combos)
    if len(candidates) > MAX_CANDIDATES:
        problems.append(
            RequestProblem(
                "type" if types else "priority",
                f"`kind` and `severity` leave more than {MAX_CANDIDATES} possibilities: "
                "give the type or the priority",
            )
        )
        return ()
    return candidates
