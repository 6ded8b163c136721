"""Service windows: ``response during staff_guide``, obligations ``during CAL``, and the
condition ``opened_at during CAL``.

A window promises no time: the decision says whether the calendar is open at the opening (or
at the request's ``now``) and the first open instant at or after it. The tables evaluate one
small policy shaped like itc's staff-guide hours (08:00-12:00 and 13:30-16:30 on weekdays).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.lang import ast
from policylang.lang.analysis.predicates import compile_condition
from policylang.lang.printer import format_verified
from policylang.lang.syntax.parser import parse_text
from policylang.lang.traversal import find
from policylang.runtime.explain import explain
from policylang.tools.lint.linter import lint_paths
from tests.unit.evalfixtures import policy_header

POLICY = policy_header("windows", "Service windows", "Asia/Ho_Chi_Minh") + """\

clause guide "Staff guide: Morning 8h ~ 12h, afternoon 13h30 ~ 16h30"

calendar staff_guide {
  hours mon-fri 08:00-12:00, 13:30-16:30
}

input topic: enum [usage, other]

sla usage {
  when topic == usage
  response during staff_guide
  cite guide
}

sla otherwise {
  response no commitment
  cite guide
}

obligation guidance "Guidance in the staff-guide hours" {
  party provider
  description "Guide customers in the use of the product."
  during staff_guide
  cite guide
}

obligation night_note "Out of hours, say when guidance starts" {
  when not opened_at during staff_guide
  party provider
  description "Tell the customer when the staff-guide hours open."
  cite guide
}
"""

WINDOWS = [
    # id, opened_at, now (None: not given), open_now, opens_at
    ("at-lunch", "2026-03-06T12:30:00+07:00", None, False, "2026-03-06T13:30:00+07:00"),
    ("in-the-morning", "2026-03-10T09:15:00+07:00", None, True, "2026-03-10T09:15:00+07:00"),
    ("after-hours", "2026-03-11T16:45:00+07:00", None, False, "2026-03-12T08:00:00+07:00"),
    ("at-the-closing-instant", "2026-03-11T16:30:00+07:00", None, False, "2026-03-12T08:00:00+07:00"),
    ("friday-night", "2026-03-06T20:00:00+07:00", None, False, "2026-03-09T08:00:00+07:00"),
    (
        "seen-from-now",
        "2026-03-06T12:30:00+07:00",
        "2026-03-06T14:00:00+07:00",
        True,
        "2026-03-06T14:00:00+07:00",
    ),
]


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    path: Path = tmp_path_factory.mktemp("windows") / "windows.policy"
    path.write_text(POLICY, encoding="utf-8")
    return policylang.load(path)


def _request(opened: str, now: str | None = None, topic: str = "usage") -> dict[str, Any]:
    request: dict[str, Any] = {"policy": "windows", "opened_at": opened, "topic": topic}
    if now is not None:
        request["now"] = now
    return request


def _local(policies: policylang.PolicySet, ts: int) -> str:
    return policies.latest("windows").calendars["staff_guide"].to_local(ts).isoformat()


@pytest.mark.parametrize(
    ("opened", "now", "open_now", "opens_at"),
    [c[1:] for c in WINDOWS],
    ids=[c[0] for c in WINDOWS],
)
def test_a_window_says_when_work_can_start(
    policies: policylang.PolicySet, opened: str, now: str | None, open_now: bool, opens_at: str
) -> None:
    decision = policies.evaluate(_request(opened, now))
    window = decision.response.window
    assert window is not None
    assert decision.response.selection.rule is not None
    assert decision.response.selection.rule.outcome.commitment == "window"
    assert (window.calendar, window.open_now) == ("staff_guide", open_now)
    assert _local(policies, window.opens_ts) == opens_at
    assert decision.response.due_ts is None, "a window promises no time"


@pytest.mark.parametrize(
    ("opened", "now", "open_now", "opens_at"),
    [c[1:] for c in WINDOWS],
    ids=[c[0] for c in WINDOWS],
)
def test_an_obligation_has_the_same_window(
    policies: policylang.PolicySet, opened: str, now: str | None, open_now: bool, opens_at: str
) -> None:
    """The window of obligation `guidance` (`during staff_guide`); none for the other."""
    decision = policies.evaluate(_request(opened, now, topic="other"))
    guidance, night_note = decision.obligation_windows
    assert night_note is None
    assert guidance is not None
    assert (guidance.calendar, guidance.open_now) == ("staff_guide", open_now)
    assert _local(policies, guidance.opens_ts) == opens_at


DURING = [
    # id, opened_at, whether `opened_at during staff_guide` holds
    ("morning", "2026-03-10T08:00:00+07:00", True),
    ("lunch", "2026-03-10T12:00:00+07:00", False),
    ("afternoon", "2026-03-10T16:29:59+07:00", True),
    ("evening", "2026-03-10T16:30:00+07:00", False),
    ("saturday", "2026-03-14T09:00:00+07:00", False),
]


@pytest.mark.parametrize(("opened", "inside"), [c[1:] for c in DURING], ids=[c[0] for c in DURING])
def test_opened_at_during_a_calendar(
    policies: policylang.PolicySet, opened: str, inside: bool
) -> None:
    """`not opened_at during staff_guide` selects the requests opened out of hours."""
    decision = policies.evaluate(_request(opened))
    applies = {o["rule"]: o["applies"] for o in decision.to_json()["obligations"]}
    assert ("night_note" in applies) is not inside


def test_without_calendars_a_during_test_is_unknown() -> None:
    """The checker asks conditions before any calendar is compiled: it cannot tell."""
    tree = parse_text("sla r {\n  when opened_at during office\n}\n", "t.policy")
    when = find(tree, ast.When)
    assert when is not None
    condition = compile_condition(when.condition, {}, "UTC")
    assert condition.test({"opened_at": 0.0}) is None
    assert condition.inputs == frozenset({"opened_at"})


def test_the_documents_show_the_opening(policies: policylang.PolicySet) -> None:
    decision = policies.evaluate(_request("2026-03-06T12:30:00+07:00"))
    target = decision.to_json()["sla"]["response"]
    assert (target["state"], target["calendar"], target["open_now"], target["opens_at"]) == (
        "window",
        "staff_guide",
        False,
        "2026-03-06T13:30:00+07:00",
    )
    windows = [o["window"] for o in decision.to_json()["obligations"] if o["window"]]
    assert windows == [
        {"calendar": "staff_guide", "open_now": False, "opens_at": "2026-03-06T13:30:00+07:00"}
    ]


def test_explain_says_when_work_starts(policies: policylang.PolicySet) -> None:
    text = explain(policies.evaluate(_request("2026-03-06T12:30:00+07:00")))
    assert "(`staff_guide`): opening Friday 6 March 2026 at 13:30 Vietnam time" in text


def test_fmt_keeps_windows_and_conditions() -> None:
    formatted = format_verified(parse_text(POLICY, "windows.policy"), POLICY)
    for line in ("response during staff_guide", "  during staff_guide", "opened_at during"):
        assert line in formatted


def test_lint_reads_a_during_test_past_the_calendars_horizon(tmp_path: Path) -> None:
    """Found by the fuzz tests: a policy effective in 2101 asks `opened_at during office` of a
    calendar whose holidays end in 2100; lint took the calendar's refusal for a crash."""
    text = POLICY.replace("effective 2026-01-01", "effective 2101-01-01").replace(
        "  hours mon-fri 08:00-12:00, 13:30-16:30\n",
        "  hours mon-fri 08:00-12:00, 13:30-16:30\n  holidays RU\n",
    )
    path = tmp_path / "windows.policy"
    path.write_text(text, encoding="utf-8")
    report = lint_paths([path])
    assert report.linted == 1
    assert not report.errors


def test_an_instant_the_calendar_cannot_count_is_unknown(tmp_path: Path) -> None:
    """Found by the fuzz tests: `deadline during office` with a 1970 deadline, on a calendar
    whose holidays start in 1991, made reading the decision's obligations raise."""
    text = POLICY.replace(
        "  hours mon-fri 08:00-12:00, 13:30-16:30\n",
        "  hours mon-fri 08:00-12:00, 13:30-16:30\n  holidays RU\n",
    ).replace("when not opened_at during staff_guide", "when not deadline during staff_guide")
    text = text.replace("input topic:", "input deadline: datetime optional\ninput topic:")
    path = tmp_path / "windows.policy"
    path.write_text(text, encoding="utf-8")
    request = _request("2026-03-06T12:30:00+07:00") | {"deadline": "1970-01-02T00:00:00Z"}
    decision = policylang.load(path).evaluate(request)
    applies = {o["rule"]: o["applies"] for o in decision.to_json()["obligations"]}
    assert applies["night_note"] is None
