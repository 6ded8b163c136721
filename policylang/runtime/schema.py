"""JSON Schemas: the request schema generated from a policy's inputs, and the shipped ones.

:func:`request_schema` turns the inputs a policy declares into a JSON Schema (draft 2020-12) for
its requests: what ``policylang schema POLICY`` prints, for support tools to validate or build
forms from. It describes exactly what :meth:`PolicySet.evaluate` accepts — the same required
fields, types, enums and the offset every timestamp must carry — so a request valid against it
is never rejected for its shape. :func:`shipped_schema` reads the hand-written schemas in
``schemas/`` (the decision, the error object, the tests file).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from policylang.model.inputs import MISSING, InputSpec
from policylang.model.policy import CompiledPolicy
from policylang.resources import data_path
from policylang.runtime.request_kinds import accepted_kinds, accepted_severities
from policylang.runtime.timeline.events import MAX_EVENTS
from policylang.runtime.timestamps import DATE_PATTERN, TIMESTAMP_PATTERN
from policylang.vocabulary import EVENTS

__all__ = ["DRAFT", "TIMESTAMP_PATTERN", "request_schema", "shipped_schema"]

#: The JSON Schema dialect of every schema policylang writes.
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def request_schema(policy: CompiledPolicy, customers: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON Schema of requests to ``policy`` (one version), generated from its inputs;
    ``customers`` are the ids of its customer layer (``PolicySet.customers``)."""
    properties: dict[str, Any] = {
        "policy": {"description": "The policy id.", "const": policy.id},
        "opened_at": {
            "description": "When the request was opened: RFC 3339 with a UTC offset.",
            "type": "string",
            "format": "date-time",
            "pattern": TIMESTAMP_PATTERN,
            "examples": ["2026-03-06T17:20:00+03:00"],
        },
    }
    properties["customer"] = _customer_property(sorted(customers))
    properties.update(_envelope_properties(policy))
    properties.update(_timeline_properties(policy))
    for name, spec in policy.inputs.items():
        # `category` is derived from `type`, and the reserved fields are written above.
        if spec.derived or name in properties:
            continue
        properties[name] = _input_schema(policy, spec)
    return {
        "$schema": DRAFT,
        "$id": f"https://policylang.dev/schemas/requests/{policy.id}/{policy.version}.json",
        "title": f"Request to policy `{policy.id}` (version {policy.version})",
        "description": (
            f"{policy.title} — {policy.provider}. Version {policy.version}, effective "
            f"{policy.effective.isoformat()}. Contract v2 (schemas/request.schema.json). Inputs "
            "marked required are required when reached: a request may leave one out, and is "
            "rejected only when a part it asks for would be undecided without it (the problem "
            "names the part and a rule that reads it)."
        ),
        "type": "object",
        "properties": properties,
        "required": ["policy", "opened_at"],
        "additionalProperties": False,
    }


def _customer_property(customers: list[str]) -> dict[str, Any]:
    """``customer``: one of the policy's customers (none loaded: no value is accepted)."""
    description = shipped_schema("request")["properties"]["customer"]["description"]
    if not customers:
        return {"description": description + " No customer of this policy is loaded.", "not": {}}
    return {"description": description, "enum": customers}


def _envelope_properties(policy: CompiledPolicy) -> dict[str, Any]:
    """``kind``, ``severity`` and ``ask``, as the shipped v2 request schema defines them; the
    kinds and severities narrowed to those the policy's types and priorities state (a policy
    stating none records any)."""
    shipped = shipped_schema("request")
    definitions = shipped["$defs"]
    out: dict[str, Any] = {}
    accepted = {"kind": accepted_kinds(policy), "severity": accepted_severities(policy)}
    for name, definition in (("kind", "ticket_kind"), ("severity", "severity")):
        standard = list(definitions[definition]["enum"])
        narrowed = accepted[name]
        out[name] = {
            "description": shipped["properties"][name]["description"],
            "enum": standard if narrowed is None else [v for v in standard if v in narrowed],
        }
    ask = dict(shipped["properties"]["ask"])
    ask["items"] = {"enum": list(definitions["ask_part"]["enum"])}
    out["ask"] = ask
    return out


def _timeline_properties(policy: CompiledPolicy) -> dict[str, Any]:
    """``events`` and ``now``: the ticket's history, for SLA clock and lifecycle status."""
    kinds = [k for k in EVENTS if policy.priorities or k != "priority_changed"]
    event: dict[str, Any] = {
        "type": "object",
        "required": ["type", "at"],
        "additionalProperties": False,
        "properties": {
            "type": {"enum": kinds},
            "at": {"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN},
        },
    }
    if policy.priorities:
        event["properties"]["priority"] = {"enum": list(policy.priorities)}
        # The new priority goes with `priority_changed`, and only there.
        event["if"] = {"properties": {"type": {"const": "priority_changed"}}}
        event["then"] = {"required": ["priority"]}
        event["else"] = {"not": {"required": ["priority"]}}
    return {
        "events": {
            "description": "What has happened to the ticket so far (docs/timelines.md); with "
            "events the decision gains a `timeline`.",
            "type": "array",
            "maxItems": MAX_EVENTS,
            "items": event,
        },
        "now": {
            "description": "The instant to judge the ticket at (default: the latest of "
            "`opened_at` and the events).",
            "type": "string",
            "format": "date-time",
            "pattern": TIMESTAMP_PATTERN,
        },
    }


def _input_schema(policy: CompiledPolicy, spec: InputSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    description = _description(spec)
    if description:
        out["description"] = description
    kind = spec.kind
    if kind == "enum":
        out["enum"] = list(spec.values)
        labels = _value_labels(policy, spec)
        if labels:
            # An annotation (2020-12 lets unknown keywords be): what a form shows for each value.
            out["x-labels"] = labels
    elif kind == "bool":
        out["type"] = "boolean"
    elif kind == "number":
        out["type"] = "number"
    elif kind == "text":
        out["type"] = "string"
    elif kind == "date":
        out.update(type="string", format="date", pattern=DATE_PATTERN)
    else:  # datetime
        out.update(type="string", format="date-time", pattern=TIMESTAMP_PATTERN)
    if spec.default is not MISSING:
        out["default"] = _json_value(spec.default)
    return out


def _description(spec: InputSpec) -> str:
    """The input's label, and what leaving it out means."""
    parts = [spec.label.rstrip(".") + "."] if spec.label else []
    if spec.pending is not None:
        parts.append(f"Pending: when absent, it has not happened yet ({spec.pending}).")
    elif not spec.required and spec.default is MISSING:
        parts.append("Optional: when absent, answers that depend on it list their cases.")
    elif spec.default is MISSING:
        parts.append("Required when reached: needed only by the answers that read it.")
    return " ".join(parts)


def _value_labels(policy: CompiledPolicy, spec: InputSpec) -> dict[str, str]:
    if spec.name == "type":
        return {t: info.labels["en"] for t, info in policy.types.items() if "en" in info.labels}
    if spec.name == "item":
        return {k: v for k, v in policy.item_labels.items() if v}
    return {k: v for k, v in spec.labels.items() if v}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@cache
def shipped_schema(name: str) -> dict[str, Any]:
    """A schema shipped in ``schemas/``: ``decision``, ``request``, ``error``, ``http`` or
    ``tests``."""
    path = data_path("schemas", f"{name}.schema.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
