"""The index of an ordered rule list: its rules pre-filtered per (ticket type, priority), and
whether its selections can be memoized."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from policylang.model.inputs import InputSpec, TypeInfo
from policylang.model.rules import Outcome, Rule, RuleIndex, Selection, verdict_when_known

OutcomeT = TypeVar("OutcomeT", bound=Outcome)

__all__ = ["INDEX_LIMIT", "index_rules"]

#: The most work a rule index is precomputed with: (type, priority) pairs times rules, each a
#: condition test. A million is about a second; the seeds need a few thousand (8 x 6 pairs,
#: twenty-odd rules).
INDEX_LIMIT = 1_000_000


def index_rules(
    rules: Sequence[Rule[OutcomeT]],
    types: Mapping[str, TypeInfo],
    priorities: Iterable[str],
    inputs: Mapping[str, InputSpec],
) -> RuleIndex[OutcomeT]:
    """Pre-filter ``rules`` for every (type, priority) a request can have (``priorities`` in
    declaration order; ``inputs`` tell which inputs have finite domains).

    Only while that costs at most `INDEX_LIMIT` condition tests: the work and the memory
    grow with types x priorities x rules, and a policy beyond the bound (thousands of each)
    is answered by searching all its rules, as the index's lookups fall back to.
    """
    type_keys: list[str | None] = [*types, None]
    priority_keys: list[str | None] = [*priorities, None]
    candidates: dict[tuple[str | None, str | None], tuple[Rule[OutcomeT], ...]] = {}
    static: dict[tuple[str | None, str | None], Selection[OutcomeT]] = {}
    if len(type_keys) * len(priority_keys) * len(rules) > INDEX_LIMIT:
        type_keys = priority_keys = []
    for type_id in type_keys:
        for priority in priority_keys:
            known: dict[str, Any] = {}
            if type_id is not None:
                known["type"] = type_id
                category = types[type_id].category
                if category is not None:
                    known["category"] = category
            if priority is not None:
                known["priority"] = priority
            kept: list[Rule[OutcomeT]] = []
            first_verdict: bool | None = None
            for rule in rules:
                verdict = verdict_when_known(rule.condition, rule.items, rule.product, known)
                if verdict is False:
                    continue
                if not kept:
                    first_verdict = verdict
                kept.append(rule)
                if verdict is True:
                    break  # nothing after a rule that surely applies can matter
            key = (type_id, priority)
            candidates[key] = tuple(kept)
            if first_verdict is True:
                static[key] = Selection(kept[0])
    reads = {"type", "priority"}
    for rule in rules:
        if rule.condition is not None:
            reads |= rule.condition.inputs
        if rule.items:
            reads.add("item")
        if rule.product is not None:
            reads.add("product")
    finite = all(
        name in ("type", "priority", "item", "product") or inputs[name].kind in ("enum", "bool")
        for name in reads
    )
    return RuleIndex(candidates, static, tuple(rules), tuple(sorted(reads)), memoizable=finite)
