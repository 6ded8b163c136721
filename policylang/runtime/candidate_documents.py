"""The v2 document of a request answered for several candidate types or priorities: the
candidates' documents merged part by part (the rules: :mod:`policylang.runtime.candidates`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from policylang.runtime.decision_parts import agreed_roles, empty_roles, target_of

if TYPE_CHECKING:
    from policylang.runtime.request import NormalizedRequest

__all__ = ["merge_documents"]

Fixed = Mapping[str, str]


def _with(fixed: Fixed, when: Mapping[str, Any]) -> dict[str, Any]:
    return {**fixed, **when}


#: Fields that say which rule gave an answer, not what the answer is: candidates whose answers
#: differ only there agree (their rules' clauses are listed together).
_PROVENANCE = ("rule", "clauses")


def _agreed(values: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The answer all ``values`` (full documents' parts) give, when they agree but for the rule
    that gave it: no rule then, the clauses of all."""
    first = values[0]
    if all(v == first for v in values):
        return first
    if first["state"] == "depends":
        return None
    answer = {k: v for k, v in first.items() if k not in _PROVENANCE}
    if any({k: v for k, v in other.items() if k not in _PROVENANCE} != answer for other in values):
        return None
    clauses = dict.fromkeys(c for v in values for c in v.get("clauses", ()))
    return {**first, "rule": None, "clauses": list(clauses)}


def _target(pairs: Sequence[tuple[Fixed, dict[str, Any]]]) -> dict[str, Any]:
    agreed = _agreed([t for _, t in pairs])
    if agreed is not None:
        return agreed
    depends: dict[str, None] = dict.fromkeys(pairs[0][0])
    cases: list[dict[str, Any]] = []
    for fixed, target in pairs:
        if target["state"] == "depends":
            depends.update(dict.fromkeys(target["depends_on"]))
            cases.extend({**c, "when": _with(fixed, c["when"])} for c in target["cases"])
        else:
            cases.append({"when": dict(fixed), **target})
    return target_of("depends", depends_on=list(depends), cases=cases)


#: The keys of a roles part that a case does not carry.
_NOT_IN_CASE = ("state", "depends_on", "cases")


def _roles(pairs: Sequence[tuple[Fixed, dict[str, Any]]]) -> dict[str, Any]:
    agreed = _agreed([r for _, r in pairs])
    if agreed is not None:
        return agreed
    depends: dict[str, None] = dict.fromkeys(pairs[0][0])
    cases: list[dict[str, Any]] = []
    for fixed, roles in pairs:
        depends.update(dict.fromkeys(roles["depends_on"]))
        if roles["state"] == "depends":
            cases.extend({**c, "when": _with(fixed, c["when"])} for c in roles["cases"])
        else:
            case = {k: v for k, v in roles.items() if k not in _NOT_IN_CASE}
            cases.append({"when": dict(fixed), **case})
    out = empty_roles()
    out.update(state="depends", depends_on=list(depends), cases=cases)
    agreed_roles(out)
    return out


def _split(
    pairs: Sequence[tuple[Fixed, dict[str, Any]]], key: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entries of ``key`` (charge lines, refusal grounds) every candidate has, and the
    others with the ``possible`` ones, each under its candidate's ``when``."""
    first = pairs[0][1]
    common = [e for e in first[key] if all(e in part[key] for _, part in pairs)]
    possible: list[dict[str, Any]] = []
    for fixed, part in pairs:
        possible.extend({"when": dict(fixed), **e} for e in part[key] if e not in common)
        possible.extend({**p, "when": _with(fixed, p["when"])} for p in part["possible"])
    return common, possible


def _charges(pairs: Sequence[tuple[Fixed, dict[str, Any]]]) -> dict[str, Any]:
    first = pairs[0][1]
    if all(c == first for _, c in pairs):
        return first
    lines, possible = _split(pairs, "lines")
    depends: dict[str, None] = dict.fromkeys(pairs[0][0])
    for _, charges in pairs:
        depends.update(dict.fromkeys(charges["depends_on"]))
    billable = {c["billable"] for _, c in pairs}
    return {
        "billable": billable.pop() if len(billable) == 1 else None,
        "lines": lines,
        "possible": possible,
        "depends_on": list(depends),
    }


def _entries(lists: Sequence[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Lifecycle entries or obligations: alike in every candidate, or ``applies: null``."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entries in lists:
        for entry in entries:
            if entry["rule"] in seen:
                continue
            seen.add(entry["rule"])
            if all(entry in other for other in lists):
                out.append(entry)
            else:
                out.append(_undecided_entry(entry))
    return out


def _undecided_entry(entry: dict[str, Any]) -> dict[str, Any]:
    out = {**entry, "applies": None}
    for key in ("due_at", "earliest_at"):
        if key in out:
            out[key] = None
    return out


def _refusal(pairs: Sequence[tuple[Fixed, dict[str, Any]]]) -> dict[str, Any]:
    first = pairs[0][1]
    if all(r == first for _, r in pairs):
        return first
    grounds, possible = _split(pairs, "grounds")
    return {"grounds": grounds, "possible": possible}


def _ticket(tickets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    first = tickets[0]
    return {k: v if all(t[k] == v for t in tickets) else None for k, v in first.items()}


def merge_documents(
    answers: Sequence[tuple[Fixed, dict[str, Any]]], request: NormalizedRequest
) -> dict[str, Any]:
    """The v2 document of a request answered for several candidates (their compact documents,
    each with the candidate's ``type`` / ``priority`` values)."""
    documents = [d for _, d in answers]
    first = documents[0]
    out = dict(first)
    ticket = _ticket([d["ticket"] for d in documents])
    ticket["kind"] = ticket["kind"] or request.kind
    ticket["severity"] = ticket["severity"] or request.severity
    out["ticket"] = ticket

    def part(name: str) -> list[tuple[Fixed, Any]]:
        return [(fixed, d[name]) for fixed, d in answers]

    if first["sla"] is not None:
        out["sla"] = {
            target: _target([(f, s[target]) for f, s in part("sla")])
            for target in ("response", "resolution")
        }
    if first["roles"] is not None:
        out["roles"] = _roles(part("roles"))
    if first["charges"] is not None:
        out["charges"] = _charges(part("charges"))
    if first["lifecycle"] is not None:
        out["lifecycle"] = _entries([d["lifecycle"] for d in documents])
    if first["obligations"] is not None:
        out["obligations"] = _entries([d["obligations"] for d in documents])
    if first["refusal"] is not None:
        out["refusal"] = _refusal(part("refusal"))
    out["notes"] = [n for n in first["notes"] if all(n in d["notes"] for d in documents)]
    traces = [d["trace"] for d in documents]
    out["trace"] = None if traces[0] is None else [e for t in traces for e in t]
    return out
