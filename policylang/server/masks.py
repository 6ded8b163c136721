"""What the decision log masks: the ``--mask`` pointers, checked against what a log line can
hold, and the default mask of the inputs that look personal.

A mask is a JSON pointer into a log line (``/input/customer_email``, ``/result/handler/team``),
or a bare input name (``customer_email`` is ``/input/customer_email``); ``*`` matches every
member of an object or array. A masked value becomes ``"[masked]"``.

Masks are checked when the server starts: an input name must be an input of a loaded policy (or
a field every request may carry), and a pointer into the result must follow the decision schema,
so a mistyped mask is an error with "did you mean" — not a field silently logged in clear.

**The default mask.** An input is masked in the log unless told otherwise (``--unmask``) when:

* it is free text (``text``): whatever a support tool puts there — a name, an address, the
  description of a ticket — may be personal, and nothing in the policy bounds it; or
* it is a ``number``, ``date`` or ``datetime`` whose name says it is about a person: one of the
  words of :data:`PERSONAL_WORDS` (``customer_phone``, ``requester_birth_date``).

``enum`` and ``bool`` inputs are never masked by default: their values are the policy's own
vocabulary (published by ``GET /v1/policies/{id}``), which identifies no one, and a decision log
without them could not be replayed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policylang import RESERVED_FIELDS, CompiledPolicy, InputSpec, PolicySet, shipped_schema
from policylang.text.suggestions import closest

__all__ = [
    "MASKED",
    "PERSONAL_WORDS",
    "MaskError",
    "check_masks",
    "looks_personal",
    "mask_pointer",
    "parse_mask",
    "personal_inputs",
]

MASKED = "[masked]"

#: Words that, in an input's name, say the value is about a person.
PERSONAL_WORDS = frozenset(
    {
        "address",
        "birth",
        "birthday",
        "client",
        "contact",
        "customer",
        "email",
        "ip",
        "login",
        "mail",
        "mobile",
        "name",
        "passport",
        "person",
        "phone",
        "reporter",
        "requester",
        "surname",
        "tel",
        "telephone",
        "user",
        "username",
    }
)

#: The members of a log line (http.schema.json#/$defs/log_line).
LINE_MEMBERS = ("decision_id", "time", "policy", "as_of", "input", "result")
_POLICY_MEMBERS = ("id", "version")


class MaskError(ValueError):
    """A ``--mask`` (or ``--unmask``) names nothing a log line can hold."""


def parse_mask(mask: str) -> tuple[str, ...]:
    """The reference tokens of one mask (a JSON pointer, or a bare input field name)."""
    if not mask.startswith("/"):
        return ("input", mask)
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in mask[1:].split("/"))


def mask_pointer(document: Any, tokens: Sequence[str]) -> Any:
    """``document`` with the value at ``tokens`` masked; containers on the way are copied, never
    changed in place (a decision shares dictionaries with the compiled policy)."""
    if not tokens:
        return MASKED
    head, rest = tokens[0], tokens[1:]
    if isinstance(document, dict):
        keys = list(document) if head == "*" else [head] if head in document else []
        changed = {k: mask_pointer(document[k], rest) for k in keys}
        changed = {k: v for k, v in changed.items() if v is not document[k]}
        return {**document, **changed} if changed else document
    if isinstance(document, list):
        if head == "*":
            indexes = range(len(document))
        elif head.isdigit() and int(head) < len(document):
            indexes = range(int(head), int(head) + 1)
        else:
            return document
        items = list(document)
        for index in indexes:
            items[index] = mask_pointer(document[index], rest)
        same = all(a is b for a, b in zip(items, document, strict=True))
        return document if same else items
    return document


def _words(name: str) -> list[str]:
    """The words of an identifier: ``customerEmail``, ``customer_email`` -> customer, email."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def looks_personal(spec: InputSpec) -> bool:
    """Whether the default mask hides this input (see the module docstring)."""
    if spec.kind == "text":
        return True
    if spec.kind in ("enum", "bool"):
        return False
    return any(word in PERSONAL_WORDS for word in _words(spec.name))


def personal_inputs(policy: CompiledPolicy) -> frozenset[str]:
    """The inputs of ``policy`` the default mask hides."""
    return frozenset(name for name, spec in policy.sendable.items() if looks_personal(spec))


# ---------------------------------------------------------------------- checking masks


def _input_names(policies: PolicySet) -> set[str]:
    names = set(RESERVED_FIELDS)
    for versions in policies.versions.values():
        for version in versions:
            names.update(version.sendable)
    return names


def check_masks(
    masks: Iterable[str], policies: PolicySet, *, option: str = "--mask"
) -> tuple[str, ...]:
    """``masks``, each checked against the inputs of ``policies`` and the decision schema;
    a :class:`MaskError` names every one that can match nothing."""
    inputs = _input_names(policies)
    problems = []
    for mask in masks:
        why = _why_not(parse_mask(mask), inputs)
        if why is not None:
            problems.append(f"{option} {mask}: {why}")
    if problems:
        raise MaskError("\n".join(problems))
    return tuple(masks)


def _unknown(kind: str, token: str, known: Iterable[str]) -> str:
    known = sorted(known)
    suggestion = closest(token, known, cutoff=0.6)
    hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
    return f"`{token}` is not {kind}{hint}; known: {', '.join(known)}"


def _why_not(tokens: tuple[str, ...], inputs: set[str]) -> str | None:
    """Why a mask can match nothing, or None when it can match something."""
    if not tokens or tokens == ("",):
        return "masks nothing (the whole line is not a field)"
    head, rest = tokens[0], tokens[1:]
    if head not in LINE_MEMBERS:
        return _unknown("a member of a log line", head, LINE_MEMBERS)
    if head == "input" and rest and rest[0] != "*" and rest[0] not in inputs:
        return _unknown("an input of any loaded policy", rest[0], inputs)
    if head == "policy" and rest and rest[0] not in (*_POLICY_MEMBERS, "*"):
        return _unknown("a member of `policy`", rest[0], _POLICY_MEMBERS)
    if head == "result":
        decision = shipped_schema("decision")
        return _schema_why_not(decision, decision, rest, "/result")
    return None


def _schema_why_not(
    root: Mapping[str, Any], schema: Mapping[str, Any], tokens: tuple[str, ...], where: str
) -> str | None:
    """Why no document valid against ``schema`` has a member at ``tokens``, or None."""
    if not tokens:
        return None
    token, rest = tokens[0], tokens[1:]
    found: list[str] = []
    reasons: list[str] = []
    for branch in _branches(root, schema):
        children = _children(branch, token)
        if children is None:
            found.extend(branch.get("properties", {}))
            continue
        for child in children:
            why = _schema_why_not(root, child, rest, f"{where}/{token}")
            if why is None:
                return None
            reasons.append(why)
    if reasons:
        return reasons[0]
    return _unknown(f"a member of `{where}` in a decision", token, set(found))


def _branches(root: Mapping[str, Any], schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """``schema`` with its ``$ref`` resolved and its ``oneOf``/``anyOf``/``allOf`` spread."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        return _branches(root, target)
    out = [schema]
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, ()):
            out.extend(_branches(root, sub))
    return out


def _children(schema: Mapping[str, Any], token: str) -> list[Mapping[str, Any]] | None:
    """The schemas of the member ``token`` (``*``: any member) of documents valid against
    ``schema``, or None when they have no such member."""
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    items = schema.get("items")
    if token == "*":
        out = list(properties.values())
        out.extend(s for s in (extra, items) if isinstance(s, dict))
        return out or None
    if token in properties:
        return [properties[token]]
    if isinstance(extra, dict):
        return [extra]
    if isinstance(items, dict) and token.isdigit():
        return [items]
    return None
