"""What a customers file may name of the policies beside it, and the names it does name.

:func:`customer_terms` reads the checked policies of a directory: for each policy id, the inputs
a customer may ``set`` (those a request could send:
:func:`~policylang.lang.analysis.customers.settable`) with their values, the charge rules
whose price a ``rate`` may fix, and the calendars a ``calendar`` block may layer.
:func:`customer_names` reads a customers file: each policy id, input, value, rule and calendar
it names, with its place and the policy it belongs to (what hover and go to definition look
up). Editors use both (:mod:`policylang.editor`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from policylang.lang import ast
from policylang.lang.analysis.customers import settable
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.symbols import InputInfo, Symbols
from policylang.lang.source import SourceFile, Span
from policylang.lang.syntax.customer_slot import declaration_around
from policylang.lang.syntax.incremental import parse_partial

__all__ = ["Charge", "CustomerName", "CustomerTerms", "customer_names", "customer_terms"]


@dataclass(frozen=True, slots=True)
class Charge:
    """A charge rule a customer's rate may price: it states a fee, not ``included``, and no rate."""

    name: str
    title: str | None
    #: ``per_request``, ``per_hour``, ``fixed``, or ``unspecified`` (the rate states its unit).
    fee: str


@dataclass(frozen=True, slots=True)
class CustomerTerms:
    """What a customer of one policy may name, in every loaded version of it."""

    policy: str
    #: ``provider: title`` of the policy header (its first version's).
    title: str | None
    #: The inputs a request could send (:func:`~policylang.lang.analysis.customers.settable`),
    #: an enum's values those every version takes.
    inputs: dict[str, InputInfo]
    #: The labels of enum values, by input and value.
    labels: dict[str, dict[str, str]]
    charges: dict[str, Charge]
    #: The calendars every version declares, with their titles: what a customer may layer.
    calendars: dict[str, str | None] = field(default_factory=dict)


def customer_terms(policies: Sequence[CheckedFile]) -> dict[str, CustomerTerms]:
    """What a customer may name of each policy among ``policies``, by policy id.

    A policy loaded in several versions gives what every version takes, as the checker checks a
    customer against each. A policy with errors gives what its symbols hold.
    """
    versions: dict[str, list[Symbols]] = {}
    for checked in policies:
        if checked.symbols.header is not None:
            versions.setdefault(checked.symbols.header.id.value, []).append(checked.symbols)
    return {policy: _terms(policy, symbols) for policy, symbols in versions.items()}


def _terms(policy: str, versions: list[Symbols]) -> CustomerTerms:
    first = versions[0]
    inputs = settable(first)
    charges = _charges(first)
    for other in versions[1:]:
        theirs = settable(other)
        inputs = {
            name: replace(info, values=tuple(v for v in info.values if v in theirs[name].values))
            for name, info in inputs.items()
            if name in theirs and theirs[name].kind == info.kind
        }
        their_charges = _charges(other)
        charges = {
            n: c for n, c in charges.items() if n in their_charges and their_charges[n].fee == c.fee
        }
    labels = {name: _labels(first, info) for name, info in inputs.items() if info.kind == "enum"}
    calendars = {
        name: decl.title.value if decl.title is not None else None
        for name, decl in first.calendars.items()
        if all(name in other.calendars for other in versions[1:])
    }
    return CustomerTerms(policy, _policy_title(first), inputs, labels, charges, calendars)


def _policy_title(symbols: Symbols) -> str | None:
    assert symbols.header is not None
    fields = {f.key: f.text.value for f in symbols.header.fields if isinstance(f, ast.HeaderField)}
    words = [fields[key] for key in ("provider", "title") if key in fields]
    return ": ".join(words) or None


def _charges(symbols: Symbols) -> dict[str, Charge]:
    out: dict[str, Charge] = {}
    for rule in symbols.rules_of("charge"):
        fee = next((s for s in rule.body if isinstance(s, ast.Fee)), None)
        if fee is None or fee.kind.value == "included":
            continue
        if any(isinstance(s, ast.Rate) for s in rule.body):
            continue  # the policy states the price: a customer's rate for it is an error
        title = rule.title.value if rule.title is not None else None
        out.setdefault(rule.name.value, Charge(rule.name.value, title, fee.kind.value))
    return out


def _labels(symbols: Symbols, info: InputInfo) -> dict[str, str]:
    """The labels of an enum input's values, as declared (a type's title, an item's label)."""
    if info.origin == "declared":
        decl = symbols.input_decls.get(info.name)
        if decl is None or not isinstance(decl.type, ast.EnumType):
            return {}
        return {v.id.value: v.label.value for v in decl.type.values if v.label is not None}
    if info.origin == "items":
        return {
            name: items[0].label.value
            for name, items in symbols.items.items()
            if items and items[0].label is not None
        }
    taxa = {"types": symbols.types, "priorities": symbols.priorities, "products": symbols.products}
    declared = taxa.get(info.origin, {})
    return {name: d.title.value for name, d in declared.items() if d.title is not None}


@dataclass(frozen=True, slots=True)
class CustomerName:
    """A name a customers file uses, of the policy its customer names (:func:`customer_names`).

    ``kind`` is ``policy``, ``input`` (``set INPUT``), ``value`` (``set INPUT = VALUE``;
    ``subject`` is the input), ``rule`` (``rate RULE``) or ``calendar`` (``calendar CAL``).
    """

    kind: str
    policy: str
    name: str
    span: Span
    subject: str = ""


def customer_names(path: str, text: str, at: int | None = None) -> list[CustomerName]:
    """The names the customers of a file use, in text order (of the customers that parse).

    With ``at``, only those of the declaration holding that offset: a hover in a long file
    parses one customer, not all of them.
    """
    begin, end = declaration_around(text, at) if at is not None else (0, len(text))
    lines = text.count("\n", 0, begin)
    found: list[CustomerName] = []
    for decl in parse_partial(SourceFile(path, text[begin:end])).declarations:
        if not isinstance(decl, ast.CustomerDecl):
            continue
        named = next((f.id for f in decl.body if isinstance(f, ast.CustomerPolicy)), None)
        if named is None:
            continue
        for kind, name, subject in _fact_names(decl):
            # A declaration starts a line: columns stay, offsets and lines move on.
            span = replace(
                name.span,
                start=name.span.start + begin,
                end=name.span.end + begin,
                line=name.span.line + lines,
                end_line=name.span.end_line + lines,
            )
            found.append(CustomerName(kind, named.value, name.value, span, subject))
    return found


def _fact_names(decl: ast.CustomerDecl) -> list[tuple[str, ast.Name, str]]:
    """The names a customer's facts use: kind, name, and the input of a value."""
    found: list[tuple[str, ast.Name, str]] = []
    for fact in decl.body:
        if isinstance(fact, ast.CustomerPolicy):
            found.append(("policy", fact.id, ""))
        elif isinstance(fact, ast.CustomerSet):
            found.append(("input", fact.input, ""))
            if isinstance(fact.value, ast.Reference):
                found.append(("value", fact.value.name, fact.input.value))
        elif isinstance(fact, ast.CustomerRate):
            found.append(("rule", fact.rule, ""))
        elif isinstance(fact, ast.CustomerCalendar):
            found.append(("calendar", fact.calendar, ""))
    return found
