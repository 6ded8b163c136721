"""The seeds are in the repository, and every clause a bundled policy quotes is in its seed.

Each policy names its seed (`source "seeds/…"`, relative to the policy file); the five seeds
live in `policies/seeds/`, so the check runs on any clone and the bundled package carries them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policylang
from tests.conftest import ROOT

POLICY_SET = policylang.load(ROOT / "policies")


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("policy_id", POLICY_SET.ids)
def test_every_quoted_clause_is_verbatim_in_the_seed(policy_id: str) -> None:
    policy = POLICY_SET.latest(policy_id)
    assert policy.source_document is not None, f"{policy_id} names no seed"
    seed_path = Path(policy.path).parent / policy.source_document
    seed_path = seed_path if seed_path.is_absolute() else ROOT / seed_path
    assert seed_path.parent == ROOT / "policies" / "seeds", seed_path
    seed = _normalised(seed_path.read_text(encoding="utf-8"))
    missing = [c.id for c in policy.clauses.values() if _normalised(c.text) not in seed]
    assert policy.clauses and not missing, f"not in {seed_path.name}: {missing}"


def test_every_seed_is_some_policy_s_source() -> None:
    named = {Path(POLICY_SET.latest(pid).source_document or "").name for pid in POLICY_SET.ids}
    assert named == {p.name for p in (ROOT / "policies" / "seeds").glob("*.txt")}
