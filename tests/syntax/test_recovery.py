"""After a syntax error the parser goes on at the next declaration: one report per broken one.

The golden files show the rendering (``syntax_errors_in_three_declarations`` and its
neighbours in ``cases.py``); this table pins where each error is found and what is not reported.
"""

from __future__ import annotations

import pytest

from policylang.errors import PolicyError
from policylang.lang.syntax.parser import parse_text
from policylang.lang.syntax.recovery import MAX_SYNTAX_ERRORS
from tests.syntax.cases import BASE

BASE_LINES = BASE.count("\n")


def errors(snippet: str) -> list[tuple[int, str]]:
    """(line within the snippet, code) of every syntax error of BASE + snippet."""
    with pytest.raises(PolicyError) as caught:
        parse_text(BASE + snippet)
    return [(d.span.line - BASE_LINES, d.code) for d in caught.value.diagnostics if d.span]


CASES = {
    "one-error": ("calendar desk {\n  hours mon-fri 8-17\n}\n", [(2, "PL102")]),
    "two-declarations": (
        "calendar desk {\n  hours mon-fri 8-17\n}\nclause c 'quoted'\n",
        [(2, "PL102"), (4, "PL101")],
    ),
    # Everything after the first error of a declaration is skipped with it.
    "cascade-inside-one-declaration": (
        "sla a {\n  response 4 hours on office\n  when x = y\n  resolution within 2 dayz\n}\n",
        [(2, "PL102")],
    ),
    # The `sla` that reveals the missing `}` starts the next declaration, which is read.
    "unclosed-block-then-good-declaration": (
        "sla a {\n  response within 4 hours on office\nsla b {\n  resolution best effort\n}\n",
        [(3, "PL102")],
    ),
    "unclosed-block-then-broken-declaration": (
        "sla a {\n  response within 4 hours on office\nsla b {\n  resolution best efort\n}\n",
        [(3, "PL102"), (4, "PL102")],
    ),
    # A keyword that starts a line inside a block, indented, is a statement, not a restart.
    "indented-keyword-is-no-restart": (
        "type t {\n  priority = high\n  category x\n}\nclause c 'q'\n",
        [(2, "PL101"), (5, "PL101")],
    ),
    "error-in-the-last-declaration": ("clause c 'quoted'\n", [(1, "PL101")]),
    "unclosed-block-at-the-end": (
        "clause c 'quoted'\nsla a {\n  response within 4 hours on office\n",
        [(1, "PL101"), (2, "PL103")],
    ),
    "unterminated-strings": (
        'clause a "one\nclause b "two\nclause c "three"\n',
        [(1, "PL104"), (2, "PL104")],
    ),
}


@pytest.mark.parametrize(("snippet", "expected"), CASES.values(), ids=CASES.keys())
def test_each_broken_declaration_is_reported_once(
    snippet: str, expected: list[tuple[int, str]]
) -> None:
    assert errors(snippet) == expected


def test_the_number_of_errors_per_file_is_capped() -> None:
    snippet = "".join(f"clause c{n} 'quoted'\n" for n in range(3 * MAX_SYNTAX_ERRORS))
    found = errors(snippet)
    assert found == [(n + 1, "PL101") for n in range(MAX_SYNTAX_ERRORS)]


def test_a_file_that_parses_after_recovery_still_fails() -> None:
    """The tree built around the errors is never used: the errors are raised."""
    with pytest.raises(PolicyError) as caught:
        parse_text(BASE + "clause c 'quoted'\n\nclause d \"fine\"\n")
    assert [d.code for d in caught.value.diagnostics] == ["PL101"]
