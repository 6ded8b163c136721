"""Gaps: requests that no rule of an ordered list covers (PL611, PL612, PL613).

A gap is a region of *complete* requests for which every rule of the list is false: the evaluator
answers "no rule" there. A request that leaves out an optional input a rule needs is not a gap
(the evaluator answers "depends on X" and lists the cases); an SLA rule saying ``no commitment``
is an answer, not a gap; a list ending in ``otherwise`` has none.

A policy with no charge rules (or no responsibility rules) at all is silent on the matter rather
than incomplete, so only lists that exist are searched; the SLA is different: a policy that gives
resolution targets but never a response target has left every request without one.
"""

from __future__ import annotations

from typing import Any

from policylang.lang.diagnostics import Related
from policylang.model.inputs import MISSING
from policylang.text.english import plural
from policylang.tools.lint.context import LintContext, Subject, describe_region
from policylang.tools.lint.space import LintRule

__all__ = ["check_gaps"]

_CODES = {
    "sla-response": "PL611",
    "sla-resolution": "PL611",
    "responsibility": "PL612",
    "charge": "PL613",
}
_WHAT = {
    "sla-response": "no response target",
    "sla-resolution": "no resolution target",
    "responsibility": "no handler (no responsibility rule applies)",
    "charge": "no charge outcome (no charge rule applies)",
}
_HELP = {
    "sla-response": "add an `sla` rule with a `response` target for them (`response no "
    "commitment` counts when the source promises no time), or an `sla otherwise`",
    "sla-resolution": "add an `sla` rule with a `resolution` target for them (`resolution no "
    "commitment` counts when the source promises no time), or an `sla otherwise`",
    "responsibility": "add a responsibility rule for them, or a `responsibility otherwise`",
    "charge": "add a charge rule for them, or a `charge otherwise`",
}


def check_gaps(ctx: LintContext) -> None:
    """Report, for each ordered list, requests that no rule of it covers (showing one)."""
    for kind, code in _CODES.items():
        rules = ctx.lists.get(kind, [])
        if not rules:
            _empty_sla(ctx, kind)
            continue
        outcome = ctx.outcome(kind)
        if not outcome.gaps:
            continue
        reads = _reads(rules)
        region = _pick(outcome.gaps, reads)
        example = _complete(ctx, region, reads)
        described = describe_region(region, reads, ctx.space)
        more = outcome.gap_count - 1
        message = f"{_WHAT[kind]} for requests with {described}"
        if more > 0:
            message += f" (and {plural(more, 'more such region')})"
        related = []
        subjects = []
        type_id = region.get("type")
        if "type" in reads and isinstance(type_id, str):
            decl = ctx.checked.symbols.types.get(type_id)
            if decl is not None:
                related.append(Related(decl.id.span, f"ticket type `{type_id}`"))
                subjects.append(Subject("type", type_id))
        last = rules[-1]
        ctx.report(
            code,
            message,
            last.decl.name.span,
            _HELP[kind],
            subject=Subject.of(last.decl),
            related=related,
            related_subjects=subjects,
            counterexample=ctx.space.request(example),
        )


def _empty_sla(ctx: LintContext, kind: str) -> None:
    if not kind.startswith("sla-"):
        return
    other = ctx.lists.get("sla-resolution" if kind == "sla-response" else "sla-response", [])
    if not other:
        return
    first = other[0]
    target = kind.removeprefix("sla-")
    ctx.report(
        "PL611",
        f"no SLA rule states a {target} target, so no request has one",
        first.decl.name.span,
        _HELP[kind],
        subject=Subject("policy", ctx.policy.id),
        counterexample=ctx.space.request({}),
    )


def _reads(rules: list[LintRule]) -> list[str]:
    names: dict[str, None] = {}
    for rule in rules:
        names.update(dict.fromkeys("type" if n == "category" else n for n in rule.reads))
    return list(names)


def _pick(regions: list[dict[str, Any]], reads: list[str]) -> dict[str, Any]:
    """The first region that sets every input the list reads (the clearest example)."""
    for region in regions:
        if all(region.get(name) is not MISSING for name in reads):
            return region
    return regions[0]


def _complete(ctx: LintContext, region: dict[str, Any], reads: list[str]) -> dict[str, Any]:
    """Give the inputs the region leaves absent a value: the request stays a gap.

    Every rule was false with them absent, and a false three-valued verdict stays false whatever
    an absent input turns out to be.
    """
    values = {n: v for n, v in region.items() if v is not MISSING}
    for name in reads:
        if region.get(name) is not MISSING:
            continue  # set to a value, or never needed in this region
        for step in ctx.space.branches(name, values, set(values), complete=True):
            values.update(step)
            break
    return values
