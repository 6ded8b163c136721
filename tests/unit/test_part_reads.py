"""Which inputs each part of a decision reads (`CompiledPolicy.part_reads`): what "required when
reached" asks of the model (issue 16 point 21: Clever Ideas' go_live is needed for charges, not
to say who handles an item or what the SLA is)."""

from __future__ import annotations

import pytest

import policylang
from tests.conftest import ROOT

POLICIES = policylang.load(ROOT / "policies")

FACTS = [
    # id, policy, part, input, read?
    ("clever-go-live-charges", "clever_ideas", "charges", "go_live", True),
    ("clever-go-live-not-roles", "clever_ideas", "roles", "go_live", False),
    ("clever-go-live-not-sla", "clever_ideas", "sla", "go_live", False),
    ("clever-items-decide-roles", "clever_ideas", "roles", "item", True),
    ("bpm-origin-roles", "bpmsoft_care", "roles", "origin", True),
    ("bpm-origin-not-sla", "bpmsoft_care", "sla", "origin", False),
    ("bpm-authorized-refusal", "bpmsoft_care", "refusal", "from_authorized_person", True),
    ("bpm-priority-indexes-sla", "bpmsoft_care", "sla", "priority", True),
    ("bemo-decision-sla", "bemo_cloud", "sla", "feature_decision", True),
    ("bemo-decision-not-charges", "bemo_cloud", "charges", "feature_decision", False),
    ("itc-staff-guide-window-by-item", "itc", "sla", "item", True),
]


@pytest.mark.parametrize(
    ("policy", "part", "name", "read"), [f[1:] for f in FACTS], ids=[f[0] for f in FACTS]
)
def test_what_a_part_reads(policy: str, part: str, name: str, read: bool) -> None:
    assert (name in POLICIES.latest(policy).part_reads()[part]) is read


def test_every_part_is_listed() -> None:
    parts = POLICIES.latest("itc").part_reads()
    assert set(parts) == {"sla", "roles", "charges", "lifecycle", "obligations", "refusal"}
