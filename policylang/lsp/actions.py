"""Code actions for the diagnostics that carry a fix, and formatting through `fmt`.

Two fixes exist: the replacement a "did you mean" hint proposes (any code whose help says it),
and, for a rule that cites no clause (PL671), citing the clauses the notes it carries are about
— the clauses its author already named as its reading of the source.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

import policylang
from policylang import editor
from policylang.lsp.convert import Lines

__all__ = ["MISSING_CITE", "code_actions", "format_document"]

#: The lint code of a rule without `cite`.
MISSING_CITE = "PL671"
#: How many clauses a rule without `cite` is offered, at most.
_CITE_OFFERS = 5


def code_actions(
    uri: str,
    lines: Lines,
    index: editor.SymbolIndex | None,
    diagnostics: list[types.Diagnostic],
) -> list[types.CodeAction]:
    """The fixes for the diagnostics of a code action request."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        data: Any = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        suggestion = data.get("suggestion")
        if isinstance(suggestion, str):
            actions.append(_replacement(uri, lines, diagnostic, suggestion))
        elif diagnostic.code == MISSING_CITE and index is not None:
            actions += _add_cite(uri, lines, index, diagnostic)
    return actions


def _replacement(
    uri: str, lines: Lines, diagnostic: types.Diagnostic, suggestion: str
) -> types.CodeAction:
    start, end = lines.offset(diagnostic.range.start), lines.offset(diagnostic.range.end)
    written = lines.text[start:end]
    # A zone or a subdivision is a string: the fix keeps its quotes.
    new_text = f'"{suggestion}"' if written.startswith('"') else suggestion
    return types.CodeAction(
        title=f"Change to `{suggestion}`",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(diagnostic.range, new_text)]}),
    )


def _add_cite(
    uri: str, lines: Lines, index: editor.SymbolIndex, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    offset = lines.offset(diagnostic.range.start)
    rule = next(
        (d for d in index.outline if d.span.start <= offset < d.span.end and d.kind != "policy"),
        None,
    )
    if rule is None:
        return []
    closing = rule.span.end - 1  # the rule's `}`
    line_start = lines.text.rfind("\n", 0, closing) + 1
    if lines.text[line_start:closing].strip():
        return []  # a one-line rule: nowhere tidy to put a statement
    actions = []
    for clause in _clauses_of_notes(index, rule)[:_CITE_OFFERS]:
        edit = types.TextEdit(lines.range(line_start, line_start), f"  cite {clause}\n")
        actions.append(
            types.CodeAction(
                title=f"Cite `{clause}` (a clause the rule's notes are about)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions


def _clauses_of_notes(index: editor.SymbolIndex, rule: editor.Declared) -> list[str]:
    """The clauses the notes a rule carries are ``about``, in the order the notes name them."""
    inside = [o for o in index.occurrences if rule.span.start <= o.span.start < rule.span.end]
    notes = [o.name for o in inside if o.namespace == "note" and not o.definition]
    clauses: dict[str, None] = {}
    for note in notes:
        for declared in index.outline:
            if declared.kind == "note" and declared.name == note:
                for o in index.occurrences:
                    within = declared.span.start <= o.span.start < declared.span.end
                    if within and o.namespace == "clause" and not o.definition:
                        clauses[o.name] = None
    return list(clauses)


def format_document(text: str, path: str, lines: Lines) -> list[types.TextEdit] | None:
    """One edit to the canonical layout, none when already there; None when it does not parse."""
    try:
        formatted = editor.format_text(text, path)
    except policylang.PolicyError:
        return None
    if formatted == text:
        return []
    return [types.TextEdit(lines.range(0, len(text)), formatted)]
