"""Suspicious SLA targets (PL641 to PL644).

* PL641: a request's response target can fall due after its resolution target. The pairs of
  targets that one request gets are found by searching the response and resolution lists
  together; each committed pair is then computed by the evaluator's own due-time arithmetic for
  opening instants every half hour over two weeks (with the calendar arithmetic the evaluator
  uses), and the first instant where the response is due later is the counterexample. Targets
  whose clocks start at different events (``from processing_started``) are not compared: when
  the events happen is not the policy's to say.
* PL642: business time counted on a calendar that is open 24/7: it is elapsed time, and either
  ``around the clock`` says so plainly or the wrong calendar is named.
* PL643: the reverse: an elapsed target (``around the clock``, ``calendar days``) in a rule that
  cites the clause a business-hours calendar formalises: the hours the rule's own source gives
  are ignored.
* PL644: a target in hours or minutes longer than the most its calendar is open in any week: a
  figure like "48 hours" on an office calendar is usually elapsed hours.

PL642 to PL644 are information instead of warnings when a note the rule carries names the
calendar in backticks: the author has said why (ChatOps counts critical errors on its 24/7
calendar `critical_hours` after a contradiction note weighs the two clauses).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policylang.calendar import CalendarError
from policylang.lang import ast
from policylang.lang.analysis.literals import parse_number
from policylang.lang.diagnostics import Related, Severity
from policylang.lang.printer import format_commitment
from policylang.model.inputs import OPENED_TS
from policylang.model.outcomes import TargetSpec
from policylang.text.english import amount_of_time
from policylang.tools.lint.clocks import Clocks, clocks_of, due
from policylang.tools.lint.context import LintContext, Subject
from policylang.tools.lint.search import Truncated
from policylang.tools.lint.space import LintRule

__all__ = ["check_targets"]

_SECONDS = {"minutes": 60, "hours": 3600}
#: Opening instants tried when comparing two targets: every half hour for two weeks.
_SAMPLES = 14 * 48


def _spec(rule: LintRule) -> TargetSpec | None:
    """The compiled target's arithmetic; None when nothing is committed."""
    return rule.spec if rule.spec is not None and rule.spec.commitment == "committed" else None


def check_targets(ctx: LintContext) -> None:
    """Report targets that are probably not what the source means."""
    clocks = clocks_of(ctx)
    _response_after_resolution(ctx, clocks)
    business_clauses = _business_clauses(ctx, clocks)
    for rule in ctx.checked.symbols.rules_of("sla"):
        for statement in rule.body:
            if isinstance(statement, ast.Target) and isinstance(
                statement.commitment, ast.Committed
            ):
                _check_clock(
                    ctx,
                    clocks,
                    rule,
                    target=statement,
                    commitment=statement.commitment,
                    business_clauses=business_clauses,
                )


# ---------------------------------------------------------------------- PL641


def _response_after_resolution(ctx: LintContext, clocks: Clocks) -> None:
    responses = ctx.lists.get("sla-response", [])
    resolutions = ctx.lists.get("sla-resolution", [])
    if not responses or not resolutions:
        return
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    try:
        search = ctx.search([responses, resolutions], complete=True)
        for leaf in search.leaves():
            first, second = leaf.winners
            if first is None or second is None or (first, second) in pairs:
                continue
            if responses[first].target is None or resolutions[second].target is None:
                continue
            pairs[(first, second)] = leaf.snapshot()
    except Truncated:
        ctx.truncated(
            "which response and resolution targets requests get together",
            responses[0].decl.name.span,
        )
    verdicts: dict[tuple[str, str], int | None] = {}
    reads_time = any(OPENED_TS in r.reads for r in (*responses, *resolutions))
    for (first, second), values in pairs.items():
        response, resolution = responses[first], resolutions[second]
        assert response.target is not None and resolution.target is not None
        early, late = _spec(response), _spec(resolution)
        if early is None or late is None or early.from_event != late.from_event:
            continue  # clocks from different events: their instants are not the request's
        openings = [int(values[OPENED_TS])] if reads_time else None
        key = (_key(response.target), _key(resolution.target))
        if openings is not None or key not in verdicts:
            verdicts[key] = _later(clocks, early, late, openings)
        opened = verdicts[key]
        if opened is not None:
            _report_later(ctx, response, resolution, values=values, opened=opened, clocks=clocks)


def _key(target: ast.Target) -> str:
    assert isinstance(target.commitment, ast.Committed)
    return format_commitment(target.commitment)


def _later(
    clocks: Clocks, response: TargetSpec, resolution: TargetSpec, openings: list[int] | None
) -> int | None:
    """The first opening instant at which the response falls due after the resolution."""
    # From 10:00 on the effective date: the first instant found is then a plausible one.
    tries = openings or [clocks.start + 36000 + 1800 * k for k in range(_SAMPLES)]
    for opened in tries:
        try:
            if due(response, opened) > due(resolution, opened):
                return opened
        except CalendarError:
            continue  # an instant the calendars cannot count from: PL681 to PL683 say why
    return None


def _report_later(
    ctx: LintContext,
    response: LintRule,
    resolution: LintRule,
    *,
    values: Mapping[str, Any],
    opened: int,
    clocks: Clocks,
) -> None:
    assert response.target is not None and resolution.target is not None
    early, late = _spec(response), _spec(resolution)
    assert early is not None and late is not None
    space = ctx.space
    response_due, resolution_due = due(early, opened), due(late, opened)
    same = response.decl is resolution.decl
    where = (
        f"in {response.label}"
        if same
        else f"({response.label} gives the response, {resolution.label} the resolution)"
    )
    ctx.report(
        "PL641",
        f"the response target `{early.text}` falls due after the resolution target "
        f"`{late.text}` {where}",
        response.target.span,
        f"for a request opened at {space.iso(opened)} the response is due at "
        f"{space.iso(response_due)} but the resolution at {space.iso(resolution_due)}; check "
        "which figure is which in the source",
        subject=Subject.of(response.decl),
        related=(Related(resolution.target.span, "the resolution target"),),
        related_subjects=() if same else (Subject.of(resolution.decl),),
        counterexample=space.request(values, opened_at=float(opened)),
    )


# ---------------------------------------------------------------------- PL642 to PL644


def _business_clauses(ctx: LintContext, clocks: Clocks) -> dict[str, str]:
    """Clause id -> the business-hours (not 24/7) calendar that cites it."""
    out: dict[str, str] = {}
    for name, decl in ctx.checked.symbols.calendars.items():
        if clocks.always_open(name):
            continue
        for statement in decl.body:
            if isinstance(statement, ast.NamesField) and statement.key == "cite":
                for clause in statement.names:
                    out.setdefault(clause.value, name)
    return out


def _cites(rule: ast.RuleDecl) -> list[str]:
    return [
        n.value
        for s in rule.body
        if isinstance(s, ast.NamesField) and s.key == "cite"
        for n in s.names
    ]


def _check_clock(
    ctx: LintContext,
    clocks: Clocks,
    rule: ast.RuleDecl,
    *,
    target: ast.Target,
    commitment: ast.Committed,
    business_clauses: dict[str, str],
) -> None:
    text = format_commitment(commitment)
    label = f"{rule.keyword} `{rule.name.value}`"
    clock = commitment.clock
    unit = commitment.duration.unit.value
    if isinstance(clock, ast.OnCalendar):
        name = clock.calendar.value
        if clocks.always_open(name):
            _suspicious(
                ctx,
                rule,
                name,
                code="PL642",
                message=f"`{text}` in {label} counts business time on `{name}`, which is open "
                "24/7: it is elapsed time",
                target=target,
                help_text="write `around the clock` if elapsed time is meant; if the source "
                "counts working time, name the calendar of its working hours",
            )
            return
        if unit in _SECONDS:
            seconds = int(parse_number(commitment.duration.amount.text) * _SECONDS[unit])
            busiest = clocks.busiest_week(name)
            if busiest is not None and seconds > busiest:
                _suspicious(
                    ctx,
                    rule,
                    name,
                    code="PL644",
                    message=f"`{text}` in {label} is more business time than `{name}` is open "
                    f"in any week ({amount_of_time(busiest)})",
                    target=target,
                    help_text="a figure in hours that long is usually elapsed time: write "
                    "`around the clock`, or count it in business days",
                )
        return
    for clause in _cites(rule):
        name = business_clauses.get(clause, "")
        if name:
            _suspicious(
                ctx,
                rule,
                name,
                code="PL643",
                message=f"`{text}` in {label} ignores business hours, but the rule cites "
                f"`{clause}`, the clause calendar `{name}` formalises",
                target=target,
                help_text=f"count it on the hours the source gives (`on {name}`), or stop citing "
                "the hours clause if the target really runs around the clock",
            )
            return


def _suspicious(
    ctx: LintContext,
    rule: ast.RuleDecl,
    calendar: str,
    *,
    code: str,
    message: str,
    target: ast.Target,
    help_text: str,
) -> None:
    note = ctx.acknowledging_note(rule.body, calendar)
    if note is not None:
        ctx.report(
            code,
            f"{message}; note `{note}` explains the choice",
            target.span,
            "nothing to do while the note's reading stands",
            subject=Subject.of(rule),
            severity=Severity.INFO,
            related_subjects=(Subject("calendar", calendar), Subject("note", note)),
        )
        return
    ctx.report(
        code,
        message,
        target.span,
        help_text,
        subject=Subject.of(rule),
        related_subjects=(Subject("calendar", calendar),),
    )
