"""What every rule block shares: its heading and anchor, its condition in words, its sources.

A rule renders as a heading with its stable anchor, a short list of what it says, the
condition in plain words beside the policy text, then the clauses it cites and its notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from policylang.lang import ast
from policylang.tools.docgen.anchors import rule_anchor
from policylang.tools.docgen.citations import beside
from policylang.tools.docgen.conditions import condition_code, condition_words
from policylang.tools.docgen.loaded import Documented, names_field
from policylang.tools.docgen.markdown import code, heading, inline, link

__all__ = ["condition_of", "rule_block", "rule_link", "rule_title", "when_line", "when_words"]


def condition_of(decl: ast.RuleDecl) -> ast.Condition | None:
    """The rule's ``when`` condition, if it has one."""
    for statement in decl.body:
        if isinstance(statement, ast.When):
            return statement.condition
    return None


def rule_title(decl: ast.RuleDecl) -> str:
    """The rule's title, or its name when it has none (plain text)."""
    if decl.title is not None:
        return decl.title.value
    if decl.name.value == "otherwise":
        return "Otherwise (the default)"
    return decl.name.value.replace("_", " ").capitalize()


def rule_link(decl: ast.RuleDecl) -> str:
    """A Markdown link to the rule's block on the same page."""
    return link(inline(rule_title(decl)), "#" + rule_anchor(decl.keyword, decl.name.value))


def when_words(doc: Documented, decl: ast.RuleDecl) -> str:
    """The condition in words only, for a table cell (Markdown)."""
    condition = condition_of(decl)
    if condition is not None:
        return condition_words(doc, condition)
    return "in every other case" if decl.name.value == "otherwise" else "always"


def when_line(doc: Documented, decl: ast.RuleDecl) -> str:
    """``**Applies when** … — `policy text```, or the default's wording (Markdown)."""
    condition = condition_of(decl)
    if condition is not None:
        return f"{condition_words(doc, condition)} \u2014 {code(condition_code(condition))}"
    if decl.name.value == "otherwise":
        return f"every request no earlier rule of this kind takes \u2014 {code('otherwise')}"
    return "every request (the rule has no condition)"


def rule_block(
    doc: Documented,
    decl: ast.RuleDecl,
    rows: Sequence[tuple[str, str]],
    *,
    level: int = 3,
    extra: Sequence[str] = (),
    when: str | None = None,
) -> list[str]:
    """The full block of one rule: heading, ``rows`` (label, Markdown), sources, notes.

    ``when`` replaces the condition's words (a responsibility that lists matters says so).
    """
    anchor = rule_anchor(decl.keyword, decl.name.value)
    lines = [heading(level, inline(rule_title(decl)), anchor), ""]
    applies = when if when is not None else when_line(doc, decl)
    body = [("Applies when", applies), *rows, ("Rule", code(decl.name.value))]
    lines += [f"- **{label}:** {value}" for label, value in body]
    lines.append("")
    lines += list(extra)
    lines += beside(doc, names_field(decl.body, "cite"), names_field(decl.body, "note"))
    return lines
