"""What the engine cannot carry is refused up front, never discovered by a crash downstream.

* Nesting: conditions and items deeper than ``MAX_NESTING`` are PL108 at parse time (they used
  to be RecursionError); at the limit, every stage works, even from a deep caller's stack.
* The compiler raises only PolicyError.
* Every instant a decision reports is computed by ``evaluate``: ``to_json`` only formats, so an
  instant no timestamp can show is a request error, not an exception from ``to_json``.
* ``lint`` never crashes on a policy that passes ``check``, at the edges of the calendars'
  years and with the longest durations ``check`` accepts.

The error situations themselves (codes, messages, carets) are golden cases in
``tests/syntax/cases.py`` and ``tests/lint/cases.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import policylang
from policylang.calendar import BusinessCalendar, CalendarError
from policylang.compiler.index import INDEX_LIMIT
from policylang.compiler.policy import compile_file
from policylang.errors import PolicyError, RequestError
from policylang.lang.analysis.passes import analyze
from policylang.lang.printer import format_file
from policylang.lang.syntax.parser import MAX_NESTING, parse_text
from policylang.runtime.explain import explain
from policylang.tools.docgen.site import render_site
from policylang.tools.lint.linter import lint
from tests.conftest import ROOT
from tests.syntax.cases import BASE

SLA = "\nsla all {\n  response within 4 hours on office\n  resolution within 2 business days on office\n}\n"


def _nested_not(depth: int) -> str:
    return (
        BASE
        + "\nsla odd {\n  when "
        + "not " * depth
        + "channel == email\n  response best effort\n}\n"
        + SLA
    )


def _nested_items(depth: int) -> str:
    items = "".join(f"item i{k} {{\n" for k in range(depth)) + "}\n" * depth
    return BASE + "\nresponsibility desk {\n  party provider\n" + items + "}\n" + SLA


def _nested_groups(depth: int) -> str:
    condition = "channel == email"
    for k in range(depth):
        joiner = "and" if k % 2 else "or"
        condition = f"channel == phone {joiner} ({condition})"
    return BASE + f"\nsla odd {{\n  when {condition}\n  response best effort\n}}\n" + SLA


NESTINGS: dict[str, Callable[[int], str]] = {
    "chained-not": _nested_not,
    "nested-items": _nested_items,
    "and-or-in-parentheses": _nested_groups,
}


@pytest.mark.parametrize("build", NESTINGS.values(), ids=NESTINGS.keys())
@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 500, 5000])
def test_deep_nesting_is_a_diagnostic(build: Callable[[int], str], depth: int) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_text(build(depth), "deep.policy")
    assert [d.code for d in raised.value.diagnostics] == ["PL108"]


def _deeper(frames: int, run: Callable[[], Any]) -> Any:
    """``run()`` called from ``frames`` extra stack frames: a caller with a deep stack."""
    return run() if frames == 0 else _deeper(frames - 1, run)


def _every_stage(text: str, directory: Path) -> None:
    """check -> compile -> evaluate -> to_json -> explain -> lint -> fmt + re-parse -> docs."""
    tree = parse_text(text, "limit.policy")
    checked = analyze(tree)
    assert checked.ok, [d.message for d in checked.diagnostics]
    policies = policylang.PolicySet.from_policies([compile_file(checked)])
    for channel in ("email", "phone"):
        request = {
            "policy": "golden",
            "opened_at": "2026-03-06T17:20:00+03:00",
            "priority": "high",
            "channel": channel,
        }
        if "item i0" in text:
            request["item"] = "i0"
        decision = policies.evaluate(request, trace=True)
        json.dumps(decision.to_json())
        explain(decision)
    lint(checked)
    formatted = format_file(tree, text)
    assert parse_text(formatted, "limit.policy") == tree
    path = directory / "limit.policy"
    path.write_text(text, encoding="utf-8")
    assert render_site([path])


@pytest.mark.parametrize("build", NESTINGS.values(), ids=NESTINGS.keys())
def test_nesting_at_the_limit_goes_through_every_stage(
    build: Callable[[int], str], tmp_path: Path
) -> None:
    _deeper(300, lambda: _every_stage(build(MAX_NESTING), tmp_path))


def _layers(count: int, *, cycle: bool = False) -> str:
    """``count`` calendars, each extending the one before (the first, the last: a cycle)."""
    first = f"calendar c0 extends c{count - 1} {{\n" if cycle else "calendar c0 {\n"
    return (
        BASE
        + first
        + "  hours mon-fri 09:00-18:00\n}\n"
        + "".join(
            f"calendar c{k} extends c{k - 1} {{\n  closed 2026-03-{k % 28 + 1:02d}\n}}\n"
            for k in range(1, count)
        )
    )


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (_layers(MAX_NESTING), []),
        (_layers(MAX_NESTING + 1), ["PL108"]),
        (_layers(2000), ["PL108"]),  # was cubic: 23 s in check, 18 s more to compile
        (_layers(300, cycle=True), ["PL108"]),
        (_layers(3, cycle=True), ["PL211"] * 3),  # each member says it extends itself
    ],
    ids=["at-the-limit", "one-too-many", "two-thousand", "long-cycle", "short-cycle"],
)
def test_calendar_layers_are_bounded(text: str, codes: list[str]) -> None:
    """A chain of `extends` is walked at most MAX_NESTING layers, and reported once."""
    checked = analyze(parse_text(text, "layers.policy"))
    assert [d.code for d in checked.diagnostics if d.severity.value == "error"] == codes


@pytest.mark.parametrize(
    "statement",
    [
        "closed 9999-12-31 to 9999-12-31",
        "closed 9999-12-25 to 9999-12-31",
        "closed 0001-01-01",
        "open 9999-12-31 09:00-10:00",
    ],
)
def test_calendar_dates_at_the_ends_of_the_calendar(statement: str, tmp_path: Path) -> None:
    """A closed range ending on 9999-12-31 crashed check (found by fuzzing)."""
    text = _nested_not(1).replace("  holidays RU\n", f"  holidays RU\n  {statement}\n")
    _every_stage(text, tmp_path)


# ---------------------------------------------------------------------- the compiler


def test_the_compiler_refuses_a_file_with_errors_with_its_diagnostics() -> None:
    checked = analyze(parse_text(BASE + "\nsla all {\n  response within 4 hours on ofice\n}\n"))
    with pytest.raises(PolicyError) as raised:
        compile_file(checked)
    assert [d.code for d in raised.value.diagnostics] == ["PL203"]


def test_a_calendar_the_engine_refuses_is_a_policy_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backstop: should the calendar package refuse what the checker accepted."""

    def refuse(spec: object) -> BusinessCalendar:
        raise CalendarError("its holiday sources share no year")

    checked = analyze(parse_text(BASE + SLA))
    monkeypatch.setattr(BusinessCalendar, "from_spec", refuse)
    with pytest.raises(PolicyError) as raised:
        compile_file(checked)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "PL418"
    assert "calendar `office` cannot count time: its holiday sources share no year" in (
        diagnostic.message
    )


@pytest.mark.parametrize("types", [10, 5000])
def test_the_rule_index_is_bounded_and_answers_alike(types: int) -> None:
    """An index costing more than INDEX_LIMIT condition tests (pairs of a type and a priority,
    times rules) is not precomputed (3,000 types and priorities took minutes and gigabytes to
    compile); the evaluator then searches every rule, alike."""
    priorities = 100
    text = (
        BASE.replace('priority high "High"\n\npriority low "Low"\n', "")
        + "".join(f"type t{k}\n" for k in range(types))
        + "".join(f"priority p{k}\n" for k in range(priorities))
        + "\nsla first {\n  when type == t5 and priority == p7\n"
        "  response within 1 hour around the clock\n}\n"
        "\nsla otherwise {\n  response best effort\n}\n"
    )
    policy = compile_file(analyze(parse_text(text)))
    work = (types + 1) * (priorities + 1) * len(policy.response.all_rules)
    assert bool(policy.response.candidates) is (work <= INDEX_LIMIT)
    policies = policylang.PolicySet.from_policies([policy])
    for type_id, priority in [("t5", "p7"), ("t5", "p8"), ("t6", "p7")]:
        request = {
            "policy": "golden",
            "opened_at": "2026-03-06T10:00:00+03:00",
            "type": type_id,
            "priority": priority,
        }
        fast, full = policies.evaluate(request), policies.evaluate(request, trace=True)
        assert fast.response.selection.rule is full.response.selection.rule


# ---------------------------------------------------------------------- decisions


_ARITHMETIC = (
    "add_epoch",
    "add_business_days_epoch",
    "add_calendar_epoch",
    "next_open_epoch",
    "between_epoch",
)


def test_to_json_only_formats_what_evaluate_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """bpmsoft_care counts business time (its clocks start at the next opening), itc counts its
    7 days from the start of processing, a lifecycle rule is timed from the opening: every such
    instant is in the decision before to_json."""
    policies = policylang.load(ROOT / "policies")
    requests = [
        {
            "policy": "bpmsoft_care",
            "opened_at": "2026-03-06T19:20:00+03:00",
            "priority": "critical",
        },
        {
            "policy": "itc",
            "opened_at": "2027-02-06T10:00:00+07:00",
            "item": "usage_instructions",
            "events": [{"type": "processing_started", "at": "2027-02-07T09:00:00+07:00"}],
        },
    ]
    decisions = [policies.evaluate(request) for request in requests]
    timed = _policy(
        "sla otherwise {\n  response within 4 hours on office\n}\n"
        "lifecycle processing_limit week {\n  within 7 calendar days from opened\n}\n"
    )
    opened = {"policy": "golden", "opened_at": "2026-03-02T10:00:00+03:00", "priority": "low"}
    decisions.append(timed.evaluate(opened))
    expected = [decision.to_json() for decision in decisions]
    assert (
        expected[0]["sla"]["response"]["starts_at"] == "2026-03-10T08:30:00+03:00"
    )  # after the weekend and 9 March
    assert expected[1]["sla"]["resolution"]["due_at"] == "2027-02-14T09:00:00+07:00"
    assert [e["due_at"] for e in expected[2]["lifecycle"] if e.get("due_at")]

    def no_arithmetic(*args: object, **kwargs: object) -> int:
        raise AssertionError("to_json computed calendar arithmetic")

    for name in _ARITHMETIC:
        monkeypatch.setattr(BusinessCalendar, name, no_arithmetic)
    assert [decision.to_json() for decision in decisions] == expected


def _policy(snippet: str) -> policylang.PolicySet:
    checked = analyze(parse_text(BASE + snippet))
    assert checked.ok, [d.message for d in checked.diagnostics]
    return policylang.PolicySet.from_policies([compile_file(checked)])


@pytest.mark.parametrize(
    "snippet",
    [
        "\nsla all {\n  response within 438000 hours around the clock\n}\n",
        "\nsla all {\n  resolution within 18250 calendar days\n}\n",
        "\nsla all {\n  response best effort\n}\n\nlifecycle acceptance_window accept {\n"
        "  within 18250 calendar days from opened\n}\n",
        "\nsla all {\n  response best effort\n}\n\nlifecycle auto_confirm confirm {\n"
        "  after 438000 hours around the clock from opened\n}\n",
    ],
    ids=["elapsed-target", "calendar-days-target", "lifecycle-days", "lifecycle-hours"],
)
def test_an_instant_after_the_year_9999_is_a_request_error(snippet: str) -> None:
    policies = _policy(snippet)
    request = {"policy": "golden", "opened_at": "9999-01-01T10:00:00+03:00", "priority": "high"}
    with pytest.raises(RequestError) as raised:
        policies.evaluate(request).to_json()
    assert [p.field for p in raised.value.problems] == ["opened_at"]


# ---------------------------------------------------------------------- lint at the edges


EDGES: list[tuple[str, str, str | None]] = [
    # (id, policy text, a code lint must report)
    ("effective-1970-ru-holidays", BASE.replace("2026-01-01", "1970-01-01") + SLA, "PL681"),
    ("effective-2200-ru-holidays", BASE.replace("2026-01-01", "2200-12-31") + SLA, "PL681"),
    (
        "effective-on-the-last-day-of-holiday-data",
        BASE.replace("2026-01-01", "2100-12-31") + SLA,
        "PL683",
    ),
    (
        "effective-1970-elapsed-only",
        BASE.replace("2026-01-01", "1970-01-01")
        + "\nsla all {\n  response within 1 hour around the clock\n}\n",
        None,
    ),
    (
        "holiday-data-ending-before-the-policy",
        BASE.replace("2026-01-01", "2030-01-01")
        + "\ncalendar lanka {\n  hours mon-fri 09:00-17:00\n  holidays LK\n}\n"
        "\nsla all {\n  response within 4 hours on lanka\n"
        "  resolution within 2 business days on lanka\n}\n",
        "PL681",
    ),
    (
        "open-on-one-date-only",
        BASE + "\ncalendar once {\n  open 2026-03-09 09:00-10:00\n}\n"
        "\nsla all {\n  response within 4 hours on once\n"
        "  resolution within 1 business day on once\n}\n",
        "PL683",
    ),
    (
        "longest-durations-check-accepts",
        BASE + "\nsla all {\n  response within 438000 hours on office\n"
        "  resolution within 18250 business days on office\n}\n\n"
        "lifecycle acceptance_window accept {\n  within 18250 calendar days from opened\n}\n",
        "PL683",
    ),
    *(
        (
            f"condition-{name}",
            BASE + f"\nsla edge {{\n  when {condition}\n  response best effort\n}}\n" + SLA,
            code,
        )
        for name, condition, code in [
            ("before-the-first-date", "go_live < 0001-01-01", "PL622"),
            ("after-the-last-date", "go_live > 9999-12-31", "PL622"),
            ("on-the-last-date", "go_live in [0001-01-01, 9999-12-31]", None),
            ("more-days-than-dates", "days since go_live > 99999999", "PL622"),
            ("more-hours-than-timestamps", "hours since go_live > 99999999999", "PL622"),
            # 400 digits: more than a float holds, the literal is infinite (found by fuzzing)
            ("days-beyond-floats", f"days since go_live <= {'9' * 400}", None),
            ("hours-beyond-floats", f"hours since go_live > {'9' * 400}", "PL622"),
            ("hours-times-3600-beyond-floats", f"hours since go_live > 1{'0' * 306}", "PL622"),
        ]
    ),
    (
        "response-after-resolution-beyond-the-horizon",
        BASE.replace("2026-01-01", "2100-06-01")
        + "\nsla all {\n  response within 300 business days on office\n"
        "  resolution within 200 business days on office\n}\n",
        None,
    ),
]


@pytest.mark.parametrize(("text", "code"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES])
def test_lint_never_crashes_at_the_calendars_edges(text: str, code: str | None) -> None:
    checked = analyze(parse_text(text, "edge.policy"))
    assert checked.ok, [d.message for d in checked.diagnostics]
    codes = {finding.code for finding in lint(checked)}
    if code is not None:
        assert code in codes
