"""Go to definition, find references, rename, the outline and folding: answers from the index."""

from __future__ import annotations

import re

from lsprotocol import types

from policylang import editor
from policylang.lsp.convert import Lines, uri_of

__all__ = [
    "RENAMABLE",
    "definition",
    "document_symbols",
    "folding_ranges",
    "prepare_rename",
    "references",
    "rename",
]

#: Namespaces whose names the file declares, and so may rename (events and countries are the
#: language's and python-holidays' own).
RENAMABLE = frozenset(
    {"clause", "note", "calendar", "input", "value", "category", "type", "priority", "product"}
    | {"item", "rule"}
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_SYMBOL_KINDS = {
    "policy": types.SymbolKind.Module,
    "clause": types.SymbolKind.String,
    "note": types.SymbolKind.Event,
    "calendar": types.SymbolKind.Struct,
    "input": types.SymbolKind.Variable,
    "value": types.SymbolKind.EnumMember,
    "category": types.SymbolKind.Enum,
    "type": types.SymbolKind.Class,
    "priority": types.SymbolKind.EnumMember,
    "product": types.SymbolKind.Package,
    "item": types.SymbolKind.Field,
}


def _location(path: str, lines: Lines, occurrence: editor.Occurrence) -> types.Location:
    return types.Location(uri_of(path), lines.span_range(occurrence.span))


def definition(
    index: editor.SymbolIndex, path: str, lines: Lines, offset: int
) -> list[types.Location]:
    """Where the name under the cursor is declared (a declaration leads to itself)."""
    found = index.at(offset)
    if found is None:
        return []
    return [_location(path, lines, o) for o in index.definitions(found.key)]


def references(
    index: editor.SymbolIndex, path: str, lines: Lines, offset: int, *, declarations: bool
) -> list[types.Location]:
    """Every use of the name under the cursor, with its declarations when asked."""
    found = index.at(offset)
    if found is None:
        return []
    uses = index.references(found.key)
    if declarations:
        uses = sorted([*index.definitions(found.key), *uses], key=lambda o: o.span.start)
    return [_location(path, lines, o) for o in uses]


def prepare_rename(index: editor.SymbolIndex, lines: Lines, offset: int) -> types.Range | None:
    """The name a rename would change, or None where nothing can be renamed."""
    found = index.at(offset)
    if found is None or found.namespace not in RENAMABLE:
        return None
    # Only what the file declares itself: not a built-in input such as `priority`.
    if not any(o.definition and o.key == found.key for o in index.occurrences):
        return None
    return lines.span_range(found.span)


def rename(
    index: editor.SymbolIndex, uri: str, lines: Lines, offset: int, new_name: str
) -> types.WorkspaceEdit | None:
    """Every occurrence of the declaration under the cursor, renamed in this file.

    Raises ValueError for a new name the grammar would not read as a name.
    """
    found = index.at(offset)
    if found is None or prepare_rename(index, lines, offset) is None:
        return None
    if not _NAME.match(new_name):
        raise ValueError(f"`{new_name}` is not a name: use letters, digits and `_`")
    taken = index.names(found.namespace, found.scope)
    if new_name in taken and new_name != found.name:
        raise ValueError(f"a {found.namespace} named `{new_name}` is already declared")
    same = [o for o in index.occurrences if o.key == found.key]
    edits = [types.TextEdit(lines.span_range(o.span), new_name) for o in same]
    return types.WorkspaceEdit(changes={uri: edits})


def document_symbols(index: editor.SymbolIndex, lines: Lines) -> list[types.DocumentSymbol]:
    """The outline: every declaration, with enum values and nested items inside."""
    return [_symbol(d, lines) for d in index.outline]


def _symbol(declared: editor.Declared, lines: Lines) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=declared.name,
        detail=declared.title or declared.kind,
        kind=_SYMBOL_KINDS.get(declared.kind, types.SymbolKind.Function),
        range=lines.span_range(declared.span),
        selection_range=lines.span_range(declared.name_span),
        children=[_symbol(child, lines) for child in declared.children] or None,
    )


def folding_ranges(index: editor.SymbolIndex | None, lines: Lines) -> list[types.FoldingRange]:
    """Each declaration over several lines, and each run of comment lines."""
    ranges: list[types.FoldingRange] = []
    for declared in index.outline if index is not None else ():
        if declared.span.end_line > declared.span.line:
            ranges.append(types.FoldingRange(declared.span.line - 1, declared.span.end_line - 1))
    run_start: int | None = None
    for number, line in enumerate([*lines.lines, ""]):
        if line.lstrip().startswith("#"):
            run_start = number if run_start is None else run_start
            continue
        if run_start is not None and number - 1 > run_start:
            ranges.append(
                types.FoldingRange(run_start, number - 1, kind=types.FoldingRangeKind.Comment)
            )
        run_start = None
    return sorted(ranges, key=lambda r: r.start_line)
