"""Customers: what each customer's contract changes of a policy, for the reviewers' site.

The customers of a policy (``customer`` declarations of the ``*.customers`` files loaded with
it) get a page of their own, ``<id>.customers.md``: an index of them, then one section per
customer (anchor ``#customer-<id>``) with the facts its contract fixes, the rates it gives the
charge rules the policy leaves open, and its layers over the policy's calendars. The policy's
page keeps one short section that counts what its customers fix and links to that page: its
size follows the policy's, not the number of customers, so a policy with a thousand customers
stays as readable as one with none. A policy without customers gets neither.

The words are the policy page's: a fact reads as the page's conditions read (`fact_words`), a
rate as the page's charge lines (`line_words`, the amount as the contract writes it) beside the
rule's own line, a calendar layer with the calendar section's words (`holiday_sources_words`,
`exception_words`: the same English holiday names). The dates a layer changes are the engine's:
the calendar compiled with the customer's layers (`compile_calendars`, as its requests are
answered) against the policy's own, date by date over the years the pages list.

The page describes the customers against the latest version (the one ``<id>.md`` documents):
the checker holds every fact, rate and layer to every loaded version, and the rules, inputs and
calendars it names keep their anchors across versions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from policylang.calendar import BusinessCalendar, CalendarLayer, DayException
from policylang.compiler.calendars import compile_calendars, interval_of
from policylang.lang import ast
from policylang.lang.printer import format_operand
from policylang.lang.traversal import find_all
from policylang.text.english import WEEKDAYS, and_list, date_words, plural
from policylang.tools.docgen.anchors import (
    calendar_anchor,
    customer_anchor,
    customers_page_name,
    page_name,
    rule_anchor,
)
from policylang.tools.docgen.calendars import (
    clamp_years,
    exception_words,
    holiday_sources_words,
    hours_words,
    years_label,
)
from policylang.tools.docgen.charges import fee_kind, fee_words, line_words
from policylang.tools.docgen.conditions import fact_words, input_words
from policylang.tools.docgen.loaded import Documented, DocumentedCustomer
from policylang.tools.docgen.markdown import code, heading, inline, link, one_line, table
from policylang.tools.docgen.rules import rule_title
from policylang.tools.docgen.words import intervals_words

__all__ = ["customers_files", "customers_page", "customers_section"]

#: How many customers files the page's header names before it counts the rest: the header is
#: one line, and `is_generated` reads only the first 4 KiB of a file to find it.
_FILES_NAMED = 3


def customers_files(doc: Documented) -> str:
    """The files of the policy's customers, as the customers page's header names them."""
    files = sorted({customer.path for customer in doc.customers})
    if len(files) <= _FILES_NAMED:
        return and_list(files)
    shown = files[: _FILES_NAMED - 1]
    return f"{', '.join(shown)} and {len(files) - len(shown)} other customers files"


def _name(name: str | None) -> str:
    """A customer's name for a heading or a table cell (`one_line`); empty when it has none to
    show."""
    if name is None or not name.strip():
        return ""
    return one_line(name)


def _title(doc: Documented) -> str:
    return f"Customers of {inline(doc.compiled.title)}"


# ------------------------------------------------------------------ the policy page's section


def customers_section(doc: Documented) -> list[str]:
    """The policy page's ``Customers`` section (nothing without customers): how many customers'
    contracts fix each input, charge rule rate and calendar, and a link to the customers page."""
    if not doc.customers:
        return []
    facts: Counter[str] = Counter()
    rates: Counter[str] = Counter()
    calendars: Counter[str] = Counter()
    for customer in doc.customers:
        facts.update(f.input.value for f in customer.checked.facts)
        rates.update(r.rule.value for r in customer.checked.rates)
        calendars.update(c.calendar.value for c in customer.checked.calendars)
    rules = {decl.name.value: decl for decl in doc.rules("charge")}
    rows = [
        [f"Fact: {input_words(doc, name)} ({code(name)})", _fix_count(facts[name])]
        for name in _in_order(facts, doc.compiled.inputs)
    ]
    for name in _in_order(rates, rules):
        rule = link(inline(rule_title(rules[name])), "#" + rule_anchor("charge", name))
        rows.append([f"Rate of {rule}: {fee_words(rules[name])}", _fix_count(rates[name])])
    rows += [
        [
            f"Dates of calendar {link(code(name), '#' + calendar_anchor(name))}",
            _fix_count(calendars[name]),
        ]
        for name in _in_order(calendars, doc.compiled.calendars)
    ]
    count = len(doc.customers)
    lines = [
        heading(2, "Customers", "customers"),
        "",
        f"{plural(count, 'customer')} of this policy ({inline(customers_files(doc))}) "
        f"{'has a contract that fixes' if count == 1 else 'have contracts that fix'} some of "
        "its facts, rates or calendar dates for their own requests. The page "
        f"{link(_title(doc), customers_page_name(doc.id))} shows each customer and what its "
        "contract changes.",
        "",
    ]
    if rows:
        lines += table(["What a contract fixes", "Customers"], rows)
    return lines


def _in_order(counted: Counter[str], order: Iterable[str]) -> list[str]:
    """The names ``counted``, in the policy's ``order`` (the checker holds each name to every
    version, so all are there; any other would still be listed, last)."""
    known = [name for name in order if counted[name]]
    return known + sorted(set(counted) - set(known))


def _fix_count(count: int) -> str:
    if count == 1:
        return "1 customer's contract fixes it"
    return f"{count} customers' contracts fix it"


# ------------------------------------------------------------------ the customers page


@dataclass(frozen=True, slots=True)
class _Changes:
    """The dates of the listed years whose hours a customer's layers change on one calendar."""

    #: The years asked for, as the page writes them.
    label: str
    #: The years listed: those asked for within the layered calendar's holiday data (None:
    #: none of them is).
    span: tuple[int, int] | None
    #: Each date whose hours differ: the layered calendar's exception, and its table row.
    rows: tuple[tuple[DayException, list[str]], ...]


@dataclass(frozen=True, slots=True)
class _Readers:
    """What a customer's layer over one calendar reaches (Markdown phrases with links)."""

    #: Times counted on the calendar, or on one that extends it: ``response times of [X](…)``.
    counted: tuple[str, ...]
    #: Rules whose conditions read its hours (``opened_at during CAL``).
    conditions: tuple[str, ...]
    #: Calendars that extend it, however far down: they take the layer too.
    extending: tuple[str, ...]


@dataclass
class _Context:
    """What the customers of one page share, computed once: the policy's calendars, what
    reaches each, its exceptional dates, and the changes of each distinct layer content
    (a thousand customers with one layer cost one comparison)."""

    doc: Documented
    years: tuple[int, int]
    #: The policy page the links lead to.
    page: str
    decls: dict[str, ast.CalendarDecl]
    changes: dict[object, _Changes] = field(default_factory=dict)
    policy_dates: dict[tuple[str, tuple[int, int]], dict[dt.date, DayException]] = field(
        default_factory=dict
    )
    readers: dict[str, _Readers] = field(default_factory=dict)

    def chain(self, name: str) -> list[str]:
        """``name``, the calendar it extends, that one's... (the checker ruled out cycles)."""
        chain = [name]
        while (base := self.decls[chain[-1]].extends) is not None:
            chain.append(base.value)
        return chain


def customers_page(doc: Documented, years: tuple[int, int]) -> str:
    """The customers page of ``doc``'s policy, ``doc`` its latest version: an index of the
    customers, then each one's facts, rates and calendar layers."""
    page = page_name(doc.id, doc.version, latest=True)
    calendars = {d.id.value: d for d in doc.declarations(ast.CalendarDecl)}
    context = _Context(doc, years, page, calendars)
    lines = [
        heading(1, _title(doc)),
        "",
        f"What the contract of each customer of {link(inline(doc.compiled.title), page)} "
        "changes for that customer's requests: the facts a request naming it takes for the "
        "inputs it leaves out (a request that sends another value is refused), the price of "
        "the charge lines the policy leaves open, and the dates its layers over the policy's "
        f"calendars close or open, with the dates of {years_label(years)} whose hours change. "
        f"The words and links are those of version {inline(doc.version)}, in force from "
        f"{inline(date_words(doc.compiled.effective))}; every version of the policy holds the "
        "same customers.",
        "",
    ]
    rows = [
        [
            link(code(customer.id), "#" + customer_anchor(customer.id)),
            _name(customer.name) or "\u2014",
            _fixes(customer),
        ]
        for customer in doc.customers
    ]
    lines += table(["Customer", "Name", "Its contract fixes"], rows)
    for customer in doc.customers:
        lines += _customer(context, customer)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _fixes(customer: DocumentedCustomer) -> str:
    checked = customer.checked
    counts = (
        (len(checked.facts), "fact"),
        (len(checked.rates), "rate"),
        (len(checked.calendars), "calendar layer"),
    )
    return ", ".join(plural(count, noun) for count, noun in counts if count) or "nothing"


def _customer(context: _Context, customer: DocumentedCustomer) -> list[str]:
    checked = customer.checked
    title = code(customer.id)
    name = _name(customer.name)
    if name:
        title = f"{name} ({title})"
    lines = [
        heading(2, title, customer_anchor(customer.id)),
        "",
        f"Customer {code(customer.id)}, declared in {code(customer.path)} at line "
        f"{checked.decl.span.line}.",
        "",
    ]
    if not (checked.facts or checked.rates or checked.calendars):
        lines += [
            "Its contract fixes nothing of the policy: its requests are answered as any "
            "request is.",
            "",
        ]
    lines += _facts(context.doc, checked.facts)
    lines += _rates(context, checked.rates)
    for layer in checked.calendars:
        lines += _calendar(context, customer, layer)
    return lines


def _facts(doc: Documented, facts: Sequence[ast.CustomerSet]) -> list[str]:
    if not facts:
        return []
    rows = [
        [
            fact_words(doc, fact.input.value, fact.value),
            code(f"set {fact.input.value} = {format_operand(fact.value)}"),
        ]
        for fact in facts
    ]
    return [
        "**Facts.** A request naming this customer takes these values for the inputs it "
        "leaves out.",
        "",
        *table(["Fact", "In the customers file"], rows),
    ]


def _rates(context: _Context, rates: Sequence[ast.CustomerRate]) -> list[str]:
    if not rates:
        return []
    decls = {decl.name.value: decl for decl in context.doc.rules("charge")}
    rows = []
    for rate in rates:
        decl = decls[rate.rule.value]
        # The checker has seen to it: a unit where the rule's fee is `unspecified`, else none.
        fee = rate.unit.value if rate.unit is not None else fee_kind(decl) or "unspecified"
        target = f"{context.page}#{rule_anchor('charge', decl.name.value)}"
        ours = line_words(fee, rate.amount.text, rate.currency.value)
        rows.append(
            [
                f"{link(inline(rule_title(decl)), target)} ({code(decl.name.value)})",
                fee_words(decl),
                f"**{inline(ours)}**",
            ]
        )
    header = ["Charge rule", "The policy's line (amount not stated)", "This customer's line"]
    return [
        "**Rates.** The policy states these charge lines without their price; this customer's "
        "contract gives it.",
        "",
        *table(header, rows),
    ]


def _calendar(
    context: _Context, customer: DocumentedCustomer, layer: ast.CustomerCalendar
) -> list[str]:
    name = layer.calendar.value
    decl = context.decls[name]
    shown = link(code(name), f"{context.page}#{calendar_anchor(name)}")
    if decl.title is not None:
        shown = f"{inline(decl.title.value)} ({shown})"
    lines = [
        f"**Calendar {shown}, layered for this customer.** The "
        "layer's dates beat the policy's; the weekly hours and the zone stay the policy's.",
        "",
    ]
    for statement in layer.body:
        if isinstance(statement, ast.ClosedDates):
            span = statement.first.text
            if statement.last is not None:
                span += f" to {statement.last.text}"
            label = _label(statement.label)
            why = f": {one_line(label)}" if label else ""
            lines.append(f"- **Closed:** {span}{why}")
        elif isinstance(statement, ast.OpenDate):
            hours = intervals_words(tuple(interval_of(i) for i in statement.intervals))
            label = _label(statement.label)
            why = f" ({one_line(label)})" if label else ""
            lines.append(f"- **Open:** {statement.date.text}: open {hours}{why}")
    compiled = customer.compiled.calendars[name]
    changes = _changes(context, customer, name)
    if compiled.holidays:
        words = f"- **Public holidays:** also closed on {holiday_sources_words(compiled.holidays)}"
        if changes.span is not None:
            added = sum(
                1
                for exception, _ in changes.rows
                if exception.kind == "holiday" and exception.layer == compiled.name
            )
            words += (
                f": they close {plural(added, 'more date')} of {years_label(changes.span)}, "
                "listed below"
            )
        lines.append(words)
    lines += _reach(context, name)
    lines.append("")
    return lines + _changes_table(changes)


def _label(label: ast.Text | None) -> str | None:
    """A date statement's label, when it says something (``""`` says nothing)."""
    return label.value if label is not None and label.value.strip() else None


def _reach(context: _Context, name: str) -> list[str]:
    """The layer's bullets on what it changes of the policy."""
    readers = context.readers.get(name)
    if readers is None:
        readers = context.readers[name] = _find_readers(context, name)
    lines = []
    if readers.counted:
        lines.append(
            "- **Counted on it for this customer:** "
            + "; ".join(readers.counted)
            + ". For this customer's requests they skip the dates the layer closes and count "
            "the hours it opens"
        )
    if readers.conditions:
        lines.append(
            f"- **Conditions on its hours:** {and_list(list(readers.conditions))}: whether an "
            "instant falls in its open hours is judged with the layer"
        )
    if readers.extending:
        verb = "extends it and takes" if len(readers.extending) == 1 else "extend it and take"
        lines.append(
            f"- **Calendars built on it:** {and_list(list(readers.extending))} {verb} the layer "
            "too, under their own dates"
        )
    if not lines:
        lines.append(
            f"- **What it changes:** nothing of the policy counts time on {code(name)} or reads "
            "its hours: the layer changes no answer"
        )
    return lines


#: What a customer's layer reaches, in the order the bullets list it.
_COUNTED = (
    ("response", "response times of"),
    ("resolution", "resolution times of"),
    ("window", "the service windows of"),
    ("lifecycle", "the lifecycle deadlines of"),
    ("obligation", "the working hours of the obligations"),
)


def _find_readers(context: _Context, name: str) -> _Readers:
    reached = [c for c in context.decls if name in context.chain(c)]
    found: dict[str, list[str]] = {key: [] for key, _ in _COUNTED}
    conditions: list[str] = []
    for decl in context.doc.declarations(ast.RuleDecl):
        for key, calendar in _calendars_of(decl):
            if calendar in reached:
                found[key].append(_rule_link(context, decl, calendar, name))
        during = {test.calendar.value for test in find_all(decl, ast.DuringTest)}
        for calendar in sorted(during & set(reached)):
            conditions.append(_rule_link(context, decl, calendar, name))
    counted = tuple(
        f"{words} {and_list(list(dict.fromkeys(found[key])))}"
        for key, words in _COUNTED
        if found[key]
    )
    extending = tuple(
        link(code(c), f"{context.page}#{calendar_anchor(c)}") for c in reached if c != name
    )
    return _Readers(counted, tuple(dict.fromkeys(conditions)), extending)


def _calendars_of(decl: ast.RuleDecl) -> list[tuple[str, str]]:
    """What of a rule counts on a calendar: (kind of time, calendar name) pairs."""
    out = []
    for statement in decl.body:
        if isinstance(statement, ast.Target):
            commitment = statement.commitment
            if isinstance(commitment, ast.Window):
                out.append(("window", commitment.calendar.value))
            elif isinstance(commitment, ast.Committed) and isinstance(
                commitment.clock, ast.OnCalendar
            ):
                out.append((statement.kind.value, commitment.clock.calendar.value))
        elif isinstance(statement, ast.Timing) and isinstance(statement.clock, ast.OnCalendar):
            out.append(("lifecycle", statement.clock.calendar.value))
        elif isinstance(statement, ast.NameField) and statement.key == "during":
            out.append(("obligation", statement.name.value))
    return out


def _rule_link(context: _Context, decl: ast.RuleDecl, calendar: str, layered: str) -> str:
    target = f"{context.page}#{rule_anchor(decl.keyword, decl.name.value)}"
    shown = link(inline(rule_title(decl)), target)
    return shown if calendar == layered else f"{shown} (on {code(calendar)})"


def _changes(context: _Context, customer: DocumentedCustomer, name: str) -> _Changes:
    """The dates ``customer``'s layers change on calendar ``name``, once per distinct content
    of the layers that reach it (its own and those of the calendars it extends)."""
    chain = context.chain(name)
    layers = customer.compiled.calendars
    reaching = tuple((n, layers[n]) for n in chain if n in layers)
    key = (name, reaching)
    found = context.changes.get(key)
    if found is None:
        found = context.changes[key] = _compare(context, name, chain, dict(reaching))
    return found


def _compare(
    context: _Context, name: str, chain: list[str], layers: dict[str, CalendarLayer]
) -> _Changes:
    """Calendar ``name`` compiled with ``layers`` as the customer's requests count on it,
    against the policy's own, over the listed years within its holiday data."""
    label = years_label(context.years)
    decls = {n: context.decls[n] for n in chain}
    layered = compile_calendars(decls, context.doc.compiled.zone, layers)[name]
    span = clamp_years(layered, context.years)
    if span is None:
        return _Changes(label, None, ())
    policy = context.doc.compiled.calendars[name]
    dates = _policy_dates(context, policy, span)
    facts = layered.resolved
    rows = []
    for exception in layered.exceptions(*span):
        day = exception.day
        before = policy.hours_on(day)
        if exception.hours == before:
            continue
        was = dates.get(day)
        if was is None:
            theirs = f"{hours_words(before)} (weekly hours)"
        else:
            what, hours = exception_words(was, policy.resolved)
            theirs = f"{hours} ({what})"
        what, hours = exception_words(exception, facts)
        rows.append((exception, [day.isoformat(), WEEKDAYS[day.weekday()], what, hours, theirs]))
    return _Changes(label, span, tuple(rows))


def _policy_dates(
    context: _Context, calendar: BusinessCalendar, span: tuple[int, int]
) -> dict[dt.date, DayException]:
    """The policy calendar's exceptional dates in ``span``, by date (once per calendar)."""
    key = (calendar.name, span)
    found = context.policy_dates.get(key)
    if found is None:
        found = context.policy_dates[key] = {e.day: e for e in calendar.exceptions(*span)}
    return found


def _changes_table(changes: _Changes) -> list[str]:
    if changes.span is None:
        return [f"No holiday data for {changes.label} with this layer: no date is listed.", ""]
    listed = years_label(changes.span)
    lines = []
    if listed != changes.label:
        lines += [f"Holiday data covers {listed} only; later years are not listed.", ""]
    if not changes.rows:
        return [*lines, f"No date of {listed} has other hours for this customer.", ""]
    header = ["Date", "Day", "For this customer", "Hours", "The policy's calendar"]
    return [
        *lines,
        f"The dates of {listed} whose hours differ for this customer:",
        "",
        *table(header, [row for _, row in changes.rows]),
    ]
