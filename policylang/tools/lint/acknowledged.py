"""Acknowledged findings: a note's `acknowledges PL601, PL652` answers the findings with those
codes whose subject the note is about.

A note is about a subject when the subject is the note itself, a clause its `about` names, or a
declaration that carries the note (`note N`) or cites one of those clauses; an item when a
responsibility that lists it is. A finding is acknowledged when its subject, or one of its
related subjects, is: it becomes information (listed, never counted by `--deny-warnings`) and
says which note answers it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from policylang.lang import ast
from policylang.lang.analysis.symbols import Symbols
from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.lang.traversal import iter_items
from policylang.tools.lint.context import Finding, Subject

__all__ = ["acknowledge"]

#: Declarations other than rules that a finding can be about.
_Declared = ast.CalendarDecl | ast.InputDecl | ast.TaxonDecl


def _names(fields: Iterable[ast.Node], key: str) -> set[str]:
    return {
        n.value
        for f in fields
        if isinstance(f, ast.NamesField) and f.key == key
        for n in f.names
    }


def _declarations(symbols: Symbols, subject: Subject) -> list[tuple[ast.Node, ...]]:
    """The bodies of the declarations a subject stands for (an item: the lists naming it)."""
    if subject.kind == "item":
        return [
            rule.body
            for rule in symbols.rules_of("responsibility")
            if any(item.id.value == subject.id for item in iter_items(rule))
        ]
    tables: dict[str, Mapping[str, _Declared]] = {
        "calendar": symbols.calendars,
        "input": symbols.input_decls,
        "type": symbols.types,
        "priority": symbols.priorities,
        "category": symbols.categories,
        "product": symbols.products,
    }
    table = tables.get(subject.kind)
    if table is not None:
        decl = table.get(subject.id)
        return [] if decl is None else [decl.body]
    return [r.body for r in symbols.rules_of(subject.kind) if r.name.value == subject.id]


def _about(symbols: Symbols, note_id: str, clauses: set[str], subject: Subject) -> bool:
    if subject.kind == "note":
        return subject.id == note_id
    if subject.kind == "clause":
        return subject.id in clauses
    return any(
        note_id in _names(body, "note") or bool(clauses & _names(body, "cite"))
        for body in _declarations(symbols, subject)
    )


def acknowledge(symbols: Symbols, findings: list[Diagnostic]) -> list[Diagnostic]:
    """``findings`` with those a note acknowledges turned into information, naming the note."""
    notes = [
        (note_id, codes, _names(note.fields, "about"))
        for note_id, note in symbols.notes.items()
        if (codes := _names(note.fields, "acknowledges"))
    ]
    if not notes:
        return findings
    out: list[Diagnostic] = []
    for finding in findings:
        out.append(finding)
        if not isinstance(finding, Finding) or finding.subject is None:
            continue
        subjects = (finding.subject, *finding.related_subjects)
        for note_id, codes, clauses in notes:
            if finding.code in codes and any(
                _about(symbols, note_id, clauses, s) for s in subjects
            ):
                help_text = f"acknowledged by note `{note_id}`" + (
                    f"; {finding.help}" if finding.help else ""
                )
                out[-1] = dataclasses.replace(
                    finding, severity=Severity.INFO, help=help_text, acknowledged_by=note_id
                )
                break
    return out
