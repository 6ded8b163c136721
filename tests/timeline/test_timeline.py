"""Ticket timelines: SLA clocks and lifecycle rules judged against events (table tests).

The policy below is built for these tests: an office open Mon-Fri 09:00-18:00 (UTC, no
holidays), so every expectation can be checked by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylang
from policylang import PolicySet, RequestError

POLICY = """
policy timeline_test {
  title "Timeline test"
  provider "Example"
  source "tests/timeline/test_timeline.py"
  language en
  version "1"
  effective 2026-01-01
  zone "UTC"
}

calendar office {
  hours mon-fri 09:00-18:00
}

priority critical "Critical"
priority low "Low"

sla critical {
  when priority == critical
  response within 1 hour on office
  resolution within 4 hours on office
}

sla low {
  when priority == low
  response within 4 hours on office
  resolution within 2 business days on office
}

pause waiting "Waiting for the customer" {
  clocks resolution
  from waiting_on_customer until customer_replied
}

lifecycle auto_confirm confirm {
  after 24 hours around the clock from completion_requested
}

lifecycle cancellation cancel {
  after 24 hours around the clock from first contact_failed
  requires 3 contact_failed
}

lifecycle reply_deadline clarification {
  within 2 business days on office from clarification_requested
}

lifecycle acceptance_window acceptance {
  within 7 calendar days from resolved
}

lifecycle processing_limit limit {
  within 7 calendar days from opened
}

lifecycle next_issue next {
  within 24 hours around the clock from previous_resolved
}

lifecycle sequential queue
"""

MONDAY = "2026-03-02"  # a Monday


def at(day_offset: int, clock: str) -> str:
    day = int(MONDAY[-2:]) + day_offset
    return f"2026-03-{day:02d}T{clock}:00+00:00"


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> PolicySet:
    path = tmp_path_factory.mktemp("timeline") / "timeline_test.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


def judge(
    policies: PolicySet, priority: str, events: list[tuple[str, str]], now: str, **extra: Any
) -> dict[str, Any]:
    request = {
        "policy": "timeline_test",
        "opened_at": at(0, "10:00"),
        "priority": priority,
        "events": [{"type": t, "at": a, **extra.get(t, {})} for t, a in events],
        "now": now,
    }
    timeline: dict[str, Any] = policies.evaluate(request).to_json()["timeline"]
    return timeline


SLA_CASES = [
    # (id, priority, events, now, clock, expected fragment)
    (
        "response met",
        "critical",
        [("responded", at(0, "10:30"))],
        at(0, "12:00"),
        "response",
        {"status": "met", "elapsed_seconds": 1800, "stopped_at": at(0, "10:30")},
    ),
    (
        "response breached at its due",
        "critical",
        [("responded", at(0, "11:30"))],
        at(0, "12:00"),
        "response",
        {"status": "breached", "breached_at": at(0, "11:00"), "ever_breached": True},
    ),
    (
        "response running",
        "critical",
        [],
        at(0, "10:20"),
        "response",
        {
            "status": "running",
            "elapsed_seconds": 1200,
            "remaining_seconds": 2400,
            "due_at": at(0, "11:00"),
        },
    ),
    (
        "response due exactly at closing is met",
        "low",
        [("responded", at(0, "14:00"))],
        at(0, "15:00"),
        "response",
        {"status": "met", "elapsed_seconds": 14400},
    ),
    (
        "business hours only: evening does not count",
        "low",
        [],
        at(0, "23:00"),
        "response",
        {"status": "breached", "breached_at": at(0, "14:00")},
    ),
    (
        "paused while waiting for the customer",
        "critical",
        [("waiting_on_customer", at(0, "11:00"))],
        at(0, "17:00"),
        "resolution",
        {
            "status": "paused",
            "elapsed_seconds": 3600,
            "remaining_seconds": 10800,
            "paused_since": at(0, "11:00"),
            "due_at": None,
        },
    ),
    (
        "a pause pushes the due time by its length",
        "critical",
        [("waiting_on_customer", at(0, "11:00")), ("customer_replied", at(0, "13:00"))],
        at(0, "13:00"),
        "resolution",
        {"status": "running", "due_at": at(0, "16:00")},
    ),
    (
        "reopened: time already counted stays counted",
        "critical",
        [("resolved", at(0, "12:00")), ("reopened", at(1, "09:00"))],
        at(1, "10:00"),
        "resolution",
        {"status": "running", "elapsed_seconds": 10800, "due_at": at(1, "11:00")},
    ),
    (
        "a breach is kept after a later resolution",
        "critical",
        [("resolved", at(0, "15:00")), ("reopened", at(1, "09:00")), ("resolved", at(1, "09:30"))],
        at(1, "12:00"),
        "resolution",
        {"status": "breached", "ever_breached": True, "breached_at": at(0, "14:00")},
    ),
    (
        "two business days as a budget",
        "low",
        [],
        at(2, "09:00"),
        "resolution",
        {"status": "running", "due_at": at(2, "10:00"), "remaining_seconds": 3600},
    ),
    (
        "raising the priority shortens the target from then on",
        "low",
        [("priority_changed", at(0, "10:30"))],
        at(0, "10:40"),
        "response",
        {"status": "running", "rule": "critical", "due_at": at(0, "11:00")},
    ),
    (
        "a target is never breached before it applies",
        "low",
        [("priority_changed", at(0, "12:00"))],
        at(0, "12:10"),
        "response",
        {"status": "breached", "breached_at": at(0, "12:00")},
    ),
    (
        "a priority change after the response changes nothing",
        "low",
        [("responded", at(0, "11:30")), ("priority_changed", at(0, "12:00"))],
        at(0, "13:00"),
        "response",
        {"status": "met", "rule": "low", "ever_breached": False},
    ),
    (
        "closed stops the clock for good",
        "critical",
        [("closed", at(0, "11:00"))],
        at(3, "12:00"),
        "resolution",
        {"status": "met", "stopped_at": at(0, "11:00"), "elapsed_seconds": 3600},
    ),
]


@pytest.mark.parametrize(
    ("priority", "events", "now", "clock", "expected"),
    [c[1:] for c in SLA_CASES],
    ids=[c[0] for c in SLA_CASES],
)
def test_sla_clock(
    policies: PolicySet,
    priority: str,
    events: list[tuple[str, str]],
    now: str,
    clock: str,
    expected: dict[str, Any],
) -> None:
    extra = {"priority_changed": {"priority": "critical"}}
    status = judge(policies, priority, events, now, **extra)["sla"][clock]
    assert {k: status[k] for k in expected} == expected


LIFECYCLE_CASES = [
    (
        "auto-confirm pending",
        [("completion_requested", at(0, "12:00"))],
        at(1, "11:00"),
        "confirm",
        {"state": "not_yet", "allowed": False, "deadline_at": at(1, "12:00")},
    ),
    (
        "auto-confirm allowed after 24 hours",
        [("completion_requested", at(0, "12:00"))],
        at(1, "12:00"),
        "confirm",
        {"state": "allowed", "allowed": True},
    ),
    (
        "a customer reply calls auto-confirm off",
        [("completion_requested", at(0, "12:00")), ("customer_replied", at(0, "13:00"))],
        at(2, "12:00"),
        "confirm",
        {"state": "called_off", "allowed": False},
    ),
    (
        "cancellation needs three failed contacts",
        [("contact_failed", at(0, "11:00")), ("contact_failed", at(0, "15:00"))],
        at(2, "12:00"),
        "cancel",
        {"state": "not_yet", "why_not": ["2 of the 3 `contact_failed` events required"]},
    ),
    (
        "cancellation allowed after 24 hours and three failures",
        [
            ("contact_failed", at(0, "11:00")),
            ("contact_failed", at(0, "15:00")),
            ("contact_failed", at(1, "09:00")),
        ],
        at(1, "11:00"),
        "cancel",
        {"state": "allowed", "allowed": True, "deadline_at": at(1, "11:00")},
    ),
    (
        "failed contacts before a reply do not count",
        [
            ("contact_failed", at(0, "11:00")),
            ("contact_failed", at(0, "12:00")),
            ("customer_replied", at(0, "13:00")),
            ("contact_failed", at(1, "09:00")),
        ],
        at(2, "12:00"),
        "cancel",
        {"state": "not_yet", "allowed": False},
    ),
    (
        "reply deadline met",
        [("clarification_requested", at(0, "11:00")), ("customer_replied", at(1, "11:00"))],
        at(3, "12:00"),
        "clarification",
        {"state": "met", "deadline_at": at(2, "11:00")},
    ),
    (
        "reply deadline missed",
        [("clarification_requested", at(0, "11:00"))],
        at(2, "11:01"),
        "clarification",
        {"state": "missed"},
    ),
    (
        "reply deadline pending",
        [("clarification_requested", at(4, "17:00"))],
        at(4, "18:00"),
        "clarification",
        {"state": "pending", "deadline_at": at(8, "17:00")},
    ),
    (
        "acceptance window open",
        [("resolved", at(0, "12:00"))],
        at(3, "12:00"),
        "acceptance",
        {"state": "pending", "deadline_at": at(7, "12:00")},
    ),
    (
        "processing limit met",
        [("resolved", at(6, "09:00"))],
        at(8, "09:00"),
        "limit",
        {"state": "met"},
    ),
    (
        "processing limit missed",
        [],
        at(7, "10:01"),
        "limit",
        {"state": "missed", "deadline_at": at(7, "10:00")},
    ),
    (
        "lifecycle not started without its event",
        [],
        at(1, "10:00"),
        "confirm",
        {"state": "not_started", "waiting_for": "completion_requested"},
    ),
    (
        "queued behind the previous request",
        [("previous_resolved", at(1, "15:00"))],
        at(1, "15:00"),
        "queue",
        {"state": "may_start", "starts_at": at(1, "15:00")},
    ),
    (
        "next issue within 24 hours of the previous",
        [("previous_resolved", at(1, "15:00")), ("responded", at(2, "09:00"))],
        at(2, "12:00"),
        "next",
        {"state": "met"},
    ),
]


@pytest.mark.parametrize(
    ("events", "now", "rule", "expected"),
    [c[1:] for c in LIFECYCLE_CASES],
    ids=[c[0] for c in LIFECYCLE_CASES],
)
def test_lifecycle(
    policies: PolicySet,
    events: list[tuple[str, str]],
    now: str,
    rule: str,
    expected: dict[str, Any],
) -> None:
    lifecycle = {r["id"]: r for r in judge(policies, "critical", events, now)["lifecycle"]}
    status = lifecycle[rule]
    assert {k: status[k] for k in expected} == expected


ERROR_CASES = [
    (
        "event after now",
        [{"type": "responded", "at": at(1, "10:00")}],
        at(0, "12:00"),
        "events/0/at",
    ),
    (
        "naive event timestamp",
        [{"type": "responded", "at": "2026-03-02T10:30:00"}],
        at(0, "12:00"),
        "events/0/at",
    ),
    (
        "unknown event type",
        [{"type": "responed", "at": at(0, "10:30")}],
        at(0, "12:00"),
        "events/0/type",
    ),
    (
        "event before opening",
        [{"type": "responded", "at": at(0, "09:00")}],
        at(0, "12:00"),
        "events/0/at",
    ),
    (
        "unknown event field",
        [{"type": "responded", "at": at(0, "10:30"), "by": "bob"}],
        at(0, "12:00"),
        "events/0/by",
    ),
    (
        "priority on the wrong event",
        [{"type": "responded", "at": at(0, "10:30"), "priority": "low"}],
        at(0, "12:00"),
        "events/0/priority",
    ),
    (
        "unknown new priority",
        [{"type": "priority_changed", "at": at(0, "10:30"), "priority": "urgent"}],
        at(0, "12:00"),
        "events/0/priority",
    ),
    ("events not a list", {"type": "responded"}, at(0, "12:00"), "events"),
    ("naive now", [], "2026-03-02T12:00:00", "now"),
]


@pytest.mark.parametrize(
    ("events", "now", "field"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_bad_timelines_are_rejected(policies: PolicySet, events: Any, now: str, field: str) -> None:
    request = {
        "policy": "timeline_test",
        "opened_at": at(0, "10:00"),
        "priority": "low",
        "events": events,
        "now": now,
    }
    with pytest.raises(RequestError) as caught:
        policies.evaluate(request)
    assert field in [p.field for p in caught.value.problems]


def test_out_of_order_and_duplicate_events_are_normalised_with_warnings(
    policies: PolicySet,
) -> None:
    timeline = judge(
        policies,
        "critical",
        [
            ("customer_replied", at(0, "13:00")),
            ("waiting_on_customer", at(0, "11:00")),
            ("customer_replied", at(0, "13:00")),
        ],
        at(0, "13:00"),
    )
    assert len(timeline["warnings"]) == 2
    assert timeline["sla"]["resolution"]["due_at"] == at(0, "16:00")


EVENT_TYPES = [
    "responded",
    "resolved",
    "reopened",
    "waiting_on_customer",
    "customer_replied",
    "closed",
]


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, str]]:
    minutes = sorted(draw(st.lists(st.integers(1, 5 * 24 * 60), max_size=8)))
    kinds = [draw(st.sampled_from(EVENT_TYPES)) for _ in minutes]
    return [(k, _minute(m)) for k, m in zip(kinds, minutes, strict=True)]


def _minute(offset: int) -> str:
    day, rest = divmod(10 * 60 + offset, 24 * 60)
    return at(day, f"{rest // 60:02d}:{rest % 60:02d}")


@settings(max_examples=150, deadline=None)
@given(histories())
def test_pausing_never_makes_a_due_time_earlier(events: list[tuple[str, str]]) -> None:
    policies = _policies()
    without = [e for e in events if e[0] not in ("waiting_on_customer", "customer_replied")]
    now = _minute(5 * 24 * 60)
    paused = judge(policies, "critical", events, now)["sla"]["resolution"]
    plain = judge(policies, "critical", without, now)["sla"]["resolution"]
    assert paused["elapsed_seconds"] <= plain["elapsed_seconds"]
    if paused["breached_at"] and plain["breached_at"]:
        assert paused["breached_at"] >= plain["breached_at"]


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 3 * 24 * 60))
def test_met_or_breached_never_flips_once_closed(events: list[tuple[str, str]], later: int) -> None:
    policies = _policies()
    closed_at = 5 * 24 * 60 + 1
    events = [*events, ("closed", _minute(closed_at))]
    first = judge(policies, "critical", events, _minute(closed_at))["sla"]
    after = judge(policies, "critical", events, _minute(closed_at + later))["sla"]
    for clock in ("response", "resolution"):
        assert first[clock]["status"] == after[clock]["status"]
        assert first[clock]["status"] in ("met", "breached")


_CACHE: list[PolicySet] = []


def _policies() -> PolicySet:
    """The test policy, compiled once per process (hypothesis tests cannot take fixtures)."""
    if not _CACHE:
        import tempfile
        from pathlib import Path

        directory = Path(tempfile.mkdtemp())
        (directory / "timeline_test.policy").write_text(POLICY, encoding="utf-8")
        _CACHE.append(policylang.load(directory))
    return _CACHE[0]
