"""``then C`` on a lifecycle rule: what its expiry does to the request (``on_expiry``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import policylang
from tests.unit.evalfixtures import toy_policy

RULES = [
    # id, the rule's statements, its on_expiry
    ("confirmed", "after 24 hours around the clock from completion_requested\n  then confirmed", "confirmed"),
    ("cancelled", "after 24 hours around the clock from first contact_failed\n  then cancelled", "cancelled"),
    ("accepted", "within 7 calendar days from resolved\n  then accepted", "accepted"),
    ("lapsed", "within 2 business days on office from clarification_requested\n  then lapsed", "lapsed"),
    ("closed", "within 7 calendar days from opened\n  then closed", "closed"),
    ("unstated", "within 7 calendar days from opened", None),
]  # fmt: skip


@pytest.mark.parametrize(("body", "on_expiry"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_the_consequence_is_in_the_model(tmp_path: Path, body: str, on_expiry: str | None) -> None:
    text = toy_policy() + f"\nlifecycle auto_confirm rule {{\n  {body}\n}}\n"
    (tmp_path / "toy.policy").write_text(text, encoding="utf-8")
    (rule,) = policylang.load(tmp_path).latest("toy").lifecycle
    assert rule.on_expiry == on_expiry
