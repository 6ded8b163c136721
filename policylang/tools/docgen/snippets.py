"""One declaration in the words of its policy page: the Markdown an editor's hover shows.

Each function returns what the generated page says of one clause, calendar, input or rule,
rendered by the page's own renderers, so the hover a policy author reads while writing is the
sentence a legal reviewer reads on the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from policylang.calendar import CalendarError
from policylang.compiler.policy import compile_file
from policylang.lang.analysis.passes import CheckedFile
from policylang.tools.docgen.anchors import rule_anchor
from policylang.tools.docgen.calendars import calendar_phrase, exception_rows
from policylang.tools.docgen.charges import charges_section
from policylang.tools.docgen.citations import clause_quote, note_reading
from policylang.tools.docgen.commitments import commitments_section
from policylang.tools.docgen.lifecycle import (
    lifecycle_section,
    obligations_section,
    refusals_section,
)
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.markdown import code, inline
from policylang.tools.docgen.responsibilities import responsibilities_section
from policylang.tools.docgen.rules import rule_title, when_line
from policylang.tools.docgen.vocabulary import input_presence_words, input_values_words

__all__ = [
    "calendar_snippet",
    "clause_snippet",
    "documented",
    "input_snippet",
    "note_snippet",
    "rule_snippet",
]

#: How many coming closed days a calendar's snippet lists.
CLOSED_DAYS_SHOWN = 5

#: A link to an anchor of the page; outside the page it leads nowhere, so its text stands alone.
_PAGE_LINK = re.compile(r"\[([^\]]*)\]\(#[^)]*\)")
#: An attribute list for the site's Markdown (``{: lang="ru" }``), a line of its own.
_ATTRIBUTES = re.compile(r"^(>\s*)?\{:[^}]*\}\s*$")


def _unlinked(lines: list[str]) -> str:
    """The page's Markdown as any Markdown reader shows it: no page anchors, no attributes."""
    kept = [line for line in lines if not _ATTRIBUTES.match(line)]
    return _PAGE_LINK.sub(r"\1", "\n".join(kept))


def documented(checked: CheckedFile) -> Documented:
    """The page generator's view of one checked file (which must have no errors)."""
    return Documented(compile_file(checked), checked.file)


def clause_snippet(doc: Documented, clause_id: str) -> str | None:
    """The clause quoted as the page quotes it: the original, then the English, in italics."""
    if clause_id not in doc.compiled.clauses:
        return None
    return _unlinked(clause_quote(doc, clause_id))


def note_snippet(doc: Documented, note_id: str) -> str | None:
    """The note's title and reading, as the page shows it beside the rules that carry it."""
    if note_id not in doc.compiled.notes:
        return None
    title, body = note_reading(doc, note_id)
    return _unlinked([f"**{title}**", "", *body])


def calendar_snippet(doc: Documented, name: str, today: dt.date) -> str | None:
    """The calendar in plain words, and its next closed days from ``today``."""
    calendar = doc.compiled.calendars.get(name)
    if calendar is None:
        return None
    lines = [f"**In plain words:** {inline(calendar_phrase(calendar))}.", ""]
    facts = calendar.resolved
    first, last = max(today.year, calendar.first_year), min(today.year + 1, calendar.last_year)
    rows: list[list[str]] = []
    if first <= last:
        try:
            rows = exception_rows(calendar, facts, (first, last))
        except CalendarError:
            rows = []
    closed = [r for r in rows if r[3] == "closed" and r[0] >= today.isoformat()]
    if closed:
        lines.append("**Next closed days:**")
        shown = closed[:CLOSED_DAYS_SHOWN]
        lines += [f"- {day} ({weekday}): {what}" for day, weekday, what, _ in shown]
    else:
        lines.append(f"No closed day from {today.isoformat()} to the end of {last}.")
    return _unlinked(lines)


def input_snippet(doc: Documented, name: str) -> str | None:
    """What a request input means and may hold, as the page's table of inputs says it."""
    spec = doc.compiled.inputs.get(name)
    if spec is None:
        return None
    if spec.kind == "enum" and not spec.labels:
        # Built-in inputs (type, priority...): their values are declarations with titles.
        labels = {v: doc.value_label(name, v) for v in spec.values}
        spec = dataclasses.replace(spec, labels={v: t for v, t in labels.items() if t != v})
    lines = [f"**Input {code(name)}**" + (f": {inline(spec.label)}" if spec.label else "")]
    lines += ["", f"- **Values:** {input_values_words(spec)}"]
    if spec.derived:
        lines.append("- **Presence:** derived by the engine, never sent")
    else:
        lines.append(f"- **Presence:** {input_presence_words(spec)}")
    return "\n".join(lines)


def rule_snippet(doc: Documented, keyword: str, name: str) -> str | None:
    """The rule's block on the page: its title and what it says, without its sources.

    A rule the page shows only as a row of a table reads as its title and condition.
    """
    decl = next(
        (r for r in doc.rules(keyword) if r.name.value == name),
        None,
    )
    if decl is None:
        return None
    block = _block(_sections(doc, keyword), rule_anchor(keyword, name))
    if block:
        return _unlinked(block)
    return f"**{inline(rule_title(decl))}**\n\n- **Applies when:** {when_line(doc, decl)}"


def _sections(doc: Documented, keyword: str) -> list[str]:
    renderers = {
        "sla": commitments_section,
        "pause": commitments_section,
        "responsibility": responsibilities_section,
        "charge": charges_section,
        "lifecycle": lifecycle_section,
        "obligation": obligations_section,
        "refusal": refusals_section,
    }
    return renderers[keyword](doc)


def _block(lines: list[str], anchor: str) -> list[str]:
    """The lines of the block under the heading ``{#anchor}``, up to its sources."""
    mark = f"{{#{anchor}}}"
    for i, line in enumerate(lines):
        if line.startswith("#") and line.endswith(mark):
            title = line.lstrip("#").strip().removesuffix(mark).strip()
            out = [f"**{title}**"]
            for following in lines[i + 1 :]:
                if following.startswith(("#", "**Source", "**Sources", "!!!", "???")):
                    break
                out.append(following)
            while out and not out[-1].strip():
                out.pop()
            return out
    return []
