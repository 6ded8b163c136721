"""Small Markdown builders for Python-Markdown as mkdocs-material configures it.

Every text from a policy goes through `inline` before it reaches a page: a contract's wording
may hold ``*``, ``_``, ``|`` or ``<`` and must come out as written, never as emphasis, a table
column or an HTML tag. The site enables ``attr_list`` (``{#id}`` anchors, ``lang``) and
``admonition`` (``!!! note``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = [
    "admonition",
    "attrs",
    "cell",
    "code",
    "heading",
    "indent",
    "inline",
    "link",
    "one_line",
    "prose",
    "quote",
    "table",
]

# Python-Markdown's backslash escapes, plus `|` (tables). `<` and `&` are not escapable there:
# they become entities, which render the same and cannot open a tag.
_ESCAPE = re.compile(r"([\\`*_{}\[\]|])")
# At the start of a line these open a heading, a quote, a list or a rule.
_LEADING = re.compile(r"^(\s*)([#>+-]|\d+(?=\.\s))", re.MULTILINE)


def inline(text: str) -> str:
    """``text`` as literal Markdown inline content: no markup of the source survives."""
    escaped = _ESCAPE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return _LEADING.sub(_escape_leading, escaped)


def one_line(text: str) -> str:
    """``text`` as literal inline Markdown on one line: its line breaks become spaces (a list
    item, a heading or a table row is one line)."""
    return inline(_LINE_BREAK.sub(" ", text))


def _escape_leading(match: re.Match[str]) -> str:
    space, mark = match.group(1), match.group(2)
    if mark.isdigit():  # "1. " would open an ordered list: escape the dot after it
        return f"{space}{mark}\\"
    return f"{space}\\{mark}"


_CODE_SPAN = re.compile(r"`([^`\n]+)`")
#: What Markdown takes for the end of a line.
_LINE_BREAK = re.compile(r"\r\n?|\n")


def prose(text: str) -> str:
    r"""An author's prose (a note, a reason): like `inline`, but `code spans` stay code.

    Policy authors write identifiers as ``\`office\```; quoted source text goes through
    `inline`, which keeps every character as written.
    """
    out, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(inline(text[last : match.start()]))
        out.append(code(match.group(1)))
        last = match.end()
    out.append(inline(text[last:]))
    return "".join(out)


def cell(text: str) -> str:
    """A table cell: inline text, line breaks kept as ``<br>``."""
    return "<br>".join(prose(line) for line in text.split("\n"))


def code(text: str) -> str:
    """An inline code span that survives backticks inside ``text``."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(label_markdown: str, target: str) -> str:
    """A link whose label is already Markdown (escaped)."""
    return f"[{label_markdown}]({target})"


def attrs(**values: str) -> str:
    """An ``attr_list`` block: ``{: lang="ru" }``; ``id`` becomes ``#id``."""
    parts = []
    for key, value in values.items():
        parts.append(f"#{value}" if key == "id" else f'{key}="{value}"')
    return "{: " + " ".join(parts) + " }"


def heading(level: int, text_markdown: str, anchor: str | None = None) -> str:
    """A heading with an optional stable anchor (``attr_list``); a line break of the text (a
    title written with ``\\n``) becomes a space, as a heading is one line."""
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {_LINE_BREAK.sub(' ', text_markdown)}{suffix}"


def indent(lines: Iterable[str], prefix: str = "    ") -> list[str]:
    """Indent block content (admonition bodies); blank lines stay empty."""
    return [prefix + line if line else "" for line in lines]


def admonition(kind: str, title: str, body: Sequence[str]) -> list[str]:
    """A ``!!! kind "title"`` block with ``body`` lines (already Markdown) inside."""
    safe_title = title.replace('"', "\u201d")
    return [f'!!! {kind} "{safe_title}"', "", *indent(body), ""]


def quote(paragraphs: Sequence[tuple[str, str | None]]) -> list[str]:
    """A blockquote of paragraphs, each ``(markdown, lang)``; a language code marks the
    paragraph's language (``lang="ru"``) so browsers pick fonts and hyphenation for it."""
    lines: list[str] = []
    for text, lang in paragraphs:
        if lines:
            lines.append(">")
        body = text.split("\n")
        for i, line in enumerate(body):
            # Two trailing spaces: a line break of the original, kept inside the paragraph.
            lines.append("> " + line + ("  " if i < len(body) - 1 else ""))
        if lang:
            lines.append("> " + attrs(lang=lang))
    return [*lines, ""]


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; cells are Markdown already (use `cell` for plain text). A line break left
    in a cell (a label written with ``\\n``) becomes ``<br>``: a row is one line."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        out.append("| " + " | ".join(_one_row(c) if c else " " for c in row) + " |")
    return [*out, ""]


def _one_row(cell_markdown: str) -> str:
    return _LINE_BREAK.sub("<br>", cell_markdown)
