"""Between policylang's places (spans in code points, 1-based) and the protocol's (0-based
lines, characters in the encoding the client chose, UTF-16 by default), and from diagnostics
to the protocol's diagnostics."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

import policylang

__all__ = ["LINT_CODES", "Lines", "path_of", "to_lsp_diagnostic", "uri_of"]

#: Lint findings carry codes from PL600 on (docs/lint.md); the checker's come before.
LINT_CODES = "PL6"


def uri_of(path: str) -> str:
    """The ``file://`` URI of a path (made absolute)."""
    return from_fs_path(str(Path(path).absolute())) or Path(path).absolute().as_uri()


def path_of(uri: str) -> str:
    """The file system path of a ``file://`` URI (the URI itself for any other scheme)."""
    return to_fs_path(uri) or uri


class Lines:
    """A text's lines, to turn code-point offsets into protocol positions and back."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.codec = codec
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.starts = starts

    def position(self, offset: int) -> types.Position:
        """The protocol position of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        column = offset - self.starts[line]
        return types.Position(line, self.codec.client_num_units(self.lines[line][:column]))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of a protocol position (clamped to the text)."""
        if position.line >= len(self.lines):
            return len(self.text)
        line = self.lines[position.line]
        units = 0
        for column, char in enumerate(line):
            if units >= position.character:
                return self.starts[position.line] + column
            units += self.codec.client_num_units(char)
        return self.starts[position.line] + len(line)

    def range(self, start: int, end: int) -> types.Range:
        """The protocol range between two code-point offsets."""
        return types.Range(self.position(start), self.position(end))

    def span_range(self, span: Any) -> types.Range:
        """The protocol range of a :class:`~policylang.lang.source.Span` of this text."""
        start = self.starts[min(span.line, len(self.lines)) - 1] + span.column - 1
        end = self.starts[min(span.end_line, len(self.lines)) - 1] + span.end_column - 1
        return self.range(start, end)


def _severity(diagnostic: policylang.Diagnostic) -> types.DiagnosticSeverity:
    if diagnostic.severity is policylang.Severity.ERROR:
        return types.DiagnosticSeverity.Error
    if diagnostic.severity is policylang.Severity.WARNING:
        return types.DiagnosticSeverity.Warning
    # Information from the linter marks what the author did on purpose: a hint, not a finding.
    if diagnostic.code.startswith(LINT_CODES):
        return types.DiagnosticSeverity.Hint
    return types.DiagnosticSeverity.Information


def to_lsp_diagnostic(
    diagnostic: policylang.Diagnostic, lines: Lines, texts: dict[str, Lines]
) -> types.Diagnostic:
    """The protocol's form of a diagnostic: same code and span, the help after the message.

    ``lines`` are those of the diagnostic's file; ``texts`` those of the other files a related
    place may point into. A "did you mean" fix travels in ``data`` for code actions.
    """
    span = diagnostic.span
    where = lines.span_range(span) if span is not None else lines.range(0, 0)
    message = diagnostic.message
    if diagnostic.help:
        message += f"\nhelp: {diagnostic.help}"
    related = []
    for other in diagnostic.related:
        other_lines = texts.get(other.span.path)
        if other_lines is not None:
            related.append(
                types.DiagnosticRelatedInformation(
                    types.Location(uri_of(other.span.path), other_lines.span_range(other.span)),
                    other.message,
                )
            )
    data: dict[str, Any] = {"code": diagnostic.code}
    if diagnostic.suggestion is not None:
        data["suggestion"] = diagnostic.suggestion
    return types.Diagnostic(
        range=where,
        message=message,
        severity=_severity(diagnostic),
        code=diagnostic.code,
        source="policylang",
        related_information=related or None,
        data=data,
    )
