"""The policy catalogue endpoints' documents: what is loaded, each version and its inputs.

Shapes: ``schemas/http.schema.json`` (``policy_list``, ``policy_detail``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policylang import MISSING, CompiledPolicy, InputSpec, PolicySet

__all__ = ["input_json", "policy_detail", "policy_list", "version_json"]


def policy_list(policies: PolicySet) -> dict[str, Any]:
    """Every loaded policy, its latest version's header and its version labels."""
    out = []
    for policy_id in policies.ids:
        versions = policies.versions[policy_id]
        latest = versions[-1]
        out.append(
            {
                "id": policy_id,
                "title": latest.title,
                "provider": latest.provider,
                "latest": latest.version,
                "versions": [
                    {"version": v.version, "effective": v.effective.isoformat()} for v in versions
                ],
            }
        )
    return {"policies": out}


def policy_detail(policies: PolicySet, policy_id: str) -> dict[str, Any]:
    """One policy: its versions (oldest first), each with its header and inputs."""
    versions = policies.versions[policy_id]
    return {
        "id": policy_id,
        "latest": versions[-1].version,
        "versions": [version_json(v) for v in versions],
    }


def version_json(policy: CompiledPolicy) -> dict[str, Any]:
    """One compiled version: the header fields and the inputs a request may send."""
    return {
        "version": policy.version,
        "effective": policy.effective.isoformat(),
        "title": policy.title,
        "provider": policy.provider,
        "source": policy.source_document,
        "language": policy.language,
        "zone": policy.zone,
        "inputs": [input_json(policy, spec) for spec in policy.sendable.values()],
    }


def input_json(policy: CompiledPolicy, spec: InputSpec) -> dict[str, Any]:
    """One input: its type, allowed values (with labels), presence and default."""
    labels = _value_labels(policy, spec)
    return {
        "name": spec.name,
        "kind": spec.kind,
        "label": spec.label,
        "values": [{"value": v, "label": labels.get(v)} for v in spec.values],
        "required": spec.required and spec.default is MISSING,
        "default": _json_value(spec.default),
    }


def _value_labels(policy: CompiledPolicy, spec: InputSpec) -> dict[str, str | None]:
    """English labels of an enum's values: ticket types and items keep theirs elsewhere."""
    if spec.name == "type":
        return {t: info.labels.get("en") for t, info in policy.types.items()}
    if spec.name == "item":
        return dict(policy.item_labels)
    return dict(spec.labels)


def _json_value(value: Any) -> Any:
    if value is MISSING:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
