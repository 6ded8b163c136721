"""Diagnostics: every problem a user can cause, with a stable code, a place and a hint.

Library code never prints and never lets a bare exception reach the user: it raises
:class:`~policylang.errors.PolicyError` (or another :class:`~policylang.errors.PolicylangError`)
carrying diagnostics, and the command line renders them (:mod:`policylang.lang.rendering`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policylang.lang.source import Span
from policylang.text.suggestions import suggested

__all__ = [
    "Diagnostic",
    "Related",
    "Severity",
    "sort_diagnostics",
]


class Severity(StrEnum):
    """How serious a diagnostic is. Only errors make a policy unusable."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a diagnostic (the first declaration of a duplicate...)."""

    span: Span
    message: str

    def to_json(self) -> dict[str, Any]:
        """The JSON form of this related location."""
        return {"message": self.message, **_span_json(self.span)}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable code (``PL203``), a message, where it is and how to fix it."""

    code: str
    message: str
    span: Span | None = None
    help: str | None = None
    severity: Severity = Severity.ERROR
    related: tuple[Related, ...] = field(default=())
    #: A file-level problem with no span still names its file.
    path: str | None = None

    @property
    def suggestion(self) -> str | None:
        """The word a "did you mean" hint proposes in place of the spanned text, if any.

        Every such hint starts with the words :func:`~policylang.text.suggestions.did_you_mean`
        writes, so editors can offer the replacement as a one-click fix without a second copy of
        the checker's knowledge.
        """
        return suggested(self.help)

    @property
    def reading_order(self) -> tuple[str, int, int, str]:
        """Where the diagnostic stands when reading: file, line, column, then code."""
        if self.span is None:
            return (self.file or "", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.column, self.code)

    @property
    def file(self) -> str | None:
        """The file this diagnostic is about, if any."""
        return self.span.path if self.span is not None else self.path

    def to_json(self) -> dict[str, Any]:
        """The JSON form: the same fields the human rendering shows."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
        }
        if self.span is not None:
            out.update(_span_json(self.span))
        out["help"] = self.help
        out["related"] = [r.to_json() for r in self.related]
        return out


def _span_json(span: Span) -> dict[str, Any]:
    return {
        "file": span.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in reading order: by file, line, column, then code."""
    return sorted(diagnostics, key=lambda d: d.reading_order)
