"""Lifecycle rules (auto-confirm, cancellation, reply deadlines, acceptance windows...),
obligations and refusals, in plain words."""

from __future__ import annotations

from policylang.lang import ast
from policylang.model.rules import LifecycleRule
from policylang.text.english import and_list
from policylang.tools.docgen.commitments import calendar_label, target_words
from policylang.tools.docgen.loaded import Documented, text_field
from policylang.tools.docgen.markdown import heading, inline, prose, table
from policylang.tools.docgen.rules import rule_block, rule_link
from policylang.tools.docgen.words import (
    CONSEQUENCE_WORDS,
    LIFECYCLE_WORDS,
    PARTY_WORDS,
    event_words,
    window_words,
)

__all__ = [
    "lifecycle_section",
    "obligations_section",
    "refusals_section",
    "timing_words",
]


def timing_words(doc: Documented, rule: LifecycleRule) -> str:
    """``at the earliest 24 hours, around the clock, after the last request to confirm
    completion`` / ``within 2 business days — … — from the last clarifying question``."""
    if rule.target is None or rule.event is None:
        return "no time is set"
    event = inline(event_words(rule.event, rule.position))
    amount = target_words(doc, rule.target).removeprefix("within ")
    if rule.timing == "after":
        return f"at the earliest {amount}, after {event}"
    return f"within {amount}, from {event}"


def _lifecycle_rule(doc: Documented, name: str) -> LifecycleRule:
    return next(rule for rule in doc.compiled.lifecycle if rule.name == name)


def _kind(decl: ast.RuleDecl) -> str:
    return decl.kind.value if isinstance(decl, ast.LifecycleDecl) else decl.keyword


def lifecycle_section(doc: Documented) -> list[str]:
    """The ``Lifecycle`` section: table of the rules, then each with its source."""
    decls = doc.rules("lifecycle")
    lines = [heading(2, "Lifecycle", "lifecycle"), ""]
    if not decls:
        return [*lines, "This policy sets no lifecycle rules.", ""]
    rows = []
    blocks: list[str] = []
    for decl in decls:
        rule = _lifecycle_rule(doc, decl.name.value)
        kind = inline(LIFECYCLE_WORDS.get(_kind(decl), _kind(decl)))
        who = inline(PARTY_WORDS.get(rule.party or "", "not stated").capitalize())
        timing = timing_words(doc, rule)
        requires = None
        if rule.requires:
            count, event = rule.requires
            if count == 1:
                requires = f"only after {inline(event_words(event))}"
            else:
                requires = (
                    f"only once there have been at least {inline(event_words(event, count=count))}"
                )
        rows.append([kind, who, timing + (f"; {requires}" if requires else ""), rule_link(decl)])
        facts = [("Kind", kind), ("Who", who), ("Timing", timing)]
        if requires:
            facts.append(("Requires", requires))
        if rule.on_expiry is not None:
            facts.append(("When the time runs out", inline(CONSEQUENCE_WORDS[rule.on_expiry])))
        description = text_field(decl.body, "description")
        if description:
            facts.append(("In words", prose(description)))
        blocks += rule_block(doc, decl, facts)
    lines += table(["Kind", "Who", "Timing", "Rule"], rows)
    return lines + blocks


def obligations_section(doc: Documented) -> list[str]:
    """The ``Obligations`` section: duties the engine reports but does not time."""
    decls = doc.rules("obligation")
    lines = [heading(2, "Obligations", "obligations"), ""]
    if not decls:
        return [*lines, "This policy lists no other duties.", ""]
    lines += ["Duties of either party that decisions report but do not time.", ""]
    for decl in decls:
        party = next((s.party.value for s in decl.body if isinstance(s, ast.PartyField)), None)
        facts = [("Who", inline(PARTY_WORDS.get(party or "", "not stated").capitalize()))]
        description = text_field(decl.body, "description")
        if description:
            facts.append(("Duty", prose(description)))
        window = next(
            (s.name.value for s in decl.body if isinstance(s, ast.NameField) and s.key == "during"),
            None,
        )
        if window is not None:
            facts.append(("When", window_words(calendar_label(doc, window))))
        lines += rule_block(doc, decl, facts)
    return lines


def refusals_section(doc: Documented) -> list[str]:
    """The ``Refusals`` section: grounds on which the provider may refuse a request."""
    decls = doc.rules("refusal")
    lines = [heading(2, "Refusals", "refusals"), ""]
    if not decls:
        return [*lines, "This policy gives the provider no ground to refuse a request.", ""]
    lines += ["Grounds on which the provider may refuse a request.", ""]
    for decl in decls:
        reason = text_field(decl.body, "reason")
        facts = [("Ground", prose(reason or "not stated"))]
        lifts = next((s for s in decl.body if isinstance(s, ast.Lifts)), None)
        if lifts is not None:
            named = and_list([f"the {t.value} commitment" for t in lifts.targets])
            facts.append(("Lifts", f"{named}: while the ground holds, no time is owed for it"))
        lines += rule_block(doc, decl, facts)
    return lines
