"""Fuzzing customer layers: whatever a ``*.customers`` file holds, diagnostics or a policy set.

Grammar-aware mutants (`tests.fuzz.mutants`, whose keywords come from the grammar, `customer`,
`set`, `rate`, the fee units and the calendar statements among them) of a valid customers file
with facts, rates and a calendar layer, checked beside the golden policy and its charge rules:
`check_paths` reports diagnostics and never raises; when nothing is an error the set loads, a
request naming each customer (with drawn values for the facts and the channel the charges read,
opened on a drawn day around the layer's dates) is answered or is a `RequestError`, and the
reviewers' pages render, the customers page among them. Names and labels of any text stay text
on the customers page.
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

import policylang
from policylang import RequestError, editor
from policylang.lang.loader import check_paths
from policylang.lang.printer import quote
from policylang.lsp import completion, customers
from policylang.lsp.convert import Lines
from policylang.lsp.state import FileView, Workspace
from policylang.tools.docgen.site import render_site
from tests.fuzz.conftest import profile
from tests.fuzz.mutants import mutants_of
from tests.syntax.cases import BASE
from tests.unit.test_customers import CHARGES, RATED, REQUEST, VALID

#: Values a request may send beside a customer: agreeing, contradicting, of the wrong kind.
VALUES = st.sampled_from(["2026-09-01", "2026-09-02", "portal", "phone", 3, None, True])

#: A customer layering the golden policy's `office` calendar with every statement a layer takes.
LAYERED = """\
customer gamma {
  policy golden
  calendar office {
    closed 2026-12-28 to 2026-12-31 "Plant closure"
    open 2027-01-05 10:00-14:00 "By contract"
    holidays US subdivision "TX"
  }
}
"""

#: Openings around the layer's dates (in the closure, on the open date, on a TX holiday).
OPENINGS = st.sampled_from(
    [
        "2026-10-05T10:00:00+03:00",
        "2026-12-29T10:00:00+03:00",
        "2027-01-05T09:00:00+03:00",
        "2026-11-26T12:00:00+03:00",
    ]
)


@profile(default=100, thorough=20_000)
@given(st.data())
def test_mutants_of_a_customers_file(data: st.DataObject) -> None:
    seed = VALID + RATED.replace("acme", "beta") + LAYERED
    text = data.draw(mutants_of(seed, max_edits=3))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "golden.policy").write_text(BASE + CHARGES, encoding="utf-8")
        (Path(folder) / "fuzz.customers").write_text(text, encoding="utf-8")
        if not check_paths([folder]).ok:
            return
        policies = policylang.load(folder)
        pages = render_site([folder])
    assert ("golden.customers.md" in pages) == bool(policies.customers.get("golden"))
    for customer in policies.customers.get("golden", {}):
        request = {**REQUEST, "customer": customer, "opened_at": data.draw(OPENINGS)}
        request[data.draw(st.sampled_from(["go_live", "channel"]))] = data.draw(VALUES)
        with contextlib.suppress(RequestError):
            policies.evaluate(request).to_json()


#: Characters Markdown and HTML give a meaning to, and plain ones, for names and labels.
MARKUP = st.text(alphabet=st.sampled_from(list("ab1 .#*_`|[](){}<>&!\\'\"-+=:~^\n")), max_size=24)


@profile(default=60, thorough=5_000)
@given(name=MARKUP, label=MARKUP)
def test_names_and_labels_stay_text_on_the_customers_page(name: str, label: str) -> None:
    markdown = pytest.importorskip("markdown")
    customers = (
        f"customer odd {quote(name)} {{\n  policy golden\n  calendar office {{\n"
        f"    closed 2026-12-28 {quote(label)}\n  }}\n}}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "golden.policy").write_text(BASE + CHARGES, encoding="utf-8")
        (Path(folder) / "odd.customers").write_text(customers, encoding="utf-8")
        page = render_site([folder])["golden.customers.md"]
    shown = markdown.markdown(page, extensions=["tables", "attr_list"])
    heading = re.search(r'<h2 id="customer-odd">(.*?)</h2>', shown)
    assert heading is not None, page
    shown_name = f"{_text(name)} (<code>odd</code>)" if _text(name) else "<code>odd</code>"
    assert _text(html.unescape(heading.group(1))) == shown_name
    closed = re.search(r"<li><strong>Closed:</strong> 2026-12-28(?:: )?(.*?)</li>", shown, re.S)
    assert closed is not None, page
    assert _text(html.unescape(closed.group(1))) == _text(label)


def _text(text: str) -> str:
    """Text as a browser shows it: runs of white space are one space."""
    return " ".join(text.split())


@functools.cache
def _golden_views() -> tuple[str, list[FileView]]:
    """The golden policy with its charge rules, as the language server holds it after a check
    of its directory (checked once: every example completes against it)."""
    folder = Path(tempfile.mkdtemp())
    (folder / "golden.policy").write_text(BASE + CHARGES, encoding="utf-8")
    workspace = Workspace()
    workspace.check(str(folder), {})
    return str(folder), workspace.policies(str(folder))


@profile(default=100, thorough=20_000)
@given(st.data())
def test_the_editor_answers_anywhere_in_a_mutant(data: st.DataObject) -> None:
    """Completion, hover and go to definition at any point of a mutant customers file answer,
    their places in the file or in the policy; none raises."""
    text = data.draw(mutants_of(RATED + VALID.replace("acme", "beta") + LAYERED, max_edits=3))
    folder, views = _golden_views()
    path = str(Path(folder) / "fuzz.customers")
    terms = editor.customer_terms([v.checked for v in views if v.checked is not None])
    lines = Lines(text, PositionCodec())
    for at in data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=4)):
        offered = completion.complete(text, at, None, lines, customers=terms)
        for item in offered.items:
            assert item.label
            assert isinstance(item.text_edit, types.TextEdit)
            assert item.text_edit.range.end == lines.position(at)
        shown = customers.hover(path, text, lines, at, views)
        if shown is not None:
            assert shown.range is not None
            assert lines.offset(shown.range.start) <= at <= lines.offset(shown.range.end)
        for place in customers.definition(
            path, text, at, views, lambda t: Lines(t, PositionCodec())
        ):
            assert place.uri == (Path(folder) / "golden.policy").as_uri()
