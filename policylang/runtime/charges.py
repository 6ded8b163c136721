"""Charges as lines: what a request owes, one line per charge rule that holds.

Semantics, stated once (docs/evaluation.md, "Charges"):

* Every charge rule whose condition holds contributes a line; a rule whose condition depends on
  an input the request left out is *possible* (listed with its ``when``).
* A line whose rule ``replaces`` other rules drops their lines (and their possible lines).
* ``otherwise`` contributes only when no other rule does: a line when no other rule holds or may
  hold, a possible line when others may.
* ``billable`` is True when some line is a fee; False when every line and possible line is
  ``included`` and some line surely comes; None when only a possible line would make it a fee,
  or when no rule states anything (``lines`` empty).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from policylang.model.outcomes import ChargeOutcome
from policylang.model.rules import Rule

__all__ = ["ChargeLine", "Charges", "charge_lines", "merge_charges"]


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One line of what a request owes: the rule that states it, and (possible lines) when."""

    rule: Rule[ChargeOutcome]
    #: For a possible line: when it would apply, as policy text; None for a line that applies.
    when: str | None = None

    @property
    def outcome(self) -> ChargeOutcome:
        """The rule's compiled charge."""
        return self.rule.outcome

    @property
    def fee(self) -> str:
        """``per_request``, ``per_hour``, ``fixed``, ``unspecified`` or ``included``."""
        return self.outcome.fee

    @property
    def rate(self) -> Decimal | None:
        """The exact amount, or None when the policy does not state it."""
        return self.outcome.rate

    @property
    def currency(self) -> str | None:
        """The rate's ISO 4217 code."""
        return self.outcome.currency

    @property
    def clauses(self) -> tuple[str, ...]:
        """Ids of the clauses the rule cites."""
        return tuple(c.id for c in self.rule.source.clauses)

    def to_json(self) -> dict[str, Any]:
        """The v2 ``charge_line`` (or ``possible_line``, with ``when``): amounts as strings."""
        outcome = self.outcome
        out: dict[str, Any] = {} if self.when is None else {"when": self.when}
        out.update(
            rule=self.rule.name,
            fee=outcome.fee,
            rate=None if outcome.rate is None else str(outcome.rate),
            currency=outcome.currency,
            basis=outcome.basis,
            reason=outcome.reason,
            clauses=list(self.clauses),
        )
        return out


@dataclass(frozen=True, slots=True)
class Charges:
    """The charge lines of one request, the possible ones, and ``billable`` derived from them."""

    billable: bool | None
    lines: tuple[ChargeLine, ...]
    possible: tuple[ChargeLine, ...] = ()
    depends_on: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The v2 ``charges`` part."""
        return {
            "billable": self.billable,
            "lines": [line.to_json() for line in self.lines],
            "possible": [line.to_json() for line in self.possible],
            "depends_on": list(self.depends_on),
        }


def charge_lines(rules: tuple[Rule[ChargeOutcome], ...], values: Mapping[str, Any]) -> Charges:
    """The lines ``rules`` (a policy's charge rules, in file order) give a request's values."""
    holding: list[Rule[ChargeOutcome]] = []
    possible: list[Rule[ChargeOutcome]] = []
    fallback = None
    for rule in rules:
        if rule.name == "otherwise":
            fallback = rule
            continue
        verdict = rule.verdict(values)
        if verdict is True:
            holding.append(rule)
        elif verdict is None:
            possible.append(rule)
    dropped = {name for rule in holding for name in rule.outcome.replaces}
    lines = [ChargeLine(rule) for rule in holding if rule.name not in dropped]
    possible = [rule for rule in possible if rule.name not in dropped]
    maybe = [ChargeLine(rule, rule.when) for rule in possible]
    # Only the rules still possible wait for inputs: a replaced rule's inputs change nothing.
    depends = dict.fromkeys(name for rule in possible for name in rule.missing_inputs(values))
    if fallback is not None and not lines:
        if maybe:
            maybe.append(ChargeLine(fallback, "otherwise"))
        else:
            lines.append(ChargeLine(fallback))
    return Charges(_billable(lines, maybe), tuple(lines), tuple(maybe), tuple(depends))


def _billable(lines: list[ChargeLine], possible: list[ChargeLine]) -> bool | None:
    if any(line.fee != "included" for line in lines):
        return True
    if any(line.fee != "included" for line in possible):
        return None
    # Every line that may come is `included`: not billable, if some line surely comes (a line
    # that holds, or `otherwise` waiting for the others); else the policy may state nothing.
    stated = bool(lines) or any(line.when == "otherwise" for line in possible)
    return False if stated else None


def merge_charges(answers: Sequence[tuple[Mapping[str, str], Charges]]) -> Charges:
    """The charges of a request answered for several candidate types or priorities
    (runtime/candidates.py): the lines every candidate has, the others possible under their
    candidate's values, ``billable`` where all agree."""
    first = answers[0][1]
    common = [line for line in first.lines if all(line in c.lines for _, c in answers)]
    possible: list[ChargeLine] = []
    depends: dict[str, None] = dict.fromkeys(answers[0][0])
    for fixed, charges in answers:
        text = " and ".join(f"{name} == {value}" for name, value in fixed.items())
        depends.update(dict.fromkeys(charges.depends_on))
        possible.extend(ChargeLine(line.rule, text) for line in charges.lines if line not in common)
        possible.extend(ChargeLine(p.rule, f"{text} and ({p.when})") for p in charges.possible)
    billable = {c.billable for _, c in answers}
    return Charges(
        billable.pop() if len(billable) == 1 else None,
        tuple(common),
        tuple(possible),
        tuple(depends),
    )
