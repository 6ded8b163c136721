"""Render diagnostics for people (caret excerpts) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from policylang.diagnostics import Diagnostic
from policylang.source import SourceFile, Span, display_width

__all__ = ["render_human", "render_json"]


def render_human(diagnostic: Diagnostic, sources: Mapping[str, SourceFile]) -> str:
    """Render one diagnostic the way compilers do::

    policies/chatops.policy:12:8: error[PL203]: unknown calendar `ofice`
       |
    12 |   respond within 1h on ofice
       |                        ^^^^^
       = help: did you mean `office`?
    """
    span = diagnostic.span
    where = str(span) if span is not None else (diagnostic.file or "<input>")
    head = f"{where}: {diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
    lines = [head]
    source = sources.get(span.path) if span is not None else None
    if span is not None and source is not None:
        lines.extend(_excerpt(source, span))
    if diagnostic.help:
        pad = " " * (len(str(span.line)) + 1) if span is not None and source is not None else ""
        lines.append(f"{pad}= help: {diagnostic.help}")
    for related in diagnostic.related:
        lines.append(f"  note: {related.span}: {related.message}")
        rel_source = sources.get(related.span.path)
        if rel_source is not None:
            lines.extend(_excerpt(rel_source, related.span, "-"))
    return "\n".join(lines)


def _excerpt(source: SourceFile, span: Span, mark: str = "^") -> list[str]:
    """The source line of ``span`` with the span underlined (to the line's end if longer)."""
    line, column = span.line, span.column
    raw = source.line_text(line)
    text = raw.expandtabs(4)
    gutter = len(str(line))
    prefix = raw[: column - 1].expandtabs(4)
    end = span.end_column - 1 if span.end_line == line else len(raw)
    marked = raw[column - 1 : end]
    width = max(1, display_width(marked.expandtabs(4)))
    return [
        f"{' ' * gutter} |",
        f"{line} | {text}",
        f"{' ' * gutter} | {' ' * display_width(prefix)}{mark * width}",
    ]


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """Every diagnostic as one JSON document: ``{"diagnostics": [...]}``."""
    return json.dumps(
        {"diagnostics": [d.to_json() for d in diagnostics]}, ensure_ascii=False, indent=2
    )
