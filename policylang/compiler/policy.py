"""Compile a checked policy file into a :class:`~policylang.model.policy.CompiledPolicy`.

The compiler trusts the checker: it runs only on files without errors, so every name resolves
and every literal parses. Its own work is to precompute what the evaluator would otherwise redo
for every request: predicates, due-time arithmetic, citations in their JSON shape, and an index
of each rule list per (ticket type, priority).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from policylang.calendar import BusinessCalendar, CalendarLayer, CalendarSpec
from policylang.compiler.calendars import compile_calendars
from policylang.compiler.index import index_rules
from policylang.compiler.roles import handler_outcome, item_types, with_bound_type
from policylang.compiler.targets import timed_target
from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.analysis.literals import parse_date, parse_number
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.predicates import compile_condition, literal_value
from policylang.lang.diagnostics import Severity
from policylang.lang.printer import format_commitment
from policylang.lang.traversal import find_all, iter_conditions, iter_items
from policylang.model.inputs import MISSING, InputSpec, TypeInfo
from policylang.model.outcomes import ChargeOutcome, HandlerOutcome, TargetSpec
from policylang.model.policy import CompiledPolicy
from policylang.model.rules import (
    Condition,
    LifecycleRule,
    ObligationRule,
    PauseRule,
    RefusalRule,
    Rule,
)
from policylang.model.sources import Citation, NoteInfo, Source

__all__ = ["compile_file"]


def compile_file(
    checked: CheckedFile, *, calendar_layers: Mapping[str, CalendarLayer] | None = None
) -> CompiledPolicy:
    """Compile one checked file; :class:`PolicyError` (with its errors) if it has any.

    ``calendar_layers`` (calendar name -> layer) compile the policy as one customer's requests
    see it: each layer over its calendar (`compile_calendars`), every due time, window and
    condition counting on the layered calendars. The only exception the compiler raises is
    :class:`PolicyError`.
    """
    if not checked.ok:
        raise PolicyError([d for d in checked.diagnostics if d.severity is Severity.ERROR])
    return _Compiler(checked, calendar_layers).compile()


def _header(decl: ast.PolicyDecl) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in decl.fields:
        if isinstance(f, ast.HeaderField):
            out[f.key] = f.text.value
        elif isinstance(f, ast.ZoneField):
            out["zone"] = f.zone.value
        elif isinstance(f, ast.NameField):
            out[f.key] = f.name.value
        elif isinstance(f, ast.DateField):
            out[f.key] = f.date.text
    return out


def _texts(body: Iterable[ast.Node], key: str) -> str | None:
    for statement in body:
        if isinstance(statement, ast.TextField) and statement.key == key:
            return statement.text.value
    return None


def _names(body: Iterable[ast.Node], key: str) -> tuple[str, ...]:
    out: list[str] = []
    for statement in body:
        if isinstance(statement, ast.NamesField) and statement.key == key:
            out.extend(n.value for n in statement.names)
    return tuple(dict.fromkeys(out))


def _name(body: Iterable[ast.Node], key: str) -> str | None:
    for statement in body:
        if isinstance(statement, ast.NameField) and statement.key == key:
            return statement.name.value
    return None


def _fee(body: Iterable[ast.Node]) -> str:
    """A charge rule's fee kind (the checker made sure it states one)."""
    for statement in body:
        if isinstance(statement, ast.Fee):
            return statement.kind.value
    raise AssertionError("a checked charge rule states its fee")


def _rate(body: Iterable[ast.Node]) -> tuple[Decimal | None, str | None]:
    """A charge rule's exact rate and currency, or none stated."""
    for statement in body:
        if isinstance(statement, ast.Rate):
            return Decimal(statement.amount.text), statement.currency.value
    return None, None


def _value(name: ast.Name | None) -> str | None:
    return name.value if name is not None else None


def _party(body: Iterable[ast.Node]) -> str | None:
    for statement in body:
        if isinstance(statement, ast.PartyField):
            return statement.party.value
    return None


class _Compiler:
    def __init__(
        self, checked: CheckedFile, calendar_layers: Mapping[str, CalendarLayer] | None = None
    ) -> None:
        self.checked = checked
        self.symbols = checked.symbols
        assert self.symbols.header is not None, "compile only files the checker accepted"
        self.header = _header(self.symbols.header)
        self.path = checked.file.path
        self.zone = self.header["zone"]
        self.calendars = compile_calendars(self.symbols.calendars, self.zone, calendar_layers)
        self.zone_calendar = BusinessCalendar.from_spec(
            CalendarSpec(
                f"{self.header.get('zone')}", self.zone, (CalendarLayer("zone", always_open=True),)
            )
        )
        self.clauses = {
            name: Citation(
                name, decl.text.value, _texts(decl.fields, "english"), _texts(decl.fields, "at")
            )
            for name, decl in self.symbols.clauses.items()
        }
        self.inputs = self._inputs()
        self.notes = self._notes()
        self.note_rank = {name: i for i, name in enumerate(self.notes)}
        self.notes_by_clause: dict[str, list[str]] = {}
        for note in self.notes.values():
            for clause in note.about:
                self.notes_by_clause.setdefault(clause, []).append(note.id)

    def _notes(self) -> dict[str, NoteInfo]:
        return {
            name: NoteInfo(
                name,
                decl.kind.value,
                decl.title.value if decl.title else None,
                _names(decl.fields, "about"),
                _texts(decl.fields, "says"),
                _texts(decl.fields, "reading"),
                _texts(decl.fields, "because"),
                _names(decl.fields, "acknowledges"),
            )
            for name, decl in self.symbols.notes.items()
        }

    def note_ids(self, body: Iterable[ast.Node]) -> tuple[str, ...]:
        """The rule's own notes and the notes about the clauses it cites, in note order."""
        found = dict.fromkeys(_names(body, "note"))
        for clause in _names(body, "cite"):
            found.update(dict.fromkeys(self.notes_by_clause.get(clause, ())))
        return tuple(sorted(found, key=self.note_rank.__getitem__))

    # ---------------------------------------------------------------- pieces

    def source(self, node: ast.Node, body: Iterable[ast.Node]) -> Source:
        cites = _names(body, "cite")
        return Source(tuple(self.clauses[c] for c in cites), f"{self.path}:{node.span.line}")

    def condition(self, body: Iterable[ast.Node]) -> Condition | None:
        for statement in body:
            if isinstance(statement, ast.When):
                return compile_condition(
                    statement.condition, self.inputs, self.zone, self.calendars
                )
        return None

    def _inputs(self) -> dict[str, InputSpec]:
        out: dict[str, InputSpec] = {}
        for name, info in self.symbols.inputs.items():
            decl = self.symbols.input_decls.get(name)
            labels: dict[str, str | None] = {}
            label = None
            default: Any = MISSING
            if decl is not None:
                if isinstance(decl.type, ast.EnumType):
                    labels = {
                        v.id.value: v.label.value if v.label else None for v in decl.type.values
                    }
                label = next((s.text.value for s in decl.body if isinstance(s, ast.Label)), None)
                if isinstance(decl.presence, ast.DefaultValue):
                    spec = InputSpec(name, info.kind, info.values)
                    default = literal_value(spec, decl.presence.value)
            out[name] = InputSpec(
                name,
                info.kind,
                info.values,
                labels,
                info.required,
                default,
                label,
                info.derived,
                decl.presence.text.value
                if decl is not None and isinstance(decl.presence, ast.Pending)
                else None,
            )
        return out

    def target(self, node: ast.Target) -> TargetSpec:
        kind = node.kind.value
        commitment = node.commitment
        text = format_commitment(commitment)
        if isinstance(commitment, ast.Uncommitted):
            return TargetSpec(
                kind,
                commitment.kind,
                None,
                None,
                None,
                None,
                0,
                None,
                text,
                _value(commitment.until),
                agreed_by=_value(commitment.agreed_by),
                estimated_by=_value(commitment.estimated_by),
                extendable=commitment.extendable,
            )
        if isinstance(commitment, ast.Window):
            name = commitment.calendar.value
            engine = self.calendars[name]
            return TargetSpec(kind, "window", None, None, name, None, 0, engine, text)
        spec = self.timed(kind, commitment.duration, commitment.clock, text)
        if commitment.event is not None:
            spec = replace(spec, from_event=commitment.event.value)
        return spec

    def timed(
        self,
        kind: str,
        duration: ast.Duration,
        clock: ast.OnCalendar | ast.AroundTheClock | None,
        text: str,
    ) -> TargetSpec:
        return timed_target(
            kind, duration, clock, text, calendars=self.calendars, elapsed=self.zone_calendar
        )

    # ---------------------------------------------------------------- rules

    def rules(self, keyword: str) -> Sequence[ast.RuleDecl]:
        return self.symbols.rules_of(keyword)

    def responsibility_rules(self) -> list[Rule[HandlerOutcome]]:
        out = []
        for decl in self.rules("responsibility"):
            items = frozenset(i.id.value for i in iter_items(decl))
            outcome = handler_outcome(decl.body)
            out.append(
                Rule(
                    "responsibility",
                    decl.name.value,
                    self.condition(with_bound_type(decl)),
                    outcome,
                    self.source(decl, decl.body),
                    _names(decl.body, "note"),
                    items,
                    _name(decl.body, "product"),
                    decl.title.value if decl.title else None,
                    self.note_ids(decl.body),
                )
            )
        return out

    def sla_rules(self, target_kind: str) -> list[Rule[TargetSpec]]:
        out = []
        for decl in self.rules("sla"):
            for statement in decl.body:
                if isinstance(statement, ast.Target) and statement.kind.value == target_kind:
                    out.append(
                        Rule(
                            f"sla-{target_kind}",
                            decl.name.value,
                            self.condition(decl.body),
                            self.target(statement),
                            self.source(decl, decl.body),
                            _names(decl.body, "note"),
                            title=decl.title.value if decl.title else None,
                            note_ids=self.note_ids(decl.body),
                        )
                    )
        return out

    def charge_rules(self) -> list[Rule[ChargeOutcome]]:
        out = []
        for decl in self.rules("charge"):
            outcome = ChargeOutcome(
                _fee(decl.body),
                _texts(decl.body, "basis"),
                _texts(decl.body, "reason"),
                *_rate(decl.body),
                replaces=_names(decl.body, "replaces"),
            )
            out.append(
                Rule(
                    "charge",
                    decl.name.value,
                    self.condition(decl.body),
                    outcome,
                    self.source(decl, decl.body),
                    _names(decl.body, "note"),
                    title=decl.title.value if decl.title else None,
                    note_ids=self.note_ids(decl.body),
                )
            )
        return out

    def lifecycle_rules(self) -> tuple[LifecycleRule, ...]:
        out = []
        for decl in self.rules("lifecycle"):
            assert isinstance(decl, ast.LifecycleDecl)
            timing = next((s for s in decl.body if isinstance(s, ast.Timing)), None)
            requires = next((s for s in decl.body if isinstance(s, ast.Requires)), None)
            target = None
            if timing is not None:
                text = (
                    f"{timing.kind.value} "
                    + format_commitment(ast.Committed(timing.duration, timing.clock))[7:]
                )
                target = self.timed(decl.kind.value, timing.duration, timing.clock, text)
            out.append(
                LifecycleRule(
                    decl.kind.value,
                    decl.name.value,
                    decl.title.value if decl.title else None,
                    self.condition(decl.body),
                    _party(decl.body),
                    timing.kind.value if timing else None,
                    target,
                    timing.event.event.value if timing else None,
                    timing.event.position.value if timing and timing.event.position else "last",
                    (int(parse_number(requires.count.text)), requires.event.value)
                    if requires
                    else None,
                    _texts(decl.body, "description"),
                    self.source(decl, decl.body),
                    _names(decl.body, "note"),
                    next(
                        (s.consequence.value for s in decl.body if isinstance(s, ast.Then)), None
                    ),
                )
            )
        return tuple(out)

    def obligations(self) -> tuple[ObligationRule, ...]:
        return tuple(
            ObligationRule(
                decl.name.value,
                decl.title.value if decl.title else None,
                self.condition(decl.body),
                _party(decl.body),
                _texts(decl.body, "description") or "",
                self.source(decl, decl.body),
                _names(decl.body, "note"),
                _name(decl.body, "during"),
            )
            for decl in self.rules("obligation")
        )

    def pauses(self) -> tuple[PauseRule, ...]:
        out = []
        for decl in self.rules("pause"):
            clocks = next(s for s in decl.body if isinstance(s, ast.PauseClocks))
            span = next(s for s in decl.body if isinstance(s, ast.PauseSpan))
            out.append(
                PauseRule(
                    decl.name.value,
                    decl.title.value if decl.title else None,
                    self.condition(decl.body),
                    tuple(dict.fromkeys(t.value for t in clocks.targets)),
                    span.start.value,
                    span.end.value,
                    self.source(decl, decl.body),
                    _names(decl.body, "note"),
                )
            )
        return tuple(out)

    def refusals(self) -> tuple[RefusalRule, ...]:
        return tuple(
            RefusalRule(
                decl.name.value,
                decl.title.value if decl.title else None,
                self.condition(decl.body),
                _texts(decl.body, "reason") or "",
                self.source(decl, decl.body),
                _names(decl.body, "note"),
                tuple(
                    dict.fromkeys(
                        t.value
                        for s in decl.body
                        if isinstance(s, ast.Lifts)
                        for t in s.targets
                    )
                ),
            )
            for decl in self.rules("refusal")
        )

    # ---------------------------------------------------------------- the whole policy

    def compile(self) -> CompiledPolicy:
        symbols = self.symbols
        types: dict[str, TypeInfo] = {}
        for name, decl in symbols.types.items():
            labels = {"en": decl.title.value} if decl.title else {}
            for statement in decl.body:
                if isinstance(statement, ast.Label) and statement.language is not None:
                    labels[statement.language.value] = statement.text.value
            types[name] = TypeInfo(
                name,
                _name(decl.body, "category"),
                _name(decl.body, "priority"),
                labels,
                kind=_name(decl.body, "kind"),
                severity=_name(decl.body, "severity"),
            )
        item_labels = {
            item_id: (places[0].label.value if places[0].label else None)
            for item_id, places in symbols.items.items()
        }
        header = self.header
        priorities, inputs = symbols.priorities, self.inputs
        indexes = (
            index_rules(self.sla_rules("response"), types, priorities, inputs),
            index_rules(self.sla_rules("resolution"), types, priorities, inputs),
            index_rules(self.responsibility_rules(), types, priorities, inputs),
            index_rules(self.charge_rules(), types, priorities, inputs),
        )
        memoizable = all(i.memoizable for i in indexes)
        return CompiledPolicy(
            id=symbols.header.id.value,  # type: ignore[union-attr]
            title=header["title"],
            provider=header["provider"],
            source_document=header["source"],
            language=header["language"],
            version=header["version"],
            effective=parse_date(header["effective"]),
            effective_assumed=any(
                isinstance(f, ast.DateField) and f.assumed
                for f in symbols.header.fields  # type: ignore[union-attr]
            ),
            zone=self.zone,
            path=self.path,
            inputs=self.inputs,
            types=types,
            priorities=tuple(symbols.priorities),
            priority_severities={
                name: severity
                for name, decl in symbols.priorities.items()
                if (severity := _name(decl.body, "severity")) is not None
            },
            calendars=self.calendars,
            zone_calendar=self.zone_calendar,
            response=indexes[0],
            resolution=indexes[1],
            responsibility=indexes[2],
            charges=indexes[3],
            lifecycle=self.lifecycle_rules(),
            obligations=self.obligations(),
            refusals=self.refusals(),
            pauses=self.pauses(),
            notes=self.notes,
            tz=zoneinfo.ZoneInfo(self.zone),
            notes_by_clause={k: tuple(v) for k, v in self.notes_by_clause.items()},
            clauses=self.clauses,
            item_labels=item_labels,
            item_types=item_types(symbols),
            needs_opened_date=_counts_days(self.checked.file),
            selection_reads=tuple(sorted({n for i in indexes for n in i.reads})),
            selections_memoizable=memoizable,
        )


def _counts_days(policy_file: ast.PolicyFile) -> bool:
    """True when some condition says ``days since X`` (it needs the local opening date)."""
    return any(
        since.unit.value == "days"
        for when in iter_conditions(policy_file)
        for since in find_all(when.condition, ast.ElapsedSince)
    )
