"""The formatter: idempotent, AST-preserving, comment-preserving, on every policy we have."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylang.lang.printer import format_file, quote, wrap_text
from policylang.lang.syntax.parser import parse_text
from tests.conftest import ROOT
from tests.syntax.cases import CASES

POLICY_FILES = sorted([*ROOT.glob("policies/**/*.policy"), *ROOT.glob("tests/syntax/ok/*.policy")])
PARSEABLE_CASES = [c for c in CASES if not c.name.startswith("syntax_")]


def _round_trip(text: str, path: str) -> str:
    tree = parse_text(text, path)
    out = format_file(tree, text)
    again = parse_text(out, path)
    assert again == tree, "formatting changed the meaning"
    assert format_file(again, out) == out, "formatting is not idempotent"
    assert [c.text for c in again.comments] == [c.text for c in tree.comments]
    return out


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_policies_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _round_trip(text, str(path)) == text, "run `policylang fmt` on this file"


@pytest.mark.parametrize("case", PARSEABLE_CASES, ids=lambda c: c.name)
def test_error_cases_round_trip(case: object) -> None:
    _round_trip(case.text, f"{case.name}.policy")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("messy", "canonical"),
    [
        ('policy   x{title "t"}', 'policy x {\n  title "t"\n}\n'),
        (
            "sla a { when a==b  response best effort }",
            "sla a {\n  when a == b\n  response best effort\n}\n",
        ),
        (
            "sla a {\n\n\n  response best effort\n\n\n  cite c\n}",
            "sla a {\n  response best effort\n\n  cite c\n}\n",
        ),
        ("sla a { response within 1 hours on c }", "sla a {\n  response within 1 hour on c\n}\n"),
        (
            "sla a { when not (a == b) response best effort }",
            "sla a {\n  when not a == b\n  response best effort\n}\n",
        ),
        (
            "sla a { when (a == b and c == d) and e == f response best effort }",
            "sla a {\n  when (a == b and c == d) and e == f\n  response best effort\n}\n",
        ),
        ('clause c "a" "b"', 'clause c "ab"\n'),
        ("note defect d", "note defect d\n"),
        ("type t # why\n", "type t  # why\n"),
        ("# head\n\n\n\ntype t\n# tail", "# head\n\ntype t\n# tail\n"),
        ("sla a { response best effort } # after", "sla a {\n  response best effort\n}  # after\n"),
        ("sla a {\n  # lonely\n}", "sla a {\n  # lonely\n}\n"),
        # A block whose braces the grammar requires keeps them when empty.
        ("calendar alias extends staff_guide {}", "calendar alias extends staff_guide {}\n"),
        ("calendar c {\n\n}", "calendar c {}\n"),
        ("policy p { }", "policy p {}\n"),
        ("responsibility r {}", "responsibility r {}\n"),
        ('sla s "Title" {}', 'sla s "Title" {}\n'),
        ("charge otherwise {}", "charge otherwise {}\n"),
        ("obligation o {}", "obligation o {}\n"),
        ("refusal r {}", "refusal r {}\n"),
        ("pause p {}", "pause p {}\n"),
        # Where braces are optional, an empty block drops them.
        ("lifecycle auto_confirm a {}", "lifecycle auto_confirm a\n"),
        ("responsibility r { item a {} }", "responsibility r {\n  item a\n}\n"),
        ('clause c "x" {}', 'clause c "x"\n'),
    ],
    ids=[
        "spacing",
        "one-statement-per-line",
        "blank-lines-collapse",
        "singular-unit",
        "not-binds-tighter",
        "nested-and-keeps-parentheses",
        "adjacent-strings-join",
        "bodyless-block",
        "trailing-comment",
        "file-comments",
        "comment-after-block",
        "comment-only-block",
        "empty-calendar-keeps-braces",
        "calendar-with-blank-body",
        "empty-header-keeps-braces",
        "empty-responsibility-keeps-braces",
        "empty-sla-with-title-keeps-braces",
        "empty-charge-keeps-braces",
        "empty-obligation-keeps-braces",
        "empty-refusal-keeps-braces",
        "empty-pause-keeps-braces",
        "empty-lifecycle-drops-braces",
        "empty-item-drops-braces",
        "empty-clause-drops-braces",
    ],
)
def test_canonical_layout(messy: str, canonical: str) -> None:
    assert _round_trip(messy, "x.policy") == canonical


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain",
        'a "quoted" word',
        "back\\slash",
        "tab\there",
        "new\nline",
        "\x01",
        "Время реакции",
    ],
)
def test_quote_is_the_inverse_of_parsing(value: str) -> None:
    tree = parse_text(f"clause c {quote(value)}")
    assert tree.declarations[0].text.value == value  # type: ignore[union-attr]


def test_wrapping_keeps_every_character() -> None:
    value = "word " * 60 + "end"
    parts = wrap_text(value, 40, 60)
    assert len(parts) > 3
    assert "".join(p[1:-1] for p in parts) == value
    assert all(len(p) <= 60 for p in parts[1:])
