"""Pass `items`: a responsibility's `type` and the items it binds to that type.

`responsibility customer_ucontact { responsible customer  type customer_action  item ... }`
says the items listed are requests of type `customer_action`: a request with such an item takes
its type from the list, and a request giving another listed type contradicts it (the runtime
reports that). Here: the type is declared (PL215), binds items (PL542), and no item is given two
types by two lists unless a `contradiction` note is about both lists (PL541): a note whose
`about` names a clause each of the two rules cites.
"""

from __future__ import annotations

from dataclasses import dataclass

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.symbols import Symbols
from policylang.lang.diagnostics import Related
from policylang.lang.traversal import iter_items, iter_names

__all__ = ["Listing", "bound_type", "check_item_types", "item_listings", "recording_note"]


@dataclass(frozen=True, slots=True)
class Listing:
    """One responsibility that lists an item and names a type: the rule, the item, the type."""

    rule: ast.RuleDecl
    item: ast.Item
    type: str


def bound_type(rule: ast.RuleDecl) -> ast.NameField | None:
    """A responsibility's ``type`` statement, if it has one."""
    return next(
        (s for s in rule.body if isinstance(s, ast.NameField) and s.key == "type"), None
    )


def item_listings(symbols: Symbols) -> dict[str, list[Listing]]:
    """For each item a typed list names: the lists (rule, item, type), in file order."""
    out: dict[str, list[Listing]] = {}
    for rule in symbols.rules_of("responsibility"):
        statement = bound_type(rule)
        if statement is None or statement.name.value not in symbols.types:
            continue
        for item in iter_items(rule):
            out.setdefault(item.id.value, []).append(Listing(rule, item, statement.name.value))
    return out


def recording_note(symbols: Symbols, first: ast.RuleDecl, second: ast.RuleDecl) -> str | None:
    """The first `contradiction` note `about` a clause each rule cites, or None."""
    cited = ({n.value for n in iter_names(r, "cite")} for r in (first, second))
    one, other = cited
    for note_id, note in symbols.notes.items():
        if note.kind.value != "contradiction":
            continue
        about = {
            n.value
            for f in note.fields
            if isinstance(f, ast.NamesField) and f.key == "about"
            for n in f.names
        }
        if about & one and about & other:
            return note_id
    return None


def check_item_types(ctx: Context) -> None:
    """Check each responsibility's `type` and the items it binds."""
    symbols = ctx.symbols
    for rule in symbols.rules_of("responsibility"):
        statement = bound_type(rule)
        if statement is None:
            continue
        if statement.name.value not in symbols.types:
            ctx.unknown(
                "PL215",
                "ticket type",
                statement.name,
                symbols.types,
                'declare it with `type ID "Label"`',
            )
        elif not any(True for _ in iter_items(rule)):
            ctx.error(
                "PL542",
                f"responsibility `{rule.name.value}` names type `{statement.name.value}` but "
                "lists no items",
                statement.span,
                f"`type` binds the items a rule lists; for a condition write `when type == "
                f"{statement.name.value}`",
            )
    for item_id, listings in item_listings(symbols).items():
        first = listings[0]
        for later in listings[1:]:
            if later.type == first.type or recording_note(symbols, first.rule, later.rule):
                continue
            ctx.error(
                "PL541",
                f"item `{item_id}` is given type `{first.type}` by `{first.rule.name.value}` "
                f"and type `{later.type}` by `{later.rule.name.value}`",
                later.item.id.span,
                "keep the item on one list, or record the contradiction in a `contradiction` "
                "note `about` a clause each list cites (requests with the item must then give "
                "`type`)",
                related=(Related(first.item.id.span, f"listed for type `{first.type}` here"),),
            )
