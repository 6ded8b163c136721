"""Compiled rules: conditions as predicates, the ordered rule lists and their per-(type, priority)
index, what a selection of them decides, the lifecycle, obligation, refusal and pause rules,
and :func:`rule_verdict`, the one definition of whether a rule applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from policylang.model.inputs import MISSING
from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.sources import Source

__all__ = [
    "MEMO_LIMIT",
    "Case",
    "Condition",
    "LifecycleRule",
    "ObligationRule",
    "Outcome",
    "PauseRule",
    "Predicate",
    "RefusalRule",
    "Rule",
    "RuleIndex",
    "Selection",
    "rule_verdict",
    "verdict_when_known",
]


#: How many selections one rule index memoizes at most (its inputs' domains are finite, but a
#: policy with many enum inputs could still have a large product of them).
MEMO_LIMIT = 4096

#: What an ordered rule decides: an SLA target, a handler or a charge.
Outcome = HandlerOutcome | TargetSpec | ChargeOutcome
#: The outcome of one list's rules: a rule list, its selections and cases carry one kind.
O_co = TypeVar("O_co", bound=Outcome, covariant=True)

#: A compiled condition: True or False, or None when an absent optional input decides it.
Predicate = Callable[[Mapping[str, Any]], "bool | None"]


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled ``when``: the predicate, the inputs it reads, and its source text."""

    test: Predicate
    inputs: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class Rule(Generic[O_co]):
    """An ordered rule: its name, condition, extra matching keys, outcome and source.

    ``Rule[TargetSpec]`` for SLA targets, ``Rule[HandlerOutcome]`` for responsibilities,
    ``Rule[ChargeOutcome]`` for charges."""

    kind: str  # responsibility | sla-response | sla-resolution | charge
    name: str
    condition: Condition | None
    outcome: O_co
    source: Source
    notes: tuple[str, ...]
    items: frozenset[str] = frozenset()  # responsibility: the items it lists
    product: str | None = None  # responsibility: the product it is about
    title: str | None = None
    #: The notes an answer resting on this rule relies on: the rule's own, and those about the
    #: clauses it cites (precomputed, in the policy's note order).
    note_ids: tuple[str, ...] = ()

    @property
    def when(self) -> str:
        """When the rule applies, as policy text: its condition and the items it lists."""
        parts = [self.condition.text] if self.condition is not None else []
        if self.items:
            parts.append("item in [" + ", ".join(sorted(self.items)) + "]")
        return " and ".join(parts) or "otherwise"

    def missing_inputs(self, values: Mapping[str, Any]) -> list[str]:
        """The inputs the rule reads that ``values`` leaves out, sorted (what it depends on)."""
        names = set(self.condition.inputs) if self.condition is not None else set()
        if self.items:
            names.add("item")
        return sorted(n for n in names if values.get(n, MISSING) is MISSING)

    def verdict(self, values: Mapping[str, Any]) -> bool | None:
        """Whether the rule applies to these values (:func:`rule_verdict`)."""
        return rule_verdict(self.condition, self.items, self.product, values)


def rule_verdict(
    condition: Condition | None,
    items: frozenset[str],
    product: str | None,
    values: Mapping[str, Any],
) -> bool | None:
    """Whether a rule applies to these input values: True, False, or None (it depends).

    The one definition of "applies", used by the evaluator and by the linter alike.
    """
    verdict: bool | None = True if condition is None else condition.test(values)
    if verdict is False:
        return False
    # The product first: a rule about another product cannot apply, whatever the item.
    if product is not None:
        requested = values.get("product", MISSING)
        if requested is not MISSING and requested != product:
            return False
    if items:
        item = values.get("item", MISSING)
        if item is MISSING:
            return None
        if item not in items:
            return False
    return verdict


def verdict_when_known(
    condition: Condition | None,
    items: frozenset[str],
    product: str | None,
    known: Mapping[str, Any],
) -> bool | None:
    """Whether a rule applies to every request with the ``known`` values, whatever its other
    inputs: True, False, or None (it depends on inputs not known yet).

    :func:`rule_verdict` reads an input missing from ``values`` as absent from the request, and
    a request without ``product`` may reach a rule about one; here a missing input is merely not
    known yet, so a rule about a product or listing items depends on which the request names.
    The rule index (per type and priority) and the checker (PL505, per type) ask this.
    """
    if (items and "item" not in known) or (product is not None and "product" not in known):
        return False if rule_verdict(condition, frozenset(), None, known) is False else None
    return rule_verdict(condition, items, product, known)


@dataclass(frozen=True, slots=True)
class Case(Generic[O_co]):
    """One possible outcome of an undecided selection: the rule, and when it would apply."""

    rule: Rule[O_co]
    #: When the rule would apply, as policy text (``otherwise``: if no earlier case does).
    when: str


@dataclass(frozen=True, slots=True)
class Selection(Generic[O_co]):
    """Which rule of an ordered list applies: decided (``rule``) or not yet (``cases``)."""

    rule: Rule[O_co] | None
    cases: tuple[Case[O_co], ...] = ()
    depends_on: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        """True when one rule (or no rule at all) applies whatever the missing inputs are."""
        return not self.cases

    @property
    def rules(self) -> tuple[Rule[O_co], ...]:
        """The rules this selection rests on: the one that applies, or every case's."""
        if self.rule is not None:
            return (self.rule,)
        return tuple(c.rule for c in self.cases)


@dataclass(frozen=True, slots=True)
class RuleIndex(Generic[O_co]):
    """The rules of one kind, pre-filtered per (type, priority).

    ``static`` holds the answer when it is decided by type and priority alone (the first rule
    that can apply surely applies); otherwise ``candidates`` lists the rules to try in order.

    When every input the rules read has a finite domain (enums, booleans), the selection is a
    pure function of those inputs' values (``memoizable``): the evaluator may cache it, keyed by
    the values of ``reads`` (MISSING included), in at most ``MEMO_LIMIT`` entries. The cache is
    the evaluator's (`policylang.runtime.evaluator.SelectionMemo`), not the model's: a compiled
    policy stays immutable.
    """

    candidates: Mapping[tuple[str | None, str | None], tuple[Rule[O_co], ...]]
    static: Mapping[tuple[str | None, str | None], Selection[O_co]]
    all_rules: tuple[Rule[O_co], ...]
    reads: tuple[str, ...] = ()
    memoizable: bool = False

    def rules_for(self, type_id: str | None, priority: str | None) -> tuple[Rule[O_co], ...]:
        """The rules worth trying for a request of this type and priority, in order."""
        found = self.candidates.get((type_id, priority))
        return self.all_rules if found is None else found


@dataclass(frozen=True, slots=True)
class LifecycleRule:
    """A compiled lifecycle rule (its deadlines are computed from ticket events)."""

    kind: str
    name: str
    title: str | None
    condition: Condition | None
    party: str | None
    timing: str | None  # after | within
    target: TargetSpec | None  # the duration, as a target (clock and calendar included)
    event: str | None
    position: str  # first | last
    requires: tuple[int, str] | None
    description: str | None
    source: Source
    notes: tuple[str, ...]
    #: ``then confirmed``: what the rule's expiry does to the request (the decision's
    #: ``on_expiry``: confirmed, cancelled, closed, accepted or lapsed), None when unstated.
    on_expiry: str | None = None


@dataclass(frozen=True, slots=True)
class ObligationRule:
    """A duty for people the decision reports."""

    name: str
    title: str | None
    condition: Condition | None
    party: str | None
    description: str
    source: Source
    notes: tuple[str, ...]
    #: ``during CAL``: the calendar whose hours the duty is done in (a service window).
    window: str | None = None


@dataclass(frozen=True, slots=True)
class RefusalRule:
    """A ground on which the provider may refuse a request."""

    name: str
    title: str | None
    condition: Condition | None
    reason: str
    source: Source
    notes: tuple[str, ...]
    #: ``lifts resolution``: the SLA targets this ground lifts when it holds (state ``lifted``).
    lifts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PauseRule:
    """SLA clocks that stop from one ticket event until another."""

    name: str
    title: str | None
    condition: Condition | None
    clocks: tuple[str, ...]  # response, resolution
    start_event: str
    end_event: str
    source: Source
    notes: tuple[str, ...]
