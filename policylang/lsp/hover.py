"""Hovers: what the name under the cursor stands for, in the words of the policy page.

A clause reads as the page quotes it (the original, then the English), a calendar as its hours
in plain words and its next closed days, an input as its values, a rule as the block the page
gives it. The words come from the last error-free version of the file; a file that never was
error-free shows the declaration as written.
"""

from __future__ import annotations

import datetime as dt

from lsprotocol import types

from policylang import editor
from policylang.lsp.convert import Lines
from policylang.lsp.state import FileView

__all__ = ["hover", "words"]

_TAXA = {"type", "priority", "category", "product", "item"}


def hover(view: FileView, lines: Lines, offset: int) -> types.Hover | None:
    """The hover at ``offset`` of a file, or None over anything that names nothing."""
    index = view.index()
    if index is None:
        return None
    found = index.at(offset)
    if found is None:
        return None
    text = words(view, index, found)
    if text is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(types.MarkupKind.Markdown, text),
        range=lines.span_range(found.span),
    )


def words(view: FileView, index: editor.SymbolIndex, found: editor.Occurrence) -> str | None:
    """The hover's words for an occurrence of ``index``, the index of ``view``'s file."""
    namespace, _, name = found.key
    if namespace == "event":
        meaning = editor.EVENTS.get(name)
        return f"**Event `{name}`**: {meaning}" if meaning else None
    if namespace == "country":
        return f"**Holidays of `{name}`** (python-holidays), with days off moved by transfer"
    doc = view.documented()
    text = None if doc is None else _from_page(doc, index, found)
    if text is not None:
        return text
    return _as_written(view, index, found)


def _from_page(  # noqa: PLR0911  (one return per namespace: a flat dispatch reads best)
    doc: editor.Documented, index: editor.SymbolIndex, found: editor.Occurrence
) -> str | None:
    namespace, scope, name = found.key
    if namespace == "clause":
        return editor.clause_snippet(doc, name)
    if namespace == "note":
        return editor.note_snippet(doc, name)
    if namespace == "calendar":
        return editor.calendar_snippet(doc, name, dt.date.today())
    if namespace == "input":
        return editor.input_snippet(doc, name)
    if namespace == "rule":
        return editor.rule_snippet(doc, scope, name)
    if namespace == "value":
        label = doc.value_label(scope, name)
        head = f"**`{name}`**, a value of `{scope}`" + (f": {label}" if label != name else "")
        described = editor.input_snippet(doc, scope)
        return head + (f"\n\n---\n\n{described}" if described else "")
    if namespace in _TAXA:
        title = _title(index, found)
        head = f"**{namespace.capitalize()} `{name}`**" + (f": {title}" if title else "")
        described = editor.input_snippet(doc, namespace)
        return head + (f"\n\n---\n\n{described}" if described else "")
    return None


def _title(index: editor.SymbolIndex, found: editor.Occurrence) -> str | None:
    def walk(items: list[editor.Declared]) -> str | None:
        for declared in items:
            if declared.kind == found.namespace and declared.name == found.name:
                return declared.title
            title = walk(list(declared.children))
            if title is not None:
                return title
        return None

    return walk(index.outline)


def _as_written(view: FileView, index: editor.SymbolIndex, found: editor.Occurrence) -> str | None:
    """The declaration's own lines, for a file with no error-free version to describe."""
    declared = index.definitions(found.key)
    if not declared or view.checked is None:
        return None
    span = declared[0].span
    lines = view.checked_text.split("\n")[span.line - 1 : span.line + 7]
    for outline in index.outline:
        if outline.span.start <= span.start <= outline.span.end:
            lines = view.checked_text.split("\n")[outline.span.line - 1 : outline.span.end_line][:8]
            break
    return "```policy\n" + "\n".join(lines) + "\n```"
