"""Compile the checked customers of ``*.customers`` files into :class:`Customer` records.

A customer with calendar layers is answered by its own compiled variant of each version of its
policy (the policy compiled with the layers over its calendars): the evaluator's path and the
requests of every other customer stay exactly as they are. The policy set compiles a variant on
the first request that needs it (`variant_compiler` is what it calls, runtime/variants.py keeps
them), shared by layer content: a thousand customers with the same ``holidays ES subdivision
"MD"`` cost one compile per version asked.
"""

from __future__ import annotations

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
from policylang.runtime.variants import VariantCompiler

__all__ = ["compile_customers", "variant_compiler"]


def compile_customers(
    customers: Iterable[CheckedCustomer], latest: Mapping[str, CompiledPolicy]
) -> dict[str, dict[str, Customer]]:
    """Policy id -> customer id -> customer; each fact normalized by the input of the latest
    version of its policy (the checker accepted it, and each rate, for every version). The
    customers' calendar layers are compiled; their variants are compiled when asked."""
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
                # An empty block (`calendar office {}`) changes nothing: no layer, so no
                # variant to compile for it, and the customer's requests keep the policy itself.
                if c.body
            },
        )
    return out


def variant_compiler(
    files: Sequence[CheckedFile], policies: Sequence[CompiledPolicy]
) -> VariantCompiler:
    """What compiles a version of a policy on a customer's calendar layers, for the policy set
    to call on a customer's first request (``files[i]`` compiled is ``policies[i]``). It keeps
    the checked files alive, not their compiled variants: the set's cache holds those."""
    checked_by_version = {
        (policy.id, policy.version): checked
        for checked, policy in zip(files, policies, strict=True)
    }

    def compile_variant(
        policy: CompiledPolicy, layers: Mapping[str, CalendarLayer]
    ) -> CompiledPolicy:
        return compile_file(checked_by_version[policy.id, policy.version], calendar_layers=layers)

    return compile_variant
