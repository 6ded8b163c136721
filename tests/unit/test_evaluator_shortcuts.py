"""The evaluator's shortcuts (static index, memo) never change an answer.

`evaluate(trace=True)` searches every rule list in full, bypassing the per-(type, priority)
index and the memo; for any request, the fast path must select exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylang
from policylang.errors import RequestError
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import Selection
from tests.conftest import ROOT
from tests.unit.evalfixtures import toy_policy

POLICIES = policylang.load(ROOT / "policies")


def _value(draw: st.DrawFn, spec: Any) -> Any:
    if spec.kind == "enum":
        return draw(st.sampled_from(spec.values))
    if spec.kind == "bool":
        return draw(st.booleans())
    if spec.kind == "number":
        return draw(st.integers(0, 100))
    if spec.kind == "date":
        return draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))).isoformat()
    if spec.kind == "datetime":
        return "2026-06-01T10:00:00+00:00"
    return draw(st.text(max_size=5))


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    policy_id = draw(st.sampled_from(POLICIES.ids))
    policy: CompiledPolicy = POLICIES.latest(policy_id)
    opened = draw(
        st.datetimes(
            dt.datetime(2026, 11, 23), dt.datetime(2027, 12, 31), timezones=st.just(dt.UTC)
        )
    )
    request: dict[str, Any] = {"policy": policy_id, "opened_at": opened.isoformat()}
    for name, spec in policy.sendable.items():
        # Required inputs always; optional ones sometimes, so undecided answers are covered.
        if name in policy.required or draw(st.booleans()):
            request[name] = _value(draw, spec)
    return request


def _names(selection: Selection) -> tuple[Any, ...]:
    return (
        selection.rule.name if selection.rule else None,
        tuple((c.rule.name, c.when) for c in selection.cases),
        selection.depends_on,
    )


@settings(max_examples=400, deadline=None)
@given(requests())
def test_fast_path_agrees_with_full_search(request: dict[str, Any]) -> None:
    try:
        fast = POLICIES.evaluate(request)
    except RequestError:  # a type the item's list contradicts: both paths reject it
        with pytest.raises(RequestError):
            POLICIES.evaluate(request, trace=True)
        return
    full = POLICIES.evaluate(request, trace=True)
    assert [_names(s) for s in fast.selections] == [_names(s) for s in full.selections]
    assert (fast.response.due_ts, fast.resolution.due_ts) == (
        full.response.due_ts,
        full.resolution.due_ts,
    )


#: `hours since X` reads the opening instant as well as X: requests alike in X but opened at
#: different times must not share a memoized verdict (refusal grounds, lifecycle, obligations,
#: and the ordered rules). Opened -> whether the ground `late` (5 hours after the deadline) holds.
HOURS_SINCE = {
    "one-hour-after": ("2026-03-06T11:00:00+03:00", False),
    "ten-hours-after": ("2026-03-06T20:00:00+03:00", True),
    "one-hour-after-again": ("2026-03-06T11:00:00+03:00", False),
}


def test_hours_since_is_not_memoized_across_openings(tmp_path: Path) -> None:
    text = toy_policy().replace(
        "refusal vip_only {",
        'refusal late {\n  when hours since deadline >= 5\n  reason "Too late."\n}\n\n'
        "refusal vip_only {",
    )
    (tmp_path / "toy.policy").write_text(text, encoding="utf-8")
    policies = policylang.load(tmp_path)
    # One policy set, in order: the memo filled by the first request is what the next ones meet.
    for opened, holds in HOURS_SINCE.values():
        request = {
            "policy": "toy",
            "opened_at": opened,
            "priority": "urgent",
            "deadline": "2026-03-06T10:00:00+03:00",
            "ask": ["refusal"],
        }
        grounds = policies.evaluate(request).to_json()["refusal"]["grounds"]
        assert ("late" in [g["rule"] for g in grounds]) is holds, opened
