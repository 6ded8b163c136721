"""Customer layers: check the ``customer`` declarations of ``*.customers`` files.

A customer names one policy (``policy ID``), fixes some of its inputs (``set INPUT = VALUE``) and
the rates its charge rules leave open (``rate RULE AMOUNT CURRENCY [UNIT]``). Each fact is checked
against every loaded version of that policy, with the checks an input default gets (the value's
kind, an enum name with a close match); each rate with the checks a rule's own rate gets (a
positive amount, an ISO 4217 code), against a charge rule that states a fee and no rate. An
unknown policy, input or rule gets a "did you mean", a customer id used twice points at the first.

A customer's ``calendar CAL { ... }`` layers dates over the policy's calendar ``CAL`` for its
requests: ``closed``, ``open`` and ``holidays``, checked as a calendar's are, against a calendar
every version of the policy declares. Weekly hours, ``24/7``, working weekend days, a
pre-holiday shortening and the zone are refused: they are the terms the policy offers every
customer, and a customer with other hours is another offer (a tier input, or a policy of its
own), not a layer.

A rate for a rule whose policy states one is an error, not an override: the policy's rate is what
its pages and every other customer's decisions show as the contract's price, and a silent
per-customer exception to a stated price is the kind of contradiction the checker exists to
surface. A contract whose price differs per customer leaves the rule's rate open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from policylang.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_SEARCH_YEARS,
    CalendarError,
    HolidaySource,
    holiday_years,
)
from policylang.lang import ast
from policylang.lang.analysis.calendars import check_date_statements
from policylang.lang.analysis.charges import check_currency, check_rate_amount
from policylang.lang.analysis.conditions import check_value
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.symbols import InputInfo, Symbols
from policylang.lang.diagnostics import Diagnostic, Related
from policylang.lang.printer import format_fee

__all__ = ["CUSTOMERS_SUFFIX", "CheckedCustomer", "check_customers", "settable"]

#: How a customers file is named; beside the policies, loaded with them.
CUSTOMERS_SUFFIX = ".customers"


@dataclass(frozen=True, slots=True)
class CheckedCustomer:
    """A customer declaration whose policy and facts were checked."""

    decl: ast.CustomerDecl
    #: The id of the policy whose inputs the facts fill.
    policy: str
    facts: tuple[ast.CustomerSet, ...]
    #: Its rates, each for a different charge rule.
    rates: tuple[ast.CustomerRate, ...] = ()
    #: Its layers over the policy's calendars, each for a different calendar.
    calendars: tuple[ast.CustomerCalendar, ...] = ()


def settable(symbols: Symbols) -> dict[str, InputInfo]:
    """The inputs a customer may fix: those a request could send (not ``opened_at``, not
    derived ones such as ``category``)."""
    return {
        name: info
        for name, info in symbols.inputs.items()
        if not info.derived and info.origin != "builtin"
    }


def check_customers(
    files: Sequence[ast.PolicyFile], policies: Sequence[CheckedFile]
) -> tuple[list[CheckedCustomer], list[Diagnostic]]:
    """Check the customers ``files`` against the checked ``policies`` loaded with them."""
    versions: dict[str, list[Symbols]] = {}
    for checked in policies:
        if checked.symbols.header is not None:
            versions.setdefault(checked.symbols.header.id.value, []).append(checked.symbols)
    found: list[CheckedCustomer] = []
    problems: dict[tuple[str, str, object], Diagnostic] = {}
    first: dict[str, ast.CustomerDecl] = {}
    for customers_file in files:
        ctx = Context(customers_file, Symbols())
        for decl in customers_file.declarations:
            if not isinstance(decl, ast.CustomerDecl):
                ctx.error(
                    "PL517",
                    "a customers file holds only `customer` declarations",
                    decl.span,
                    "put policy declarations in a `.policy` file",
                )
                continue
            what = f"customer `{decl.id.value}`"
            if not _first(ctx, first, decl.id, decl, ("PL218", what, "declared"), hint=_OWN_ID):
                _customer(ctx, decl, versions)  # its own problems too, so one fix is not enough
                continue
            customer = _customer(ctx, decl, versions)
            if customer is not None:
                found.append(customer)
        for diagnostic in ctx.diagnostics:  # one report per fact, however many versions
            problems.setdefault((diagnostic.code, diagnostic.message, diagnostic.span), diagnostic)
    return found, list(problems.values())


_OWN_ID = "give each customer its own id"
_NodeT = TypeVar("_NodeT", bound=ast.Node)


def _first(
    ctx: Context,
    seen: dict[str, _NodeT],
    name: ast.Name,
    node: _NodeT,
    twice: tuple[str, str, str],
    *,
    hint: str,
) -> bool:
    """Whether ``node`` is the first under ``name`` (``seen`` keeps the first of each name);
    a later one is an error at ``name`` pointing at the first: ``twice`` is its code, what
    it is (``calendar `office```) and what was done twice (``layered``)."""
    first = seen.setdefault(name.value, node)
    if first is node:
        return True
    code, what, done = twice
    ctx.error(
        code,
        f"{what} is {done} twice",
        name.span,
        hint,
        related=(Related(first.span, f"first {done} here"),),
    )
    return False


def _customer(
    ctx: Context, decl: ast.CustomerDecl, versions: dict[str, list[Symbols]]
) -> CheckedCustomer | None:
    named = [f for f in decl.body if isinstance(f, ast.CustomerPolicy)]
    facts = tuple([f for f in decl.body if isinstance(f, ast.CustomerSet)])
    if not named:
        ctx.error(
            "PL517",
            f"customer `{decl.id.value}` names no policy",
            decl.id.span,
            "say whose inputs its facts fill: `policy clever_ideas`",
        )
        return None
    for extra in named[1:]:
        ctx.error(
            "PL517",
            "a customer names one policy; this is the second",
            extra.span,
            "declare one customer per policy, each with its own id",
        )
    policy = named[0].id
    if policy.value not in versions:
        ctx.unknown(
            "PL216", "policy", policy, sorted(versions), "load the policy with its customers"
        )
        return None
    seen: dict[str, ast.CustomerSet] = {}
    for fact in facts:
        name = fact.input.value
        once = "a customer fixes each input once"
        if not _first(ctx, seen, fact.input, fact, ("PL517", f"`{name}`", "set"), hint=once):
            continue
        for symbols in versions[policy.value]:
            inputs = settable(symbols)
            info = inputs.get(name)
            if info is None:
                ctx.unknown(
                    "PL217",
                    "input",
                    fact.input,
                    inputs,
                    f"a customer sets inputs of policy `{policy.value}` a request could send",
                )
            else:
                check_value(Context(ctx.file, symbols, ctx.diagnostics), info, fact.value)
    rates = _rates(ctx, decl, versions[policy.value], policy.value)
    calendars = _calendars(ctx, decl, versions[policy.value], policy.value)
    return CheckedCustomer(decl, policy.value, facts, rates, calendars)


#: What a customer's calendar layer may not state, in words, by statement class: the policy's
#: terms for every customer (its weekly offer and its zone), not dates of one contract.
_NOT_LAYERABLE: dict[type[ast.Node], str] = {
    ast.ZoneField: "the zone",
    ast.Hours: "weekly hours",
    ast.AlwaysOpen: "weekly hours (`hours 24/7`)",
    ast.WeekendWorkdays: "the hours of working weekend days",
    ast.PreholidayShortened: "a pre-holiday shortening",
}


def _calendars(
    ctx: Context, decl: ast.CustomerDecl, versions: list[Symbols], policy: str
) -> tuple[ast.CustomerCalendar, ...]:
    """The customer's calendar layers, each over a calendar every version of ``policy``
    declares, holding only date statements (checked as a calendar's)."""
    layers: dict[str, ast.CustomerCalendar] = {}
    for layer in (f for f in decl.body if isinstance(f, ast.CustomerCalendar)):
        name = layer.calendar
        once = "a customer layers each calendar once: put its dates in one block"
        twice = ("PL517", f"calendar `{name.value}`", "layered")
        if not _first(ctx, layers, name, layer, twice, hint=once):
            continue
        for symbols in versions:
            if name.value not in symbols.calendars:
                ctx.unknown(
                    "PL203",
                    "calendar",
                    name,
                    symbols.calendars,
                    f"a customer layers a calendar of policy `{policy}`",
                )
        for statement in layer.body:
            what = _NOT_LAYERABLE.get(type(statement))
            if what is not None:
                ctx.error(
                    "PL517",
                    f"a customer's calendar layer cannot change {what}",
                    statement.span,
                    "weekly hours and the zone are the policy's offer: a customer with other "
                    "hours is another offer, a tier input or a policy of its own; a layer "
                    "states dates (`closed`, `open`) and `holidays`",
                )
            elif isinstance(statement, ast.NamesField):
                ctx.error(
                    "PL517",
                    f"a customer's calendar layer has no `{statement.key}`",
                    statement.span,
                    "the policy's clauses and notes are the policy's; say why a date is closed "
                    'or open in its label: `closed 2026-12-28 "contract §4"`',
                )
        check_date_statements(
            ctx, layer.body, "keep the one you mean: within one layer neither can win"
        )
        _check_region_years(ctx, layer, versions, decl.id.value)
    return tuple(layers.values())


def _check_region_years(
    ctx: Context, layer: ast.CustomerCalendar, versions: list[Symbols], customer: str
) -> None:
    """Warn (PL422) where a holidays region has fewer years of data than the calendar it layers:
    a calendar counts only the years all its holiday data covers, so the customer's requests
    outside them get a request error instead of an answer, while the policy's other customers
    are answered."""
    calendar = layer.calendar.value
    base = [_calendar_years(symbols, calendar) for symbols in versions]
    if not base or None in base:
        return  # a calendar some version does not declare: PL203 already
    first = min(years[0] for years in base if years is not None)
    last = max(years[1] for years in base if years is not None)
    # The years requests are plausibly about: from the first version's effective year, as far
    # as the calendars search. A region that ends in 2100 where the calendar counts to 2200 is
    # no news; one that ends in 2026 is.
    asked = min((_effective_year(symbols) for symbols in versions), default=first)
    asked_first, asked_last = max(first, asked), min(last, asked + MAX_SEARCH_YEARS)
    for statement in layer.body:
        if not isinstance(statement, ast.Holidays):
            continue
        region = _region_years(statement)
        if region is None or (region[0] <= asked_first and region[1] >= asked_last):
            continue
        code = statement.country.value + (
            f" subdivision {statement.subdivision.value}" if statement.subdivision else ""
        )
        lost = []
        if region[0] > first:
            lost.append(f"before {region[0]}")
        if region[1] < last:
            lost.append(f"after {region[1]}")
        ctx.warning(
            "PL422",
            f"`holidays {code}` narrows calendar `{calendar}` for customer `{customer}` to "
            f"{region[0]}-{region[1]}, the years python-holidays publishes",
            statement.span,
            f"its requests opened {' or '.join(lost)} cannot be answered (a request error on "
            f"`opened_at`); `{calendar}` alone counts {first}-{last}. State the region's days "
            "off with `closed` past those years, or use a python-holidays that publishes them",
        )


def _effective_year(symbols: Symbols) -> int:
    """The year a policy version takes effect (the checker has read its date)."""
    header = symbols.header
    fields = header.fields if header is not None else ()
    for field in fields:
        if isinstance(field, ast.DateField) and field.key == "effective":
            return int(field.date.text[:4])
    return FIRST_YEAR


def _region_years(statement: ast.Holidays) -> tuple[int, int] | None:
    """The years python-holidays publishes a ``holidays`` statement's region for (None for a
    country or subdivision it does not know: PL402, PL403)."""
    subdivision = statement.subdivision.value if statement.subdivision else None
    try:
        return holiday_years(HolidaySource(statement.country.value, subdivision))
    except CalendarError:
        return None


def _calendar_years(symbols: Symbols, name: str) -> tuple[int, int] | None:
    """The local years calendar ``name`` counts: the supported range, narrowed by the holiday
    data of every calendar it extends (None: the policy declares no such calendar)."""
    first, last = FIRST_YEAR, LAST_YEAR
    seen: set[str] = set()
    decl = symbols.calendars.get(name)
    if decl is None:
        return None
    while decl is not None and decl.id.value not in seen:  # bounded: each calendar once
        seen.add(decl.id.value)
        for statement in decl.body:
            if isinstance(statement, ast.Holidays):
                region = _region_years(statement)
                if region is not None:
                    first, last = max(first, region[0]), min(last, region[1])
        decl = symbols.calendars.get(decl.extends.value) if decl.extends else None
    return first, last


def _rates(
    ctx: Context, decl: ast.CustomerDecl, versions: list[Symbols], policy: str
) -> tuple[ast.CustomerRate, ...]:
    """The customer's rates, each checked against every version of ``policy``."""
    rates: dict[str, ast.CustomerRate] = {}
    for rate in (f for f in decl.body if isinstance(f, ast.CustomerRate)):
        once = "a customer fixes each charge rule's rate once"
        what = f"the rate of `{rate.rule.value}`"
        if not _first(ctx, rates, rate.rule, rate, ("PL517", what, "fixed"), hint=once):
            continue
        check_rate_amount(ctx, rate.amount, f"rate {rate.rule.value} 1200.00 MXN")
        check_currency(ctx, rate.currency)
        for symbols in versions:
            _check_rate_rule(ctx, rate, symbols, policy)
    return tuple(rates.values())


def _check_rate_rule(ctx: Context, rate: ast.CustomerRate, symbols: Symbols, policy: str) -> None:
    """The rule a customer's rate prices: a charge rule of ``policy`` stating a fee (its unit, or
    ``fee unspecified`` with the rate's unit) and no rate of its own."""
    name = rate.rule
    charges = {r.name.value: r for r in symbols.rules_of("charge")}
    rule = charges.get(name.value)
    if rule is None:
        other = next(
            (k for k, rules in symbols.rules.items() for r in rules if r.name.value == name.value),
            None,
        )
        if other is not None:
            ctx.error(
                "PL209",
                f"`{name.value}` is not a charge rule of policy `{policy}` "
                f"(it is a `{other}` rule)",
                name.span,
                "a customer's rate prices the line of a charge rule",
            )
            return
        ctx.unknown(
            "PL209", "charge rule", name, charges, f"a rate names a charge rule of `{policy}`"
        )
        return
    fee = next((s for s in rule.body if isinstance(s, ast.Fee)), None)
    own_rate = next((s for s in rule.body if isinstance(s, ast.Rate)), None)
    if fee is None:
        return  # the policy's own error (PL5xx): a charge rule states its fee
    kind = fee.kind.value
    if kind == "included":
        ctx.error(
            "PL531",
            f"charge `{name.value}` is `included`; it has no rate",
            rate.span,
            "a customer's rate prices a fee line; remove it",
            related=(Related(fee.span, "included here"),),
        )
    elif own_rate is not None:
        ctx.error(
            "PL536",
            f"policy `{policy}` already states the rate of `{name.value}`",
            rate.span,
            "a customer fixes only a rate the policy leaves open; remove this line, or the "
            "policy's `rate` if the price differs per customer",
            related=(Related(own_rate.span, "stated here"),),
        )
    elif rate.unit is not None and rate.unit.value == "unspecified":
        ctx.error(
            "PL536",
            "a customer's rate states its unit or takes the rule's",
            rate.unit.span,
            "write `per request`, `per hour` or `fixed`, or leave the unit out",
        )
    elif kind == "unspecified" and rate.unit is None:
        ctx.error(
            "PL536",
            f"charge `{name.value}` does not say per what it charges; the rate must say it",
            rate.span,
            f"add the unit the contract states: `rate {name.value} {rate.amount.text} "
            f"{rate.currency.value} per hour` (or `per request`, `fixed`)",
            related=(Related(fee.span, "`fee unspecified` here"),),
        )
    elif kind != "unspecified" and rate.unit is not None and rate.unit.value != kind:
        ctx.error(
            "PL536",
            f"charge `{name.value}` is `{format_fee(kind)}`, not "
            f"`{format_fee(rate.unit.value)}`",
            rate.unit.span,
            "leave the unit out: the rule states it",
            related=(Related(fee.span, "the rule's unit"),),
        )
