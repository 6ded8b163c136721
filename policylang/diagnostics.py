"""Diagnostics: every problem a user can cause, with a stable code, a place and a hint.

Library code never prints and never lets a bare exception reach the user: it raises
:class:`~policylang.errors.PolicyError` (or another :class:`~policylang.errors.PolicylangError`)
carrying diagnostics, and the command line renders them (:mod:`policylang.render`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policylang.source import Span

__all__ = [
    "Diagnostic",
    "Related",
    "Severity",
    "closest",
    "did_you_mean",
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

        Every such hint starts with the words :func:`did_you_mean` writes, so editors can offer
        the replacement as a one-click fix without a second copy of the checker's knowledge.
        """
        found = _SUGGESTION.match(self.help or "")
        return found.group(1) if found else None

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


def closest(word: str, candidates: Iterable[str], *, cutoff: float = 0.75) -> str | None:
    """The candidate closest to ``word``, or None when nothing is close enough.

    The cutoff is deliberately high: suggesting a far-off name is worse than suggesting none.
    Case is folded for the comparison, so ``Office`` finds ``office``.
    """
    pool = sorted(set(candidates))
    if not pool or not word:
        return None
    by_folded = {c.casefold(): c for c in pool}
    if word.casefold() in by_folded and by_folded[word.casefold()] != word:
        return by_folded[word.casefold()]
    # difflib's ratio is at most 2*len(c) / (len(word) + len(c)): past this length no candidate
    # can reach the cutoff, and comparing would cost time in proportion to the word.
    if len(word) * cutoff > max(map(len, pool)) * (2 - cutoff):
        return None
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[match[0]] if match else None


#: The start of every "did you mean" hint; :attr:`Diagnostic.suggestion` reads it back.
_SUGGESTION = re.compile(r"did you mean `([^`]+)`\?")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A ready-made "did you mean `x`?" hint, or None."""
    match = closest(word, candidates)
    return f"did you mean `{match}`?" if match else None
