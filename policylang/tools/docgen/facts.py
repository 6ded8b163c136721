"""What a policy version promises, as plain-text facts per item: what a redline compares.

Each section maps an item (a rule, a calendar, a ticket type) to ordered ``field -> text``
pairs. The texts are plain words (no Markdown), conditions as the policy writes them, so two
versions compare field by field and the JSON redline reads without a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policylang.lang import ast
from policylang.lang.analysis.items import bound_type
from policylang.lang.traversal import iter_items
from policylang.model.outcomes import TargetSpec
from policylang.model.rules import LifecycleRule, RuleIndex
from policylang.text.english import effective_words, zone_name
from policylang.tools.docgen.anchors import calendar_anchor, rule_anchor
from policylang.tools.docgen.calendars import weekly_words
from policylang.tools.docgen.charges import fee_words
from policylang.tools.docgen.conditions import condition_code
from policylang.tools.docgen.loaded import Documented, text_field
from policylang.tools.docgen.responsibilities import role_facts
from policylang.tools.docgen.rules import condition_of, rule_title
from policylang.tools.docgen.words import (
    CONSEQUENCE_WORDS,
    LIFECYCLE_WORDS,
    PARTY_WORDS,
    anchor_words,
    duration_words,
    event_words,
    intervals_words,
    target_spec_words,
    window_words,
)

__all__ = ["SECTIONS", "Item", "Section", "policy_facts", "target_text"]

#: Section ids and headings, in the order a redline lists them.
SECTIONS = (
    ("policy", "Policy"),
    ("targets", "Targets by request"),
    ("commitments", "Commitment rules"),
    ("pauses", "Clock pauses"),
    ("calendars", "Hours and calendars"),
    ("responsibilities", "Responsibilities"),
    ("charges", "Charges"),
    ("lifecycle", "Lifecycle"),
    ("obligations", "Obligations"),
    ("refusals", "Refusals"),
)


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a section: its title, its anchor on the page, its facts."""

    title: str
    anchor: str | None
    facts: dict[str, str] = field(default_factory=dict)


#: A section: items by key (a rule name, a calendar name...) in the policy's order.
Section = dict[str, Item]


def target_text(doc: Documented, spec: TargetSpec) -> str:
    """A target in plain words. The calendar is named, not spelled out: a change of its hours
    is one change of the calendar, not one of every target counted on it."""
    if spec.commitment == "window":
        return window_words(f"calendar {spec.calendar}")
    if spec.commitment != "committed":
        return target_spec_words(spec, doc.input_label)
    amount = duration_words(spec)
    if spec.clock == "business" and spec.calendar is not None:
        timed = f"within {amount} on calendar {spec.calendar}"
    elif spec.unit == "calendar_days":
        timed = f"within {amount} ({zone_name(doc.compiled.zone)})"
    else:
        timed = f"within {amount}"
    return timed + anchor_words(spec)


def _when(decl: ast.RuleDecl) -> str:
    condition = condition_of(decl)
    if condition is not None:
        return condition_code(condition)
    return "otherwise" if decl.name.value == "otherwise" else "always"


def _rule_item(decl: ast.RuleDecl, facts: dict[str, str]) -> Item:
    anchor = rule_anchor(decl.keyword, decl.name.value)
    return Item(rule_title(decl), anchor, {"Applies when": _when(decl), **facts})


def _header(doc: Documented) -> Section:
    compiled = doc.compiled
    facts = {
        "Title": compiled.title,
        "Provider": compiled.provider,
        "Source document": compiled.source_document,
        "Language": compiled.language,
        "In force from": effective_words(
            compiled.effective, compiled.effective_assumed, weekday=False
        ),
        "Time zone": f"{zone_name(compiled.zone)} ({compiled.zone})",
    }
    return {"": Item("Policy", None, facts)}


def _glance(
    doc: Documented, index: RuleIndex[TargetSpec], key: tuple[str | None, str | None]
) -> str:
    selection = index.static.get(key)
    if selection is not None and selection.rule is not None:
        return f"{target_text(doc, selection.rule.outcome)} (rule {selection.rule.name})"
    candidates = index.rules_for(*key)
    if not candidates:
        return "no commitment: no rule states this target"
    parts = [
        f"if {r.condition.text if r.condition else 'otherwise'}: "
        f"{target_text(doc, r.outcome)} (rule {r.name})"
        for r in candidates
    ]
    if candidates[-1].condition is not None:
        parts.append("otherwise: no commitment")
    return "; ".join(parts)


def _targets(doc: Documented) -> Section:
    compiled = doc.compiled
    keys: list[tuple[str, tuple[str | None, str | None]]]
    if compiled.types:
        keys = [
            (f"type {info.labels.get('en', t)} ({t})", (t, info.priority))
            for t, info in compiled.types.items()
        ]
    elif compiled.priorities:
        keys = [
            (f"priority {doc.value_label('priority', p)} ({p})", (None, p))
            for p in compiled.priorities
        ]
    else:
        keys = [("every request", (None, None))]
    return {
        label: Item(
            label,
            "commitments",
            {
                "First response": _glance(doc, compiled.response, key),
                "Resolution": _glance(doc, compiled.resolution, key),
            },
        )
        for label, key in keys
    }


def _commitments(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("sla"):
        facts = {}
        for target in (s for s in decl.body if isinstance(s, ast.Target)):
            index = (
                doc.compiled.response
                if target.kind.value == "response"
                else doc.compiled.resolution
            )
            rule = next(r for r in index.all_rules if r.name == decl.name.value)
            label = "First response" if target.kind.value == "response" else "Resolution"
            facts[label] = target_text(doc, rule.outcome)
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _pauses(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("pause"):
        facts = {}
        for statement in decl.body:
            if isinstance(statement, ast.PauseClocks):
                facts["Stops"] = ", ".join(t.value for t in statement.targets)
            elif isinstance(statement, ast.PauseSpan):
                facts["From"] = statement.start.value
                facts["Until"] = statement.end.value
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _calendars(doc: Documented) -> Section:
    titles = {d.id.value: d.title.value for d in doc.declarations(ast.CalendarDecl) if d.title}
    out: Section = {}
    for name, calendar in doc.compiled.calendars.items():
        facts_of = calendar.resolved
        facts = {
            "Time zone": facts_of.zone,
            "Weekly hours": weekly_words(facts_of.weekly),
            "Public holidays": ", ".join(str(h) for h in facts_of.holidays) or "none (open)",
        }
        if facts_of.holidays:
            hours = facts_of.weekend_workday_hours
            facts["Working weekend days"] = (
                "hours of the nearest earlier working weekday"
                if hours is None
                else f"open {intervals_words(hours)}"
                if hours
                else "closed"
            )
        for day, label in facts_of.closed:
            facts[f"Closed {day}"] = label or "closed"
        for day, hours_of_day, label in facts_of.opened:
            facts[f"Special hours {day}"] = f"open {intervals_words(hours_of_day)} {label}".strip()
        out[name] = Item(titles.get(name, name), calendar_anchor(name), facts)
    return out


def _responsibilities(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("responsibility"):
        product = next(
            (
                s.name.value
                for s in decl.body
                if isinstance(s, ast.NameField) and s.key == "product"
            ),
            None,
        )
        items = list(iter_items(decl))
        facts = dict(role_facts(decl))
        if "Party" in facts:
            facts.setdefault("Department", "not stated")
        facts["Product"] = doc.value_label("product", product) if product else "any"
        facts["What they do"] = text_field(decl.body, "action") or "not stated"
        typed = bound_type(decl)
        if typed is not None:
            facts["Type of its matters"] = doc.value_label("type", typed.name.value)
        if items:
            facts["Matters"] = "; ".join((i.label.value if i.label else i.id.value) for i in items)
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _charges(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("charge"):
        facts = {
            "Line": fee_words(decl),
            "Basis": text_field(decl.body, "basis") or "not stated",
            "Why": text_field(decl.body, "reason") or "not stated",
        }
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _lifecycle(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("lifecycle"):
        rule = next(r for r in doc.compiled.lifecycle if r.name == decl.name.value)
        facts = {
            "Kind": LIFECYCLE_WORDS.get(rule.kind, rule.kind),
            "Who": PARTY_WORDS.get(rule.party or "", "not stated"),
            "Timing": _timing(doc, rule),
            "Requires": f"{rule.requires[0]} {rule.requires[1]}" if rule.requires else "nothing",
            "In words": rule.description or "not stated",
        }
        if rule.on_expiry is not None:
            facts["When the time runs out"] = CONSEQUENCE_WORDS[rule.on_expiry]
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _timing(doc: Documented, rule: LifecycleRule) -> str:
    if rule.target is None or rule.event is None:
        return "no time is set"
    amount = target_text(doc, rule.target).removeprefix("within ")
    event = event_words(rule.event, rule.position)
    if rule.timing == "after":
        return f"at the earliest {amount}, after {event}"
    return f"within {amount}, from {event}"


def _obligations(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("obligation"):
        party = next((s.party.value for s in decl.body if isinstance(s, ast.PartyField)), None)
        facts = {
            "Who": PARTY_WORDS.get(party or "", "not stated"),
            "Duty": text_field(decl.body, "description") or "not stated",
        }
        window = next(
            (s.name.value for s in decl.body if isinstance(s, ast.NameField) and s.key == "during"),
            None,
        )
        if window is not None:
            facts["When"] = window_words(f"calendar {window}")
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def _refusals(doc: Documented) -> Section:
    out: Section = {}
    for decl in doc.rules("refusal"):
        facts = {"Ground": text_field(decl.body, "reason") or "not stated"}
        for statement in decl.body:
            if isinstance(statement, ast.Lifts):
                facts["Lifts"] = ", ".join(t.value for t in statement.targets)
        out[decl.name.value] = _rule_item(decl, facts)
    return out


def policy_facts(doc: Documented) -> dict[str, Section]:
    """Every section's items for one version, keyed by the ids of `SECTIONS`."""
    return {
        "policy": _header(doc),
        "targets": _targets(doc),
        "commitments": _commitments(doc),
        "pauses": _pauses(doc),
        "calendars": _calendars(doc),
        "responsibilities": _responsibilities(doc),
        "charges": _charges(doc),
        "lifecycle": _lifecycle(doc),
        "obligations": _obligations(doc),
        "refusals": _refusals(doc),
    }
