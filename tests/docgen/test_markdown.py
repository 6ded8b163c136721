"""Markdown escaping: a contract's wording reaches the page as written, never as markup.

Rendered with Python-Markdown (what mkdocs uses); skipped where the site's tools are not
installed (they come with the `docs` extra).
"""

from __future__ import annotations

import pytest

from policylang.tools.docgen.markdown import cell, code, heading, inline, prose, table

markdown = pytest.importorskip("markdown")


def _html(text: str) -> str:
    """Render like the site does (tables and attr_list on)."""
    return markdown.markdown(text, extensions=["tables", "attr_list"])


@pytest.mark.parametrize(
    "text",
    [
        "Время реакции на инцидент критичного приоритета 30 минут",
        "Trả lời và xử lý trong vòng 1h theo thời gian làm việc.",
        "*not emphasis* and _not either_ and `not code`",
        "a | pipe and [a link](http://x) and <b>no tag</b> & an ampersand",
        "# not a heading",
        "- not a list",
        "1. not a numbered list",
        "> not a quote",
        "{: #not-attributes }",
        "back\\slash",
    ],
)
def test_inline_text_survives_markdown(text: str) -> None:
    html = _html(inline(text))
    for tag in ("<em>", "<strong>", "<code>", "<a ", "<b>", "<h1", "<ul>", "<ol>", "<blockquote>"):
        assert tag not in html, (text, html)
    plain = html.removeprefix("<p>").removesuffix("</p>")
    assert plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == text


def test_prose_keeps_code_spans() -> None:
    assert _html(prose("calendar `office` *stays* literal")) == (
        "<p>calendar <code>office</code> *stays* literal</p>"
    )


def test_cell_keeps_line_breaks_and_pipes() -> None:
    assert cell("a|b\nc") == "a\\|b<br>c"


def test_code_span_with_backticks() -> None:
    assert code("a`b") == "``a`b``"


#: Texts a policy writes with line breaks (`"Moscow\\noffice"`), however the break is spelled.
BROKEN_LINES = {"newline": "Moscow\noffice", "crlf": "Moscow\r\noffice", "cr": "Moscow\roffice"}


@pytest.mark.parametrize("text", BROKEN_LINES.values(), ids=BROKEN_LINES)
def test_a_heading_is_one_line_whatever_its_text(text: str) -> None:
    html = _html(heading(2, inline(text), "calendar-office"))
    assert html == '<h2 id="calendar-office">Moscow office</h2>'


@pytest.mark.parametrize("text", BROKEN_LINES.values(), ids=BROKEN_LINES)
def test_a_table_row_is_one_line_whatever_its_cells(text: str) -> None:
    html = _html("\n".join(table(["Date", "Why"], [["2026-12-30", inline(text)], ["x", "y"]])))
    assert html.count("<tr>") == 3  # the header and both rows
    assert "<td>Moscow<br>office</td>" in html
