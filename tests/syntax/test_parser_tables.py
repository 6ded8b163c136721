"""The shipped parser tables (``grammars/policy.tables.json``) are the grammar's.

The tables are built ahead of time (``python -m policylang.lang.syntax.tables``) because building
them from the grammar is most of a cold start. Lark numbers its states differently from one build
to the next, so the file cannot be compared byte for byte with a fresh build; instead: it must be
stamped with the grammar's hash and this Lark's version (the parser falls back to building from
the grammar otherwise, slowly), it must hold exactly the grammar's rules and terminals, and it
must parse every policy, golden file and error case into the tree a fresh build gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lark import Lark, Tree
from lark.exceptions import UnexpectedInput

from policylang.lang.syntax import parser, tables
from tests.conftest import ROOT

_STALE = "the grammar changed: run `python -m policylang.lang.syntax.tables` and commit the file"


@pytest.fixture(scope="module")
def shipped() -> Lark:
    return parser._parser()


@pytest.fixture(scope="module")
def fresh() -> Lark:
    return tables.build(
        tables.grammar_path().read_text(encoding="utf-8"),
        lexer_callbacks={"COMMENT": parser._collect_comment},
        postlex=parser._WholeWordKeywords(),
    )


def test_the_tables_were_built_from_this_grammar_by_this_lark() -> None:
    document = json.loads(tables.tables_path().read_text(encoding="utf-8"))
    grammar = tables.grammar_path().read_text(encoding="utf-8")
    assert document["built_from"] == tables._stamp(grammar), _STALE


@pytest.mark.parametrize(
    "which",
    [
        pytest.param(parser._parser, id="the-tree-parser"),
        pytest.param(parser._ast_parser, id="the-ast-parser"),
    ],
)
def test_the_parsers_are_loaded_from_the_tables(which: Callable[[], Lark]) -> None:
    # A parser built from the grammar has its source path; a loaded one is "<deserialized>".
    assert which().source_path == "<deserialized>"


def test_without_current_tables_the_parser_is_built_from_the_grammar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "tables_path", lambda: tmp_path / "missing.json")
    built = tables.load({}, parser._WholeWordKeywords())
    assert built.source_path != "<deserialized>"
    assert built.parse('policy p {\n  version "1"\n}\n') is not None


def test_the_tables_hold_the_grammars_rules_and_terminals(shipped: Lark, fresh: Lark) -> None:
    assert sorted(map(str, shipped.rules)) == sorted(map(str, fresh.rules))
    assert sorted(map(repr, shipped.terminals)) == sorted(map(repr, fresh.terminals))


def _texts() -> Iterator[Path]:
    yield from sorted((ROOT / "policies").glob("*.policy"))
    yield from sorted((ROOT / "tests" / "syntax").glob("*/*.policy"))


def _outcome(lark: Lark, text: str) -> Tree[object] | tuple[str, int | None, str]:
    try:
        return lark.parse(text)
    except UnexpectedInput as error:
        return (type(error).__name__, error.pos_in_stream, str(getattr(error, "token", "")))


@pytest.mark.parametrize("path", list(_texts()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_shipped_and_a_fresh_parser_agree(path: Path, shipped: Lark, fresh: Lark) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(shipped, text) == _outcome(fresh, text)


def test_the_check_command_says_the_file_is_current() -> None:
    assert tables.main(["--check"]) == 0, _STALE
