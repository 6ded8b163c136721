"""Pass `charges`: a rate only beside a fee, in a currency in use, `replaces` names other charge
rules without a cycle, and `billable yes|no` (retired) is named with its replacement.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal, InvalidOperation

# Babel is read by the checker only (lang/): answering a request never loads it.
from babel.core import get_global
from babel.numbers import UnknownCurrencyError, get_currency_name, get_territory_currencies

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.diagnostics import Related
from policylang.lang.traversal import iter_names
from policylang.text.suggestions import did_you_mean

__all__ = ["check_charges", "check_currency", "check_rate_amount", "currency_codes"]


@functools.cache
def currency_codes() -> frozenset[str]:
    """The ISO 4217 codes legal tender somewhere today (CLDR's data, as Babel ships it)."""
    today = dt.date.today()
    return frozenset(
        code
        for territory in get_global("territory_currencies")
        for code in get_territory_currencies(territory, today, tender=True)
    )


def _currency_hint(code: str) -> str:
    suggestion = did_you_mean(code.upper(), currency_codes())
    if suggestion is not None:
        return suggestion
    try:
        name = get_currency_name(code.upper(), locale="en")
    except UnknownCurrencyError:  # pragma: no cover - Babel names unknown codes by themselves
        name = code
    if name != code.upper():
        return f"`{code.upper()}` ({name}) is no longer in use; write the current code"
    return "write an ISO 4217 code such as `RUB`, `USD`, `EUR`, `VND` or `MXN`"


def check_charges(ctx: Context) -> None:
    """Check every charge rule's fee, rate and `replaces`."""
    rules = ctx.symbols.rules_of("charge")
    for rule in rules:
        _check_billable(ctx, rule)
        _check_rate(ctx, rule)
    _check_replaces(ctx, rules)


def _check_billable(ctx: Context, rule: ast.RuleDecl) -> None:
    for statement in rule.body:
        if isinstance(statement, ast.BillableField):
            replacement = (
                "`fee per request`, `fee per hour`, `fee fixed` or `fee unspecified` (the source "
                "charges without saying per what)"
                if statement.value.value == "yes"
                else "`included`"
            )
            ctx.error(
                "PL530",
                f"`billable {statement.value.value}` is gone: a charge rule states its fee",
                statement.span,
                f"write {replacement}",
            )


def _check_rate(ctx: Context, rule: ast.RuleDecl) -> None:
    fee = next((s for s in rule.body if isinstance(s, ast.Fee)), None)
    for rate in (s for s in rule.body if isinstance(s, ast.Rate)):
        if fee is not None and fee.kind.value == "included":
            ctx.error(
                "PL531",
                f"charge `{rule.name.value}` is `included`; it has no rate",
                rate.span,
                "remove the rate, or state the fee (`fee per hour`...)",
                related=(Related(fee.span, "included here"),),
            )
        check_rate_amount(ctx, rate.amount, "rate 1500.00 RUB")
        check_currency(ctx, rate.currency)


def check_rate_amount(ctx: Context, amount: ast.NumberLiteral, example: str) -> None:
    """A rate's amount is a positive exact decimal (a free line is `included`, not a zero fee)."""
    try:
        value = Decimal(amount.text)
    except InvalidOperation:  # the grammar's NUMBER is always a decimal; kept for safety
        value = Decimal(0)
    if value <= 0:
        ctx.error(
            "PL531",
            f"rate `{amount.text}` is not an amount",
            amount.span,
            f"write a positive amount, e.g. `{example}`",
        )


def check_currency(ctx: Context, code: ast.Name) -> None:
    """A rate's currency is an ISO 4217 code legal tender today."""
    if code.value not in currency_codes():
        hint = _currency_hint(code.value)
        ctx.error("PL532", f"unknown currency `{code.value}`", code.span, hint)


def _replaces(rule: ast.RuleDecl) -> list[ast.Name]:
    return list(iter_names(rule, "replaces"))


def _check_replaces(ctx: Context, rules: list[ast.RuleDecl]) -> None:
    names = {rule.name.value: rule for rule in rules}
    graph: dict[str, list[str]] = {}
    for rule in rules:
        targets = []
        for name in _replaces(rule):
            if name.value == rule.name.value:
                ctx.error(
                    "PL533",
                    f"charge `{rule.name.value}` replaces itself",
                    name.span,
                    "name the other charge rules whose lines this one drops",
                )
            elif name.value not in names:
                ctx.unknown(
                    "PL209",
                    "charge rule",
                    name,
                    [n for n in names if n != rule.name.value],
                    "`replaces` names charge rules of this policy",
                )
            else:
                targets.append(name.value)
        graph[rule.name.value] = targets
    for cycle in _cycles(graph):
        first = names[cycle[0]]
        ctx.error(
            "PL533",
            "charge rules replace each other in a cycle: " + " → ".join([*cycle, cycle[0]]),
            next(n for n in _replaces(first) if n.value == cycle[1 % len(cycle)]).span,
            "a line can only be dropped by a rule it does not drop; remove one `replaces`",
            related=tuple(Related(names[n].name.span, f"`{n}` is in the cycle") for n in cycle[1:]),
        )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the `replaces` graph once (from its first rule in file order)."""
    found: list[list[str]] = []
    seen_members: set[str] = set()
    for start in graph:
        if start in seen_members:
            continue
        # Depth-first from `start`, bounded by the number of rules on the path.
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for target in graph.get(node, []):
                if target == start:
                    found.append(path)
                    seen_members.update(path)
                elif target not in path and target not in seen_members:
                    stack.append((target, [*path, target]))
            if start in seen_members:
                break
    return found
