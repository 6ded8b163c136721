"""Fuzzing the front end: random and mutated text never escapes as anything but PolicyError.

Whatever a user types, `parse` either returns a tree or raises `PolicyError` carrying
diagnostics, the checker never raises, and anything that parses formats back to the same tree.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylang.analysis import analyze
from policylang.diagnostics import PolicyError
from policylang.formatter import format_file
from policylang.syntax import parse_text
from tests.conftest import ROOT

SEED_TEXT = (ROOT / "tests/syntax/ok/kitchen_sink.policy").read_text(encoding="utf-8")
TOKENS = [
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "==",
    "<",
    "not",
    "in",
    "and",
    "or",
    "when",
    "sla",
    "policy",
    "calendar",
    "hours",
    "24/7",
    "08:30",
    "24:00",
    "2026-02-30",
    "1.5",
    '"x"',
    "#",
    "otherwise",
    "overnight",
    "business",
    "days",
    "on",
    "around the clock",
    "\n",
    " ",
    "\\",
    '"',
    "Время",
    "ơ",
    "\x00",
    "\t",
    "item",
    "input",
    "enum",
    "default",
    "type",
    "priority",
]


def _front_end(text: str) -> None:
    try:
        tree = parse_text(text, "fuzz.policy")
    except PolicyError as error:
        assert error.diagnostics, "a PolicyError must carry diagnostics"
        for diagnostic in error.diagnostics:
            assert diagnostic.code.startswith("PL") and diagnostic.message
        return
    analyze(tree)  # must not raise, whatever the tree holds
    out = format_file(tree, text)
    assert parse_text(out, "fuzz.policy") == tree


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SEED_TEXT
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "delete":
            length = draw(st.integers(1, 40))
            text = text[:position] + text[position + length :]
        else:
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=5))
            cut = draw(st.integers(0, 10)) if action == "replace" else 0
            text = text[:position] + token + text[position + cut :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_policies(text: str) -> None:
    _front_end(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    _front_end(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup(text: str) -> None:
    _front_end(text)
