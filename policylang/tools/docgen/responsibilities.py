"""Responsibilities: what the customer does, what the provider does, per product and department.

A table groups the rules by party (customer first: what a customer must do is what they most
need to know), then product, then department, keeping the policy's order inside a group; the
rules then follow in the policy's order, which is the order they are tried in.
"""

from __future__ import annotations

from policylang.compiler.roles import handler_outcome
from policylang.lang import ast
from policylang.lang.analysis.items import bound_type
from policylang.lang.traversal import iter_items
from policylang.model.outcomes import Role
from policylang.tools.docgen.conditions import condition_code
from policylang.tools.docgen.loaded import Documented, text_field
from policylang.tools.docgen.markdown import code, heading, inline, prose, table
from policylang.tools.docgen.rules import condition_of, rule_block, rule_link, when_words
from policylang.tools.docgen.words import PARTY_WORDS

__all__ = ["item_list", "responsibilities_section", "role_facts"]

_PARTY_ORDER = ("customer", "provider", "vendor", "third_party")
_PARTY_HEADINGS = {
    "customer": "The customer",
    "provider": "The provider",
    "vendor": "The vendor",
    "third_party": "A third party",
}


def _party(decl: ast.RuleDecl) -> str:
    """Whose duty the rule's requests are: the party the table groups it under."""
    return handler_outcome(decl.body).responsible.party


def _role_words(role: Role) -> str:
    who = PARTY_WORDS.get(role.party, role.party)
    return f"{who} ({role.team})" if role.team else who


def role_facts(decl: ast.RuleDecl) -> list[tuple[str, str]]:
    """A responsibility's roles in plain words, as (label, text) rows: `Party` and `Department`
    when one party is responsible and performs (the shorthand's reading), else `Whose duty` and
    `Performed by`; then one row per other role named."""
    roles = handler_outcome(decl.body)
    if roles.responsible == roles.performer:
        party = roles.responsible.party
        rows = [("Party", PARTY_WORDS.get(party, party))]
        if roles.responsible.team:
            rows.append(("Department", roles.responsible.team))
    else:
        rows = [
            ("Whose duty", _role_words(roles.responsible)),
            ("Performed by", _role_words(roles.performer)),
        ]
    if roles.receiver is not None:
        rows.append(("Taken in by", _role_words(roles.receiver)))
    if roles.assists:
        rows.append(("Assisted by", "; ".join(_role_words(r) for r in roles.assists)))
    if roles.consulted:
        rows.append(("Consulted", "; ".join(_role_words(r) for r in roles.consulted)))
    return rows


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


def _summary_rows(
    doc: Documented, decls: list[ast.RuleDecl], with_product: bool
) -> list[list[str]]:
    def order(decl: ast.RuleDecl) -> int:
        return _PARTY_ORDER.index(_party(decl))

    rows = []
    for decl in sorted(decls, key=order):  # sorted() is stable: policy order within a party
        roles = handler_outcome(decl.body)
        product = _product(decl)
        what = []
        action = text_field(decl.body, "action")
        if action:
            what.append(prose(action))
        what += [
            f"{label}: {inline(text)}"
            for label, text in role_facts(decl)
            if label not in ("Party", "Department", "Whose duty")
        ]
        items = _items(decl)
        if items:
            what.append("Matters: " + _items_inline(items))
        row = [
            inline(_PARTY_HEADINGS[roles.responsible.party]),
            inline(roles.responsible.team or "not stated"),
        ]
        if with_product:
            row.append(inline(doc.value_label("product", product)) if product else "any")
        row.append(("<br>".join(what) or "not stated") + f" \u00b7 {rule_link(decl)}")
        row.append(_when(doc, decl))
        rows.append(row)
    return rows


def _when(doc: Documented, decl: ast.RuleDecl) -> str:
    """When a responsibility rule takes a request: its condition and, for a rule that lists
    matters, the request's matter (and the type those matters belong to) (Markdown)."""
    if not _items(decl):
        return when_words(doc, decl)
    listed = "the request's matter is one of those listed"
    typed = bound_type(decl)
    if typed is not None:
        label = doc.value_label("type", typed.name.value)
        listed = f"the ticket type is **{inline(label)}** and {listed}"
    if condition_of(decl) is None:
        return listed
    return f"{when_words(doc, decl)}, and {listed}"


def responsibilities_section(doc: Documented) -> list[str]:
    """The ``Responsibilities`` section."""
    decls = doc.rules("responsibility")
    lines = [heading(2, "Responsibilities", "responsibilities"), ""]
    if not decls:
        return [*lines, "This policy does not say who handles requests.", ""]
    lines += [
        "Who handles a request: the first rule below, in the policy's order, whose condition "
        "holds and whose matters (if it lists any) include the request's. The table groups the "
        "same rules by the party whose duty the request is.",
        "",
    ]
    with_product = any(_product(decl) for decl in decls)
    header = ["Party", "Department", *(["Product"] if with_product else []), "What they do", "When"]
    lines += table(header, _summary_rows(doc, decls, with_product))
    for decl in decls:
        product = _product(decl)
        rows = [(label, inline(text)) for label, text in role_facts(decl)]
        if product:
            rows.append(("Product", f"{inline(doc.value_label('product', product))}"))
        action = text_field(decl.body, "action")
        if action:
            rows.append(("What they do", prose(action)))
        items = _items(decl)
        extra = []
        typed = bound_type(decl)
        if typed is not None:
            label = inline(doc.value_label("type", typed.name.value))
            rows.append(
                (
                    "Type of its matters",
                    f"{label} ({code(typed.name.value)}): a request about one of them takes "
                    "this type, and another type that a list names contradicts it",
                )
            )
        if items:
            rows.append(("Matters", f"{len(list(iter_items(*items)))}, listed below"))
            extra = [
                f"The matters, each with the id a request's {code('item')} names:",
                "",
                *item_list(items),
                "",
            ]
        when = None
        if items:
            condition = condition_of(decl)
            when = _when(doc, decl)
            if condition is not None:
                when += f" \u2014 {code(condition_code(condition))}"
        lines += rule_block(doc, decl, rows, extra=extra, when=when)
    return lines
