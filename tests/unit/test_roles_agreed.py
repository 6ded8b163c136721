"""Undecided roles give what every case agrees on (contract v2 §5), typed and in the JSON.

Each row is a request to a bundled policy whose roles depend on an absent input, and the roles
every case agrees on: (party, team) per role, team None where only the parties agree, None
where the parties differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from tests.conftest import ROOT
from tests.unit.evalfixtures import TOY_REQUEST, toy_policy

POLICIES = policylang.load(ROOT / "policies")

CASES: dict[str, tuple[dict[str, Any], dict[str, tuple[str, str | None] | None]]] = {
    # The department depends on the item; all are the provider's, received by the CS department.
    "itc-without-an-item": (
        {"policy": "itc", "opened_at": "2026-03-06T10:00:00+07:00", "kind": "question"},
        {
            "responsible": ("provider", None),
            "performer": ("provider", None),
            "receiver": ("provider", "CS department"),
        },
    ),
    # Who fixes a problem depends on its origin: provider, customer, vendor, third party.
    "bpmsoft-without-an-origin": (
        {"policy": "bpmsoft_care", "opened_at": "2026-03-04T10:00:00+03:00", "priority": "low"},
        {"responsible": None, "performer": None, "receiver": None},
    ),
}


@pytest.mark.parametrize(("request_fields", "agreed"), CASES.values(), ids=CASES)
def test_undecided_roles_give_what_every_case_agrees_on(
    request_fields: dict[str, Any], agreed: dict[str, tuple[str, str | None] | None]
) -> None:
    decision = POLICIES.evaluate({**request_fields, "ask": ["roles"]})
    document = decision.to_json("full")["roles"]  # teams are facts: detail=full
    assert document["state"] == decision.roles.state == "depends"
    assert document["cases"], "an undecided answer lists its cases"
    for role, expected in agreed.items():
        typed = getattr(decision.roles, role)
        assert (None if typed is None else (typed.party, typed.team)) == expected
        shown = document[role]
        assert (None if shown is None else (shown["party"], shown["team"])) == expected


def test_a_decided_answer_is_the_rule_s_roles() -> None:
    """Sending the input decides: the rule's own roles, teams included."""
    decision = POLICIES.evaluate(
        {
            "policy": "itc",
            "opened_at": "2026-03-06T10:00:00+07:00",
            "kind": "question",
            "item": "usage_instructions",
            "ask": ["roles"],
        }
    )
    assert decision.roles.state == "decided"
    assert decision.roles.performer is not None
    assert decision.roles.performer.team == "Business Department"


def test_no_role_is_agreed_when_no_rule_may_apply(tmp_path: Path) -> None:
    """Found by review: one responsibility (`when vip`) and no `otherwise`: without `vip`, the
    roles may be the rule's or no rule's, so none is agreed, and the cases say both."""
    (tmp_path / "toy.policy").write_text(
        toy_policy().replace(
            "responsibility otherwise {\n  party provider\n  team \"Desk\"\n}",
            'responsibility vips {\n  when vip\n  party provider\n  team "Desk"\n}',
        ).replace("input vip: bool default false", "input vip: bool optional"),
        encoding="utf-8",
    )
    policies = policylang.load(tmp_path)
    decision = policies.evaluate({**TOY_REQUEST, "ask": ["roles"]})
    for detail in ("compact", "full"):
        roles = decision.to_json(detail)["roles"]
        assert roles["state"] == "depends"
        assert (roles["responsible"], roles["performer"]) == (None, None)
        assert [case["rule"] for case in roles["cases"]] == ["vips", None]
    assert decision.roles.responsible is None and decision.roles.performer is None
