"""Clocks anchored at an event: ``resolution within 7 calendar days from processing_started``.

A target anchored at an event counts from the request's first such event; until the request's
events hold it, the target is committed but waits for it (``TargetResult.waiting_for``), with
nothing due. The table evaluates one small policy for each anchor, clock and set of events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.lang.printer import format_verified
from policylang.lang.syntax.parser import parse_text
from policylang.runtime.explain import explain
from tests.unit.evalfixtures import policy_header

POLICY = policy_header("anchored", "Clocks from events", "Asia/Ho_Chi_Minh") + """\

clause terms "Processing time: maximum 7 days; answer within 4 hours, fix within 2 days."

calendar office {
  hours mon-fri 08:00-17:00
}

input topic: enum [queued, answered, plain]

sla queued {
  when topic == queued
  response within 4 hours on office
  resolution within 7 calendar days from processing_started
  cite terms
}

sla answered {
  when topic == answered
  response within 4 hours on office
  resolution within 2 business days on office from responded
  cite terms
}

sla otherwise {
  response within 4 hours on office
  resolution within 4 hours on office from opened
  cite terms
}
"""

OPENED = "2026-03-06T10:00:00+07:00"  # a Friday

CASES = [
    # id, kind, events, (waiting_for, starts_at, due_at) of the resolution
    ("waits-without-events", "queued", None, ("processing_started", None, None)),
    (
        "waits-while-other-events-only",
        "queued",
        [("responded", "2026-03-06T11:00:00+07:00")],
        ("processing_started", None, None),
    ),
    (
        "seven-days-from-taken-up",
        "queued",
        [("processing_started", "2026-03-09T09:00:00+07:00")],
        (None, "2026-03-09T09:00:00+07:00", "2026-03-16T09:00:00+07:00"),
    ),
    (
        "the-first-start-counts",
        "queued",
        [
            ("processing_started", "2026-03-09T09:00:00+07:00"),
            ("processing_started", "2026-03-10T09:00:00+07:00"),
        ],
        (None, "2026-03-09T09:00:00+07:00", "2026-03-16T09:00:00+07:00"),
    ),
    (
        "business-days-from-the-response",
        "answered",
        [("responded", "2026-03-06T16:30:00+07:00")],
        (None, "2026-03-06T16:30:00+07:00", "2026-03-10T16:30:00+07:00"),
    ),
    (
        "from-opened-is-the-default",
        "plain",
        None,
        (None, "2026-03-06T10:00:00+07:00", "2026-03-06T14:00:00+07:00"),
    ),
]


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    path: Path = tmp_path_factory.mktemp("anchored") / "anchored.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


def _request(kind: str, events: list[tuple[str, str]] | None) -> dict[str, Any]:
    request: dict[str, Any] = {"policy": "anchored", "opened_at": OPENED, "topic": kind}
    if events is not None:
        request["events"] = [{"type": t, "at": at} for t, at in events]
    return request


@pytest.mark.parametrize(
    ("kind", "events", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_resolution_clock_runs_from_its_event(
    policies: policylang.PolicySet,
    kind: str,
    events: list[tuple[str, str]] | None,
    want: tuple[str | None, str | None, str | None],
) -> None:
    decision = policies.evaluate(_request(kind, events))
    result = decision.resolution
    spec = decision.policy.resolution.all_rules[0].outcome
    assert spec.commitment == "committed"
    zone = decision.policy.zone_calendar
    shown = tuple(None if ts is None else zone.to_local(ts).isoformat() for ts in result[1:3])
    assert (result.waiting_for, shown[1], shown[0]) == want


def test_the_response_still_runs_from_the_opening(policies: policylang.PolicySet) -> None:
    """Only the anchored target waits: the response beside it is due four office hours on."""
    decision = policies.evaluate(_request("queued", None))
    assert decision.response.waiting_for is None
    due = decision.due("response")
    assert due is not None
    assert due.isoformat() == "2026-03-06T14:00:00+07:00"


@pytest.mark.parametrize(
    ("rule", "event"),
    [("queued", "processing_started"), ("answered", "responded"), ("otherwise", "opened")],
)
def test_the_model_names_the_event(policies: policylang.PolicySet, rule: str, event: str) -> None:
    found = {r.name: r.outcome for r in policies.latest("anchored").resolution.all_rules}
    assert found[rule].from_event == event


def test_the_timeline_clock_starts_at_the_event(policies: policylang.PolicySet) -> None:
    """Judged over the ticket's life, the clock's budget counts from the anchor event."""
    request = _request("queued", [("processing_started", "2026-03-09T09:00:00+07:00")])
    request["now"] = "2026-03-17T09:00:00+07:00"
    timeline = policies.evaluate(request).timeline
    assert timeline is not None
    clock = timeline["sla"]["resolution"]
    assert clock["cycles"][0]["started_at"] == "2026-03-09T09:00:00+07:00"
    assert (clock["status"], clock["breached_at"]) == ("breached", "2026-03-16T09:00:00+07:00")


def test_a_waiting_timeline_clock_has_no_status(policies: policylang.PolicySet) -> None:
    request = _request("queued", None)
    request["now"] = "2026-03-20T09:00:00+07:00"
    timeline = policies.evaluate(request).timeline
    assert timeline is not None
    assert timeline["sla"]["resolution"]["status"] is None


def test_explain_says_nothing_is_due_yet(policies: policylang.PolicySet) -> None:
    text = explain(policies.evaluate(_request("queued", None)))
    assert "Resolution: 7 calendar days, from `processing_started`, which has not happened yet" in text


def test_the_v2_document_says_what_it_waits_for(policies: policylang.PolicySet) -> None:
    target = policies.evaluate(_request("queued", None)).to_json()["sla"]["resolution"]
    assert (target["state"], target["from_event"], target["waiting_for"]) == (
        "committed",
        "processing_started",
        "processing_started",
    )
    assert (target["starts_at"], target["due_at"]) == (None, None)


def test_fmt_keeps_the_anchor() -> None:
    formatted = format_verified(parse_text(POLICY, "anchored.policy"), POLICY)
    assert "resolution within 7 calendar days from processing_started" in formatted
    assert "resolution within 4 hours on office from opened" in formatted
