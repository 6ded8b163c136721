"""The one verdict of a rule: for a request (`rule_verdict`) and for what is known of one so far
(`verdict_when_known`, asked by the rule index and the checker)."""

from __future__ import annotations

from typing import Any

import pytest

from policylang.model.inputs import MISSING
from policylang.model.rules import Condition, rule_verdict, verdict_when_known


def _equals(name: str, value: str) -> Condition:
    def test(values: Any) -> bool | None:
        found = values.get(name, MISSING)
        return None if found is MISSING else found == value

    return Condition(test, frozenset({name}), f"{name} == {value}")


BUG = _equals("type", "bug")
NONE: frozenset[str] = frozenset()
FORMS = frozenset({"forms"})

#: (id, condition, items, product, values, rule_verdict, verdict_when_known)
CASES: list[tuple[str, Condition | None, frozenset[str], str | None, dict[str, Any], Any, Any]] = [
    ("no-condition", None, NONE, None, {}, True, True),
    ("condition-holds", BUG, NONE, None, {"type": "bug"}, True, True),
    ("condition-fails", BUG, NONE, None, {"type": "task"}, False, False),
    ("condition-unknown", BUG, NONE, None, {}, None, None),
    # A request without `product` reaches a rule about one; not knowing the product yet, the
    # rule depends on which product the request will name.
    ("product-absent-or-unknown", None, NONE, "crm", {}, True, None),
    ("product-named", None, NONE, "crm", {"product": "crm"}, True, True),
    ("product-other", None, NONE, "crm", {"product": "erp"}, False, False),
    ("product-rule-failing-condition", BUG, NONE, "crm", {"type": "task"}, False, False),
    ("items-unknown", None, FORMS, None, {}, None, None),
    ("item-listed", None, FORMS, None, {"item": "forms"}, True, True),
    ("item-not-listed", None, FORMS, None, {"item": "mail"}, False, False),
    ("items-rule-failing-condition", BUG, FORMS, None, {"type": "task"}, False, False),
]


@pytest.mark.parametrize(
    ("condition", "items", "product", "values", "for_request", "when_known"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_verdicts(
    condition: Condition | None,
    items: frozenset[str],
    product: str | None,
    values: dict[str, Any],
    for_request: bool | None,
    when_known: bool | None,
) -> None:
    assert rule_verdict(condition, items, product, values) is for_request
    assert verdict_when_known(condition, items, product, values) is when_known
