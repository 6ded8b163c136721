"""Completion: the keywords the grammar takes at the cursor, and the names that fit there."""

from __future__ import annotations

from collections.abc import Mapping

from lsprotocol import types

from policylang import editor
from policylang.lsp.convert import Lines
from policylang.lsp.customers import Offer
from policylang.lsp.customers import offers as customers_offers

__all__ = ["complete"]

_ITEM_KINDS = {
    "clause": types.CompletionItemKind.Reference,
    "note": types.CompletionItemKind.Reference,
    "calendar": types.CompletionItemKind.Struct,
    "input": types.CompletionItemKind.Variable,
    "value": types.CompletionItemKind.EnumMember,
    "event": types.CompletionItemKind.Event,
    "country": types.CompletionItemKind.Constant,
    "zone": types.CompletionItemKind.Constant,
}


def complete(
    text: str,
    offset: int,
    index: editor.SymbolIndex | None,
    lines: Lines,
    customers: Mapping[str, editor.CustomerTerms] | None = None,
) -> types.CompletionList:
    """What may be typed at ``offset``: keywords in context, then names of the right kind.

    ``customers`` is given for a customers file: what a customer may name of each policy of
    its directory, by policy id (:mod:`policylang.lsp.customers` picks from it).
    """
    offset = max(0, min(offset, len(text)))
    expected = editor.expected_at(text, offset)
    if expected.in_comment:
        return types.CompletionList(is_incomplete=False, items=[])
    replace = lines.range(expected.start, offset)
    if customers is not None:
        keywords, names = customers_offers(text, expected, customers)
    else:
        keywords = expected.keywords
        kind = _ITEM_KINDS.get(expected.namespace or "", types.CompletionItemKind.Value)
        names = [Offer(name, detail, kind, name) for name, detail in _names(expected, index)]
    items = [
        types.CompletionItem(
            label=keyword,
            kind=types.CompletionItemKind.Keyword,
            sort_text=f"1{keyword}",
            text_edit=types.TextEdit(replace, keyword),
        )
        for keyword in keywords
    ]
    for offer in names:
        items.append(
            types.CompletionItem(
                label=offer.label,
                kind=offer.kind,
                detail=offer.detail,
                sort_text=f"0{offer.sort}",
                text_edit=types.TextEdit(replace, offer.label),
            )
        )
    # Zones are many: the client filters them as the author types.
    return types.CompletionList(is_incomplete=False, items=items)


def _names(  # noqa: PLR0911  (one return per namespace: a flat dispatch reads best)
    expected: editor.Expected, index: editor.SymbolIndex | None
) -> list[tuple[str, str | None]]:
    namespace = expected.namespace
    if namespace == "zone":
        return [(zone, "IANA time zone") for zone in sorted(editor.known_zones())]
    if namespace == "country":
        return [(code, "python-holidays") for code in sorted(editor.holiday_countries())]
    if namespace == "event":
        return list(editor.EVENTS.items())
    if namespace is None or index is None:
        return []
    if namespace == "input":
        return [(name, "input") for name in index.inputs]
    if namespace == "value":
        values_of = index.derived_inputs.get(expected.scope)
        if values_of is not None:
            return [(name, values_of) for name in index.names(values_of)]
        return [
            (name, f"value of {expected.scope}") for name in index.names("value", expected.scope)
        ]
    titles = {d.name: d.title for d in index.outline if d.kind == namespace}
    return [(name, titles.get(name) or namespace) for name in index.names(namespace)]
