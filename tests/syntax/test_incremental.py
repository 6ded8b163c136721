"""Reusing unchanged declarations gives the whole-file parse's tree, spans and comments
included, and its diagnostics when the text does not parse."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.source import SourceFile
from policylang.lang.syntax.incremental import parse_partial, parse_reusing
from policylang.lang.syntax.parser import parse
from tests.conftest import ROOT

POLICIES = sorted((ROOT / "policies").glob("*.policy"))


def _middle_line(text: str) -> int:
    return text.index("\n", len(text) // 2) + 1


EDITS: dict[str, Callable[[str], str]] = {
    "unchanged": lambda t: t,
    "comment-in-the-middle": lambda t: t[: _middle_line(t)] + "  # a note\n" + t[_middle_line(t) :],
    "lines-added-at-the-top": lambda t: "# one\n# two\n\n" + t,
    "a-declaration-removed": lambda t: t.replace("\nclause ", "\n# clause ", 1),
    "a-keyword-in-the-first-column-inside-a-block": lambda t: t.replace("\n  cite ", "\ncite ", 1),
    "a-syntax-error": lambda t: t[: _middle_line(t)] + "sla {\n" + t[_middle_line(t) :],
    "an-unclosed-block-at-the-end": lambda t: t + "\nsla late {\n",
}


def _deep(value: Any) -> Any:
    """A node as nested tuples, spans included (equality of nodes leaves spans out)."""
    if isinstance(value, ast.Node):
        fields = dataclasses.fields(value)
        return (
            type(value).__name__,
            value.span,
            tuple(_deep(getattr(value, f.name)) for f in fields),
        )
    if isinstance(value, tuple):
        return tuple(_deep(item) for item in value)
    return value


def _outcome(parse_: Callable[[SourceFile], ast.PolicyFile], source: SourceFile) -> Any:
    try:
        tree = parse_(source)
    except PolicyError as error:
        return error.diagnostics
    return _deep(tree), _deep(tree.comments), tree.span


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_reuse_gives_the_whole_file_parse(path: Path, edit: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    parse_reusing(SourceFile(str(path), text))  # remember the declarations of the original
    edited = SourceFile(str(path), edit(text))
    assert _outcome(parse_reusing, edited) == _outcome(parse, edited)


@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_a_partial_parse_leaves_out_only_the_broken_declaration(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    middle = text.index("\nsla ") + 1
    edited = text[:middle] + "sla typing {\n  when\n}\n\n" + text[middle:]
    original = parse(SourceFile(str(path), text))
    partial = parse_partial(SourceFile(str(path), edited))
    assert partial.declarations == original.declarations  # node equality leaves spans out
    for mine, theirs in zip(partial.declarations, original.declarations, strict=True):
        assert edited[mine.span.start : mine.span.end] == text[theirs.span.start : theirs.span.end]
