"""Charge lines that disagree (PL602): a fee and an `included` line for one request.

Charge rules add up, so two charge rules that hold together are not a conflict in themselves
(a channel fee and a fix fee are both owed). A fee and an `included` line together about the
same matter are another: the request is charged and free at once for one thing. It is a finding
when some request gets both, the two rules formalise a clause in common (or one cites none), and
neither `replaces` the other; the finding shows such a request. Lines from different clauses
are different services priced apart, and are not reported.
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.diagnostics import Related
from policylang.lang.traversal import iter_names
from policylang.tools.lint.context import LintContext, Subject
from policylang.tools.lint.search import Truncated
from policylang.tools.lint.space import Conjunction, LintRule

__all__ = ["check_charges"]

_BUDGET = 500_000


def _fee(decl: ast.RuleDecl) -> str | None:
    return next((s.kind.value for s in decl.body if isinstance(s, ast.Fee)), None)


def _replaces(decl: ast.RuleDecl) -> set[str]:
    return {n.value for n in iter_names(decl, "replaces")}


def _cited(decl: ast.RuleDecl) -> set[str]:
    return {n.value for n in iter_names(decl, "cite")}


def _same_matter(fee: ast.RuleDecl, included: ast.RuleDecl) -> bool:
    """Whether two lines may price one thing: they formalise a clause in common, or one cites
    nothing (then nothing says they are about different things). Lines from different clauses
    are different services the source prices apart (BPMSoft's channel fee beside a fix the
    Services include): both are owed."""
    fee_cites, included_cites = _cited(fee), _cited(included)
    return not fee_cites or not included_cites or bool(fee_cites & included_cites)


def check_charges(ctx: LintContext) -> None:
    """Report each fee line and `included` line about one matter that one request gets
    together, neither replacing the other."""
    rules = [r for r in ctx.lists.get("charge", []) if r.name != "otherwise"]
    fees = [r for r in rules if _fee(r.decl) not in (None, "included")]
    free = [r for r in rules if _fee(r.decl) == "included"]
    for fee in fees:
        for included in free:
            if included.name in _replaces(fee.decl) or fee.name in _replaces(included.decl):
                continue
            if not _same_matter(fee.decl, included.decl):
                continue
            _check_pair(ctx, fee, included)


def _check_pair(ctx: LintContext, fee: LintRule, included: LintRule) -> None:
    both = Conjunction((fee, included))
    try:
        search = ctx.search([[both]], complete=True, budget=ctx.budget(_BUDGET))
        example = next((leaf.snapshot() for leaf in search.leaves() if leaf.winners[0] == 0), None)
    except Truncated:
        ctx.truncated(
            f"whether charges `{fee.name}` and `{included.name}` hold together",
            fee.decl.name.span,
        )
        return
    if example is None:
        return
    first, second = sorted((fee, included), key=lambda r: r.position)
    ctx.report(
        "PL602",
        f"a request can owe the fee of `{fee.name}` and get `{included.name}` included",
        second.decl.name.span,
        f"if the fee is owed instead, write `replaces {included.name}` in `{fee.name}` (or the "
        "other way round); if both are owed, narrow a condition or say why in a note",
        subject=Subject.of(second.decl),
        related=(Related(first.decl.name.span, f"`{first.name}` holds for it too"),),
        related_subjects=(Subject.of(first.decl),),
        counterexample=ctx.space.request(example),
    )
