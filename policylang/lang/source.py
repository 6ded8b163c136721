"""Source files and spans: where a piece of policy text comes from.

Reading a file is where users hand us the strangest input (a directory, a binary, a file in
another encoding, a huge file), so every such problem becomes a diagnostic here, with the exact
line and column of an undecodable byte, instead of an exception from the standard library.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MAX_SOURCE_BYTES",
    "SourceFile",
    "SourceProblem",
    "Span",
    "display_width",
    "read_source",
]

#: The largest policy file we read. A real policy is a few dozen kilobytes; anything near this is
#: a mistake (a log, a dump) and parsing it would only waste the user's time.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A range of a source file: offsets in characters, and 1-based lines and columns."""

    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def location(self) -> str:
        """``path:line``, the form a trace or a citation shows."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The decoded text of one policy file, with fast offset-to-line lookups."""

    path: str
    text: str
    # Found on first use: a file that parses needs none (its tokens know their lines).
    _line_starts: tuple[int, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _starts(self) -> tuple[int, ...]:
        starts = self._line_starts
        if starts is None:
            starts = (0, *(m.end() for m in _NEWLINE.finditer(self.text)))
            object.__setattr__(self, "_line_starts", starts)
        return starts

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self._starts()
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a character offset."""
        starts = self._starts()
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        """A span between two character offsets."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(self.path, start, end, line, column, end_line, end_column)

    def end_span(self) -> Span:
        """An empty span at the very end of the file (where an unclosed block is noticed)."""
        return self.span(len(self.text), len(self.text))


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Why a file could not be read as policy text; turned into a diagnostic by the caller."""

    code: str
    message: str
    help: str | None = None
    line: int = 0
    column: int = 0


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes (wide East Asian characters count twice)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def read_source(
    path: str | Path, *, max_bytes: int = MAX_SOURCE_BYTES, name: str | None = None
) -> SourceFile | SourceProblem:
    """Read a policy file, or say precisely why it cannot be one. ``name`` is what the file is
    called in messages and locations (``path`` itself by default)."""
    name = str(path) if name is None else name
    p = Path(path)
    try:
        if p.is_dir():
            return SourceProblem(
                "PL002",
                f"`{name}` is a directory, not a policy file",
                "pass the directory itself to `policylang check` and it will read every "
                "`.policy` file inside",
            )
        size = p.stat().st_size
        if size > max_bytes:
            return SourceProblem(
                "PL005",
                f"`{name}` is too large to be a policy ({size / 1048576:.1f} MiB; "
                f"the limit is {max_bytes / 1048576:.0f} MiB)",
                "a policy file holds one vendor's rules; check that this is the file you meant",
            )
        data = p.read_bytes()
    except FileNotFoundError:
        return SourceProblem("PL001", f"`{name}` does not exist")
    except PermissionError:
        return SourceProblem("PL001", f"`{name}` cannot be read: permission denied")
    except OSError as error:
        return SourceProblem("PL001", f"`{name}` cannot be read: {error.strerror or error}")
    return decode_source(name, data)


def decode_source(name: str, data: bytes) -> SourceFile | SourceProblem:
    """Decode policy bytes as UTF-8 text, rejecting binaries and empty files."""
    if b"\x00" in data:
        return SourceProblem(
            "PL004",
            f"`{name}` looks like a binary file (it contains NUL bytes)",
            "policy files are UTF-8 text",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        return SourceProblem(
            "PL003",
            f"`{name}` is not valid UTF-8 (byte 0x{data[error.start]:02x} at line {line}, "
            f"column {column})",
            "save the file as UTF-8; policies quote clauses in any script, but only in UTF-8",
            line,
            column,
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return SourceProblem(
            "PL006",
            f"`{name}` is empty",
            "a policy starts with a `policy ID { ... }` header; see docs/language.md",
        )
    return SourceFile(name, text)
