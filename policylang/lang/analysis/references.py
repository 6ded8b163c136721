"""Pass `references`: every name a statement mentions is declared, and extends has no cycle.

Condition operands are left to the `conditions` pass, which knows what each input may hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.codes import CODES
from policylang.lang.diagnostics import Related
from policylang.lang.syntax.limits import MAX_NESTING
from policylang.vocabulary import EVENTS

__all__ = ["check_calendar", "check_references"]


def _statements(ctx: Context) -> Iterator[ast.Node]:
    """Every statement of every block, nested items included."""
    for decl in ctx.file.declarations:
        body: tuple[ast.Node, ...] = ()
        if isinstance(decl, ast.ClauseDecl | ast.NoteDecl | ast.PolicyDecl):
            body = decl.fields
        elif isinstance(decl, ast.CalendarDecl | ast.InputDecl | ast.TaxonDecl | ast.RuleDecl):
            body = decl.body
        yield from body


def check_references(ctx: Context) -> None:
    """Report unknown clauses, notes, calendars, categories, priorities, products, events."""
    symbols = ctx.symbols
    for statement in _statements(ctx):
        if isinstance(statement, ast.NamesField):
            if statement.key == "acknowledges":
                _check_acknowledged(ctx, statement)
            elif statement.key in ("cite", "about"):
                for name in statement.names:
                    if name.value not in symbols.clauses:
                        ctx.unknown(
                            "PL201",
                            "clause",
                            name,
                            symbols.clauses,
                            'declare it with `clause ID "original text"`',
                        )
            elif statement.key == "note":
                for name in statement.names:
                    if name.value not in symbols.notes:
                        ctx.unknown(
                            "PL202",
                            "note",
                            name,
                            symbols.notes,
                            'declare it with `note interpretation ID "title" { ... }`',
                        )
        elif isinstance(statement, ast.NameField):
            _check_name_field(ctx, statement)
        elif isinstance(statement, ast.Target):
            if isinstance(statement.commitment, ast.Window):
                check_calendar(ctx, statement.commitment.calendar)
            elif isinstance(statement.commitment, ast.Committed):
                _check_clock(ctx, statement.commitment.clock)
                if statement.commitment.event is not None:
                    _check_event(ctx, statement.commitment.event)
            elif isinstance(statement.commitment, ast.Uncommitted):
                _check_uncommitted(ctx, statement.commitment)
        elif isinstance(statement, ast.Timing):
            _check_clock(ctx, statement.clock)
            _check_event(ctx, statement.event.event)
        elif isinstance(statement, ast.Requires):
            _check_event(ctx, statement.event)
        elif isinstance(statement, ast.PauseSpan):
            _check_event(ctx, statement.start)
            _check_event(ctx, statement.end)
            if statement.start.value == statement.end.value:
                ctx.error(
                    "PL514",
                    f"this pause starts and ends with `{statement.start.value}`",
                    statement.span,
                    "a pause runs from one event until another, e.g. `from waiting_on_customer "
                    "until customer_replied`",
                )
    _check_extends(ctx)


def _check_uncommitted(ctx: Context, commitment: ast.Uncommitted) -> None:
    if commitment.until is not None:
        _check_until(ctx, commitment.until)
    for name in (commitment.agreed_by, commitment.estimated_by):
        if name is not None:
            _check_instant_input(ctx, name)


def _check_instant_input(ctx: Context, name: ast.Name) -> None:
    """``agreed by X`` / ``estimated by X`` names a declared ``datetime`` input."""
    inputs = ctx.symbols.inputs
    info = inputs.get(name.value)
    if info is None:
        ctx.unknown(
            "PL204",
            "input",
            name,
            [n for n, i in inputs.items() if i.kind == "datetime"] or inputs,
            "declare the input that will hold the time (`input NAME: datetime optional`)",
        )
    elif info.kind != "datetime" or info.origin == "builtin":
        ctx.error(
            "PL312",
            f"`{name.value}` cannot hold the time set for the request: it is "
            + ("given by the engine" if info.origin == "builtin" else f"a {info.kind} input"),
            name.span,
            "declare a `datetime` input for it (`input agreed_due: datetime optional`)",
        )


def _check_until(ctx: Context, name: ast.Name) -> None:
    """``no commitment until NAME`` names a declared input or a ticket event."""
    if name.value in ctx.symbols.inputs or name.value in EVENTS:
        return
    ctx.unknown(
        "PL204",
        "input or event",
        name,
        [*ctx.symbols.inputs, *EVENTS],
        "name the input whose value would bring a commitment (declare it with `input NAME: "
        'enum [...] pending "..."`) or a ticket event',
    )


def _check_acknowledged(ctx: Context, statement: ast.NamesField) -> None:
    """`acknowledges` names codes of lint findings (PL6xx): what else could a note answer?"""
    lint_codes = [code for code in CODES if code.startswith("PL6")]
    for name in statement.names:
        if name.value not in lint_codes:
            ctx.unknown(
                "PL214",
                "lint finding code",
                name,
                lint_codes,
                "a note acknowledges findings of `policylang lint` (PL6xx codes, docs/lint.md); "
                "errors of `check` cannot be acknowledged, they must be fixed",
            )


def _check_name_field(ctx: Context, statement: ast.NameField) -> None:
    symbols = ctx.symbols
    tables = {
        "category": (symbols.categories, "PL205", 'declare it with `category ID "Label"`'),
        "priority": (symbols.priorities, "PL206", 'declare it with `priority ID "Label"`'),
        "product": (symbols.products, "PL207", 'declare it with `product ID "Label"`'),
    }
    if statement.key == "during":
        check_calendar(ctx, statement.name)
        return
    if statement.key not in tables:
        return
    table, code, hint = tables[statement.key]
    if statement.name.value not in table:
        ctx.unknown(code, statement.key, statement.name, table, hint)


def _check_clock(ctx: Context, clock: ast.OnCalendar | ast.AroundTheClock | None) -> None:
    if isinstance(clock, ast.OnCalendar) and clock.calendar.value not in ctx.symbols.calendars:
        ctx.unknown(
            "PL203",
            "calendar",
            clock.calendar,
            ctx.symbols.calendars,
            "declare it with `calendar ID { hours ... }`, or count elapsed time with "
            "`around the clock`",
        )


def check_calendar(ctx: Context, name: ast.Name) -> None:
    """``during CAL`` (a service window, an obligation's hours, a condition) names a calendar."""
    if name.value not in ctx.symbols.calendars:
        ctx.unknown(
            "PL203",
            "calendar",
            name,
            ctx.symbols.calendars,
            "declare it with `calendar ID { hours ... }`: `during` names the hours work is done in",
        )


def _check_event(ctx: Context, event: ast.Name) -> None:
    if event.value not in EVENTS:
        ctx.unknown("PL208", "event", event, EVENTS, "see the list of events in the reference")


def _check_extends(ctx: Context) -> None:
    calendars = ctx.symbols.calendars
    too_deep = False
    for decl in calendars.values():
        if decl.extends is None:
            continue
        if decl.extends.value not in calendars:
            ctx.unknown(
                "PL203", "calendar", decl.extends, calendars, "a calendar extends another calendar"
            )
            continue
        # Follow the chain; a cycle is reported once, on the calendar that closes it first. The
        # walk is bounded: a chain longer than MAX_NESTING layers is PL108, reported once.
        chain = [decl.id.value]
        seen = {decl.id.value}
        current = decl
        while current.extends is not None and current.extends.value in calendars:
            name = current.extends.value
            if name == decl.id.value:
                path = " -> ".join([*chain, name])
                ctx.error(
                    "PL211",
                    f"calendar `{decl.id.value}` extends itself ({path})",
                    decl.extends.span,
                    "a calendar's layers must end in a calendar that extends nothing",
                    related=(Related(current.span, f"`{current.id.value}` closes the cycle"),),
                )
                break
            if name in seen:
                break  # a cycle further down the chain, reported on its own members
            if len(chain) >= MAX_NESTING:
                if not too_deep:
                    too_deep = True
                    ctx.error(
                        "PL108",
                        f"calendar `{decl.id.value}` stacks more than {MAX_NESTING} layers "
                        "(`extends`)",
                        decl.extends.span,
                        "extend the calendar a layer stands for directly; a few layers (country, "
                        "company, customer) say everything a calendar needs",
                    )
                break
            chain.append(name)
            seen.add(name)
            current = calendars[name]
