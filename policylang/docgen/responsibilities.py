"""Responsibilities: what the customer does, what the provider does, per product and department.

A table groups the rules by party (customer first: what a customer must do is what they most
need to know), then product, then department, keeping the policy's order inside a group; the
rules then follow in the policy's order, which is the order they are tried in.
"""

from __future__ import annotations

from policylang import ast
from policylang.docgen.loaded import Documented, text_field
from policylang.docgen.markdown import code, heading, inline, prose, table
from policylang.docgen.rules import rule_block, rule_link, when_line
from policylang.docgen.words import PARTY_WORDS

__all__ = ["item_list", "responsibilities_section"]

_PARTY_ORDER = ("customer", "provider", "vendor", "third_party")
_PARTY_HEADINGS = {
    "customer": "The customer",
    "provider": "The provider",
    "vendor": "The vendor",
    "third_party": "A third party",
}


def _party(decl: ast.RuleDecl) -> str | None:
    for statement in decl.body:
        if isinstance(statement, ast.PartyField):
            return statement.party.value
    return None


def _product(decl: ast.RuleDecl) -> str | None:
    for statement in decl.body:
        if isinstance(statement, ast.NameField) and statement.key == "product":
            return statement.name.value
    return None


def _items(decl: ast.RuleDecl) -> list[ast.Item]:
    return [s for s in decl.body if isinstance(s, ast.Item)]


def _item_label(item: ast.Item) -> str:
    return item.label.value if item.label is not None else item.id.value.replace("_", " ")


def _items_inline(items: list[ast.Item]) -> str:
    """Items on one line: ``Forms (Connection, Changes and/or configuration); Gamification``."""
    parts = []
    for item in items:
        text = inline(_item_label(item))
        if item.children:
            text += f" ({_items_inline(list(item.children))})"
        parts.append(text)
    return "; ".join(parts)


def item_list(items: list[ast.Item], depth: int = 0) -> list[str]:
    """Items as a nested bullet list, each with its id (what a request's ``item`` names)."""
    lines = []
    for item in items:
        lines.append(f"{'    ' * depth}- {inline(_item_label(item))} {code(item.id.value)}")
        lines += item_list(list(item.children), depth + 1)
    return lines


def _summary_rows(doc: Documented, decls: list[ast.RuleDecl]) -> list[list[str]]:
    def order(decl: ast.RuleDecl) -> int:
        party = _party(decl)
        return _PARTY_ORDER.index(party) if party in _PARTY_ORDER else len(_PARTY_ORDER)

    rows = []
    for decl in sorted(decls, key=order):  # sorted() is stable: policy order within a party
        party = _party(decl)
        product = _product(decl)
        what = []
        action = text_field(decl.body, "action")
        if action:
            what.append(prose(action))
        items = _items(decl)
        if items:
            what.append("Matters: " + _items_inline(items))
        rows.append(
            [
                inline(_PARTY_HEADINGS.get(party or "", party or "not stated")),
                inline(text_field(decl.body, "team") or "not stated"),
                inline(doc.value_label("product", product)) if product else "any",
                "<br>".join(what) or "not stated",
                when_line(doc, decl) if decl.name.value != "otherwise" else "otherwise",
                rule_link(decl),
            ]
        )
    return rows


def responsibilities_section(doc: Documented) -> list[str]:
    """The ``Responsibilities`` section."""
    decls = doc.rules("responsibility")
    lines = [heading(2, "Responsibilities", "responsibilities"), ""]
    if not decls:
        return [*lines, "This policy does not say who handles requests.", ""]
    lines += [
        "Who handles a request: the first rule below, in the policy's order, whose condition "
        "holds and whose matters (if it lists any) include the request's. The table groups the "
        "same rules by party.",
        "",
    ]
    lines += table(
        ["Party", "Department", "Product", "What they do", "When", "Rule"],
        _summary_rows(doc, decls),
    )
    for decl in decls:
        party = _party(decl)
        product = _product(decl)
        rows = [("Party", inline(PARTY_WORDS.get(party or "", party or "not stated")))]
        team = text_field(decl.body, "team")
        if team:
            rows.append(("Department", inline(team)))
        if product:
            rows.append(("Product", f"{inline(doc.value_label('product', product))}"))
        action = text_field(decl.body, "action")
        if action:
            rows.append(("What they do", prose(action)))
        items = _items(decl)
        extra = []
        if items:
            rows.append(("Matters", f"{len(list(_walk(items)))}, listed below"))
            extra = [*item_list(items), ""]
        lines += rule_block(doc, decl, rows, extra=extra)
    return lines


def _walk(items: list[ast.Item]) -> list[ast.Item]:
    out = []
    for item in items:
        out.append(item)
        out += _walk(list(item.children))
    return out
