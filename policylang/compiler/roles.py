"""A responsibility's roles, from its statements: the shorthand `party`/`team` or the roles.

`party X` + `team "T"` stand for `responsible X "T"` and `performer X "T"`. Where a block names
only one of those two roles, the other is the same party and team: unless the source says that
someone else does the work (or that the work is someone else's duty), whoever is responsible
performs. The checker has made sure a block uses the shorthand or the roles, never both.
"""

from __future__ import annotations

from collections.abc import Iterable

from policylang.lang import ast
from policylang.model.outcomes import HandlerOutcome, Role

__all__ = ["handler_outcome"]


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
