"""Responsibility overlaps (PL601): one item assigned to two parties, or to two teams.

An item listed by two responsibility rules is allowed (sources do it), and the evaluator sends a
request about it to the first rule in file order. It is an overlap when the two rules name
different handlers (different roles: another party or team responsible, performing, receiving,
assisting or consulted) *and* some
request about the item satisfies both: rules whose conditions exclude each other split the item
between situations, which is not a conflict. The finding shows such a request, preferably one
the first of the two rules actually decides.
"""

from __future__ import annotations

from typing import Any

from policylang.compiler.roles import handler_outcome
from policylang.lang import ast
from policylang.lang.diagnostics import Related
from policylang.lang.traversal import iter_items
from policylang.model.outcomes import HandlerOutcome, Role
from policylang.tools.lint.context import LintContext, Subject, note_text
from policylang.tools.lint.search import Truncated
from policylang.tools.lint.space import Conjunction, LintRule, Test

__all__ = ["check_overlaps", "co_hold", "describe_handler", "handler", "item_node", "listings"]

_BUDGET = 500_000


def handler(decl: ast.RuleDecl) -> HandlerOutcome:
    """The roles a responsibility names (two rules with equal roles are the same handler)."""
    return handler_outcome(decl.body)


def _role_words(role: Role) -> str:
    text = f"the {role.party.replace('_', ' ')}"
    return f'{text}, team "{role.team}"' if role.team else text


def describe_handler(decl: ast.RuleDecl) -> str:
    """``the provider, team "Clever Ideas" (`provider_ucontact`)``; ``the customer, performed by
    the provider (`customer_ucontact`)`` when another party works the request."""
    roles = handler(decl)
    text = _role_words(roles.responsible)
    if roles.performer != roles.responsible:
        text += f", performed by {_role_words(roles.performer)}"
    return f"{text} (`{decl.name.value}`)"


def item_node(decl: ast.RuleDecl, item_id: str) -> ast.Item | None:
    """Where a responsibility lists an item (nested items included)."""
    return next((item for item in iter_items(decl) if item.id.value == item_id), None)


def listings(rules: list[LintRule]) -> dict[str, list[LintRule]]:
    """For each item listed by more than one responsibility: those rules, in file order."""
    by_item: dict[str, list[LintRule]] = {}
    for rule in rules:
        for item_id in sorted(rule.items):
            by_item.setdefault(item_id, []).append(rule)
    return {item_id: found for item_id, found in by_item.items() if len(found) > 1}


def co_hold(
    ctx: LintContext, rules: list[LintRule], first: LintRule, second: LintRule, item_id: str
) -> tuple[dict[str, Any], bool] | None:
    """A complete request about ``item_id`` that both rules apply to, or None if there is none.

    The flag says whether an earlier rule takes every such request (the overlap then never
    decides anything, but the source still assigns the item twice).
    """
    both = Conjunction((first, second))
    fixed = {"item": item_id}
    earlier: list[Test] = list(rules[: first.position])
    try:
        for tests, preempted in (([*earlier, both], False), ([both], True)):
            search = ctx.search([tests], complete=True, budget=ctx.budget(_BUDGET), fixed=fixed)
            for leaf in search.leaves():
                if leaf.winners[0] == len(tests) - 1:
                    return leaf.snapshot(), preempted
    except Truncated:
        ctx.truncated(f"whether item `{item_id}` has two handlers", second.decl.name.span)
    return None


def _shared_notes(
    ctx: LintContext, first: ast.RuleDecl, second: ast.RuleDecl, item_id: str
) -> list[str]:
    def notes(decl: ast.RuleDecl) -> list[str]:
        return [
            n.value
            for s in decl.body
            if isinstance(s, ast.NamesField) and s.key == "note"
            for n in s.names
        ]

    other = set(notes(second))
    shared = [
        n
        for n in notes(first)
        if n in other and n in ctx.notes and ctx.notes[n].kind.value == "contradiction"
    ]
    # Both rules may carry several such notes (one per shared item): name the one about this item.
    naming = [n for n in shared if f"`{item_id}`" in note_text(ctx.notes[n])]
    return naming or shared


def check_overlaps(ctx: LintContext) -> None:
    """Report items that two different handlers are responsible for."""
    rules = ctx.lists.get("responsibility", [])
    for item_id, found in listings(rules).items():
        for index, first in enumerate(found):
            for second in found[index + 1 :]:
                if handler(first.decl) == handler(second.decl):
                    continue  # the same handler twice: a duplicate, see duplicates.py
                shared = co_hold(ctx, rules, first, second, item_id)
                if shared is not None:
                    example, preempted = shared
                    _report(ctx, item_id, first, second, example=example, preempted=preempted)


def _report(
    ctx: LintContext,
    item_id: str,
    first: LintRule,
    second: LintRule,
    *,
    example: dict[str, Any],
    preempted: bool,
) -> None:
    node = item_node(second.decl, item_id)
    earlier = item_node(first.decl, item_id)
    assert node is not None and earlier is not None
    label = f' ("{node.label.value}")' if node.label else ""
    message = (
        f"item `{item_id}`{label} is assigned to two handlers: {describe_handler(first.decl)} "
        f"and {describe_handler(second.decl)}"
    )
    if preempted:
        help_text = "an earlier rule takes every request about it, so neither list decides it"
    else:
        help_text = f"a request about it goes to `{first.name}`, the first in file order"
    notes = _shared_notes(ctx, first.decl, second.decl, item_id)
    if notes:
        help_text += "; the policy records the conflict in note " + ", ".join(
            f"`{n}`" for n in notes
        )
    else:
        help_text += (
            "; if the source really assigns it to both, record which reading the policy "
            "follows in a `contradiction` note"
        )
    ctx.report(
        "PL601",
        message,
        node.id.span,
        help_text,
        subject=Subject("item", item_id),
        related=(
            Related(earlier.id.span, f"also listed here, for {describe_handler(first.decl)}"),
        ),
        related_subjects=(Subject.of(first.decl), Subject.of(second.decl)),
        counterexample=ctx.space.request(example),
    )
