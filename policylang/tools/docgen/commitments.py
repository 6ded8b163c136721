"""Commitments: SLA targets in plain words, at a glance per ticket type or priority, then rule
by rule.

A committed target names its clock in full ("within 4 business hours — Monday to Friday
08:30-17:30 Moscow time, Russian public holidays and transferred days off excluded"); an
explicit absence of a time is spelled out ("no commitment", "set per request", "best
effort"); a target no rule states says so. No cell is ever blank.
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.analysis.predicates import compile_condition
from policylang.model.outcomes import TargetSpec
from policylang.model.rules import Outcome, Rule, RuleIndex
from policylang.text.english import amount_of_time, plural, zone_name
from policylang.tools.docgen.anchors import calendar_anchor, rule_anchor
from policylang.tools.docgen.calendars import always_open, calendar_phrase, open_every_day
from policylang.tools.docgen.conditions import condition_words
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.markdown import heading, inline, link, table
from policylang.tools.docgen.rules import condition_of, rule_block
from policylang.tools.docgen.words import (
    anchor_words,
    duration_words,
    event_words,
    target_spec_words,
    window_words,
)

__all__ = ["calendar_label", "commitments_section", "target_words"]

_TARGETS = (("response", "First response"), ("resolution", "Resolution"))
_NOT_STATED = "not stated by this rule: the next rule below that states it applies"
_NOT_STATED_LAST = "not stated by this rule, nor by any rule below it"
_NO_RULE = "no commitment: no rule of the policy states this target"


def calendar_label(doc: Documented, name: str) -> str:
    """The calendar's title (or name), linked to its section (Markdown)."""
    decl = next((c for c in doc.declarations(ast.CalendarDecl) if c.id.value == name), None)
    title = decl.title.value if decl is not None and decl.title is not None else name
    return link(inline(title), "#" + calendar_anchor(name))


def target_words(doc: Documented, spec: TargetSpec) -> str:
    """A target in plain words, its clock spelled out (Markdown)."""
    if spec.commitment == "window" and spec.calendar is not None:
        return window_words(calendar_label(doc, spec.calendar))
    if spec.commitment != "committed":
        return inline(target_spec_words(spec, doc.input_label))
    return _timed_words(doc, spec) + anchor_words(spec)


def _timed_words(doc: Documented, spec: TargetSpec) -> str:
    amount = duration_words(spec)
    if spec.clock == "business" and spec.calendar is not None:
        calendar = doc.compiled.calendars[spec.calendar]
        if spec.unit == "seconds" and always_open(calendar):
            amount = amount_of_time(spec.amount)
        elif spec.unit == "business_days" and open_every_day(calendar):
            amount = plural(spec.amount, "day")
        phrase = calendar_phrase(calendar)
        return (
            f"within {inline(amount)} \u2014 {inline(phrase)} "
            f"({calendar_label(doc, spec.calendar)})"
        )
    if spec.unit == "calendar_days":
        return f"within {inline(amount)} ({inline(zone_name(doc.compiled.zone))})"
    return f"within {inline(amount)}"


def _decls(doc: Documented) -> dict[str, ast.RuleDecl]:
    return {d.name.value: d for d in doc.rules("sla")}


def _known(doc: Documented, key: tuple[str | None, str | None]) -> dict[str, str]:
    """What a row of the glance table fixes: the type (and so its category), the priority."""
    type_id, priority = key
    known: dict[str, str] = {}
    if type_id is not None:
        known["type"] = type_id
        category = doc.compiled.types[type_id].category
        if category is not None:
            known["category"] = category
    if priority is not None:
        known["priority"] = priority
    return known


def _remaining(
    doc: Documented, condition: ast.Condition | None, known: dict[str, str]
) -> ast.Condition | None:
    """The part of a condition a row's type and priority do not already settle: the operands
    of a top-level ``and`` that surely hold are dropped (None: the whole condition holds)."""
    if condition is None:
        return None
    compiled = doc.compiled
    operands = condition.operands if isinstance(condition, ast.And) else (condition,)
    left = [
        operand
        for operand in operands
        if compile_condition(operand, compiled.inputs, compiled.zone, compiled.calendars).test(
            known
        )
        is not True
    ]
    if not left:
        return None
    return left[0] if len(left) == 1 else ast.And(tuple(left))


def _glance_cell(
    doc: Documented, index: RuleIndex[TargetSpec], key: tuple[str | None, str | None]
) -> str:
    """Which target applies to requests of one type or priority, as one table cell."""
    decls = _decls(doc)
    selection = index.static.get(key)
    if selection is not None and selection.rule is not None:
        rule = selection.rule
        return f"{target_words(doc, rule.outcome)} \u00b7 {_link(rule)}"
    candidates: tuple[Rule[TargetSpec], ...] = index.rules_for(*key)
    if not candidates:
        return inline(_NO_RULE)
    known = _known(doc, key)
    parts = []
    for rule in candidates:
        condition = _remaining(doc, condition_of(decls[rule.name]), known)
        when = f"*if* {condition_words(doc, condition)}" if condition is not None else "*otherwise*"
        parts.append(f"{when}: {target_words(doc, rule.outcome)} \u00b7 {_link(rule)}")
        if condition is None:
            break
    else:
        parts.append(f"*otherwise*: {inline(_NO_RULE)}")
    return "<br>".join(parts)


def _link(rule: Rule[Outcome]) -> str:
    return link("rule", "#" + rule_anchor(rule.kind, rule.name))


_Key = tuple[str | None, str | None]


def _glance_rows(doc: Documented) -> tuple[str, list[tuple[str, _Key]]]:
    """The first column's heading and the rows: a label (Markdown) and its index key."""
    compiled = doc.compiled
    if compiled.types:
        rows: list[tuple[str, _Key]] = []
        for type_id, info in compiled.types.items():
            label = inline(info.labels.get("en", type_id))
            others = [
                f'*<span lang="{k}">{inline(v)}</span>*'
                for k, v in sorted(info.labels.items())
                if k != "en"
            ]
            if others:
                label += "<br>" + " / ".join(others)
            rows.append((label, (type_id, info.priority)))
        return "Ticket type", rows
    if compiled.priorities:
        return "Priority", [
            (inline(doc.value_label("priority", p)), (None, p)) for p in compiled.priorities
        ]
    return "Requests", [("Every request", (None, None))]


def _stated(decl: ast.RuleDecl) -> set[str]:
    """The targets a rule states: ``response``, ``resolution`` or both."""
    return {s.kind.value for s in decl.body if isinstance(s, ast.Target)}


def _rule_rows(
    doc: Documented, decl: ast.RuleDecl, later: list[ast.RuleDecl]
) -> list[tuple[str, str]]:
    stated = _stated(decl)
    rows = []
    for kind, label in _TARGETS:
        if kind not in stated:
            after = any(kind in _stated(other) for other in later)
            rows.append((label, inline(_NOT_STATED if after else _NOT_STATED_LAST)))
            continue
        index = doc.compiled.response if kind == "response" else doc.compiled.resolution
        rule = next(r for r in index.all_rules if r.name == decl.name.value)
        rows.append((label, target_words(doc, rule.outcome)))
    return rows


def commitments_section(doc: Documented) -> list[str]:
    """The ``Commitments`` section: a table at a glance, then every SLA rule in order."""
    decls = doc.rules("sla")
    lines = [heading(2, "Commitments", "commitments"), ""]
    if not decls:
        return [*lines, "This policy states no response or resolution targets.", ""]
    lines += [
        "Targets run from the moment a request is opened. For the first response and for the "
        "resolution separately, the first rule below whose condition holds and that states "
        "the target applies.",
        "",
    ]
    first, rows = _glance_rows(doc)
    compiled = doc.compiled
    lines += table(
        [first, "First response", "Resolution"],
        [
            [
                label,
                _glance_cell(doc, compiled.response, key),
                _glance_cell(doc, compiled.resolution, key),
            ]
            for label, key in rows
        ],
    )
    for position, decl in enumerate(decls):
        lines += rule_block(doc, decl, _rule_rows(doc, decl, decls[position + 1 :]))
    return lines + _pauses(doc)


def _pauses(doc: Documented) -> list[str]:
    """Pause rules: which ticket states stop which SLA clock."""
    decls = doc.rules("pause")
    if not decls:
        return []
    lines = [
        heading(3, "When the clocks stop", "pauses"),
        "",
        "While a request is in one of these states, the named targets' clocks do not run.",
        "",
    ]
    names = dict(_TARGETS)
    for decl in decls:
        rows = []
        for statement in decl.body:
            if isinstance(statement, ast.PauseClocks):
                stopped = [names.get(t.value, t.value) for t in statement.targets]
                rows.append(("Stops", inline(" and ".join(stopped))))
            elif isinstance(statement, ast.PauseSpan):
                start = event_words(statement.start.value, None)
                end = event_words(statement.end.value, None)
                rows.append(("From", inline(start.removeprefix("the "))))
                rows.append(("Until", inline(end.removeprefix("the "))))
        lines += rule_block(doc, decl, rows, level=4)
    return lines
