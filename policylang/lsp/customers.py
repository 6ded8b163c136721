"""Customers files (``*.customers``): completion, hover and go to definition across files.

A customers file names the things of the policies beside it: ``policy P`` a policy id, ``set
INPUT = VALUE`` an input of P a request could send and one of its values, ``rate RULE AMOUNT
CODE [UNIT]`` a charge rule of P whose price is open, an ISO 4217 code and, for a rule whose fee
is ``unspecified``, the unit, ``calendar CAL { ... }`` a calendar of P (and, inside the layer,
only the statements a layer takes). As the checker checks the file with the policies of its
directory, the names come from the server's last check of that directory (the editor's unsaved
buffers win over the disk); the policy the enclosing customer names, before or after the
cursor, decides them. Without one, or with a policy that is not there, only what is safe
whatever the policy is offered: the keywords and the policy ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lsprotocol import types

from policylang import editor
from policylang.lsp import hover as hovers
from policylang.lsp.convert import Lines, uri_of
from policylang.lsp.state import FileView

__all__ = ["Offer", "definition", "hover", "offers"]

#: The units a rate states for a rule whose fee is `unspecified` (the grammar's `fee_unit`
#: less `unspecified`, which a customer's rate may not state).
_UNITS = {
    "per request": "the rate is charged per request",
    "per hour": "the rate is charged per hour of service",
    "fixed": "the rate is one fixed amount",
}
#: Keywords the grammar takes after a currency that the offered units replace (`per` alone,
#: and `unspecified`, which the checker refuses in a customer's rate).
_UNIT_WORDS = frozenset({"per", "fixed", "unspecified"})
#: A value literal the grammar takes after `set INPUT =` but no customer fact may hold: an
#: elapsed time (`days since X`) is not a value a contract fixes.
_NO_FACT_VALUES = frozenset({"days", "hours"})
_BOOLEANS = frozenset({"true", "false"})
#: The statements the grammar takes in a calendar block that a customer's layer may not hold
#: (the policy's weekly offer and zone, its clauses and notes: PL517).
_NOT_IN_A_LAYER = frozenset({"zone", "hours", "weekend", "preholiday", "cite", "note"})


@dataclass(frozen=True, slots=True)
class Offer:
    """A name to complete: its label, detail, kind, and the key it sorts by among names."""

    label: str
    detail: str | None
    kind: types.CompletionItemKind
    sort: str


_Offers = tuple[tuple[str, ...], list[Offer]]
_Policy = editor.CustomerTerms | None
_Terms = Mapping[str, editor.CustomerTerms]


def _top_level(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords a customers file takes where the grammar takes a declaration: `customer`
    only (any other declaration there is an error, PL517)."""
    return ("customer",) if "customer" in keywords else keywords


def offers(
    text: str, expected: editor.Expected, terms: Mapping[str, editor.CustomerTerms]
) -> tuple[tuple[str, ...], list[Offer]]:
    """The keywords and names a customers file takes where ``expected`` was asked."""
    keywords = _top_level(expected.keywords)
    slot = editor.customer_slot(text, expected.start)
    if slot is not None and slot.policy is not None:
        keywords = tuple(k for k in keywords if k != "policy")  # a customer names one policy
    offer = _BY_PART.get(slot.part) if slot is not None else None
    if slot is None or offer is None:
        return keywords, []
    policy = terms.get(slot.policy) if slot.policy is not None else None
    keywords, names = offer(keywords, slot, policy, terms)
    if expected.namespace == "country":  # `holidays ` in a layer: whatever the policy
        names += [
            Offer(code, "python-holidays", types.CompletionItemKind.Constant, code)
            for code in sorted(editor.holiday_countries())
        ]
    return keywords, names


def _policies(
    keywords: tuple[str, ...], _: editor.CustomerSlot, __: _Policy, terms: _Terms
) -> _Offers:
    """After `policy`: the ids of the policies beside the file, whatever the block names."""
    return keywords, [
        Offer(t.policy, t.title or "policy", types.CompletionItemKind.Module, t.policy)
        for t in sorted(terms.values(), key=lambda t: t.policy)
    ]


def _currencies(
    keywords: tuple[str, ...], _: editor.CustomerSlot, __: _Policy, ___: _Terms
) -> _Offers:
    """After a rate's amount: the ISO 4217 codes the checker takes."""
    return keywords, [
        Offer(code, "ISO 4217 currency", types.CompletionItemKind.Constant, code)
        for code in sorted(editor.currency_codes())
    ]


def _inputs(
    keywords: tuple[str, ...], slot: editor.CustomerSlot, policy: _Policy, _: _Terms
) -> _Offers:
    """After `set`: the inputs of the policy a request could send, those not set yet."""
    if policy is None:
        return keywords, []
    return keywords, [
        Offer(name, _describe(info), types.CompletionItemKind.Variable, f"{i:04}")
        for i, (name, info) in enumerate(policy.inputs.items())
        if name not in slot.set_inputs
    ]


def _values(
    keywords: tuple[str, ...], slot: editor.CustomerSlot, policy: _Policy, _: _Terms
) -> _Offers:
    """After `set INPUT =`: an enum's values, `true`/`false` for a bool (or an unknown input)."""
    keywords = tuple(k for k in keywords if k not in _NO_FACT_VALUES)
    info = policy.inputs.get(slot.subject) if policy is not None else None
    if policy is None or info is None:
        return keywords, []
    if info.kind != "bool":
        keywords = tuple(k for k in keywords if k not in _BOOLEANS)
    labels = policy.labels.get(info.name, {})
    return keywords, [
        Offer(
            value,
            labels.get(value) or f"value of {info.name}",
            types.CompletionItemKind.EnumMember,
            f"{i:04}",
        )
        for i, value in enumerate(info.values)
    ]


def _rules(
    keywords: tuple[str, ...], slot: editor.CustomerSlot, policy: _Policy, _: _Terms
) -> _Offers:
    """After `rate`: the charge rules whose price is open, those with no unit first."""
    if policy is None:
        return keywords, []
    return keywords, [
        Offer(c.name, _fee(c), types.CompletionItemKind.Function, _rule_order(c))
        for c in policy.charges.values()
        if c.name not in slot.rated_rules
    ]


def _units(
    keywords: tuple[str, ...], slot: editor.CustomerSlot, policy: _Policy, _: _Terms
) -> _Offers:
    """After a rate's currency: the units, only for a rule whose fee is `unspecified`."""
    keywords = tuple(k for k in keywords if k not in _UNIT_WORDS)
    charge = policy.charges.get(slot.subject) if policy is not None else None
    if charge is None or charge.fee != "unspecified":
        return keywords, []  # the rule states its unit (or is unknown): nothing to add
    return keywords, [
        Offer(unit, detail, types.CompletionItemKind.Keyword, str(i))
        for i, (unit, detail) in enumerate(_UNITS.items())
    ]


def _calendars(
    keywords: tuple[str, ...], slot: editor.CustomerSlot, policy: _Policy, _: _Terms
) -> _Offers:
    """After `calendar`: the calendars of the policy the block does not layer yet."""
    if policy is None:
        return keywords, []
    return keywords, [
        Offer(name, title or "calendar", types.CompletionItemKind.Module, f"{i:04}")
        for i, (name, title) in enumerate(policy.calendars.items())
        if name not in slot.layered_calendars
    ]


def _layer_statements(
    keywords: tuple[str, ...], _: editor.CustomerSlot, __: _Policy, ___: _Terms
) -> _Offers:
    """Inside a customer's calendar layer: the statements it takes (dates and holidays)."""
    return tuple(k for k in keywords if k not in _NOT_IN_A_LAYER), []


_BY_PART: dict[
    str,
    Callable[[tuple[str, ...], editor.CustomerSlot, _Policy, _Terms], _Offers],
] = {
    "policy": _policies,
    "currency": _currencies,
    "input": _inputs,
    "value": _values,
    "rule": _rules,
    "unit": _units,
    "calendar": _calendars,
    "layer": _layer_statements,
}


def _describe(info: editor.InputInfo) -> str:
    """An input's type as a detail: `date`, or `enum: a, b, c`."""
    if info.kind != "enum":
        return info.kind
    shown = ", ".join(info.values[:4]) + (", …" if len(info.values) > 4 else "")
    return f"enum: {shown}"


def _fee(charge: editor.Charge) -> str:
    unit = "fee unspecified: the rate states its unit" if charge.fee == "unspecified" else None
    words = unit or "fee " + charge.fee.replace("_", " ")
    return f"{words} — {charge.title}" if charge.title else words


def _rule_order(charge: editor.Charge) -> str:
    # The rules whose fee leaves the unit open first: their rate says the most.
    return ("0" if charge.fee == "unspecified" else "1") + charge.name


# ------------------------------------------------------------------ hover and definition


def _name_at(path: str, text: str, offset: int) -> editor.CustomerName | None:
    for name in editor.customer_names(path, text, offset):
        if name.span.start <= offset <= name.span.end:
            return name
    return None


def _declared(
    name: editor.CustomerName, policies: list[FileView]
) -> list[tuple[FileView, editor.Occurrence]]:
    """Where the policies declare a name of a customers file (each version of the policy)."""
    found: list[tuple[FileView, editor.Occurrence]] = []
    for view in policies:
        header = view.checked.symbols.header if view.checked is not None else None
        index = view.index()
        if header is None or header.id.value != name.policy or index is None:
            continue
        if name.kind == "policy":
            found.append((view, editor.Occurrence("policy", "", name.name, header.id.span, True)))
            continue
        found += [(view, o) for o in index.definitions(_key(name, index))]
    return found


def _key(name: editor.CustomerName, index: editor.SymbolIndex) -> tuple[str, str, str]:
    """The key of the policy's index a customers file's name stands for."""
    if name.kind == "input":
        return ("input", "", name.name)
    if name.kind == "rule":
        return ("rule", "charge", name.name)
    if name.kind == "calendar":
        return ("calendar", "", name.name)
    namespace = index.derived_inputs.get(name.subject)  # `set type = bug`: the type `bug`
    return (namespace, "", name.name) if namespace else ("value", name.subject, name.name)


def definition(
    path: str,
    text: str,
    offset: int,
    policies: list[FileView],
    lines_of: Callable[[str], Lines],
) -> list[types.Location]:
    """Where the policy id, input, value or charge rule under the cursor is declared, in each
    version of the policy (``lines_of`` converts places in a policy's text)."""
    name = _name_at(path, text, offset)
    if name is None:
        return []
    return [
        types.Location(uri_of(view.path), lines_of(view.checked_text).span_range(o.span))
        for view, o in _declared(name, policies)
    ]


def hover(
    path: str, text: str, lines: Lines, offset: int, policies: list[FileView]
) -> types.Hover | None:
    """What the name under the cursor stands for in its policy, as a hover there shows it."""
    name = _name_at(path, text, offset)
    if name is None:
        return None
    declared = _declared(name, policies)
    if not declared:
        return None
    view, found = declared[0]
    if name.kind == "policy":
        terms = editor.customer_terms([view.checked] if view.checked is not None else [])
        title = terms[name.name].title if name.name in terms else None
        words: str | None = f"**Policy `{name.name}`**" + (f": {title}" if title else "")
    else:
        index = view.index()
        words = hovers.words(view, index, found) if index is not None else None
    if words is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(types.MarkupKind.Markdown, words),
        range=lines.span_range(name.span),
    )
