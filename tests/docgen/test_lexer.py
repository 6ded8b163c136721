"""The Pygments lexer: no error token on any bundled policy or documented snippet, the right
token for each kind of word, and registered with Pygments by its entry point."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, String

from policylang.lang.highlight import PolicyLexer
from tests.conftest import ROOT

POLICY_FILES = sorted((ROOT / "policies").glob("*.policy")) + sorted(
    (ROOT / "tests" / "syntax" / "ok").glob("*.policy")
)
DOC_SNIPPETS = [
    (path, i, block)
    for path in sorted((ROOT / "docs").glob("*.md"))
    for i, block in enumerate(re.findall(r"```policy\n(.*?)```", path.read_text("utf-8"), re.S))
]


def _tokens(text: str) -> list[tuple[object, str]]:
    return list(PolicyLexer().get_tokens(text))


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_no_error_token_in_policies(path: Path) -> None:
    text = path.read_text("utf-8")
    tokens = _tokens(text)
    errors = [value for kind, value in tokens if kind in Error]
    assert not errors, errors[:5]
    assert "".join(value for _, value in tokens).rstrip("\n") == text.rstrip("\n")


@pytest.mark.parametrize(
    ("path", "index", "block"), DOC_SNIPPETS, ids=[f"{p.name}-{i}" for p, i, _ in DOC_SNIPPETS]
)
def test_no_error_token_in_documented_snippets(path: Path, index: int, block: str) -> None:
    errors = [value for kind, value in _tokens(block) if kind in Error]
    assert not errors, (path.name, index, errors[:5])


@pytest.mark.parametrize(
    ("source", "value", "token"),
    [
        ("# a comment", "# a comment", Comment.Single),
        ('clause x "Время реакции 30 минут"', "Время реакции 30 минут", String.Double),
        ('clause x "a \\"quoted\\" word"', '\\"', String.Escape),
        ("sla critical {", "sla", Keyword.Declaration),
        ("sla critical {", "critical", Name.Class),
        ("note defect typo {", "defect", Keyword.Type),
        ("note defect typo {", "typo", Name.Class),
        ("lifecycle auto_confirm confirm {", "confirm", Name.Class),
        ("  response within 30 minutes on office", "within", Keyword),
        ("  response within 30 minutes on office", "30", Number),
        ("  response within 30 minutes on office", "office", Name),
        ("  when priority == critical and not vip", "==", Operator),
        ("  when priority == critical and not vip", "and", Operator.Word),
        ("  hours mon-fri 08:30-17:30", "08:30", Literal.Date),
        ("  hours mon-fri 08:30-17:30", "mon", Keyword.Constant),
        ("  hours 24/7", "24/7", Keyword.Constant),
        ("  effective 2026-01-01", "2026-01-01", Literal.Date),
        (
            "  when opened_at >= 2026-06-01T00:00:00+03:00",
            "2026-06-01T00:00:00+03:00",
            Literal.Date,
        ),
        ("  party customer", "customer", Keyword.Constant),
        ("  cite hours, reaction", "hours", Name),
        ("  note zone, hours", "hours", Name),
        ("note omission hours {", "hours", Name.Class),
        ("  fee per request", "fee", Keyword),
        ("  resolution no commitment", "no", Keyword),
        ('  provider "Acme Ltd"', "provider", Keyword),
        ("charge otherwise {", "otherwise", Keyword.Constant),
    ],
)
def test_token_kinds(source: str, value: str, token: object) -> None:
    assert (token, value) in _tokens(source)


@pytest.mark.parametrize("source", ['title "unterminated\n', "zone @"])
def test_what_the_grammar_cannot_hold_is_an_error(source: str) -> None:
    assert any(kind in Error for kind, _ in _tokens(source))


def test_registered_with_pygments_by_entry_point() -> None:
    found = [
        ep
        for ep in entry_points(group="pygments.lexers")
        if ep.value == "policylang.lang.highlight:PolicyLexer"
    ]
    assert found, (
        "no pygments.lexers entry point for policylang.lang.highlight:PolicyLexer: pyproject.toml needs "
        '[project.entry-points."pygments.lexers"] policy = "policylang.lang.highlight:PolicyLexer" '
        "(then reinstall: pip install -e .)"
    )
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert isinstance(get_lexer_by_name("policy"), PolicyLexer)
    assert isinstance(get_lexer_for_filename("bpmsoft_care.policy"), PolicyLexer)
