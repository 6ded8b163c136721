"""Every lifecycle rule of the five seed policies, judged from a ticket's events.

Each expectation is worked out by hand from the contract's clause and the policy's calendar
(see the comments); each case runs through the Python API and, all together in one process,
through `policylang batch`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import policylang
from tests.cli.inproc import run
from tests.conftest import ROOT

POLICIES = policylang.load(ROOT / "policies")

VN = "+07:00"  # Bemo Cloud, ChatOps and itc: Asia/Ho_Chi_Minh
MSK = "+03:00"  # the BPMSoft partner: Europe/Moscow


def ticket(
    policy: str, opened: str, events: list[tuple[str, str]], now: str, **inputs: Any
) -> dict[str, Any]:
    return {
        "policy": policy,
        "opened_at": opened,
        "events": [{"type": kind, "at": at} for kind, at in events],
        "now": now,
        **inputs,
    }


def bemo_like(policy: str, **inputs: Any) -> list[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    """The auto-confirm and cancellation clauses Bemo Cloud and ChatOps share."""
    opened = f"2026-03-02T09:00:00{VN}"
    return [
        # "If the customer does not respond within 24 hours after receiving the completed
        # confirmation request, the system will automatically confirm the ticket."
        (
            f"{policy}: confirmed automatically 24 h after the completion request",
            ticket(
                policy,
                opened,
                [("completion_requested", f"2026-03-02T10:00:00{VN}")],
                f"2026-03-03T10:00:00{VN}",
                **inputs,
            ),
            "completion_auto_confirm",
            {"state": "allowed", "deadline_at": f"2026-03-03T10:00:00{VN}"},
        ),
        (
            f"{policy}: not yet confirmed one minute before",
            ticket(
                policy,
                opened,
                [("completion_requested", f"2026-03-02T10:00:00{VN}")],
                f"2026-03-03T09:59:00{VN}",
                **inputs,
            ),
            "completion_auto_confirm",
            {"state": "not_yet", "allowed": False},
        ),
        (
            f"{policy}: a reply calls the automatic confirmation off",
            ticket(
                policy,
                opened,
                [
                    ("completion_requested", f"2026-03-02T10:00:00{VN}"),
                    ("customer_replied", f"2026-03-02T12:00:00{VN}"),
                ],
                f"2026-03-05T10:00:00{VN}",
                **inputs,
            ),
            "completion_auto_confirm",
            {"state": "called_off"},
        ),
        # "Within at least 24 hours and with at least 3 failed attempts to contact the customer,
        # [the provider] is entitled to cancel the ticket."
        (
            f"{policy}: cancellable after 24 h and three failed contacts",
            ticket(
                policy,
                opened,
                [
                    ("contact_failed", f"2026-03-02T10:00:00{VN}"),
                    ("contact_failed", f"2026-03-02T14:00:00{VN}"),
                    ("contact_failed", f"2026-03-03T09:00:00{VN}"),
                ],
                f"2026-03-03T10:00:00{VN}",
                **inputs,
            ),
            "unreachable_customer",
            {"state": "allowed", "allowed": True, "deadline_at": f"2026-03-03T10:00:00{VN}"},
        ),
        (
            f"{policy}: two failed contacts are not enough",
            ticket(
                policy,
                opened,
                [
                    ("contact_failed", f"2026-03-02T10:00:00{VN}"),
                    ("contact_failed", f"2026-03-02T14:00:00{VN}"),
                ],
                f"2026-03-04T10:00:00{VN}",
                **inputs,
            ),
            "unreachable_customer",
            {"state": "not_yet", "why_not": ["2 of the 3 `contact_failed` events required"]},
        ),
    ]


CASES: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    *bemo_like("bemo_cloud", type="guideline"),
    *bemo_like("chatops", type="guidance"),
    # BPMSoft: "Срок предоставления обратной связи от клиента на уточняющие вопросы – не более
    # 2 (двух) рабочих дней." Asked Friday 6 March 10:00 (1 h 30 into the business day); Monday
    # 9 March is the day off for 8 March; two business days on: Wednesday 11 March 10:00.
    (
        "bpmsoft_care: the client answers a clarifying question within two business days",
        ticket(
            "bpmsoft_care",
            f"2026-03-05T12:00:00{MSK}",
            [
                ("clarification_requested", f"2026-03-06T10:00:00{MSK}"),
                ("customer_replied", f"2026-03-11T09:00:00{MSK}"),
            ],
            f"2026-03-12T10:00:00{MSK}",
            priority="medium",
        ),
        "clarification_answer",
        {"state": "met", "deadline_at": f"2026-03-11T10:00:00{MSK}"},
    ),
    (
        "bpmsoft_care: no answer by Wednesday 10:00 misses the deadline",
        ticket(
            "bpmsoft_care",
            f"2026-03-05T12:00:00{MSK}",
            [("clarification_requested", f"2026-03-06T10:00:00{MSK}")],
            f"2026-03-11T10:01:00{MSK}",
            priority="medium",
        ),
        "clarification_answer",
        {"state": "missed"},
    ),
    # "Срок приемки и тестирования после перевода обращения в «Решено» — 7 (семь) календарных дней."
    (
        "bpmsoft_care: acceptance within seven calendar days of Resolved",
        ticket(
            "bpmsoft_care",
            f"2026-03-05T12:00:00{MSK}",
            [("resolved", f"2026-03-10T12:00:00{MSK}"), ("closed", f"2026-03-16T09:00:00{MSK}")],
            f"2026-03-20T10:00:00{MSK}",
            priority="medium",
        ),
        "acceptance",
        {"state": "met", "deadline_at": f"2026-03-17T12:00:00{MSK}"},
    ),
    (
        "bpmsoft_care: the acceptance window is still open",
        ticket(
            "bpmsoft_care",
            f"2026-03-05T12:00:00{MSK}",
            [("resolved", f"2026-03-10T12:00:00{MSK}")],
            f"2026-03-12T10:00:00{MSK}",
            priority="medium",
        ),
        "acceptance",
        {"state": "pending", "deadline_at": f"2026-03-17T12:00:00{MSK}"},
    ),
    # "Заявки решаются последовательно. К анализу новой заявки клиента Исполнитель приступает
    # после решения предыдущей заявки."
    (
        "bpmsoft_care: a new request waits for the previous one to be resolved",
        ticket(
            "bpmsoft_care",
            f"2026-03-10T10:00:00{MSK}",
            [("previous_resolved", f"2026-03-10T15:00:00{MSK}")],
            f"2026-03-10T15:00:00{MSK}",
            priority="medium",
        ),
        "one_after_another",
        {"state": "may_start", "starts_at": f"2026-03-10T15:00:00{MSK}"},
    ),
    # itc: "Processing time of 1 problem of 1 customer: Maximum 7 days." (from when it is taken
    # up: note processing_start)
    (
        "itc: a problem resolved within seven days of being taken up",
        ticket(
            "itc",
            f"2026-03-02T09:00:00{VN}",
            [
                ("processing_started", f"2026-03-03T09:00:00{VN}"),
                ("resolved", f"2026-03-09T18:00:00{VN}"),
            ],
            f"2026-03-11T09:00:00{VN}",
        ),
        "seven_days",
        {"state": "met", "deadline_at": f"2026-03-10T09:00:00{VN}"},
    ),
    (
        "itc: a problem still open seven days after being taken up",
        ticket(
            "itc",
            f"2026-03-02T09:00:00{VN}",
            [("processing_started", f"2026-03-02T09:00:00{VN}")],
            f"2026-03-09T09:01:00{VN}",
        ),
        "seven_days",
        {"state": "missed"},
    ),
    (
        "itc: a queued problem not taken up has no deadline yet",
        ticket("itc", f"2026-03-02T09:00:00{VN}", [], f"2026-03-09T09:01:00{VN}"),
        "seven_days",
        {"state": "not_started", "waiting_for": "processing_started"},
    ),
    # itc: "The next issue is processed within 24 hours of the previous issue being processed."
    (
        "itc: the next issue is taken up within 24 hours of the previous one",
        ticket(
            "itc",
            f"2026-03-02T09:00:00{VN}",
            [
                ("previous_resolved", f"2026-03-02T08:00:00{VN}"),
                ("responded", f"2026-03-02T15:00:00{VN}"),
            ],
            f"2026-03-03T09:00:00{VN}",
        ),
        "next_issue",
        {"state": "met", "deadline_at": f"2026-03-03T08:00:00{VN}"},
    ),
]


def _status(decision: dict[str, Any], rule: str) -> dict[str, Any]:
    statuses = {s["id"]: s for s in decision["timeline"]["lifecycle"]}
    assert rule in statuses, f"{rule} is not judged; judged: {sorted(statuses)}"
    return statuses[rule]


@pytest.mark.parametrize(
    ("request_", "rule", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_through_the_python_api(
    request_: dict[str, Any], rule: str, expected: dict[str, Any]
) -> None:
    status = _status(POLICIES.evaluate(request_).to_json(), rule)
    assert {k: status[k] for k in expected} == expected


def test_every_seed_lifecycle_rule_is_exercised() -> None:
    exercised = {(c[1]["policy"], c[2]) for c in CASES}
    for policy_id in POLICIES.ids:
        for rule in POLICIES.latest(policy_id).lifecycle:
            assert (policy_id, rule.name) in exercised, f"{policy_id}: {rule.name} has no case"


def test_through_the_cli(tmp_path: Path) -> None:
    requests = tmp_path / "tickets.jsonl"
    requests.write_text("".join(json.dumps(c[1]) + "\n" for c in CASES), encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    result = run("batch", requests, "-o", out)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(answers) == len(CASES)
    for (name, _request, rule, expected), answer in zip(CASES, answers, strict=True):
        status = _status(answer, rule)
        assert {k: status[k] for k in expected} == expected, name
