"""The decision as its v2 JSON document (``schemas/decision.schema.json``), and the catalogue.

Contract v2 (issue 15): the same keys for every policy (``null`` / ``[]``, never a missing key),
clauses and notes as ids whose texts come from the policy's :func:`catalogue` (or inline under
``texts`` with ``detail="full"``), no file path outside the trace and the catalogue.

Speed: everything a decision says about a rule whatever the request (its state, target, clock,
roles, charge line, clause ids) is built once per compiled policy, in :class:`PolicyStatics`,
and shared by every decision citing the rule (read-only by contract). A call copies those dicts
and adds the few instants computed for the request.

Filled from the model: charge lines (runtime/charges.py), the ticket's kind and severity,
``until``, ``lifted``, ``lifts``, ``on_expiry``, lifecycle instants from the ticket's events,
pending inputs. A request whose ``kind`` or ``severity`` leaves several candidate types is
written from its candidates' documents (runtime/candidate_documents.py).

Where the constructs still to come add their fields, one place each:

* "time" (windows, clocks from events, per request agreed by, best effort estimated by,
  extendable): the static target fields in :func:`_target_static`, the per-request ones
  (``waiting_for``, ``opens_at``...) in :meth:`_Writer.target`; an obligation's ``window`` in
  :func:`_obligation_static`.
* "roles" (responsible, performer, receiver, assists, consulted): :func:`_roles_static`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from policylang.model.customers import Customer, CustomerRate
from policylang.model.inputs import MISSING, OPENED_DATE, PENDING
from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import (
    MEMO_LIMIT,
    Condition,
    LifecycleRule,
    ObligationRule,
    Outcome,
    RefusalRule,
    Rule,
    Selection,
)
from policylang.model.sources import Source
from policylang.runtime.candidate_documents import merge_documents
from policylang.runtime.charges import ChargeLine, Charges
from policylang.runtime.decision_parts import (
    FACTS,
    TARGET_STATES,
    agreed_roles,
    compact_document,
    compact_of,
    empty_roles,
    target_of,
)

if TYPE_CHECKING:
    from policylang.runtime.deadlines import Window
    from policylang.runtime.decision import Decision, TargetResult

__all__ = ["DETAILS", "PARTS", "SCHEMA_VERSION", "Detail", "catalogue", "decision_json"]

#: The ``schema_version`` of the decision document.
SCHEMA_VERSION = 2
#: The output details: ``compact`` cites clauses and notes by id, ``full`` inlines their texts.
Detail = Literal["compact", "full"]
DETAILS: tuple[str, ...] = ("compact", "full")
#: The parts of a decision a request may ``ask`` for (default: all).
PARTS: tuple[str, ...] = ("sla", "roles", "charges", "lifecycle", "obligations", "refusal")

#: States that say whether the target may be extended.
_EXTENDABLE_STATES = frozenset({"committed", "per_request", "best_effort"})
#: What a `sequential` rule without `requires` waits for.
_ONE_AFTER_ANOTHER = {"count": 1, "event": "previous_resolved"}
#: Lifecycle kinds with an ``after`` timing (the others with a timing use ``within``).
_AFTER_KINDS = frozenset({"auto_confirm", "cancellation"})


def _clauses(source: Source) -> list[str]:
    return [c.id for c in source.clauses]


def _clock(spec: TargetSpec) -> str | None:
    """The v2 clock kind: hours around the clock are ``elapsed`` time, calendar days
    ``calendar``, business time ``business``."""
    if spec.clock == "calendar" and spec.unit == "seconds":
        return "elapsed"
    return spec.clock


def _target_static(rule: Rule[TargetSpec]) -> dict[str, Any]:
    """What a target says whatever the request, in full (the "time" constructs add their
    fields here): its state's keys, the request's instants null until a call fills them."""
    spec = rule.outcome
    state = TARGET_STATES[spec.commitment]
    out = target_of(
        state,
        rule.name,
        target=spec.iso,
        clock=_clock(spec),
        calendar=spec.calendar,
        from_event=spec.from_event,
        extendable=spec.extendable if state in _EXTENDABLE_STATES else None,
        until=spec.until,
        agreed_by=spec.agreed_by,
    )
    out["clauses"] = _clauses(rule.source)
    return out


def _roles_static(rule: Rule[HandlerOutcome]) -> dict[str, Any]:
    """A responsibility rule's roles: responsible, performer, receiver, assists, consulted, and
    the action (HandlerOutcome.to_json)."""
    return {
        "state": "decided",
        "rule": rule.name,
        "clauses": _clauses(rule.source),
        **rule.outcome.to_json(),
        "depends_on": [],
        "cases": [],
    }


def _charge_static(rule: Rule[ChargeOutcome]) -> dict[str, Any]:
    """A charge rule's line: its fee kind, the rate as an exact decimal string, the basis."""
    return ChargeLine(rule).to_json()


def _lifecycle_static(rule: LifecycleRule) -> dict[str, Any]:
    """A lifecycle rule's entry, the fields of its kind."""
    out: dict[str, Any] = {
        "kind": rule.kind,
        "rule": rule.name,
        "party": rule.party or "provider",
        "applies": True,
        "clauses": _clauses(rule.source),
    }
    requires = {"count": rule.requires[0], "event": rule.requires[1]} if rule.requires else None
    if rule.kind == "sequential":
        # Without a count, "one after another": the previous request resolved, once.
        out["requires"] = requires or _ONE_AFTER_ANOTHER
        return out
    spec = rule.target
    timing = {
        "clock": _clock(spec) if spec is not None else None,
        "calendar": spec.calendar if spec is not None else None,
        "from_event": rule.event,
    }
    if rule.kind in _AFTER_KINDS:
        out.update(
            after=spec.iso if spec is not None else None,
            **timing,
            requires=requires,
            earliest_at=None,
            on_expiry=rule.on_expiry,
        )
    else:
        out.update(within=spec.iso if spec is not None else None, **timing, due_at=None)
        out["on_expiry"] = rule.on_expiry
    return out


def _obligation_static(rule: ObligationRule) -> dict[str, Any]:
    """An obligation ("time" adds its service ``window`` here)."""
    return {
        "rule": rule.name,
        "party": rule.party or "provider",
        "window": None,
        "applies": True,
        "clauses": _clauses(rule.source),
    }


def _ground_static(rule: RefusalRule) -> dict[str, Any]:
    """A refusal ground, with the SLA targets it ``lifts`` when it holds."""
    return {
        "rule": rule.name,
        "reason": rule.reason,
        "lifts": list(rule.lifts),
        "clauses": _clauses(rule.source),
    }


@dataclass(frozen=True, slots=True)
class RuleParts:
    """What a decision says about each rule of one policy, at one detail (compact, or full with
    the rules' facts): read-only by contract, shared by every decision."""

    #: By ``id(rule)``: the target, roles or charge line of a rule of the four ordered lists.
    by_rule: Mapping[int, dict[str, Any]]
    lifecycle: tuple[dict[str, Any], ...]
    obligations: tuple[dict[str, Any], ...]
    grounds: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class PolicyStatics:
    """Everything a decision says about each rule of one compiled policy whatever the request,
    built once (by :func:`statics`) and shared by every decision: read-only by contract."""

    #: The ``policy`` object, and the same with ``assumed_effective: true`` (for requests opened
    #: before an assumed effective date).
    policy_json: dict[str, Any]
    policy_json_assumed: dict[str, Any]
    #: The rules' parts by detail (``compact``, ``full``).
    parts: Mapping[str, RuleParts]
    #: Rank of each note id in the policy (decisions list notes in the policy's order).
    note_rank: Mapping[str, int]
    #: The inputs the lifecycle, obligation and refusal conditions read (the opening date too,
    #: for ``days since``), and their verdicts by those inputs' values (bounded): requests of
    #: one shape test those conditions once.
    condition_reads: tuple[str, ...]
    verdicts: dict[tuple[Any, ...], Verdicts]
    #: The ``notes`` of a decision by the rules that decided it and the parts asked (bounded).
    notes: dict[tuple[Any, ...], list[str]]
    #: The charges by the customer and the values of the inputs the charge rules read, when
    #: those are all enums and bools (a `days since` reads the opening too: not memoized).
    charges: dict[tuple[Any, ...], Charges]
    #: The ``when`` of a case by its rule and the values of the inputs the rule reads, for a
    #: rule reading only enums and bools (bounded); by ``id(rule)``, those inputs (None: a rule
    #: reading others, not memoized).
    whens: dict[tuple[Any, ...], dict[str, Any]]
    when_reads: dict[int, tuple[str, ...] | None]


#: The verdicts of a policy's lifecycle rules, obligations and refusal grounds for one request.
#: Last, the refusal ground lifting ``response`` and the one lifting ``resolution`` (or None).
Verdicts = tuple[
    tuple[bool | None, ...],
    tuple[bool | None, ...],
    tuple[bool | None, ...],
    tuple[str | None, str | None],
]


def _condition_reads(policy: CompiledPolicy) -> tuple[str, ...]:
    reads: set[str] = {OPENED_DATE} if policy.needs_opened_date else set()
    rules: tuple[LifecycleRule | ObligationRule | RefusalRule, ...] = (
        *policy.lifecycle,
        *policy.obligations,
        *policy.refusals,
    )
    for rule in rules:
        if rule.condition is not None:
            reads |= rule.condition.inputs
    return tuple(sorted(reads))


def _full_parts(policy: CompiledPolicy) -> tuple[RuleParts, dict[int, str]]:
    """The rules' parts with their facts, and the part of each ordered rule (by ``id``)."""
    by_rule: dict[int, dict[str, Any]] = {}
    part_of: dict[int, str] = {}
    for target_rule in (*policy.response.all_rules, *policy.resolution.all_rules):
        by_rule[id(target_rule)] = _target_static(target_rule)
        part_of[id(target_rule)] = "sla"
    for handler_rule in policy.responsibility.all_rules:
        by_rule[id(handler_rule)] = _roles_static(handler_rule)
        part_of[id(handler_rule)] = "roles"
    for charge_rule in policy.charges.all_rules:
        by_rule[id(charge_rule)] = _charge_static(charge_rule)
        part_of[id(charge_rule)] = "charges"
    parts = RuleParts(
        by_rule=by_rule,
        lifecycle=tuple(_lifecycle_static(r) for r in policy.lifecycle),
        obligations=tuple(_obligation_static(r) for r in policy.obligations),
        grounds=tuple(_ground_static(r) for r in policy.refusals),
    )
    return parts, part_of


def _compact_parts(full: RuleParts, part_of: Mapping[int, str]) -> RuleParts:
    """``full`` without the rules' facts (the compact decision's parts)."""
    return RuleParts(
        by_rule={key: compact_of(part_of[key], value) for key, value in full.by_rule.items()},
        lifecycle=tuple(compact_of("lifecycle", e) for e in full.lifecycle),
        obligations=tuple(compact_of("obligations", e) for e in full.obligations),
        grounds=tuple(compact_of("refusal", e) for e in full.grounds),
    )


#: Inputs every request's values hold as plain names (no opening instant or date behind them).
_PLAIN_READS = frozenset({"type", "priority", "item", "product"})


def _finite_reads(policy: CompiledPolicy, condition: Condition | None) -> tuple[str, ...] | None:
    """The inputs ``condition`` reads (and ``item``), when all are enums or bools: a key of the
    values it can depend on. None when it reads others (numbers, dates, the opening)."""
    names = sorted(condition.inputs) if condition is not None else []
    for name in names:
        spec = policy.inputs.get(name)
        if name not in _PLAIN_READS and (spec is None or spec.kind not in ("enum", "bool")):
            return None
    return (*names, "item")


def _memo_key(
    values: Mapping[str, Any], names: Iterable[str], *head: Any
) -> tuple[Any, ...] | None:
    """``head`` and the values of ``names`` as a key of a bounded memo; None when a value
    cannot be a key (not hashable)."""
    key = (*head, *[values.get(name, MISSING) for name in names])
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _build_statics(policy: CompiledPolicy) -> PolicyStatics:
    full, part_of = _full_parts(policy)
    policy_json = {
        "id": policy.id,
        "version": policy.version,
        "effective": policy.effective.isoformat(),
        "assumed_effective": False,
    }
    return PolicyStatics(
        policy_json=policy_json,
        policy_json_assumed={**policy_json, "assumed_effective": True},
        parts={"compact": _compact_parts(full, part_of), "full": full},
        note_rank={name: i for i, name in enumerate(policy.notes)},
        condition_reads=_condition_reads(policy),
        verdicts={},
        notes={},
        charges={},
        whens={},
        when_reads={},
    )


def statics(policy: CompiledPolicy) -> PolicyStatics:
    """The statics of ``policy``, built on first use and kept with it (``policy.derive``)."""
    return policy.derive("decision_json", _build_statics)


# ---------------------------------------------------------------------- undecided answers


def when_of(
    condition: Condition | None,
    items: Iterable[str],
    values: Mapping[str, Any],
    domains: Mapping[str, tuple[Any, ...]],
) -> dict[str, Any]:
    """The ``when`` object of a case: for each input the request left out that the rule reads,
    the values of its finite ``domains`` under which the rule may hold (one value alone, several
    as a list). Inputs without a finite domain (dates, numbers, text) cannot be listed and are
    left out: the case's ``rule`` and the catalogue give its full condition."""
    out: dict[str, Any] = {}
    listed = sorted(items)
    if listed and values.get("item", MISSING) is MISSING:
        out["item"] = listed if len(listed) > 1 else listed[0]
    if condition is None:
        return out
    for name in sorted(condition.inputs):
        domain = domains.get(name)
        if not domain or values.get(name, MISSING) is not MISSING:
            continue
        holding = [v for v in domain if condition.test({**values, name: v}) is not False]
        out[name] = holding[0] if len(holding) == 1 else holding
    return out


# ---------------------------------------------------------------------- the writer


class _Writer:
    """Writes one decision: reads the statics, adds what the request decided."""

    __slots__ = (
        "_charges",
        "_verdicts",
        "decision",
        "detail",
        "domains",
        "holding",
        "parts",
        "policy",
        "statics",
        "values",
    )

    def __init__(self, decision: Decision, detail: str) -> None:
        self.decision = decision
        self.policy = decision.request.policy
        self.statics = statics(self.policy)
        self.parts = self.statics.parts[detail]
        self.detail = detail
        self.values = decision.request.values
        self.domains: dict[str, tuple[Any, ...]] | None = None
        #: The notes of the lifecycle rules, obligations and refusals written that surely hold
        #: (collected while writing them: their conditions are tested once).
        self.holding: list[tuple[str, ...]] = []
        self._charges: Charges | None = None
        self._verdicts: Verdicts | None = None

    def charge_lines(self) -> Charges:
        """The decision's charges (``Decision.charges`` computes them on each read): read once,
        and once per policy for requests alike in the customer and the inputs charges read."""
        if self._charges is not None:
            return self._charges
        memo = self.statics.charges
        index = self.policy.charges
        key = (
            # The customer's rates, not its id: two policy sets may share compiled policies and
            # give one customer id different rates.
            _memo_key(self.values, index.reads, _rates_key(self.decision.request.layer))
            if index.memoizable
            else None
        )
        found = memo.get(key) if key is not None else None
        if found is None:
            found = self.decision.charges
            if key is not None and len(memo) < MEMO_LIMIT:
                memo[key] = found
        self._charges = found
        return found

    def verdicts(self) -> Verdicts:
        """Whether each lifecycle rule, obligation and refusal ground applies (True, False, or
        None when it depends), and the grounds that lift the SLA targets, looked up by the values
        of the inputs their conditions read."""
        if self._verdicts is not None:
            return self._verdicts
        known = self.statics.verdicts
        values = self.values
        key = tuple([values.get(name, MISSING) for name in self.statics.condition_reads])
        found = known.get(key)
        if found is None:
            policy = self.policy
            unpended = self.unpended()
            found = (
                tuple([_applies(r.condition, values) for r in policy.lifecycle]),
                tuple([_applies(r.condition, values) for r in policy.obligations]),
                tuple([_applies(r.condition, unpended) for r in policy.refusals]),
                (self.decision.lifted_by("response"), self.decision.lifted_by("resolution")),
            )
            if len(known) < MEMO_LIMIT:
                known[key] = found
        self._verdicts = found
        return found

    def finite_domains(self) -> dict[str, tuple[Any, ...]]:
        """The values of each enum and bool input (built on first use)."""
        if self.domains is None:
            self.domains = {
                name: spec.values if spec.kind == "enum" else (True, False)
                for name, spec in self.policy.inputs.items()
                if spec.kind in ("enum", "bool")
            }
        return self.domains

    def when(self, rule: Rule[Outcome] | RefusalRule) -> dict[str, Any]:
        """The ``when`` of a case resting on ``rule`` (see :func:`when_of`), once per policy
        for requests alike in the inputs the rule reads."""
        values = self.unpended() if isinstance(rule, RefusalRule) else self.values
        known = self.statics.when_reads
        if id(rule) not in known:
            known[id(rule)] = _finite_reads(self.policy, rule.condition)
        reads = known[id(rule)]
        memo = self.statics.whens
        key = _memo_key(values, reads, id(rule)) if reads is not None else None
        found = memo.get(key) if key is not None else None
        if found is None:
            items = () if isinstance(rule, RefusalRule) else rule.items
            found = when_of(rule.condition, items, values, self.finite_domains())
            if key is not None and len(memo) < MEMO_LIMIT:
                memo[key] = found
        return found

    def unpended(self) -> Mapping[str, Any]:
        """The values with pending inputs left out: a pending decision may still go either
        way, so a refusal ground reading one may hold later (it is possible, not excluded)."""
        values = self.values
        if PENDING not in values.values():
            return values
        return {k: v for k, v in values.items() if v != PENDING}

    def iso(self, ts: int | None, spec: TargetSpec | None) -> str | None:
        if ts is None:
            return None
        engine = spec.engine if spec is not None and spec.engine is not None else None
        if engine is None:
            engine = self.policy.zone_calendar
        return engine.to_local(ts).isoformat()

    def ticket(self) -> dict[str, Any]:
        """The ticket: the type's standard kind, the priority's (or the type's) severity, else
        what the request named (a policy without types or priorities only records them)."""
        values = self.values
        request = self.decision.request
        type_id = values.get("type")
        type_info = self.policy.types.get(type_id) if isinstance(type_id, str) else None
        priority = values.get("priority")
        priority = priority if isinstance(priority, str) else None
        item = values.get("item")
        severity = self.policy.priority_severities.get(priority) if priority else None
        if severity is None and type_info is not None:
            severity = type_info.severity
        kind = type_info.kind if type_info is not None else None
        return {
            "type": type_id if type_info is not None else None,
            "kind": kind or request.kind,
            "category": values.get("category") if type_info is not None else None,
            "priority": priority,
            "severity": severity or request.severity,
            "item": item if isinstance(item, str) else None,
        }

    def target(self, result: TargetResult, name: str) -> dict[str, Any]:
        """One SLA target, ``response`` or ``resolution`` ("time" adds its per-request fields
        here: waiting_for, opens_at...)."""
        lifted_by = self.verdicts()[3][name == "resolution"]
        if lifted_by is not None:
            return target_of("lifted", lifted_by=lifted_by)
        selection = result.selection
        rule = selection.rule
        by_rule = self.parts.by_rule
        if selection.cases:
            cases = [{"when": self.when(c.rule), **by_rule[id(c.rule)]} for c in selection.cases]
            return target_of("depends", depends_on=list(selection.depends_on), cases=cases)
        if rule is None:
            return target_of("not_stated")
        static = by_rule[id(rule)]
        if result.agreed:  # `per request agreed by X`, X given: a due time on the clock agreed
            out = target_of(
                "committed",
                rule.name,
                clock="agreed",
                starts_at=self.iso(result.starts_ts, rule.outcome),
                due_at=self.iso(result.due_ts, rule.outcome),
                extendable=static["extendable"],
                agreed_by=static["agreed_by"],
            )
            out.update((key, static[key]) for key in FACTS["sla"] if key in static)
            return out
        out = dict(static)
        if result.due_ts is not None:
            out["starts_at"] = self.iso(result.starts_ts, rule.outcome)
            out["due_at"] = self.iso(result.due_ts, rule.outcome)
        if result.waiting_for is not None:
            out["waiting_for"] = result.waiting_for
        elif result.window is not None:
            out.update(self.window(result.window))
        elif result.estimate_ts is not None:
            out["estimate_at"] = self.iso(result.estimate_ts, rule.outcome)
        return out

    def window(self, window: Window) -> dict[str, Any]:
        """A service window seen from the opening (or ``now``): calendar, open_now, opens_at
        (in the calendar's zone)."""
        opens = self.policy.calendars[window.calendar].to_local(window.opens_ts).isoformat()
        return {"calendar": window.calendar, "open_now": window.open_now, "opens_at": opens}

    def roles(self) -> dict[str, Any]:
        selection = self.decision.handler
        rule = selection.rule
        by_rule = self.parts.by_rule
        if rule is not None and not selection.cases:
            return by_rule[id(rule)]
        out = empty_roles()
        out["depends_on"] = list(selection.depends_on)
        if selection.cases:
            out["state"] = "depends"
            cases = [
                {"when": self.when(case.rule), **_role_case(by_rule[id(case.rule)])}
                for case in selection.cases
            ]
            if selection.cases[-1].when != "otherwise":
                # No rule surely holds: that no rule states the roles is a case too (rule null),
                # so nothing is "agreed by every case" that this one would contradict.
                cases.append({"when": {}, **_NO_RULE_CASE[self.detail]})
            out["cases"] = cases
            agreed_roles(out)
        return out

    def charges(self) -> dict[str, Any]:
        """The charge lines (runtime/charges.py), each possible line with its ``when``."""
        charges = self.charge_lines()
        by_rule = self.parts.by_rule
        # `otherwise`'s `when` is empty: it applies when none of the other lines does.
        possible = [
            {
                "when": {} if line.when == "otherwise" else self.when(line.rule),
                **line.priced(by_rule[id(line.rule)]),
            }
            for line in charges.possible
        ]
        return {
            "billable": charges.billable,
            "lines": [line.priced(by_rule[id(line.rule)]) for line in charges.lines],
            "possible": possible,
            "depends_on": list(charges.depends_on),
        }

    def lifecycle(self) -> list[dict[str, Any]]:
        """The lifecycle rules that apply or may apply; a rule's instant (``earliest_at`` or
        ``due_at``) once its event is known: timed from the opening, or from an event of the
        ticket's timeline."""
        out = []
        due = self.decision.lifecycle_due
        timeline = self.decision.timeline
        deadlines = (
            {s["id"]: s["deadline_at"] for s in timeline["lifecycle"] if "deadline_at" in s}
            if timeline is not None
            else {}
        )
        verdicts = self.verdicts()[0]
        for index, rule in enumerate(self.policy.lifecycle):
            applies = verdicts[index]
            if applies is False:
                continue
            entry = self.parts.lifecycle[index]
            if applies:
                self.holding.append(rule.notes)
            due_ts = due[index] if due else None
            deadline = deadlines.get(rule.name)
            if applies is None or due_ts is not None or deadline is not None:
                entry = dict(entry)
                entry["applies"] = applies
                key = "earliest_at" if rule.kind in _AFTER_KINDS else "due_at"
                if due_ts is not None:
                    entry[key] = self.iso(due_ts, rule.target)
                elif deadline is not None:
                    entry[key] = self.counted(rule, deadline)
            out.append(entry)
        return out

    def counted(self, rule: LifecycleRule, deadline: str) -> str | None:
        """The earliest instant of a rule that also ``requires`` N events: its time has run
        out *and* the Nth event has come (None until it has); ``deadline`` for the others.
        The events counted as the ticket's timeline counts them (a cancellation's since the
        customer last replied)."""
        timeline = self.decision.request.timeline
        if rule.requires is None or rule.kind not in _AFTER_KINDS or timeline is None:
            return deadline
        count, kind = rule.requires
        replies = [e.at for e in timeline.events if e.type == "customer_replied"]
        since = replies[-1] if replies and rule.kind == "cancellation" else None
        seen = [e.at for e in timeline.events if e.type == kind and (since is None or e.at > since)]
        if len(seen) < count:
            return None
        nth = sorted(seen)[count - 1]
        if nth <= dt.datetime.fromisoformat(deadline).timestamp():
            return deadline
        return self.iso(nth, rule.target)

    def obligations(self) -> list[dict[str, Any]]:
        out = []
        verdicts = self.verdicts()[1]
        for index, rule in enumerate(self.policy.obligations):
            applies = verdicts[index]
            if applies is False:
                continue
            entry = self.parts.obligations[index]
            if applies:
                self.holding.append(rule.notes)
            if not applies:
                entry = {**entry, "applies": None}
            windows = self.decision.obligation_windows
            window = windows[index] if windows else None
            if window is not None:
                entry = {**entry, "window": self.window(window)}
            out.append(entry)
        return out

    def refusal(self) -> dict[str, Any]:
        grounds = []
        possible = []
        verdicts = self.verdicts()[2]
        for index, rule in enumerate(self.policy.refusals):
            applies = verdicts[index]
            if applies is True:
                self.holding.append(rule.notes)
                grounds.append(self.parts.grounds[index])
            elif applies is None:
                possible.append({**self.parts.grounds[index], "when": self.when(rule)})
        return {"grounds": grounds, "possible": possible}

    def notes(self, asked: frozenset[str]) -> list[str]:
        """The notes of the rules that decided the parts asked (not of undecided cases, nor of
        lifecycle rules, obligations or refusals that do not surely hold; every charge line's)."""
        decision = self.decision
        chosen: list[Selection[Outcome]] = []
        if "roles" in asked:
            chosen.append(decision.handler)
        if "sla" in asked:
            lifted = self.verdicts()[3]
            if lifted[0] is None:
                chosen.append(decision.response.selection)
            if lifted[1] is None:
                chosen.append(decision.resolution.selection)
        rules = [s.rule for s in chosen if s.rule is not None and not s.cases]
        if "charges" in asked:
            rules.extend(line.rule for line in self.charge_lines().lines)
        # The same rules give the same notes: requests of one shape sort them once.
        key = (*[id(rule) for rule in rules], None, *[id(notes) for notes in self.holding])
        memo = self.statics.notes
        known = memo.get(key)
        if known is not None:
            return known
        found: dict[str, None] = {}
        for rule in rules:
            found.update(dict.fromkeys(rule.note_ids))
        for notes in self.holding:  # only the parts asked were written
            found.update(dict.fromkeys(notes))
        rank = self.statics.note_rank
        known = sorted((n for n in found if n in rank), key=rank.__getitem__)
        if len(memo) < MEMO_LIMIT:
            memo[key] = known
        return known


def _rates_key(layer: Customer | None) -> tuple[tuple[str, CustomerRate], ...]:
    """What of a customer layer the charge lines read: its rates, as a memo key."""
    return () if layer is None else tuple(sorted(layer.rates.items()))


def _role_case(static: dict[str, Any]) -> dict[str, Any]:
    """A responsibility rule's roles as a case of an undecided ``roles`` part carries them."""
    return {k: v for k, v in static.items() if k not in ("state", "depends_on", "cases")}


#: The case of an undecided ``roles`` part in which no responsibility rule applies, by detail.
_NO_RULE_CASE = {
    "full": _role_case(empty_roles()),
    "compact": compact_of("roles", _role_case(empty_roles())),
}


def _applies(condition: Condition | None, values: Mapping[str, Any]) -> bool | None:
    return True if condition is None else condition.test(values)


def decision_json(decision: Decision, detail: str = "compact") -> dict[str, Any]:
    """The v2 JSON document of ``decision`` (see the module docstring)."""
    out = _document(decision, detail)
    if detail == "full":
        out["texts"] = _texts(decision.request.policy, out)
    return out


def _document(decision: Decision, detail: str) -> dict[str, Any]:
    """The document without ``texts``."""
    if decision.candidates:
        # Merged in full, so that candidates agree on what a rule says, not on its ids alone.
        answers = [(fixed, _document(d, "full")) for fixed, d in decision.candidates]
        merged = merge_documents(answers, decision.request)
        return merged if detail == "full" else compact_document(merged)
    writer = _Writer(decision, detail)
    request = decision.request
    asked = request.ask if request.ask is not None else frozenset(PARTS)
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "policy": writer.statics.policy_json_assumed
        if decision.assumed_effective
        else writer.statics.policy_json,
        "opened_at": request.opened_at.isoformat(),
        "customer": request.customer,
        "ticket": writer.ticket(),
        "sla": {
            "response": writer.target(decision.response, "response"),
            "resolution": writer.target(decision.resolution, "resolution"),
        }
        if "sla" in asked
        else None,
        "roles": writer.roles() if "roles" in asked else None,
        "charges": writer.charges() if "charges" in asked else None,
        "lifecycle": writer.lifecycle() if "lifecycle" in asked else None,
        "obligations": writer.obligations() if "obligations" in asked else None,
        "refusal": writer.refusal() if "refusal" in asked else None,
        "notes": writer.notes(asked),
        "timeline": decision.timeline,
        "trace": [t.to_json() for t in decision.trace] if decision.trace is not None else None,
    }
    return out


def _cited(node: Any, found: dict[str, None]) -> None:
    """Collect every clause id cited anywhere in a decision document."""
    if isinstance(node, dict):
        clauses = node.get("clauses")
        if isinstance(clauses, list):
            found.update(dict.fromkeys(c for c in clauses if isinstance(c, str)))
        for key, value in node.items():
            if key not in ("clauses", "timeline", "trace"):
                _cited(value, found)
    elif isinstance(node, list):
        for value in node:
            _cited(value, found)


def _texts(policy: CompiledPolicy, document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, None] = {}
    _cited(document, found)
    clauses = {c: _clause_text(policy, c) for c in found if c in policy.clauses}
    notes = {n: _note_text(policy, n) for n in document["notes"]}
    return {"clauses": clauses, "notes": notes}


def _clause_text(policy: CompiledPolicy, clause_id: str) -> dict[str, Any]:
    citation = policy.clauses[clause_id]
    return {"text": citation.text, "english": citation.english, "at": citation.at}


def _note_text(policy: CompiledPolicy, note_id: str) -> dict[str, Any]:
    note = policy.notes[note_id].json
    return {k: v for k, v in note.items() if k != "id"}


# ---------------------------------------------------------------------- the catalogue


def _rule_facts(policy: CompiledPolicy) -> dict[int, tuple[str, dict[str, Any]]]:
    """By ``id(rule)``: the rule's part and its facts, as detail=full adds them."""
    full = statics(policy).parts["full"]
    out: dict[int, tuple[str, dict[str, Any]]] = {}
    ordered: list[tuple[str, Any]] = [
        *(("roles", r) for r in policy.responsibility.all_rules),
        *(("sla", r) for r in (*policy.response.all_rules, *policy.resolution.all_rules)),
        *(("charges", r) for r in policy.charges.all_rules),
    ]
    for part, rule in ordered:
        out[id(rule)] = (part, full.by_rule[id(rule)])
    for part, rules, entries in (
        ("lifecycle", policy.lifecycle, full.lifecycle),
        ("obligations", policy.obligations, full.obligations),
        ("refusal", policy.refusals, full.grounds),
    ):
        for rule, entry in zip(rules, entries, strict=True):
            out[id(rule)] = (part, entry)
    return {
        key: (part, {k: entry[k] for k in FACTS[part] if k in entry})
        for key, (part, entry) in out.items()
    }


def catalogue(policy: CompiledPolicy) -> dict[str, Any]:
    """The texts behind one policy version's ids: every ticket type (category, default priority,
    labels), every clause, every note, and every rule by the decision part that cites it
    (``rules.{part}.{rule}``): its title, description (of a lifecycle rule or an obligation),
    place (``file:line``, the file relative to the policy set), the notes an answer resting on
    it relies on, and its ``facts``: what detail=full adds to each object of a compact decision
    naming the rule (clauses, reason, action, teams, lifecycle timing). The one place besides the
    trace where rule locations appear."""
    facts = _rule_facts(policy)
    groups: list[tuple[str, Iterable[Any]]] = [
        ("response", policy.response.all_rules),
        ("resolution", policy.resolution.all_rules),
        ("roles", policy.responsibility.all_rules),
        ("charges", policy.charges.all_rules),
        ("lifecycle", policy.lifecycle),
        ("obligations", policy.obligations),
        ("refusal", policy.refusals),
        ("pauses", policy.pauses),
    ]
    rules = {
        group: {
            rule.name: {
                "title": rule.title,
                "description": getattr(rule, "description", None),
                "at": rule.source.location,
                "notes": list(getattr(rule, "note_ids", None) or rule.notes),
                "facts": facts[id(rule)][1]
                if id(rule) in facts
                else {"clauses": _clauses(rule.source)},
            }
            for rule in members
        }
        for group, members in groups
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "policy": {
            "id": policy.id,
            "version": policy.version,
            "effective": policy.effective.isoformat(),
            "title": policy.title,
            "provider": policy.provider,
        },
        "types": {
            t.id: {"category": t.category, "priority": t.priority, "labels": dict(t.labels)}
            for t in policy.types.values()
        },
        "clauses": {c: _clause_text(policy, c) for c in policy.clauses},
        "notes": {n: _note_text(policy, n) for n in policy.notes},
        "rules": rules,
    }
