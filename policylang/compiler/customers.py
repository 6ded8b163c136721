"""Compile the checked customers of ``*.customers`` files into :class:`Customer` records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from policylang.lang.analysis.customers import CheckedCustomer
from policylang.lang.analysis.predicates import literal_value
from policylang.lang.printer import format_operand
from policylang.model.customers import Customer, CustomerRate
from policylang.model.policy import CompiledPolicy

__all__ = ["compile_customers"]


def compile_customers(
    customers: Iterable[CheckedCustomer], latest: Mapping[str, CompiledPolicy]
) -> dict[str, dict[str, Customer]]:
    """Policy id -> customer id -> customer; each fact normalized by the input of the latest
    version of its policy (the checker accepted it, and each rate, for every version)."""
    out: dict[str, dict[str, Customer]] = {}
    for checked in customers:
        inputs = latest[checked.policy].inputs
        decl = checked.decl
        out.setdefault(checked.policy, {})[decl.id.value] = Customer(
            decl.id.value,
            None if decl.title is None else decl.title.value,
            checked.policy,
            {f.input.value: literal_value(inputs[f.input.value], f.value) for f in checked.facts},
            {f.input.value: format_operand(f.value) for f in checked.facts},
            {
                r.rule.value: CustomerRate(
                    Decimal(r.amount.text),
                    r.currency.value,
                    None if r.unit is None else r.unit.value,
                )
                for r in checked.rates
            },
        )
    return out

