"""Reading policy files: every bad file becomes a diagnostic with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylang.lang.source import (
    SourceFile,
    SourceProblem,
    decode_source,
    display_width,
    read_source,
)


def _make(tmp_path: Path, kind: str) -> Path:
    """Generate the fixture for one kind of bad input."""
    path = tmp_path / f"{kind}.policy"
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    elif kind == "latin1":
        path.write_bytes('policy x {\n  title "Peña"\n}\n'.encode("latin-1"))
    elif kind == "huge":
        path.write_bytes(b"# filler\n" * (10 * 1024 * 1024 // 9))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        path.write_bytes(b"  \n\t\n")
    return path


@pytest.mark.parametrize(
    ("kind", "code", "fragment"),
    [
        ("missing", "PL001", "does not exist"),
        ("directory", "PL002", "is a directory"),
        ("binary", "PL004", "binary"),
        ("latin1", "PL003", "not valid UTF-8 (byte 0xf1 at line 2, column 12)"),
        ("huge", "PL005", "too large"),
        ("empty", "PL006", "is empty"),
        ("blank", "PL006", "is empty"),
    ],
)
def test_bad_files_are_problems(tmp_path: Path, kind: str, code: str, fragment: str) -> None:
    result = read_source(_make(tmp_path, kind))
    assert isinstance(result, SourceProblem)
    assert result.code == code
    assert fragment in result.message


def test_byte_order_mark_is_dropped() -> None:
    source = decode_source("x.policy", "\ufeffpolicy x {}".encode())
    assert isinstance(source, SourceFile)
    assert source.text.startswith("policy")


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [
        ("abc", 0, (1, 1)),
        ("abc\ndef", 4, (2, 1)),
        ("abc\ndef", 6, (2, 3)),
        ("ab\n\nc", 4, (3, 1)),
        ("Время\nреакции", 7, (2, 2)),
    ],
)
def test_positions(text: str, offset: int, position: tuple[int, int]) -> None:
    assert SourceFile("x", text).position(offset) == position


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("Lỗi", 3), ("Время", 5), ("日本", 4), ("e\u0301", 1)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width
