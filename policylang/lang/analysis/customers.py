"""Customer layers: check the ``customer`` declarations of ``*.customers`` files.

A customer names one policy (``policy ID``) and fixes some of its inputs (``set INPUT = VALUE``).
Each fact is checked against every loaded version of that policy, with the checks an input
default gets (the value's kind, an enum name with a close match); an unknown policy or input gets
a "did you mean", a customer id used twice points at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policylang.lang import ast
from policylang.lang.analysis.conditions import check_value
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.symbols import InputInfo, Symbols
from policylang.lang.diagnostics import Diagnostic, Related

__all__ = ["CUSTOMERS_SUFFIX", "CheckedCustomer", "check_customers", "settable"]

#: How a customers file is named; beside the policies, loaded with them.
CUSTOMERS_SUFFIX = ".customers"


@dataclass(frozen=True, slots=True)
class CheckedCustomer:
    """A customer declaration whose policy and facts were checked."""

    decl: ast.CustomerDecl
    #: The id of the policy whose inputs the facts fill.
    policy: str
    facts: tuple[ast.CustomerSet, ...]


def settable(symbols: Symbols) -> dict[str, InputInfo]:
    """The inputs a customer may fix: those a request could send (not ``opened_at``, not
    derived ones such as ``category``)."""
    return {
        name: info
        for name, info in symbols.inputs.items()
        if not info.derived and info.origin != "builtin"
    }


def check_customers(
    files: Sequence[ast.PolicyFile], policies: Sequence[CheckedFile]
) -> tuple[list[CheckedCustomer], list[Diagnostic]]:
    """Check the customers ``files`` against the checked ``policies`` loaded with them."""
    versions: dict[str, list[Symbols]] = {}
    for checked in policies:
        if checked.symbols.header is not None:
            versions.setdefault(checked.symbols.header.id.value, []).append(checked.symbols)
    found: list[CheckedCustomer] = []
    problems: dict[tuple[str, str, object], Diagnostic] = {}
    first: dict[str, ast.CustomerDecl] = {}
    for customers_file in files:
        ctx = Context(customers_file, Symbols())
        for decl in customers_file.declarations:
            if not isinstance(decl, ast.CustomerDecl):
                ctx.error(
                    "PL517",
                    "a customers file holds only `customer` declarations",
                    decl.span,
                    "put policy declarations in a `.policy` file",
                )
                continue
            earlier = first.setdefault(decl.id.value, decl)
            if earlier is not decl:
                ctx.error(
                    "PL218",
                    f"customer `{decl.id.value}` is declared twice",
                    decl.id.span,
                    "give each customer its own id",
                    related=(Related(earlier.span, "first declared here"),),
                )
                _customer(ctx, decl, versions)  # its own problems too, so one fix is not enough
                continue
            customer = _customer(ctx, decl, versions)
            if customer is not None:
                found.append(customer)
        for diagnostic in ctx.diagnostics:  # one report per fact, however many versions
            problems.setdefault((diagnostic.code, diagnostic.message, diagnostic.span), diagnostic)
    return found, list(problems.values())


def _customer(
    ctx: Context, decl: ast.CustomerDecl, versions: dict[str, list[Symbols]]
) -> CheckedCustomer | None:
    named = [f for f in decl.body if isinstance(f, ast.CustomerPolicy)]
    facts = tuple([f for f in decl.body if isinstance(f, ast.CustomerSet)])
    if not named:
        ctx.error(
            "PL517",
            f"customer `{decl.id.value}` names no policy",
            decl.id.span,
            "say whose inputs its facts fill: `policy clever_ideas`",
        )
        return None
    for extra in named[1:]:
        ctx.error(
            "PL517",
            "a customer names one policy; this is the second",
            extra.span,
            "declare one customer per policy, each with its own id",
        )
    policy = named[0].id
    if policy.value not in versions:
        ctx.unknown(
            "PL216", "policy", policy, sorted(versions), "load the policy with its customers"
        )
        return None
    seen: dict[str, ast.CustomerSet] = {}
    for fact in facts:
        name = fact.input.value
        if name in seen:
            ctx.error(
                "PL517",
                f"`{name}` is set twice",
                fact.input.span,
                "a customer fixes each input once",
                related=(Related(seen[name].span, "first set here"),),
            )
            continue
        seen[name] = fact
        for symbols in versions[policy.value]:
            inputs = settable(symbols)
            info = inputs.get(name)
            if info is None:
                ctx.unknown(
                    "PL217",
                    "input",
                    fact.input,
                    inputs,
                    f"a customer sets inputs of policy `{policy.value}` a request could send",
                )
            else:
                check_value(Context(ctx.file, symbols, ctx.diagnostics), info, fact.value)
    return CheckedCustomer(decl, policy.value, facts)
