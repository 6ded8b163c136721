"""Unused declarations: calendars (PL661), inputs (PL662) and priorities (PL663).

A calendar no target or lifecycle timing counts on, an input no condition reads, a priority no
rule tells apart: each is either a leftover or a rule that was never written.

Some calendars are deliberately used by no rule: they formalise service hours the source states
for work the engine does not time (the staff-guide hours of itc, the nesting-period hours of
Clever Ideas), and obligations and notes cite them by name. A declaration is *documented* when a
note it carries (``note N``) names it in backticks, or an obligation's description does; the
finding is then information, not a warning. That is the explicit way for an author to say "unused
on purpose": no new syntax, and the note already says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policylang.lang import ast
from policylang.lang.diagnostics import Severity
from policylang.lang.traversal import iter_atoms
from policylang.tools.lint.context import FIRST_MATCH, LintContext, Subject
from policylang.tools.lint.space import LintRule

__all__ = ["check_unused"]


def check_unused(ctx: LintContext) -> None:
    """Report calendars, inputs and priorities that nothing uses."""
    _calendars(ctx)
    _inputs(ctx)
    _priorities(ctx)


def _documented(ctx: LintContext, body: Iterable[ast.Node], name: str) -> str | None:
    note = ctx.acknowledging_note(body, name)
    if note is not None:
        return f"note `{note}`"
    pattern = re.compile(rf"`{re.escape(name)}`")
    for decl in ctx.checked.symbols.rules_of("obligation"):
        for statement in decl.body:
            if (
                isinstance(statement, ast.TextField)
                and statement.key == "description"
                and pattern.search(statement.text.value)
            ):
                return f"obligation `{decl.name.value}`"
    return None


def _clocks(policy_file: ast.PolicyFile) -> Iterable[str]:
    """The calendars rules count time on or name with ``during`` (windows, conditions)."""
    for decl in policy_file.declarations:
        if isinstance(decl, ast.RuleDecl):
            for statement in decl.body:
                yield from _statement_calendars(statement)


def _statement_calendars(statement: ast.Node) -> Iterable[str]:
    clock = None
    if isinstance(statement, ast.When):
        for atom in iter_atoms(statement.condition):
            if isinstance(atom, ast.DuringTest):
                yield atom.calendar.value
    elif isinstance(statement, ast.NameField) and statement.key == "during":
        yield statement.name.value
    elif isinstance(statement, ast.Target) and isinstance(statement.commitment, ast.Window):
        yield statement.commitment.calendar.value
    elif isinstance(statement, ast.Target) and isinstance(statement.commitment, ast.Committed):
        clock = statement.commitment.clock
    elif isinstance(statement, ast.Timing):
        clock = statement.clock
    if isinstance(clock, ast.OnCalendar):
        yield clock.calendar.value


def _calendars(ctx: LintContext) -> None:
    calendars = ctx.checked.symbols.calendars
    used: set[str] = set()
    for counted in _clocks(ctx.checked.file):
        name: str | None = counted
        while name in calendars and name not in used:  # a used calendar uses its base
            used.add(name)
            base = calendars[name].extends
            name = base.value if base is not None else None
    for name, decl in calendars.items():
        if name in used:
            continue
        documented = _documented(ctx, decl.body, name)
        if documented is not None:
            ctx.report(
                "PL661",
                f"calendar `{name}` is used by no rule; {documented} documents it",
                decl.id.span,
                "it formalises hours the source states for work the engine does not time; "
                "nothing to do unless a target should count on it",
                subject=Subject("calendar", name),
                severity=Severity.INFO,
            )
        else:
            ctx.report(
                "PL661",
                f"calendar `{name}` is used by no rule",
                decl.id.span,
                "no target or lifecycle timing counts on it: use it (`within 4 hours on "
                f"{name}`), remove it, or say why it is kept in a note it carries that names "
                f"`{name}`",
                subject=Subject("calendar", name),
            )


def _inputs(ctx: LintContext) -> None:
    read: set[str] = set()
    for rules in ctx.lists.values():
        for rule in rules:
            read.update(rule.reads)
            if rule.spec is not None:  # the input giving a time set for the request is read too
                read.update(n for n in (rule.spec.agreed_by, rule.spec.estimated_by) if n)
    for name, decl in ctx.checked.symbols.input_decls.items():
        if name in read:
            continue
        documented = _documented(ctx, decl.body, name)
        ctx.report(
            "PL662",
            f"input `{name}` is read by no condition"
            + (f"; {documented} documents it" if documented else ""),
            decl.id.span,
            "requests may send it, but no answer depends on it: use it in a `when`, or remove it",
            subject=Subject("input", name),
            severity=Severity.INFO if documented else Severity.WARNING,
        )


def _priority_names(condition: ast.Condition, domain: tuple[str, ...]) -> set[str] | None:
    """The priorities a condition selects by name (negations select the others); None when it
    does not read ``priority``."""
    found = [_atom_priorities(atom, domain) for atom in iter_atoms(condition)]
    parts = [f for f in found if f is not None]
    return set().union(*parts) if parts else None


def _atom_priorities(condition: ast.Atom, domain: tuple[str, ...]) -> set[str] | None:
    if isinstance(condition, ast.Comparison):
        sides = (condition.left, condition.right)
        if not any(isinstance(s, ast.Reference) and s.name.value == "priority" for s in sides):
            return None
        named = {s.name.value for s in sides if isinstance(s, ast.Reference)} - {"priority"}
        return named | (set(domain) - named if condition.operator == "!=" else set())
    if isinstance(condition, ast.Membership):
        operand = condition.operand
        if not (isinstance(operand, ast.Reference) and operand.name.value == "priority"):
            return None
        named = {v.name.value for v in condition.values if isinstance(v, ast.Reference)}
        return named | (set(domain) - named if condition.negated else set())
    return None


def _answers_the_rest(rule: LintRule) -> bool:
    """True for a rule that applies to every request its list reaches it with (`otherwise`)."""
    return rule.condition is None and not rule.items and rule.product is None


def _named_priorities(ctx: LintContext, domain: tuple[str, ...]) -> dict[tuple[str, str], set[str]]:
    """(keyword, rule name) -> the priorities the rule's condition names."""
    named_by: dict[tuple[str, str], set[str]] = {}
    for rules in ctx.checked.symbols.rules.values():
        for rule in rules:
            for statement in rule.body:
                if isinstance(statement, ast.When):
                    found = _priority_names(statement.condition, domain)
                    if found is not None:
                        key = (rule.keyword, rule.name.value)
                        named_by.setdefault(key, set()).update(found)
    return named_by


def _priorities(ctx: LintContext) -> None:
    symbols = ctx.checked.symbols
    domain = tuple(symbols.priorities)
    if not domain:
        return
    named_by = _named_priorities(ctx, domain)
    reads = bool(named_by)
    told_apart = set().union(*named_by.values())
    for kind in FIRST_MATCH:
        listed = ctx.lists.get(kind, [])
        names = any((r.decl.keyword, r.name) in named_by for r in listed)
        if names and any(_answers_the_rest(r) for r in listed):
            # A list that names some priorities and ends in an `otherwise` answers the others
            # apart from those: "critical within 30 minutes, every other request within 4 hours".
            told_apart |= set(domain)
    for name, decl in symbols.priorities.items():
        if not reads:
            message = f"priority `{name}` changes nothing: no rule's condition reads `priority`"
            help_text = "priorities only matter to rules that test them; test it, or remove them"
        elif name not in told_apart:
            message = f"priority `{name}` is named by no rule, and no `otherwise` answers it"
            help_text = (
                "requests with it get only the rules that ignore priority; name it in the rule "
                "meant for it, add an `otherwise` rule, or remove it"
            )
        else:
            continue
        ctx.report("PL663", message, decl.id.span, help_text, subject=Subject("priority", name))
