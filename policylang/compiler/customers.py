"""Compile the checked customers of ``*.customers`` files into :class:`Customer` records.

A customer with calendar layers is answered by its own compiled variant of each version of its
policy (the policy compiled with the layers over its calendars): the evaluator's path and the
requests of every other customer stay exactly as they are. Variants are shared by layer
content, so a thousand customers with the same ``holidays ES subdivision "MD"`` cost one
compile per version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from policylang.calendar import CalendarLayer
from policylang.compiler.calendars import calendar_layer
from policylang.compiler.policy import compile_file
from policylang.lang.analysis.customers import CheckedCustomer
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.predicates import literal_value
from policylang.lang.printer import format_operand
from policylang.model.customers import Customer, CustomerRate
from policylang.model.policy import CompiledPolicy

__all__ = ["compile_customers", "compile_variants"]


def compile_customers(
    customers: Iterable[CheckedCustomer], latest: Mapping[str, CompiledPolicy]
) -> dict[str, dict[str, Customer]]:
    """Policy id -> customer id -> customer; each fact normalized by the input of the latest
    version of its policy (the checker accepted it, and each rate, for every version). The
    customers' calendar layers are compiled; their variants are `compile_variants`'s."""
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
            {
                # Named by its calendar, not its customer: equal layers are equal objects, so
                # customers sharing one share the variant.
                c.calendar.value: calendar_layer(
                    f"{c.calendar.value} (customer layer)", c.body, holidays_close_only=True
                )
                for c in checked.calendars
            },
        )
    return out


def compile_variants(
    customers: Mapping[str, Mapping[str, Customer]],
    files: Sequence[CheckedFile],
    policies: Sequence[CompiledPolicy],
) -> dict[str, dict[str, Customer]]:
    """``customers`` with, for each one that layers calendars, every version of its policy
    compiled on its layers (``files[i]`` compiled is ``policies[i]``), each distinct layer
    content compiled once per version."""
    by_policy: dict[str, list[tuple[CheckedFile, CompiledPolicy]]] = {}
    for checked, policy in zip(files, policies, strict=True):
        by_policy.setdefault(policy.id, []).append((checked, policy))
    compiled: dict[tuple[str, tuple[tuple[str, CalendarLayer], ...]], dict[str, CompiledPolicy]]
    compiled = {}
    out: dict[str, dict[str, Customer]] = {}
    for policy_id, layer in customers.items():
        out[policy_id] = dict(layer)
        for customer_id, customer in layer.items():
            if not customer.calendars:
                continue
            key = (policy_id, tuple(sorted(customer.calendars.items())))
            variants = compiled.get(key)
            if variants is None:
                variants = compiled[key] = {
                    policy.version: compile_file(checked, calendar_layers=customer.calendars)
                    for checked, policy in by_policy[policy_id]
                }
            out[policy_id][customer_id] = dataclasses.replace(customer, variants=variants)
    return out
