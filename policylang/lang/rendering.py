"""Render diagnostics for people (caret excerpts) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping

import click

from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.lang.source import SourceFile, Span, display_width

__all__ = ["SEVERITY_COLOURS", "render_human", "render_json"]

#: The colour of each severity on a terminal (its word, and the carets under its span).
SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_human(
    diagnostic: Diagnostic, sources: Mapping[str, SourceFile], *, styled: bool = False
) -> str:
    """Render one diagnostic the way compilers do::

    policies/chatops.policy:12:8: error[PL203]: unknown calendar `ofice`
       |
    12 |   respond within 1h on ofice
       |                        ^^^^^
       = help: did you mean `office`?

    ``styled`` adds terminal colours (click's styles): the command line asks for them, and
    ``click.echo`` drops them again unless colour is on (``--color``, ``NO_COLOR``, a terminal).
    """

    def paint(text: str, fg: str | None = None) -> str:
        return click.style(text, fg=fg, bold=True) if styled else text

    colour = SEVERITY_COLOURS[diagnostic.severity]
    span = diagnostic.span
    where = str(span) if span is not None else (diagnostic.file or "<input>")
    kind = paint(f"{diagnostic.severity.value}[{diagnostic.code}]", fg=colour)
    head = f"{paint(where)}: {kind}: {paint(diagnostic.message)}"
    lines = [head]
    source = sources.get(span.path) if span is not None else None
    if span is not None and source is not None:
        lines.extend(_excerpt(source, span, paint=paint, colour=colour))
    if diagnostic.help:
        pad = " " * (len(str(span.line)) + 1) if span is not None and source is not None else ""
        lines.append(f"{pad}{paint('= help:', fg='cyan')} {diagnostic.help}")
    for related in diagnostic.related:
        lines.append(f"  {paint('note:', fg='cyan')} {related.span}: {related.message}")
        rel_source = sources.get(related.span.path)
        if rel_source is not None:
            lines.extend(_excerpt(rel_source, related.span, "-", paint=paint, colour="cyan"))
    return "\n".join(lines)


def _plain(text: str, fg: str | None = None) -> str:
    return text


def _excerpt(
    source: SourceFile,
    span: Span,
    mark: str = "^",
    *,
    paint: Callable[[str, str | None], str] = _plain,
    colour: str = "red",
) -> list[str]:
    """The source line of ``span`` with the span underlined (to the line's end if longer)."""
    line, column = span.line, span.column
    raw = source.line_text(line)
    text = raw.expandtabs(4)
    gutter = len(str(line))
    prefix = raw[: column - 1].expandtabs(4)
    end = span.end_column - 1 if span.end_line == line else len(raw)
    marked = raw[column - 1 : end]
    width = max(1, display_width(marked.expandtabs(4)))
    bar = paint(f"{' ' * gutter} |", "blue")
    return [
        bar,
        f"{paint(f'{line} |', 'blue')} {text}",
        f"{bar} {' ' * display_width(prefix)}{paint(mark * width, colour)}",
    ]


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """Every diagnostic as one JSON document: ``{"diagnostics": [...]}``."""
    return json.dumps(
        {"diagnostics": [d.to_json() for d in diagnostics]}, ensure_ascii=False, indent=2
    )
