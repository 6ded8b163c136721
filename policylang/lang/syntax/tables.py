"""The parser's tables, built once from the grammar and shipped beside it as JSON.

Building the LALR tables from ``grammars/policy.lark`` takes Lark a few hundred milliseconds: a
third of what `policylang eval` used to spend before it answered. The tables are a pure function
of the grammar text, the options below and the Lark version, so they are computed ahead of time
and shipped as ``grammars/policy.tables.json``; loading them is a JSON read.

Why JSON and not Lark's own cache: Lark caches with pickle, in the system's temporary directory
by default, and unpickling a file someone else planted there runs their code. JSON holds data
only, and the file ships inside the package, next to the grammar, with the same trust as the
code; nothing is written at run time. The file records the SHA-256 of the grammar and the Lark
version it was built from, and is used only when both match; otherwise (a grammar edited in a
checkout, another Lark) the tables are built from the grammar as before, which is slower and
gives the same parser. ``tests/syntax/test_parser_tables.py`` fails when the shipped file is not
what the grammar builds: after editing the grammar, run ``python -m policylang.lang.syntax.tables``
to rewrite it (``--check`` only compares).

JSON has no integer keys and no tuples, which Lark's serialised form uses: a dict whose keys are
not all strings is written as ``{"__items__": [[key, value], ...]}`` and a tuple as
``{"__tuple__": [...]}``, and read back to the same values.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token
from lark.grammar import Rule
from lark.lexer import TerminalDef

from policylang.resources import data_path

__all__ = ["OPTIONS", "build", "grammar_path", "load", "serialize", "tables_path"]

#: What the tables depend on besides the grammar. The lexer callbacks and the post-lexer are
#: code and are given at load time.
OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "propagate_positions": True,
    "maybe_placeholders": False,
}

#: Options that are not data: never written to the file, passed to Lark on every load.
_RUNTIME_OPTIONS = ("postlex", "lexer_callbacks", "transformer", "tree_class", "_plugins")

_FORMAT = 1


def grammar_path() -> Path:
    """The grammar, as shipped."""
    return data_path("grammars", "policy.lark")


def tables_path() -> Path:
    """The tables built from `grammar_path`, as shipped."""
    return data_path("grammars", "policy.tables.json")


def _stamp(grammar: str) -> dict[str, Any]:
    return {
        "format": _FORMAT,
        "grammar_sha256": hashlib.sha256(grammar.encode("utf-8")).hexdigest(),
        "lark": lark.__version__,
        "options": OPTIONS,
    }


def build(grammar: str, parser_class: type[Lark] = Lark, **runtime: Any) -> Lark:
    """The parser built from the grammar text (the slow way)."""
    return parser_class(grammar, **OPTIONS, **runtime)


def serialize(grammar: str) -> str:
    """The JSON text of the tables of ``grammar``, stamped with what they were built from."""
    parser = build(grammar)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in _RUNTIME_OPTIONS}
    document = {"built_from": _stamp(grammar), "data": data, "memo": memo}
    return json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":")) + "\n"


def load(
    lexer_callbacks: dict[str, Callable[[Token], Token]],
    postlex: Any,
    parser_class: type[Lark] = Lark,
) -> Lark:
    """The parser (a ``parser_class``): from the shipped tables when they were built from this
    grammar by this Lark, else built from the grammar."""
    grammar = grammar_path().read_text(encoding="utf-8")
    runtime = {"lexer_callbacks": lexer_callbacks, "postlex": postlex}
    document = _shipped()
    if document is None or document.get("built_from") != _stamp(grammar):
        return build(grammar, parser_class, **runtime)
    # What Lark's standalone parsers call to load their tables; typed loosely upstream.
    loaded: Lark = parser_class._load_from_dict(  # type: ignore[no-untyped-call]
        document["data"], document["memo"], **runtime
    )
    return loaded


def _shipped() -> dict[str, Any] | None:
    try:
        text = tables_path().read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        document = json.loads(text, object_hook=_decode_object)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__items__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode_object(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if "__items__" in value:
            return {_hashable(k): v for k, v in value["__items__"]}
        if "__tuple__" in value:
            return tuple(value["__tuple__"])
    return value


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the shipped tables from the grammar, or (``--check``) say whether they are the
    grammar's (stamped with its hash and this Lark's version)."""
    options = argparse.ArgumentParser(description=main.__doc__)
    options.add_argument("--check", action="store_true", help="compare, do not write")
    args = options.parse_args(argv)
    grammar = grammar_path().read_text(encoding="utf-8")
    target = tables_path()
    if args.check:
        document = _shipped()
        if document is not None and document.get("built_from") == _stamp(grammar):
            print(f"{target}: built from this grammar by this Lark")
            return 0
        print(f"{target}: stale; run `python -m policylang.lang.syntax.tables`", file=sys.stderr)
        return 1
    # Lark numbers states differently from one run to the next: rewrite only when stale, so
    # an unchanged grammar leaves the file (and git) alone.
    if main(["--check"]) == 0:
        return 0
    target.write_text(serialize(grammar), encoding="utf-8")
    print(f"{target}: written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
