"""`policylang.explain`: decisions in plain sentences, due times in the calendar's own zone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.runtime.explain import explain, human_duration, human_instant
from tests.conftest import ROOT
from tests.unit.evalfixtures import TOY_REQUEST, toy_policy

POLICIES = policylang.load(ROOT / "policies")


def explained(**request: Any) -> str:
    return explain(POLICIES.evaluate(request))


@pytest.mark.parametrize(
    ("iso", "clock", "calendar", "words"),
    [
        ("PT30M", "business", "office", "30 minutes of business time on calendar `office`"),
        ("PT1H", "business", "office", "1 business hour on calendar `office`"),
        ("PT1H30M", "calendar", None, "1 hour 30 minutes, around the clock"),
        ("PT24H", "elapsed", None, "24 hours, around the clock"),
        ("P3D", "business", "reception", "3 business days on calendar `reception`"),
        ("P1D", "business", "office", "1 business day on calendar `office`"),
        ("P7D", "calendar", None, "7 calendar days"),
        ("PT0S", "calendar", None, "0 seconds, around the clock"),
        ("soon", "calendar", None, "soon"),
    ],
    ids=[
        "minutes",
        "one-hour",
        "hours-and-minutes",
        "elapsed-hours",
        "business-days",
        "one-day",
        "calendar-days",
        "zero",
        "not-iso",
    ],
)
def test_durations_in_words(iso: str, clock: str, calendar: str | None, words: str) -> None:
    assert human_duration(iso, clock, calendar) == words


@pytest.mark.parametrize(
    ("stamp", "zone", "words"),
    [
        (
            "2026-03-10T08:50:00+03:00",
            "Europe/Moscow",
            "Tuesday 10 March 2026 at 08:50 Moscow time",
        ),
        ("2026-03-10T05:50:00Z", "Europe/Moscow", "Tuesday 10 March 2026 at 08:50 Moscow time"),
        (
            "2026-12-31T17:30:00Z",
            "Asia/Ho_Chi_Minh",
            "Friday 1 January 2027 at 00:30 Vietnam time",
        ),
        ("2026-11-01T08:00:00Z", "UTC", "Sunday 1 November 2026 at 08:00 UTC"),
    ],
    ids=["local", "converted", "next-day-next-year", "utc"],
)
def test_instants_in_words_and_in_the_zone(stamp: str, zone: str, words: str) -> None:
    assert human_instant(stamp, zone) == words


def test_the_issue_example_response_sentence() -> None:
    text = explained(
        policy="bpmsoft_care", opened_at="2026-03-06T17:20:00+03:00", priority="critical"
    )
    assert (
        "Response is due by Tuesday 10 March 2026 at 08:50 Moscow time (30 minutes of business "
        "time on calendar `office`), per rule `critical` — «Время реакции на инцидент "
        "критичного приоритета 30 минут» (Reaction time to an incident of critical priority: "
        "30 minutes) [Service parameters table, row 1]"
    ) in text
    assert "Resolution: best effort" in text


def test_undecided_parts_read_as_cases() -> None:
    text = explained(policy="bpmsoft_care", opened_at="2026-03-06T17:20:00+03:00", priority="low")
    assert (
        "What it is charged depends on `origin`, `fix_by_executor`: if origin == "
        "executor_undescribed then a fee (rule `undescribed_improvement`); "
    ) in text
    assert "; otherwise included in the service (rule `otherwise`)." in text
    assert "Who handles it depends on `origin`, `fix_by_executor`, `hosting`: if origin in" in text
    assert "It may be refused, depending on inputs the request left out" in text


def test_decided_parts_quote_their_clauses() -> None:
    text = explained(
        policy="bpmsoft_care",
        opened_at="2026-03-07T17:20:00+03:00",
        priority="high",
        origin="executor_undescribed",
    )
    # Saturday: the business clock starts on Tuesday (Monday 9 March is a holiday).
    assert "the clock starting Tuesday 10 March 2026 at 08:30 Moscow time" in text
    assert "Billable: a fee (Separate fee for the improvement): The source is" in text
    assert "per rule `undescribed_improvement` — «Если источник проблемы" in text
    assert "Handled by the provider (Служба заботы о клиенте (Customer Care Service))" in text


def test_a_target_not_stated_is_said_plainly() -> None:
    started = [{"type": "processing_started", "at": "2026-03-06T17:20:00+03:00"}]
    text = explained(
        policy="itc", opened_at="2026-03-06T17:20:00+03:00", item="mail", events=started
    )
    assert "answers a request opened Friday 6 March 2026 at 21:20 Vietnam time." in text
    assert "Response: not stated: the source gives no time, per rule `otherwise`" in text
    assert (
        "Resolution is due by Friday 13 March 2026 at 21:20 Vietnam time (7 calendar days)" in text
    )
    assert "Billable: not stated — no charge rule of this policy applies" in text
    assert "due by Friday 13 March 2026 at 21:20 Vietnam time [`seven_days`]" in text


def test_a_clock_waiting_for_its_event_is_said_plainly() -> None:
    text = explained(policy="itc", opened_at="2026-03-06T17:20:00+03:00", item="mail")
    assert (
        "Resolution: 7 calendar days, from `processing_started`, which has not happened yet, per "
        "rule `otherwise`" in text
    )


def test_an_undecided_sla_target(tmp_path: Path) -> None:
    """No bundled policy leaves a target undecided any more (their decisions are pending
    inputs): the toy policy gets a rule on its optional `channel`."""
    phone = "sla phone {\n  when channel == phone\n  resolution no commitment\n}\n\n"
    (tmp_path / "toy.policy").write_text(
        toy_policy().replace("sla otherwise {", phone + "sla otherwise {"), encoding="utf-8"
    )
    decision = policylang.load(tmp_path).evaluate({**TOY_REQUEST, "priority": "normal"})
    text = explain(decision)
    assert "Resolution depends on `channel`: if channel == phone then no commitment" in text
    assert "(rule `phone`); otherwise best effort (rule `otherwise`)" in text


def test_a_timeline_is_told_at_now() -> None:
    text = explained(
        policy="bemo_cloud",
        opened_at="2026-03-06T09:00:00+07:00",
        type="fatal_error",
        events=[
            {"type": "completion_requested", "at": "2026-03-06T12:00:00+07:00"},
            {"type": "contact_failed", "at": "2026-03-06T13:00:00+07:00"},
        ],
        now="2026-03-08T12:00:00+07:00",
    )
    assert (
        "As of Sunday 8 March 2026 at 12:00 Vietnam time: the response clock was breached" in text
    )
    assert "`completion_auto_confirm` is allowed now" in text
    assert "`unreachable_customer` is not allowed yet" in text
    assert "because 1 of the 3 `contact_failed` events required" in text


@pytest.mark.parametrize(
    ("request_fields", "sentences"),
    [
        (
            {"type": "improve_experience", "feature_decision": "refuse"},
            [
                "Resolution: lifted: refusal ground `feature_refused` holds.",
                "it lifts the resolution time",
            ],
        ),
        (
            {"type": "feature_update"},
            ["Resolution: no commitment: the source promises no time until `feature_decision`"],
        ),
        (
            {"kind": "change"},
            [
                "Resolution depends on `type`: if type == improve_experience then due by",
                "if type == feature_update then no commitment until `feature_decision` is decided (rule",
                "kind `change`, category `upgrade`",
            ],
        ),
        (
            {
                "type": "fatal_error",
                "events": [{"type": "completion_requested", "at": "2026-03-06T12:00:00+07:00"}],
            },
            [
                "at the earliest Saturday 7 March 2026 at 12:00 Vietnam time; when it runs out, the completion is confirmed"
            ],
        ),
    ],
    ids=["lifted", "no-commitment-until", "kind-with-several-types", "lifecycle-instant"],
)
def test_the_v2_states_in_words(request_fields: dict[str, Any], sentences: list[str]) -> None:
    text = explained(policy="bemo_cloud", opened_at="2026-03-06T09:00:00+07:00", **request_fields)
    for sentence in sentences:
        assert sentence in text
