"""The errors policylang raises on purpose: one family, rooted at :class:`PolicylangError`.

* :class:`PolicyError`: a policy (or a set of them) has problems; it carries the checker's
  diagnostics (:class:`policylang.lang.diagnostics.Diagnostic`), in reading order.
* :class:`RequestError`: a request cannot be evaluated; it carries every
  :class:`RequestProblem`, each naming the field, what is allowed and a close match.
* :class:`CalendarError`: a business calendar cannot be built or cannot answer a question; the
  calendar package raises it (``policylang.calendar.CalendarError`` is this class), and
  ``PolicySet.evaluate`` turns one about a request into a :class:`RequestError` naming the field.
* The tools add their own members (``BatchError``, ``TestFileError``, ``UnsafeFormat``...), each
  where it is raised.

A leaf: it imports nothing of policylang, so every stage (the calendar and the runtime included)
can raise these without loading another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policylang.lang.diagnostics import Diagnostic

__all__ = [
    "MAX_PROBLEMS",
    "CalendarError",
    "PolicyError",
    "PolicylangError",
    "RequestError",
    "RequestProblem",
]


class PolicylangError(Exception):
    """The base of every error policylang raises on purpose."""


class PolicyError(PolicylangError):
    """A policy (or set of policies) has problems; ``diagnostics`` lists them in reading order."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=lambda d: d.reading_order)
        )
        first = self.diagnostics[0] if self.diagnostics else None
        summary = f"{first.code}: {first.message}" if first else "invalid policy"
        more = len(self.diagnostics) - 1
        super().__init__(summary + (f" (and {more} more)" if more > 0 else ""))


class CalendarError(PolicylangError):
    """A calendar cannot be built or cannot answer a question.

    Raised for an invalid specification (unknown zone, unknown holiday country or subdivision,
    malformed interval, a calendar with no open time at all), for a naive or nonexistent input
    timestamp, and for a question whose answer lies outside the supported horizon. The message
    always names the offending value, so callers can show it to a policy author as it is.
    """


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


#: The most problems one RequestError lists. A request of 100,000 unknown fields is one mistake
#: repeated, not 100,000 things to read: past this, validation stops (no more "did you mean"
#: work either) and the error says that more problems were not listed.
MAX_PROBLEMS = 50


class RequestError(PolicylangError):
    """A request cannot be evaluated; ``problems`` says every reason, or the first
    :data:`MAX_PROBLEMS` of them with ``truncated`` set."""

    def __init__(self, problems: Sequence[RequestProblem], *, truncated: bool = False) -> None:
        self.problems = tuple(problems[:MAX_PROBLEMS])
        self.truncated = truncated or len(problems) > MAX_PROBLEMS
        text = "; ".join(str(p) for p in self.problems)
        if self.truncated:
            text += f"; and more (only the first {MAX_PROBLEMS} problems are listed)"
        super().__init__(text)

    def to_json(self) -> dict[str, Any]:
        """``{"error": "invalid request", "problems": [...]}`` (and ``"truncated": true`` when
        more problems were found than are listed)."""
        out: dict[str, Any] = {
            "error": "invalid request",
            "problems": [p.to_json() for p in self.problems],
        }
        if self.truncated:
            out["truncated"] = True
        return out
