"""Requests: validate what a support tool sends, and normalize it for the evaluator.

A request is a JSON object: ``policy`` (the policy id), ``opened_at`` (RFC 3339 with an offset)
and the inputs the policy declares. Every problem is collected — a missing required field, an
unknown field, a wrong type, a value outside an enum, a naive timestamp — and raised together as
one :class:`RequestError`, each problem naming the field, the allowed values and a close match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from policylang.compiler.conditions import OPENED_DATE, OPENED_TS
from policylang.diagnostics import PolicylangError, closest
from policylang.model import CompiledPolicy, InputSpec

__all__ = [
    "RESERVED_FIELDS",
    "NormalizedRequest",
    "RequestError",
    "RequestProblem",
    "normalize",
    "parse_timestamp",
]

#: Fields every request may carry besides the policy's inputs.
RESERVED_FIELDS = ("policy", "opened_at")


@dataclass(frozen=True, slots=True)
class RequestProblem:
    """One thing wrong with a request."""

    field: str
    message: str
    allowed: tuple[str, ...] = ()
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form: the field (also as a JSON pointer), the message, what is allowed."""
        return {
            "field": self.field,
            "pointer": "/" + self.field.replace("~", "~0").replace("/", "~1") if self.field else "",
            "message": self.message,
            "allowed": list(self.allowed),
            "suggestion": self.suggestion,
        }

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.suggestion:
            text += f" (did you mean `{self.suggestion}`?)"
        if self.allowed:
            shown = ", ".join(self.allowed[:12]) + (", ..." if len(self.allowed) > 12 else "")
            text += f"; allowed: {shown}"
        return text


class RequestError(PolicylangError):
    """A request cannot be evaluated; ``problems`` says every reason."""

    def __init__(self, problems: Sequence[RequestProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def to_json(self) -> dict[str, Any]:
        """``{"error": "invalid request", "problems": [...]}``."""
        return {"error": "invalid request", "problems": [p.to_json() for p in self.problems]}


class NormalizedRequest(NamedTuple):
    """A validated request: its policy version, opening instant and input values.

    A named tuple rather than a frozen dataclass: one is built per request, and a tuple is
    three times cheaper to build while just as immutable.
    """

    policy: CompiledPolicy
    opened_ts: float
    opened_at: dt.datetime
    values: dict[str, Any]
    raw: Mapping[str, Any]


def parse_timestamp(value: Any, name: str) -> dt.datetime:
    """An aware datetime from an RFC 3339 string; a clear RequestError otherwise."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value)
        except ValueError:
            raise RequestError(
                [
                    RequestProblem(
                        name,
                        f"`{value}` is not an RFC 3339 timestamp, e.g. 2026-01-07T09:00:00+03:00",
                    )
                ]
            ) from None
    else:
        raise RequestError(
            [RequestProblem(name, f"must be a timestamp string, not {_kind(value)}")]
        )
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise RequestError(
            [
                RequestProblem(
                    name,
                    f"`{value}` has no UTC offset; a naive time is ambiguous across zones — add "
                    "one, e.g. +03:00 or Z",
                )
            ]
        )
    return stamp


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _value(spec: InputSpec, value: Any) -> tuple[Any, RequestProblem | None]:
    """The normalized value of one input, or the problem with it."""
    name = spec.name
    if spec.kind == "enum":
        if not isinstance(value, str):
            return None, RequestProblem(
                name, f"must be one of the names, not {_kind(value)}", spec.values
            )
        if value not in spec.values:
            return None, RequestProblem(
                name,
                f"`{value}` is not a value of `{name}`",
                spec.values,
                closest(value, spec.values, cutoff=0.6),
            )
        return value, None
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, RequestProblem(
            name, f"must be true or false, not {_kind(value)}", ("true", "false")
        )
    if spec.kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), None
        return None, RequestProblem(name, f"must be a number, not {_kind(value)}")
    if spec.kind == "text":
        if isinstance(value, str):
            return value, None
        return None, RequestProblem(name, f"must be a string, not {_kind(value)}")
    if spec.kind == "date":
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value), None
            except ValueError:
                pass
        return None, RequestProblem(name, f"must be a date YYYY-MM-DD, not {value!r}")
    try:
        return parse_timestamp(value, name).timestamp(), None
    except RequestError as error:
        return None, error.problems[0]


def normalize(
    policy: CompiledPolicy, request: Mapping[str, Any], opened: dt.datetime
) -> NormalizedRequest:
    """Validate ``request`` against ``policy``'s inputs; collect every problem."""
    sendable = policy.sendable
    values: dict[str, Any] = dict(policy.defaults)
    problems: list[RequestProblem] | None = None
    for key, raw in request.items():
        spec = sendable.get(key)
        if spec is not None:
            # The common case first: a known enum value needs one set lookup.
            if spec.kind == "enum" and raw.__class__ is str and raw in spec.value_set:
                values[key] = raw
                continue
            value, problem = _value(spec, raw)
            if problem is None:
                values[key] = value
                continue
        elif key in RESERVED_FIELDS:
            continue
        else:
            problem = _unknown_field(policy, key)
        if problems is None:
            problems = []
        problems.append(problem)
    type_id = values.get("type")
    type_info = policy.types.get(type_id) if type_id.__class__ is str else None
    if type_info is not None:
        if type_info.category is not None:
            values["category"] = type_info.category
        if "priority" not in values and type_info.priority is not None:
            values["priority"] = type_info.priority
    for name in policy.required:
        if name not in values and not (problems and _has_problem(problems, name)):
            if problems is None:
                problems = []
            spec = sendable[name]
            problems.append(
                RequestProblem(name, "is required", spec.values if spec.kind == "enum" else ())
            )
    if problems:
        raise RequestError(problems)
    opened_ts = opened.timestamp()
    values[OPENED_TS] = opened_ts
    values[OPENED_DATE] = opened.astimezone(policy.tz).date()
    return NormalizedRequest(policy, opened_ts, opened, values, request)


def _unknown_field(policy: CompiledPolicy, key: str) -> RequestProblem:
    accepted = list(policy.sendable)
    allowed = tuple(sorted([*RESERVED_FIELDS, *accepted]))
    if key in policy.inputs:  # derived (category) or the opening instant under another name
        return RequestProblem(key, "is derived from `type` and cannot be sent", allowed)
    return RequestProblem(
        key,
        f"is not an input of policy `{policy.id}`",
        allowed,
        closest(key, accepted, cutoff=0.6),
    )


def _has_problem(problems: list[RequestProblem], name: str) -> bool:
    return any(p.field == name for p in problems)
