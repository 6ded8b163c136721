"""Parsing that reuses the declarations an edit did not touch.

A file is a sequence of top-level declarations, each starting in the first column with its
keyword — the same boundary the error recovery resynchronises at
(:mod:`policylang.lang.syntax.recovery`). :func:`parse_reusing` cuts the text there, parses each
piece on its own (remembering the pieces it has parsed before, by their text), and moves the
spans of each piece's tree to where the piece now stands. After an edit, only the declaration
that changed is parsed again; the others cost a copy of their nodes with shifted spans.

The result is the tree :func:`~policylang.lang.syntax.parse` gives, spans included (tests/syntax
check it on every bundled policy and on edits of them). Whenever a piece does not parse on its
own — a syntax error, or a keyword in the first column inside a block — the whole text is
parsed as usual, so diagnostics are always those of a whole-file parse.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import OrderedDict
from typing import Any

from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.source import SourceFile, Span
from policylang.lang.syntax.parser import parse
from policylang.lang.syntax.recovery import DECLARATION_START

__all__ = ["PIECE_CACHE_SIZE", "parse_partial", "parse_reusing"]

#: How many parsed pieces (declarations with the comments before them) are remembered; the
#: five bundled policies hold about 600 declarations.
PIECE_CACHE_SIZE = 4096

_Piece = tuple[tuple[ast.Declaration, ...], tuple[ast.Comment, ...]]
_pieces: OrderedDict[tuple[str, str], _Piece | None] = OrderedDict()
_fields: dict[type[ast.Node], tuple[str, ...]] = {}


def parse_reusing(source: SourceFile) -> ast.PolicyFile:
    """Parse ``source`` like :func:`~policylang.lang.syntax.parse`, reusing unchanged
    declarations."""
    tree = _assemble(source, partial=False)
    return tree if tree is not None else parse(source)  # the whole parse reports the error


def parse_partial(source: SourceFile) -> ast.PolicyFile:
    """The declarations of ``source`` that parse on their own, the broken ones left out.

    Never raises: while one declaration is being typed, an editor still finds its way among
    the others (their spans are places in this text). Diagnostics come from a real parse.
    """
    tree = _assemble(source, partial=True)
    assert tree is not None
    return tree


def _assemble(source: SourceFile, *, partial: bool) -> ast.PolicyFile | None:
    """The file from its pieces; None at the first piece that does not parse (unless
    ``partial``, which leaves such pieces out)."""
    text = source.text
    starts = [m.start() for m in DECLARATION_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(text))
    declarations: list[ast.Declaration] = []
    comments: list[ast.Comment] = []
    for begin, end in itertools.pairwise(starts):
        piece = _piece(source.path, text[begin:end])
        if piece is None:
            if partial:
                continue
            return None
        line = source.position(begin)[0]
        declarations += (_shift(d, begin, line - 1) for d in piece[0])
        comments += (_shift(c, begin, line - 1) for c in piece[1])
    return ast.PolicyFile(
        source.path, tuple(declarations), tuple(comments), span=_file_span(source, declarations)
    )


def _piece(path: str, text: str) -> _Piece | None:
    key = (path, text)
    if key in _pieces:
        _pieces.move_to_end(key)
        return _pieces[key]
    try:
        tree = parse(SourceFile(path, text))
        piece: _Piece | None = (tree.declarations, tree.comments)
    except PolicyError:
        piece = None
    _pieces[key] = piece
    while len(_pieces) > PIECE_CACHE_SIZE:
        _pieces.popitem(last=False)
    return piece


def _shift(value: Any, offset: int, lines: int) -> Any:
    """``value`` with every span moved ``offset`` characters and ``lines`` lines on.

    Pieces start at the start of a line, so columns stay as they are.
    """
    if not offset and not lines:
        return value
    if isinstance(value, ast.Node):
        kind = type(value)
        names = _fields.get(kind)
        if names is None:
            names = _fields[kind] = tuple(
                f.name for f in dataclasses.fields(kind) if f.name != "span"
            )
        moved = object.__new__(kind)
        for name in names:
            object.__setattr__(moved, name, _shift(getattr(value, name), offset, lines))
        span = value.span
        object.__setattr__(
            moved,
            "span",
            Span(
                span.path,
                span.start + offset,
                span.end + offset,
                span.line + lines,
                span.column,
                span.end_line + lines,
                span.end_column,
            ),
        )
        return moved
    if type(value) is tuple:
        return tuple(_shift(item, offset, lines) for item in value)
    return value


def _file_span(source: SourceFile, declarations: list[ast.Declaration]) -> Span:
    """The span the grammar's start rule gives: from the first declaration to the last."""
    if not declarations:
        return source.span(0, 0)
    first, last = declarations[0].span, declarations[-1].span
    return Span(
        source.path,
        first.start,
        last.end,
        first.line,
        first.column,
        last.end_line,
        last.end_column,
    )
