"""Shadowed and unreachable rules (PL621), and conditions that can never hold (PL622).

A rule of an ordered list is unreachable when, for every request for which its condition holds,
an earlier rule of the same list applies: the evaluator never gets to it. Requests that leave
optional inputs out count too, since the evaluator then still reaches the rule as the last case
of an answer that depends on them. For each unreachable rule the earlier rules that take its
requests are found by one more search: over "earlier rule and this rule" for each earlier rule,
in order, the first that holds is the one the evaluator picks.

The SLA has two lists, response and resolution; a rule stating both is reported once when neither
target is ever used. Charges, obligations, refusals and lifecycle rules are not first-match (each
applies on its own), so for them only a condition that no request satisfies is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policylang.lang import ast
from policylang.lang.diagnostics import Related, Severity
from policylang.model.inputs import MISSING, OPENED_DATE, OPENED_TS
from policylang.tools.lint.context import FIRST_MATCH, LintContext, Subject
from policylang.tools.lint.search import Truncated
from policylang.tools.lint.space import Conjunction, LintRule, Test, when_of

__all__ = ["check_shadowing"]

#: Work one "who takes this rule's requests" search may do.
_TAKERS_BUDGET = 500_000
#: Earlier rules a finding points at before it says "and N more".
_SHOWN = 5
#: Earlier rules a search looks for before it stops: past a handful, the list helps nobody.
_ENOUGH = 20


def check_shadowing(ctx: LintContext) -> None:
    """Report rules no request reaches, with the earlier rules that take their requests."""
    found: dict[int, dict[str, tuple[list[LintRule], dict[str, Any] | None]]] = {}
    decls: dict[int, ast.RuleDecl] = {}
    # Charge rules add up (each that holds contributes a line): none shadows another.
    for kind in (k for k in FIRST_MATCH if k != "charge"):
        for rule, takers in _unreached(ctx, kind):
            found.setdefault(id(rule.decl), {})[kind] = takers
            decls[id(rule.decl)] = rule.decl
    for key, by_kind in found.items():
        _report(ctx, decls[key], by_kind)
    for kind in ("charge", "obligation", "refusal", "lifecycle"):
        for rule in ctx.lists.get(kind, []):
            if rule.condition is not None and _never_holds(ctx, rule):
                _report_never(ctx, rule.decl)


def _unreached(
    ctx: LintContext, kind: str
) -> Iterator[tuple[LintRule, tuple[list[LintRule], dict[str, Any] | None]]]:
    """The rules of a first-match list no request reaches, each with the rules that take its
    requests; nothing when the list's search ran out of budget."""
    rules = ctx.lists.get(kind, [])
    if not rules:
        return
    outcome = ctx.outcome(kind)
    if outcome.truncated:
        return
    for rule in rules:
        if rule.position in outcome.reached:
            continue
        takers = _takers(ctx, rules, rule)
        if takers is not None:
            yield rule, takers


def _compatible(a: Test, b: Test) -> bool:
    """False when the two cannot hold together by their supports alone."""
    return all(allowed & b.support[n] for n, allowed in a.support.items() if n in b.support)


def _takers(
    ctx: LintContext, rules: list[LintRule], rule: LintRule
) -> tuple[list[LintRule], dict[str, Any] | None] | None:
    """The earlier rules that apply where ``rule`` holds, and one such request.

    None when the search ran out of budget.
    """
    earlier = [r for r in rules[: rule.position] if _compatible(r, rule)]
    # The rule first in each conjunction: its inputs are split first, and outside its region
    # every conjunction is false at once.
    tests: list[Test] = [Conjunction((rule, r)) for r in earlier]
    tests.append(rule)
    takers: dict[int, None] = {}
    example: dict[str, Any] | None = None
    # Only which earlier rules win matters, not every region they win: once found, a rule is
    # no longer interesting, and branches with nothing interesting left are cut short.
    interesting = set(range(len(earlier)))
    search = ctx.search(
        [tests],
        complete=False,
        budget=ctx.budget(_TAKERS_BUDGET),
        interesting=interesting,
        require=rule,
    )
    try:
        for leaf in search.leaves():
            winner = leaf.winners[0]
            if winner is None or winner == len(earlier):
                continue  # the rule itself would win here: the main search says it cannot
            takers.setdefault(winner)
            interesting.discard(winner)
            if len(takers) >= _ENOUGH:
                break
            reads = set(rule.reads) | set(earlier[winner].reads)
            if example is None or (
                not all(n in example for n in reads) and all(n in leaf.values for n in reads)
            ):
                example = leaf.snapshot()
    except Truncated:
        ctx.truncated(f"who takes the requests of {rule.label}", rule.decl.name.span)
        return None
    return [earlier[i] for i in sorted(takers)], example


def _witness(ctx: LintContext, rule: LintRule) -> bool:
    """Try one request made of values the rule allows: most conditions that can hold, do."""
    space = ctx.space
    values: dict[str, Any] = {
        OPENED_TS: space.opened[0],
        OPENED_DATE: space.local_date(space.opened[0]),
    }
    for name in rule.reads:
        target = "type" if name == "category" else name
        allowed = rule.support.get(target)
        steps = space.branches(target, values, set(values), complete=True)
        step = next((s for s in steps if allowed is None or s[0][1] in allowed), None)
        if step is None:
            return False
        values.update((n, v) for n, v in step if v is not MISSING)
    return rule.verdict(values) is True


def _report(
    ctx: LintContext,
    decl: ast.RuleDecl,
    by_kind: dict[str, tuple[list[LintRule], dict[str, Any] | None]],
) -> None:
    takers: dict[int, LintRule] = {}
    example: dict[str, Any] | None = None
    for rules, found in by_kind.values():
        for rule in rules:
            takers.setdefault(id(rule.decl), rule)
        example = example or found
    if not takers:
        _report_never(ctx, decl)
        return
    label = f"{decl.keyword} `{decl.name.value}`"
    states = [s for s in decl.body if isinstance(s, ast.Target)]
    if isinstance(decl, ast.SlaDecl) and len(by_kind) < len(states):
        kind = next(iter(by_kind)).removeprefix("sla-")
        subject = f"the {kind} target of {label} is never used"
    elif decl.name.value == "otherwise":
        subject = f"{label} is never reached"
    else:
        subject = f"{label} can never apply"
    names = [f"`{r.name}`" for r in takers.values()]
    if len(names) == 1:
        why = f"the earlier rule {names[0]} applies to every request it covers"
    else:
        least = "at least " if len(names) >= _ENOUGH else ""
        shown = ", ".join(names[:_SHOWN]) + (
            f" and {least}{len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
        )
        why = f"earlier rules ({shown}) apply to every request it covers"
    if decl.name.value == "otherwise":
        why = "the rules before it cover every request"
    related = [
        Related(r.decl.name.span, "takes its requests first")
        for r in list(takers.values())[:_SHOWN]
    ]
    ctx.report(
        "PL621",
        f"{subject}: {why}",
        decl.name.span,
        "rules are tried in file order and the first that applies decides; remove this rule, "
        "or move it before the rule that takes its requests if it was meant to apply first",
        subject=Subject.of(decl),
        related=related,
        related_subjects=[Subject.of(r.decl) for r in takers.values()],
        counterexample=ctx.space.request(example) if example is not None else None,
    )


def _never_holds(ctx: LintContext, rule: LintRule) -> bool:
    if _witness(ctx, rule):
        return False
    search = ctx.search([[rule]], complete=False, budget=ctx.budget(_TAKERS_BUDGET))
    try:
        for leaf in search.leaves():
            if leaf.winners[0] is not None:
                return False
    except Truncated:
        ctx.truncated(f"whether the condition of {rule.label} can hold", rule.decl.name.span)
        return False
    return True


def _report_never(ctx: LintContext, decl: ast.RuleDecl) -> None:
    when = when_of(decl)
    ctx.report(
        "PL622",
        f"the condition of {decl.keyword} `{decl.name.value}` can never hold",
        when.span if when is not None else decl.name.span,
        "no request satisfies it (an input compared with two values at once, a list that "
        "excludes every value...); fix the condition or remove the rule",
        subject=Subject.of(decl),
        severity=Severity.WARNING,
    )
