"""Charges: the line each charge rule adds to what a request owes, and the default."""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.traversal import iter_names
from policylang.tools.docgen.loaded import Documented, text_field
from policylang.tools.docgen.markdown import heading, prose, table
from policylang.tools.docgen.rules import rule_block, rule_link, when_words

__all__ = ["charges_section", "fee_kind", "fee_words", "line_words"]

#: A fee kind in plain words.
_FEE_WORDS = {
    "per_request": "a fee per request",
    "per_hour": "a fee per hour of service",
    "fixed": "a fixed fee",
    "unspecified": "a fee (unit and amount not stated)",
    "included": "included (no fee)",
}


def fee_words(decl: ast.RuleDecl) -> str:
    """The line a charge rule adds, in words: ``a fee per hour of service: 1500.00 RUB``."""
    fee = fee_kind(decl)
    if fee is None:
        return "not stated"
    rate = next((s for s in decl.body if isinstance(s, ast.Rate)), None)
    if rate is None:
        return line_words(fee)
    return line_words(fee, rate.amount.text, rate.currency.value)


def fee_kind(decl: ast.RuleDecl) -> str | None:
    """The rule's fee kind (``per_hour``, ``unspecified``, ``included``...), if it states one."""
    return next((s.kind.value for s in decl.body if isinstance(s, ast.Fee)), None)


def line_words(fee: str, amount: str | None = None, currency: str | None = None) -> str:
    """A charge line in words, its amount as written: ``a fee per hour of service: 1500.00
    RUB``; without an amount, the fee alone (``a fee (unit and amount not stated)``)."""
    words = _FEE_WORDS[fee]
    if amount is not None:
        words += f": {amount} {currency}"
    return words


def _replaces(decl: ast.RuleDecl) -> list[str]:
    return [n.value for n in iter_names(decl, "replaces")]


def charges_section(doc: Documented) -> list[str]:
    """The ``Charges`` section: the lines in file order, then each rule with its source."""
    decls = doc.rules("charge")
    lines = [heading(2, "Charges", "charges"), ""]
    if not decls:
        return [*lines, "This policy says nothing about what is billable.", ""]
    lines += [
        "Every rule whose condition holds adds its line to what a request owes, so fees add up; "
        "a line drops the lines it replaces, and the default applies only when no other rule "
        "does. A request is billable when one of its lines is a fee.",
        "",
    ]
    rows = []
    for number, decl in enumerate(decls, 1):
        when = "**Default:** no other rule applies" if decl.name.value == "otherwise" else None
        replaces = _replaces(decl)
        line = f"**{fee_words(decl)}**"
        if replaces:
            line += "; replaces " + ", ".join(f"`{name}`" for name in replaces)
        rows.append(
            [
                str(number),
                when or when_words(doc, decl),
                line,
                prose(text_field(decl.body, "basis") or "\u2014"),
                rule_link(decl),
            ]
        )
    if decls[-1].name.value != "otherwise":
        rows.append(
            [
                "\u2014",
                "**Default:** no rule applies",
                "**no line**",
                "no charge rule applies, so the policy does not say",
                "\u2014",
            ]
        )
    lines += table(["#", "Applies when", "Line", "Basis", "Rule"], rows)
    for decl in decls:
        rows_of_rule = [("Line", f"**{fee_words(decl)}**")]
        replaces = _replaces(decl)
        if replaces:
            rows_of_rule.append(
                ("Replaces", "the lines of " + ", ".join(f"`{name}`" for name in replaces))
            )
        basis = text_field(decl.body, "basis")
        if basis:
            rows_of_rule.append(("Basis", prose(basis)))
        reason = text_field(decl.body, "reason")
        if reason:
            rows_of_rule.append(("Why", prose(reason)))
        lines += rule_block(doc, decl, rows_of_rule)
    return lines
