"""Charges as lines: what a request owes, one line per charge rule that holds.

Semantics, stated once (docs/evaluation.md, "Charges"):

* Every charge rule whose condition holds contributes a line; a rule whose condition depends on
  an input the request left out is *possible* (listed with its ``when``).
* A line whose rule ``replaces`` other rules drops their lines (and their possible lines).
* ``otherwise`` contributes only when no other rule does: a line when no other rule holds or may
  hold, a possible line when others may.
* A line's rate is its rule's own; else the rate the customer layer the request names fixes for
  that rule (with the unit, for a ``fee unspecified`` rule, the customer's contract states); else
  ``null``, "amount not stated".
* ``billable`` is True when some line is a fee; False when every line and possible line is
  ``included`` and some line surely comes; None when only a possible line would make it a fee,
  or when no rule states anything (``lines`` empty).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from policylang.model.customers import CustomerRate
from policylang.model.outcomes import ChargeOutcome
from policylang.model.rules import Rule

__all__ = ["ChargeLine", "Charges", "charge_lines", "merge_charges"]


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One line of what a request owes: the rule that states it, and (possible lines) when."""

    rule: Rule[ChargeOutcome]
    #: For a possible line: when it would apply, as policy text; None for a line that applies.
    when: str | None = None
    #: The rate the request's customer layer fixes for the rule (which states none), if any.
    customer_rate: CustomerRate | None = None

    @property
    def outcome(self) -> ChargeOutcome:
        """The rule's compiled charge."""
        return self.rule.outcome

    @property
    def fee(self) -> str:
        """``per_request``, ``per_hour``, ``fixed``, ``unspecified`` or ``included`` (the unit the
        customer's contract states, for a ``fee unspecified`` rule it prices)."""
        if self.customer_rate is not None and self.customer_rate.fee is not None:
            return self.customer_rate.fee
        return self.outcome.fee

    @property
    def rate(self) -> Decimal | None:
        """The exact amount, or None when neither the policy nor the customer layer states it."""
        if self.customer_rate is not None:
            return self.customer_rate.rate
        return self.outcome.rate

    @property
    def currency(self) -> str | None:
        """The rate's ISO 4217 code."""
        if self.customer_rate is not None:
            return self.customer_rate.currency
        return self.outcome.currency

    def priced(self, static: dict[str, Any]) -> dict[str, Any]:
        """``static``, the JSON of the rule's line (shared by every request), with the customer
        layer's rate when it fixes one: the common line is not copied."""
        if self.customer_rate is None:
            return static
        rate = self.customer_rate
        return {**static, "fee": self.fee, "rate": str(rate.rate), "currency": rate.currency}

    @property
    def clauses(self) -> tuple[str, ...]:
        """Ids of the clauses the rule cites."""
        return tuple(c.id for c in self.rule.source.clauses)

    def to_json(self) -> dict[str, Any]:
        """The v2 ``charge_line`` (or ``possible_line``, with ``when``): amounts as strings."""
        outcome = self.outcome
        out: dict[str, Any] = {} if self.when is None else {"when": self.when}
        rate = self.rate
        out.update(
            rule=self.rule.name,
            fee=self.fee,
            rate=None if rate is None else str(rate),
            currency=self.currency,
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


def charge_lines(
    rules: tuple[Rule[ChargeOutcome], ...],
    values: Mapping[str, Any],
    rates: Mapping[str, CustomerRate] | None = None,
) -> Charges:
    """The lines ``rules`` (a policy's charge rules, in file order) give a request's values;
    ``rates``: the request's customer layer's, by rule name."""
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
    if rates:  # a customer's rates: only then are the lines not the rules' own
        lines = [replace(line, customer_rate=rates.get(line.rule.name)) for line in lines]
        maybe = [replace(line, customer_rate=rates.get(line.rule.name)) for line in maybe]
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
        possible.extend(replace(line, when=text) for line in charges.lines if line not in common)
        possible.extend(replace(p, when=f"{text} and ({p.when})") for p in charges.possible)
    billable = {c.billable for _, c in answers}
    return Charges(
        billable.pop() if len(billable) == 1 else None,
        tuple(common),
        tuple(possible),
        tuple(depends),
    )
