"""Evaluate one request against its policy: SLA targets and due times, handler, charge.

Semantics, stated once (docs/evaluation.md):

* Each ordered rule list (responsibility, response targets, resolution targets, charges) is
  searched in file order; the first rule whose condition holds applies.
* A condition over an optional input the request left out is *unknown*. An unknown rule before
  the applying one makes the answer undecided: it lists each possible outcome (``cases``) and the
  inputs it depends on, instead of guessing.
* A responsibility that lists items applies only to requests about one of those items; a request
  without ``item`` leaves such rules unknown.
* Business-time targets start at the first open instant at or after ``opened_at``; elapsed and
  calendar-day targets start at ``opened_at``. Instants are whole seconds (fractions dropped).
* A target anchored at an event (``from processing_started``) counts from the first such event
  of the request instead of ``opened_at``; without one it waits for it (nothing is due yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from policylang.model.inputs import MISSING
from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import (
    MEMO_LIMIT,
    Case,
    Condition,
    Outcome,
    Rule,
    RuleIndex,
    Selection,
)
from policylang.runtime.deadlines import Window, clock_origin, due_epoch, instants, window_at
from policylang.runtime.decision import Decision, TargetResult, TraceEvent
from policylang.runtime.request import NormalizedRequest
from policylang.runtime.timeline.judge import judge

__all__ = ["SelectionMemo", "decide"]

OutcomeT = TypeVar("OutcomeT", bound=Outcome)

#: Selections already made, by the values of the inputs they depend on.
_Memo = dict[tuple[Any, ...], Selection[OutcomeT]]
#: A request's response, resolution, handler and charge selections, in that order.
Selections = tuple[
    Selection[TargetSpec],
    Selection[TargetSpec],
    Selection[HandlerOutcome],
    Selection[ChargeOutcome],
]


class SelectionMemo:
    """The selections already made for one compiled policy: runtime state, kept out of the
    immutable model, owned by whoever evaluates many requests (a `PolicySet`, per version).

    A request whose shape (the values of the inputs the rules read) was seen before costs one
    dict lookup. A rule list is cached only when it is memoizable (``RuleIndex.memoizable``:
    every input it reads has a finite domain), each cache bounded by ``MEMO_LIMIT`` entries.
    """

    __slots__ = ("charges", "resolution", "response", "responsibility", "selections")

    def __init__(self, policy: CompiledPolicy | None) -> None:
        """The (empty) caches of ``policy``'s memoizable selections; None caches nothing."""
        memoizable = (
            (False,) * 5
            if policy is None
            else (
                policy.selections_memoizable,
                policy.response.memoizable,
                policy.resolution.memoizable,
                policy.responsibility.memoizable,
                policy.charges.memoizable,
            )
        )
        #: All four selections at once, when every list is memoizable.
        self.selections: dict[tuple[Any, ...], Selections] | None = {} if memoizable[0] else None
        self.response: _Memo[TargetSpec] | None = {} if memoizable[1] else None
        self.resolution: _Memo[TargetSpec] | None = {} if memoizable[2] else None
        self.responsibility: _Memo[HandlerOutcome] | None = {} if memoizable[3] else None
        self.charges: _Memo[ChargeOutcome] | None = {} if memoizable[4] else None


#: For a request evaluated on its own: no cache.
_NO_MEMO = SelectionMemo(None)


def _select(
    index: RuleIndex[OutcomeT],
    memo: _Memo[OutcomeT] | None,
    values: Mapping[str, Any],
    key: tuple[Any, Any],
    trace: list[TraceEvent] | None,
) -> Selection[OutcomeT]:
    if trace is not None:
        return _search(index.all_rules, values, trace)
    static = index.static.get(key)
    if static is not None:
        return static
    if memo is None:
        return _search(index.candidates.get(key, index.all_rules), values, None)
    memo_key = tuple([values.get(name, MISSING) for name in index.reads])
    selection = memo.get(memo_key)
    if selection is None:
        selection = _search(index.candidates.get(key, index.all_rules), values, None)
        if len(memo) < MEMO_LIMIT:
            memo[memo_key] = selection
    return selection


def _search(
    rules: tuple[Rule[OutcomeT], ...], values: Mapping[str, Any], trace: list[TraceEvent] | None
) -> Selection[OutcomeT]:
    """First match over ``rules``, collecting the cases an unknown condition leaves open."""
    cases: list[Case[OutcomeT]] = []
    depends: list[str] = []
    for rule in rules:
        verdict = rule.verdict(values)
        if trace is not None:
            trace.append(_trace(rule, verdict, values))
        if verdict is False:
            continue
        if verdict is True:
            if not cases:
                return Selection(rule)
            cases.append(Case(rule, "otherwise"))
            return Selection(None, tuple(cases), tuple(dict.fromkeys(depends)))
        cases.append(Case(rule, rule.when))
        depends.extend(rule.missing_inputs(values))
    if cases:
        return Selection(None, tuple(cases), tuple(dict.fromkeys(depends)))
    return Selection(None)


def _trace(rule: Rule[Outcome], verdict: bool | None, values: Mapping[str, Any]) -> TraceEvent:
    outcome = {True: "matched", False: "skipped", None: "unknown"}[verdict]
    parts = []
    if rule.condition is not None:
        parts.append(f"`{rule.condition.text}` is {_truth(rule.condition, values)}")
    if rule.items:
        item = values.get("item", MISSING)
        parts.append(
            "no item given"
            if item is MISSING
            else f"item `{item}` {'is' if item in rule.items else 'is not'} listed"
        )
    why = "; ".join(parts) or "no condition"
    return TraceEvent(rule.kind, rule.name, outcome, why, rule.source.location)


def _truth(condition: Condition, values: Mapping[str, Any]) -> str:
    result = condition.test(values)
    return "unknown" if result is None else ("true" if result else "false")


#: Targets whose time a request input gives: agreed (a due time) or estimated (not binding).
_SET_BY_INPUT = frozenset({"per_request", "best_effort"})


def _set_by_input(
    selection: Selection[TargetSpec], spec: TargetSpec, values: Mapping[str, Any]
) -> TargetResult:
    """``per request agreed by X``: X's value, once given, is the due time; ``best effort
    estimated by X``: X's value is reported as an estimate."""
    if spec.agreed_by is not None:
        agreed = values.get(spec.agreed_by, MISSING)
        if agreed is not MISSING:
            return TargetResult(selection, due_ts=int(agreed // 1))
    elif spec.estimated_by is not None:
        estimate = values.get(spec.estimated_by, MISSING)
        if estimate is not MISSING:
            return TargetResult(selection, estimate_ts=int(estimate // 1))
    return TargetResult(selection)


def _same_clock(a: TargetSpec, b: TargetSpec) -> bool:
    """Whether two committed targets' clocks start at the same instant, from one opening."""
    return a.engine is b.engine and a.clock == b.clock and a.from_event == b.from_event


def _same_due(a: TargetSpec, b: TargetSpec) -> bool:
    """Whether two committed targets fall due at the same instant, from one opening."""
    return _same_clock(a, b) and a.unit == b.unit and a.amount == b.amount


def _untimed(
    selection: Selection[TargetSpec], spec: TargetSpec, values: Mapping[str, Any], seen_at: int
) -> TargetResult:
    """A target without a duration: a window seen from ``seen_at``, a time an input sets."""
    if spec.commitment in _SET_BY_INPUT:
        return _set_by_input(selection, spec, values)
    if spec.commitment == "window":
        assert spec.engine is not None and spec.calendar is not None  # compiled with both
        return TargetResult(selection, window=window_at(spec.calendar, spec.engine, seen_at))
    return TargetResult(selection)


def _target(
    selection: Selection[TargetSpec],
    opened: int,
    known: TargetResult | None,
    request: NormalizedRequest,
    seen_at: int,
) -> TargetResult:
    """The target's instants (a window's, seen from ``seen_at``). What it shares with the
    ``known`` target is not computed twice: the response and the resolution usually run on one
    calendar, so their clocks start at the same instant. (The hot path: cheap tests first.)"""
    rule = selection.rule
    if rule is None or selection.cases:  # no rule, or undecided: nothing is due
        return TargetResult(selection)
    spec: TargetSpec = rule.outcome
    if spec.commitment != "committed":
        return _untimed(selection, spec, request.values, seen_at)
    if spec.from_event != "opened":
        origin = clock_origin(spec, opened, request.timeline)
        if origin is None:
            return TargetResult(selection, waiting_for=spec.from_event)
        opened = origin
    start = None
    if known is not None and known.starts_ts is not None:
        known_rule = known.selection.rule
        assert known_rule is not None  # a target with instants rests on its rule
        other = known_rule.outcome
        if (
            spec.engine is other.engine
            and spec.clock == other.clock
            and spec.from_event == other.from_event
        ):
            if spec.unit == other.unit and spec.amount == other.amount:
                return TargetResult(selection, known.due_ts, known.starts_ts)
            start = known.starts_ts
    found = instants(spec, opened, start)
    assert found is not None  # committed, on its compiled clock
    return TargetResult(selection, found[1], found[0])


def _lifecycle_due(
    policy: CompiledPolicy,
    values: Mapping[str, Any],
    opened: int,
    targets: tuple[TargetResult, TargetResult],
) -> tuple[int | None, ...]:
    """The due instant of each lifecycle rule timed from the opening (None for the others, and
    for rules that surely do not apply), computed here so that reporting never computes. A
    timing that is one of the targets' (itc's 7 calendar days) takes that target's due time."""
    out: list[int | None] = []
    for rule in policy.lifecycle:
        spec = rule.target
        if (
            spec is None
            or rule.event != "opened"
            or (rule.condition is not None and rule.condition.test(values) is False)
        ):
            out.append(None)
            continue
        for target in targets:
            chosen = target.selection.rule
            if target.due_ts is not None and chosen is not None and _same_due(spec, chosen.outcome):
                out.append(target.due_ts)
                break
        else:
            out.append(due_epoch(spec, opened))
    return tuple(out)


def _selections(
    policy: CompiledPolicy,
    memos: SelectionMemo,
    values: Mapping[str, Any],
    key: tuple[Any, Any],
    events: list[TraceEvent] | None,
) -> Selections:
    """Response, resolution, handler and charge selections, in that order."""
    return (
        _select(policy.response, memos.response, values, key, events),
        _select(policy.resolution, memos.resolution, values, key, events),
        _select(policy.responsibility, memos.responsibility, values, key, events),
        _select(policy.charges, memos.charges, values, key, events),
    )


def decide(
    request: NormalizedRequest, *, trace: bool = False, memos: SelectionMemo | None = None
) -> Decision:
    """Evaluate a validated request; ``memos``, the selections already made for its policy
    version (see `SelectionMemo`), spares repeating them."""
    policy: CompiledPolicy = request.policy
    values = request.values
    events: list[TraceEvent] | None = [] if trace else None
    opened = int(request.opened_ts // 1)
    if memos is None:
        memos = _NO_MEMO
    memo = memos.selections
    if memo is not None and events is None:
        # One lookup for all four answers when the request's shape was seen before.
        memo_key = tuple([values.get(name, MISSING) for name in policy.selection_reads])
        selections = memo.get(memo_key)
        if selections is None:
            key = (values.get("type"), values.get("priority"))
            selections = _selections(policy, memos, values, key, None)
            if len(memo) < MEMO_LIMIT:
                memo[memo_key] = selections
    else:
        key = (values.get("type"), values.get("priority"))
        selections = _selections(policy, memos, values, key, events)
    response, resolution, handler, billable = selections
    timeline = None
    if request.timeline is not None:

        def reselect(
            changed: dict[str, Any],
        ) -> tuple[Selection[TargetSpec], Selection[TargetSpec]]:
            changed_key = (changed.get("type"), changed.get("priority"))
            return (
                _select(policy.response, memos.response, changed, changed_key, None),
                _select(policy.resolution, memos.resolution, changed, changed_key, None),
            )

        timeline = judge(
            policy,
            values,
            opened,
            request.timeline,
            initial=(response, resolution),
            reselect=reselect,
        )
    # A window is seen from `now` when the request gives it, else from the opening.
    seen_at = timeline_now if (timeline_now := _given_now(request)) is not None else opened
    first = _target(response, opened, None, request, seen_at)
    second = _target(resolution, opened, first, request, seen_at)
    return Decision(
        request,
        first,
        second,
        handler,
        billable,
        tuple(events) if events is not None else None,
        timeline,
        _lifecycle_due(policy, values, opened, (first, second))
        if policy.lifecycle_from_opening
        else (),
        obligation_windows=_obligation_windows(policy, seen_at),
    )


def _given_now(request: NormalizedRequest) -> int | None:
    """The request's own ``now`` (not the one a timeline defaults to), when it gives one."""
    if request.timeline is None or "now" not in request.raw:
        return None
    return request.timeline.now


def _obligation_windows(policy: CompiledPolicy, seen_at: int) -> tuple[Window | None, ...]:
    """Each obligation's service window seen from ``seen_at`` (empty when none has one)."""
    if not any(o.window for o in policy.obligations):
        return ()
    return tuple(
        None
        if o.window is None
        else window_at(o.window, policy.calendars[o.window], seen_at)
        for o in policy.obligations
    )
