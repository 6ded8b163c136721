"""The words a request is described in: ticket types, priorities, products, request inputs."""

from __future__ import annotations

from collections.abc import Sequence

from policylang.lang import ast
from policylang.model.inputs import MISSING, InputSpec
from policylang.tools.docgen.anchors import clause_anchor, note_anchor
from policylang.tools.docgen.citations import curly
from policylang.tools.docgen.loaded import Documented, names_field, text_field
from policylang.tools.docgen.markdown import cell, code, heading, inline, link, table

__all__ = ["input_presence_words", "input_values_words", "vocabulary_section"]


def _labels(decl: ast.TaxonDecl) -> str:
    """Labels in other languages, each marked with its language."""
    parts = [
        f'<span lang="{s.language.value}">{inline(s.text.value)}</span>'
        for s in decl.body
        if isinstance(s, ast.Label) and s.language is not None
    ]
    return "<br>".join(parts) or "\u2014"


def _sources(doc: Documented, body: Sequence[ast.Node]) -> list[str]:
    """Links to the clauses and notes a declaration cites, for a table cell."""
    out = []
    clauses = [
        link(inline(doc.compiled.clauses[c].at or c), "#" + clause_anchor(c))
        for c in names_field(body, "cite")
    ]
    if clauses:
        out.append("*Source:* " + ", ".join(clauses))
    notes = [
        link(inline(curly(doc.compiled.notes[n].title or n)), "#" + note_anchor(n))
        for n in names_field(body, "note")
    ]
    if notes:
        out.append("*Notes:* " + ", ".join(notes))
    return out


def _taxa(doc: Documented, kind: type[ast.TaxonDecl], title: str, anchor: str) -> list[str]:
    decls = doc.declarations(kind)
    if not decls:
        return []
    rows = []
    for decl in decls:
        label = inline(decl.title.value) if decl.title else code(decl.id.value)
        about = []
        for key, word in (("means", "Means"), ("example", "Example")):
            value = text_field(decl.body, key)
            if value:
                about.append(f"*{word}:* {cell(value)}")
        row = [f"{label}<br>{code(decl.id.value)}", _labels(decl)]
        if kind is ast.TypeDecl:
            info = doc.compiled.types[decl.id.value]
            row.append(
                inline(doc.value_label("category", info.category)) if info.category else "\u2014"
            )
            row.append(
                inline(doc.value_label("priority", info.priority)) if info.priority else "\u2014"
            )
        about += _sources(doc, decl.body)
        row.append("<br>".join(about) or "\u2014")
        rows.append(row)
    header = ["Name", "Original"]
    if kind is ast.TypeDecl:
        header += ["Category", "Default priority"]
    return [heading(3, title, anchor), "", *table([*header, "About"], rows)]


def input_values_words(spec: InputSpec) -> str:
    """What an input may hold, in words: ``one of: `a` (A), `b` `` or ``yes or no`` (Markdown)."""
    if spec.kind == "enum":
        return "one of: " + ", ".join(
            f"{code(v)} ({inline(label)})" if (label := spec.labels.get(v)) else code(v)
            for v in spec.values
        )
    return {
        "bool": "yes or no",
        "date": "a date",
        "datetime": "a date and time",
        "text": "text",
        "number": "a number",
    }.get(spec.kind, spec.kind)


def input_presence_words(spec: InputSpec) -> str:
    """Whether a request must send an input, and what stands in when it does not (Markdown)."""
    if spec.default is not MISSING:
        default = spec.default
        shown = ("yes" if default else "no") if isinstance(default, bool) else str(default)
        return f"optional, default {code(shown)}"
    if spec.required:
        return "required"
    if spec.pending is not None:
        return f"pending: left out, it is **{inline(spec.pending)}** (not yet happened, known)"
    return "optional: left out, the answer lists each case"


def _inputs(doc: Documented) -> list[str]:
    decls = {d.id.value: d for d in doc.declarations(ast.InputDecl)}
    rows = []
    for name, spec in doc.compiled.sendable.items():
        if name in ("type", "priority", "product", "item"):
            continue
        kind = input_values_words(spec)
        presence = input_presence_words(spec)
        meaning = [inline(spec.label) if spec.label else "\u2014"]
        if name in decls:
            meaning += _sources(doc, decls[name].body)
        rows.append([code(name), "<br>".join(meaning), kind, presence])
    if not rows:
        return []
    return [
        heading(3, "Request inputs", "inputs"),
        "",
        "Besides `opened_at` (and the ticket type, priority, product or matter where the policy "
        "has them), a request may carry:",
        "",
        *table(["Input", "Meaning", "Values", "Presence"], rows),
    ]


def vocabulary_section(doc: Documented) -> list[str]:
    """The ``Requests`` section: what a request says, in this policy's words."""
    parts = [
        *_taxa(doc, ast.CategoryDecl, "Categories", "categories"),
        *_taxa(doc, ast.TypeDecl, "Ticket types", "types"),
        *_taxa(doc, ast.PriorityDecl, "Priorities", "priorities"),
        *_taxa(doc, ast.ProductDecl, "Products", "products"),
        *_inputs(doc),
    ]
    if not parts:
        return []
    return [heading(2, "Requests", "requests"), "", *parts]
