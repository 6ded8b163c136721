"""The VS Code extension's TextMate grammar: generated from the Pygments lexer, and agreeing
with it character by character on every bundled policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pygments.token import Error, Whitespace, _TokenType

from policylang.lang.highlight import TEXTMATE_SCOPES, PolicyLexer, textmate_grammar
from tests.conftest import ROOT
from tests.editors.textmate import tokenize

GRAMMAR = ROOT / "editors" / "vscode" / "syntaxes" / "policy.tmLanguage.json"
SAMPLES = sorted(
    [
        *(ROOT / "policies").glob("*.policy"),
        ROOT / "tests" / "lsp" / "every" / "every.policy",
        ROOT / "editors" / "vscode" / "test" / "snap" / "tokens.policy",
        ROOT / "tests" / "editors" / "calendar_layers.customers",
    ]
)


def grammar_text() -> str:
    return json.dumps(textmate_grammar(), indent=2, ensure_ascii=False) + "\n"


def test_the_grammar_file_is_generated_from_the_lexer(update_goldens: bool) -> None:
    if update_goldens:
        GRAMMAR.write_text(grammar_text(), encoding="utf-8")
    assert GRAMMAR.read_text(encoding="utf-8") == grammar_text(), (
        "editors/vscode/syntaxes/policy.tmLanguage.json is stale: run pytest --update-goldens"
    )


def _lexer_scopes(text: str) -> list[str | None]:
    scopes: list[str | None] = [None] * len(text)
    for start, token, value in PolicyLexer().get_tokens_unprocessed(text):
        kind: _TokenType = token
        while (
            kind not in TEXTMATE_SCOPES
            and kind.parent is not None
            and kind not in (Whitespace, Error)
        ):
            kind = kind.parent
        for i in range(start, start + len(value)):
            scopes[i] = TEXTMATE_SCOPES.get(kind)
    return scopes


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_the_grammar_and_the_lexer_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    mine, theirs = tokenize(grammar, text), _lexer_scopes(text)
    differences = [
        (text.count("\n", 0, i) + 1, text[i], mine[i], theirs[i])
        for i in range(len(text))
        if not text[i].isspace() and mine[i] != theirs[i]
    ]
    assert differences[:5] == []
