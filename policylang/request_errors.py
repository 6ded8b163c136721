"""Problems with a request, and the one timestamp parser every request field shares.

Kept apart from :mod:`policylang.request` so that every module that validates part of a request
(inputs, ticket events) can raise the same errors without importing the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from policylang.diagnostics import PolicylangError

__all__ = ["RequestError", "RequestProblem", "describe_kind", "field_segment", "parse_timestamp"]


def field_segment(name: str) -> str:
    """A request key as one segment of a problem's ``field`` path (RFC 6901 escaping)."""
    return name.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True)
class RequestProblem:
    """One thing wrong with a request.

    ``field`` names where: an input (``channel``), or a path into the request whose segments
    are separated by ``/`` (``events/0/at``); it is the JSON pointer without its leading slash.
    """

    field: str
    message: str
    allowed: tuple[str, ...] = ()
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form: the field (also as a JSON pointer), the message, what is allowed."""
        return {
            "field": self.field,
            # `field` is already a path ("events/0/at"), its segments escaped per RFC 6901.
            "pointer": "/" + self.field if self.field else "",
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
            [RequestProblem(name, f"must be a timestamp string, not {describe_kind(value)}")]
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


def describe_kind(value: Any) -> str:
    """How an error message names the JSON type of ``value``."""
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
