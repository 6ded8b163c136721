"""Declared contradictions (PL651) and source defects (PL652), listed for reviewers.

A policy records where its source contradicts itself, or is simply wrong, in ``contradiction``
and ``defect`` notes, and says which reading it follows. Those are the places a reviewer of the
formalisation should look at first, so the linter lists each one as information, with the clauses
it is about and the declarations that rely on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylang.lang import ast
from policylang.lang.diagnostics import Related, Severity
from policylang.tools.lint.context import LintContext, Subject

__all__ = ["check_notes"]

_CODES = {
    "contradiction": ("PL651", "declared contradiction"),
    "defect": ("PL652", "declared source defect"),
}
#: Places a finding points at before it stops (clauses first, then what relies on the note).
_SHOWN = 8


def _carriers(ctx: LintContext, note_id: str) -> Iterator[tuple[str, ast.Node, Subject]]:
    """The declarations that carry ``note NOTE_ID``: (how to name it, where its name is, it as
    a subject)."""
    for decl in ctx.checked.file.declarations:
        body = getattr(decl, "body", ())
        for statement in body:
            if (
                isinstance(statement, ast.NamesField)
                and statement.key == "note"
                and any(n.value == note_id for n in statement.names)
            ):
                if isinstance(decl, ast.RuleDecl):
                    yield f"{decl.keyword} `{decl.name.value}`", decl.name, Subject.of(decl)
                elif isinstance(decl, ast.CalendarDecl | ast.InputDecl | ast.TaxonDecl):
                    keyword = getattr(decl, "keyword", None) or (
                        "calendar" if isinstance(decl, ast.CalendarDecl) else "input"
                    )
                    yield f"{keyword} `{decl.id.value}`", decl.id, Subject(keyword, decl.id.value)
                break


def check_notes(ctx: LintContext) -> None:
    """List every declared contradiction and source defect as information."""
    clauses = ctx.checked.symbols.clauses
    for note_id, note in ctx.notes.items():
        found = _CODES.get(note.kind.value)
        if found is None:
            continue
        code, word = found
        title = note.title.value if note.title is not None else note_id
        related: list[Related] = []
        subjects: list[Subject] = []
        for statement in note.fields:
            if isinstance(statement, ast.NamesField) and statement.key == "about":
                for name in statement.names:
                    clause = clauses.get(name.value)
                    if clause is not None:
                        related.append(Related(clause.id.span, f"about clause `{name.value}`"))
                        subjects.append(Subject("clause", name.value))
        carriers = list(_carriers(ctx, note_id))
        related.extend(Related(node.span, f"{what} relies on it") for what, node, _ in carriers)
        subjects.extend(subject for _, _, subject in carriers)
        reading = next(
            (
                f.text.value
                for f in note.fields
                if isinstance(f, ast.TextField) and f.key == "reading"
            ),
            None,
        )
        ctx.report(
            code,
            f"{word} `{note_id}`: {title}",
            note.id.span,
            f"the policy reads it as: {reading}" if reading else "the note says no reading",
            subject=Subject("note", note_id),
            severity=Severity.INFO,
            related=related[:_SHOWN],
            related_subjects=subjects,
        )
