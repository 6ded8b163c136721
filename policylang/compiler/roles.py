"""A responsibility's roles, from its statements: the shorthand `party`/`team` or the roles;
and the ticket type its `type` statement binds its items to.

`party X` + `team "T"` stand for `responsible X "T"` and `performer X "T"`. Where a block names
only one of those two roles, the other is the same party and team: unless the source says that
someone else does the work (or that the work is someone else's duty), whoever is responsible
performs. The checker has made sure a block uses the shorthand or the roles, never both.
"""

from __future__ import annotations

from collections.abc import Iterable

from policylang.lang import ast
from policylang.lang.analysis.items import bound_type, item_listings, recording_note
from policylang.lang.analysis.symbols import Symbols
from policylang.model.items import ItemList, ItemTypes
from policylang.model.outcomes import HandlerOutcome, Role

__all__ = ["handler_outcome", "item_types", "with_bound_type"]


def handler_outcome(body: Iterable[ast.Node]) -> HandlerOutcome:
    """The roles (and the action) a responsibility's statements give."""
    party: str | None = None
    team: str | None = None
    action: str | None = None
    named: dict[str, Role] = {}
    assists: list[Role] = []
    consulted: list[Role] = []
    for statement in body:
        if isinstance(statement, ast.PartyField):
            party = statement.party.value
        elif isinstance(statement, ast.TextField) and statement.key == "team":
            team = statement.text.value
        elif isinstance(statement, ast.TextField) and statement.key == "action":
            action = statement.text.value
        elif isinstance(statement, ast.RoleField):
            role = Role(
                statement.party.value, statement.team.value if statement.team else None
            )
            if statement.key == "assists":
                assists.append(role)
            elif statement.key == "consulted":
                consulted.append(role)
            else:
                named.setdefault(statement.key, role)
    shorthand = Role(party or "provider", team)
    responsible = named.get("responsible") or named.get("performer") or shorthand
    performer = named.get("performer") or responsible
    return HandlerOutcome(
        responsible,
        performer,
        action,
        receiver=named.get("receiver"),
        assists=tuple(assists),
        consulted=tuple(consulted),
    )


def with_bound_type(rule: ast.RuleDecl) -> tuple[ast.Node, ...]:
    """A responsibility's statements, its `type X` read as the condition `type == X` (joined
    with its own `when` by `and`): the list is about requests of that type only, so a request
    giving the other type of an item two lists share reaches the list of its type."""
    statement = bound_type(rule)
    if statement is None:
        return rule.body
    span = statement.span
    test = ast.Comparison(
        ast.Reference(ast.Name("type", span=span), span=span),
        "==",
        ast.Reference(ast.Name(statement.name.value, span=span), span=span),
        span=span,
    )
    when = next((s for s in rule.body if isinstance(s, ast.When)), None)
    condition: ast.Condition = (
        test if when is None else ast.And((test, when.condition), span=when.span)
    )
    rest = tuple(s for s in rule.body if not isinstance(s, ast.When))
    return (ast.When(condition, span=span), *rest)


def item_types(symbols: Symbols) -> dict[str, ItemTypes]:
    """For each item a typed responsibility list holds: the lists, and the contradiction note
    about two of them that give it different types (the checker made sure there is one)."""
    out: dict[str, ItemTypes] = {}
    for item_id, listings in item_listings(symbols).items():
        lists = tuple(
            ItemList(x.rule.name.value, x.rule.title.value if x.rule.title else None, x.type)
            for x in listings
        )
        note = next(
            (
                found
                for x in listings[1:]
                if x.type != listings[0].type
                and (found := recording_note(symbols, listings[0].rule, x.rule)) is not None
            ),
            None,
        )
        out[item_id] = ItemTypes(lists, note)
    return out
