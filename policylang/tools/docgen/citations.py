"""The source beside every item: quoted clauses, in their own language and in English, and the
notes (interpretations, source defects, contradictions, omissions) as admonitions.

Originals are quoted verbatim (escaped for Markdown, never re-worded) and marked with their
language (``lang="ru"``), so browsers choose fonts and hyphenation for Cyrillic and Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence

from policylang.lang.codes import CODES
from policylang.model.sources import NoteInfo
from policylang.tools.docgen.anchors import clause_anchor, note_anchor
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.markdown import admonition, code, heading, inline, link, prose, quote

__all__ = [
    "NOTE_KINDS",
    "all_clauses",
    "all_notes",
    "beside",
    "clause_quote",
    "curly",
    "note_brief",
    "note_reading",
]

#: Admonition type and heading word per note kind: interpretations read as notes, problems of
#: the source (defects, contradictions) as warnings.
NOTE_KINDS = {
    "interpretation": ("note", "Interpretation"),
    "defect": ("warning", "Source defect"),
    "contradiction": ("warning", "Contradiction in the source"),
    "omission": ("info", "Omission"),
}


def curly(text: str) -> str:
    """Straight double quotes as curly pairs (admonition titles cannot hold ``"``)."""
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def _paragraphs(text: str, lang: str | None) -> list[tuple[str, str | None]]:
    return [(inline(part), lang) for part in text.split("\n\n") if part.strip()]


def clause_quote(doc: Documented, clause_id: str) -> list[str]:
    """A clause quoted: the original, its English rendering in italics, where it stands."""
    clause = doc.compiled.clauses[clause_id]
    language = doc.compiled.language
    paragraphs = _paragraphs(clause.text, language)
    if clause.english:
        paragraphs += [(f"*{text}*", "en") for text, _ in _paragraphs(clause.english, None)]
    where = inline(clause.at) if clause.at else code(clause_id)
    lead = f"**Source:** {link(where, '#' + clause_anchor(clause_id))}"
    return [lead, "", *quote(paragraphs)]


def _title(note: NoteInfo) -> str:
    _, word = NOTE_KINDS.get(note.kind, ("note", note.kind.capitalize()))
    return f"{word}: {curly(note.title)}" if note.title else word


def note_reading(doc: Documented, note_id: str) -> tuple[str, list[str]]:
    """A note's title and its reading (with what the source says, for a defect) (Markdown)."""
    note = doc.compiled.notes[note_id]
    body: list[str] = []
    if note.kind in ("defect", "contradiction") and note.says:
        body += [f"**The source says:** {prose(note.says)}", ""]
    if note.reading:
        body.append(f"**Reading:** {prose(note.reading)}")
    return inline(_title(note)), body


def note_brief(doc: Documented, note_id: str) -> list[str]:
    """A note beside an item: its reading (and what the source says, for a defect)."""
    kind, _ = NOTE_KINDS.get(doc.compiled.notes[note_id].kind, ("note", ""))
    title, body = note_reading(doc, note_id)
    body[-1:] = [(body[-1] + " " if body else "") + link("Full note", "#" + note_anchor(note_id))]
    return admonition(kind, title, body)


def beside(doc: Documented, clauses: Sequence[str], notes: Sequence[str]) -> list[str]:
    """The quotes of ``clauses`` then the notes ``notes``, for placing under an item."""
    lines: list[str] = []
    for clause_id in clauses:
        lines += clause_quote(doc, clause_id)
    for note_id in notes:
        lines += note_brief(doc, note_id)
    return lines


def all_notes(doc: Documented) -> list[str]:
    """Every note, in the policy's order, each under its stable anchor."""
    lines: list[str] = []
    for note_id, note in doc.compiled.notes.items():
        kind, word = NOTE_KINDS.get(note.kind, ("note", note.kind.capitalize()))
        lines += [heading(4, inline(curly(note.title or note_id)), note_anchor(note_id)), ""]
        body: list[str] = []
        for label, text in (
            ("The source says", note.says),
            ("Reading", note.reading),
            ("Because", note.because),
        ):
            if text:
                body += [f"**{label}:** {prose(text)}", ""]
        if note.about:
            about = ", ".join(
                link(inline(doc.compiled.clauses[c].at or c), "#" + clause_anchor(c))
                for c in note.about
            )
            body += [f"**About:** {about}", ""]
        if note.acknowledges:
            answered = ", ".join(
                f"{code(c)} ({CODES[c].title})" if c in CODES else code(c)
                for c in note.acknowledges
            )
            body += [
                f"**Acknowledges:** {answered}: `policylang lint` lists these findings about the "
                "note's subjects as information, answered by this reading",
                "",
            ]
        lines += admonition(kind, word, body[:-1] if body else ["(no text)"])
    return lines


def all_clauses(doc: Documented) -> list[str]:
    """Every quoted clause, in the policy's order, each under its stable anchor."""
    lines: list[str] = []
    for clause_id, clause in doc.compiled.clauses.items():
        title = f"{inline(clause.at)} ({code(clause_id)})" if clause.at else code(clause_id)
        lines += [heading(4, title, clause_anchor(clause_id)), ""]
        paragraphs = _paragraphs(clause.text, doc.compiled.language)
        if clause.english:
            paragraphs += [(f"*{text}*", "en") for text, _ in _paragraphs(clause.english, None)]
        lines += quote(paragraphs)
        notes = doc.compiled.notes_by_clause.get(clause_id, ())
        if notes:
            refs = ", ".join(
                link(inline(curly(doc.compiled.notes[n].title or n)), "#" + note_anchor(n))
                for n in notes
            )
            lines += [f"Notes: {refs}", ""]
    return lines
