"""Charges: what is billable, rule by rule in the order they are tried, and the default."""

from __future__ import annotations

from policylang.lang import ast
from policylang.tools.docgen.loaded import Documented, text_field
from policylang.tools.docgen.markdown import heading, prose, table
from policylang.tools.docgen.rules import rule_block, rule_link, when_words

__all__ = ["billable_words", "charges_section"]


def billable_words(decl: ast.RuleDecl) -> str:
    """``billable`` in words: ``billable`` / ``not billable``."""
    for statement in decl.body:
        if isinstance(statement, ast.BillableField):
            return "billable" if statement.value.value == "yes" else "not billable"
    return "not stated"


def charges_section(doc: Documented) -> list[str]:
    """The ``Charges`` section: the rules in order, then each with its source."""
    decls = doc.rules("charge")
    lines = [heading(2, "Charges", "charges"), ""]
    if not decls:
        return [*lines, "This policy says nothing about what is billable.", ""]
    lines += [
        "The first rule in this order whose condition holds decides whether a request is billable.",
        "",
    ]
    rows = []
    for number, decl in enumerate(decls, 1):
        when = "**Default:** every other request" if decl.name.value == "otherwise" else None
        rows.append(
            [
                str(number),
                when or when_words(doc, decl),
                f"**{billable_words(decl)}**",
                prose(text_field(decl.body, "basis") or "\u2014"),
                rule_link(decl),
            ]
        )
    if decls[-1].name.value != "otherwise":
        rows.append(
            [
                "\u2014",
                "**Default:** every other request",
                "**not determined**",
                "no charge rule applies, so the policy does not say",
                "\u2014",
            ]
        )
    lines += table(["#", "Applies when", "Billable", "Basis", "Rule"], rows)
    for decl in decls:
        rows_of_rule = [("Billable", f"**{billable_words(decl)}**")]
        basis = text_field(decl.body, "basis")
        if basis:
            rows_of_rule.append(("Basis", prose(basis)))
        reason = text_field(decl.body, "reason")
        if reason:
            rows_of_rule.append(("Why", prose(reason)))
        lines += rule_block(doc, decl, rows_of_rule)
    return lines
