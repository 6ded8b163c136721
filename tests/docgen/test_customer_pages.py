"""Customers in the reviewers' pages: a policy's customers page, and the section that links it.

The kitchen-sink policy (every construct) with the customers of `CUSTOMERS`: facts of every kind
of input, a rate, layers over a calendar other calendars extend and over one that windows,
obligations and conditions read, a customer that fixes nothing, and one whose name and labels
are Markdown and HTML. ``pytest --update-goldens`` writes ``customers/kitchen_sink.customers``
from the table and ``customers/kitchen_sink.customers.md`` from the generator; review the diff
of the page like any other change (its holiday rows come from python-holidays, as the bundled
pages' do).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import policylang
from policylang.cli.app import cli
from policylang.lang.printer import quote
from policylang.tools.docgen.anchors import customers_page_name
from policylang.tools.docgen.calendars import hours_words
from policylang.tools.docgen.output import is_generated, plan_pages, write_pages
from policylang.tools.docgen.site import render_site

GOLDEN_DIR = Path(__file__).parent / "customers"
POLICY = "tests/syntax/ok/kitchen_sink.policy"
CUSTOMERS_FILE = "tests/docgen/customers/kitchen_sink.customers"
PAGE = "kitchen_sink.customers.md"
GENERATED = (
    "# Generated from tests/docgen/test_customer_pages.py by `pytest --update-goldens`; edit "
    "the table.\n\n"
)

#: The customers of the golden page, in no particular order (the page sorts them by id).
CUSTOMERS = """\
customer beta "Beta GmbH" {
  policy kitchen_sink
  calendar office {
    closed 2026-12-28 to 2026-12-30 "Plant closure (contract §4)"
    open 2027-01-05 10:00-14:00 "Support owed on this holiday"
    holidays DE subdivision "BY"
  }
  calendar split {
    closed 2026-06-01
  }
}

customer acme "ACME S.A. de C.V." {
  policy kitchen_sink
  set type = incident
  set priority = critical
  set channel = phone
  set origin = client_team
  set authorized = false
  set go_live = 2026-09-01
  set seats = 12
  set contract = "gold"
  set deadline = 2026-10-01T12:00:00+03:00
  rate paid_channels 250.00 MXN
}

customer gamma {
  policy kitchen_sink
}

customer evil "<script>alert(1)</script> *ACME* | _x_ [site](http://example.com) # 1. <b>" {
  policy kitchen_sink
  set contract = "<i>gold</i> | *x*"
  calendar office {
    closed 2026-03-10 "<b>shut</b> *down* | [x](http://example.com)"
  }
}
"""


def _pages(*extra: str | Path) -> dict[str, str]:
    return render_site([POLICY, CUSTOMERS_FILE, *extra])


@pytest.fixture
def pages(repo_root: Path, update_goldens: bool) -> dict[str, str]:
    """The pages of the kitchen sink and the golden customers (from the repository root)."""
    path = repo_root / CUSTOMERS_FILE
    if update_goldens:
        path.write_text(GENERATED + CUSTOMERS, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == GENERATED + CUSTOMERS, "pytest --update-goldens"
    return _pages()


def test_golden_customers_page(pages: dict[str, str], update_goldens: bool) -> None:
    golden = GOLDEN_DIR / PAGE
    if update_goldens:
        golden.write_text(pages[PAGE], encoding="utf-8")
    assert pages[PAGE] == golden.read_text(encoding="utf-8"), "pytest --update-goldens"


def test_a_customers_page_per_policy_with_customers_only(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["index.md", PAGE, "kitchen_sink.md"]
    assert customers_page_name("kitchen_sink") == PAGE
    alone = render_site([POLICY])
    assert PAGE not in alone
    assert "{#customers}" not in alone["kitchen_sink.md"]


def test_the_policy_page_gains_one_section_and_nothing_else(pages: dict[str, str]) -> None:
    """With customers, the policy's page is its page without them plus one section."""
    alone = render_site([POLICY])["kitchen_sink.md"]
    page = pages["kitchen_sink.md"]
    start = page.index("## Customers {#customers}")
    end = page.index("\n## ", start + 1) + 1
    assert page[:start] + page[end:] == alone
    section = page[start:end]
    assert f"]({PAGE})" in section
    for row in (
        "| Fact: the ticket type (`type`) | 1 customer's contract fixes it |",
        "| Fact: “contract” (`contract`) | 2 customers' contracts fix it |",
        "| Rate of [Phone and messengers are charged separately](#rule-charge-paid_channels): "
        "a fee per request | 1 customer's contract fixes it |",
        "| Dates of calendar [`office`](#calendar-office) | 2 customers' contracts fix it |",
        "| Dates of calendar [`split`](#calendar-split) | 1 customer's contract fixes it |",
    ):
        assert row in section, row


def test_the_section_does_not_grow_with_the_customers(tmp_path: Path, repo_root: Path) -> None:
    """A policy page stays readable whatever the number of customers: the section counts."""
    many = "\n".join(
        f'customer c{n:03d} "Customer {n}" {{\n  policy kitchen_sink\n  set seats = {n}\n'
        "  rate paid_channels 10.00 EUR\n}\n"
        for n in range(120)
    )
    (tmp_path / "many.customers").write_text(many, encoding="utf-8")
    few = render_site([POLICY, CUSTOMERS_FILE])["kitchen_sink.md"]
    more = render_site([POLICY, CUSTOMERS_FILE, tmp_path / "many.customers"])
    assert len(more["kitchen_sink.md"].splitlines()) == len(few.splitlines())
    assert "124 customers of this policy" in more["kitchen_sink.md"]
    assert more[PAGE].count("\n## ") == 124


PHRASES = (
    # Facts in the words of the policy page's conditions: labels, not ids.
    "| the ticket type is **Incident** | `set type = incident` |",
    "| “Source of the problem” is **The client's own team** | `set origin = client_team` |",
    "| “authorized” is **no** | `set authorized = false` |",
    # A rate beside the line the policy leaves open, its amount as written.
    "| [Phone and messengers are charged separately](kitchen_sink.md#rule-charge-paid_channels) "
    "(`paid_channels`) | a fee per request | **a fee per request: 250.00 MXN** |",
    # A calendar layer in words, and what of the policy it reaches.
    "- **Closed:** 2026-12-28 to 2026-12-30: Plant closure (contract §4)",
    "- **Open:** 2027-01-05: open 10:00\u201314:00 (Support owed on this holiday)",
    "- **Public holidays:** also closed on the public holidays of Germany (BY) (`DE/BY`)",
    "- **Counted on it for this customer:** response times of [Critical incidents]"
    "(kitchen_sink.md#rule-sla-critical); the lifecycle deadlines of [Clarification]"
    "(kitchen_sink.md#rule-lifecycle-clarification). For this customer's requests they skip "
    "the dates the layer closes and count the hours it opens",
    "- **Calendars built on it:** [`customer_x`](kitchen_sink.md#calendar-customer_x) extends it "
    "and takes the layer too, under their own dates",
    "the service windows of [Guided](kitchen_sink.md#rule-sla-guided)",
    "the working hours of the obligations [Guidance in the split shift's hours]"
    "(kitchen_sink.md#rule-obligation-guidance)",
    "- **Conditions on its hours:** [Guidance in the split shift's hours]",
    "| 2026-12-28 | Monday | Plant closure (contract §4) | closed | open 08:30\u201317:30 "
    "(weekly hours) |",
    "| 2027-01-05 | Tuesday | Support owed on this holiday | open 10:00\u201314:00 | closed "
    "(New Year Holidays) |",
    "Its contract fixes nothing of the policy",
)


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases(pages: dict[str, str], phrase: str) -> None:
    assert phrase in pages[PAGE]


def _section(page: str, customer: str) -> str:
    start = page.index(f"{{#customer-{customer}}}")
    end = page.find("\n## ", start)
    return page[start : end if end > 0 else len(page)]


def test_a_customer_shows_only_the_kinds_it_fixes(pages: dict[str, str]) -> None:
    acme, beta, gamma = (_section(pages[PAGE], c) for c in ("acme", "beta", "gamma"))
    assert "**Facts.**" in acme and "**Rates.**" in acme and "**Calendar" not in acme
    assert "**Facts.**" not in beta and "**Rates.**" not in beta and "**Calendar" in beta
    assert not any(kind in gamma for kind in ("**Facts.**", "**Rates.**", "**Calendar"))


def test_every_link_leads_to_an_anchor(pages: dict[str, str]) -> None:
    defined = {
        name: set(re.findall(r"\{#([A-Za-z0-9_-]+)\}", text)) for name, text in pages.items()
    }
    links = re.findall(r"\]\(([A-Za-z0-9_.-]*)#([A-Za-z0-9_-]+)\)", pages[PAGE])
    assert links
    for target, anchor in links:
        assert anchor in defined[target or PAGE], (target, anchor)
    section = pages["kitchen_sink.md"]
    for anchor in re.findall(r"\]\(#([A-Za-z0-9_-]+)\)", section):
        assert anchor in defined["kitchen_sink.md"], anchor


def test_the_changed_dates_are_the_engines(pages: dict[str, str], repo_root: Path) -> None:
    """The dates listed for a layer are those of the listed years whose hours differ between
    the calendar `policylang.load` answers the customer's requests with and the policy's, with
    the customer's hours; no other date is listed."""
    loaded = policylang.load([POLICY, CUSTOMERS_FILE])
    policy = loaded.latest("kitchen_sink")
    ours = policy.calendars["office"]
    beta = loaded.customers["kitchen_sink"]["beta"]
    theirs = loaded.variants.variant(policy, beta).calendars["office"]
    expected = {}
    day = dt.date(2026, 1, 1)
    while day.year <= 2028:
        if theirs.hours_on(day) != ours.hours_on(day):
            expected[day.isoformat()] = hours_words(theirs.hours_on(day))
        day += dt.timedelta(days=1)
    section = _section(pages[PAGE], "beta")
    office = section[section.index("**Calendar Moscow office") : section.index("**Calendar [`split`")]
    listed = dict(_ROW.findall(office))
    assert len(expected) > 20  # the German holidays, the closure, the opening
    assert listed == expected


#: A row of a changed-dates table: its date and the customer's hours.
_ROW = re.compile(r"^\| (\d{4}-\d\d-\d\d) \| \w+ \| .*? \| ([^|]+) \| [^|]+ \|$", re.MULTILINE)


def test_holidays_a_layer_adds_are_named_as_the_calendar_section_names_them(
    pages: dict[str, str], tmp_path: Path, repo_root: Path
) -> None:
    """A date the layer's `holidays DE subdivision "BY"` closes reads as the calendar section
    of a policy whose calendar holds those holidays itself reads it."""
    text = (repo_root / POLICY).read_text(encoding="utf-8")
    own = text.replace("  holidays RU\n", '  holidays RU\n  holidays DE subdivision "BY"\n', 1)
    assert own != text
    (tmp_path / "kitchen_sink.policy").write_text(own, encoding="utf-8")
    calendars = render_site([tmp_path / "kitchen_sink.policy"])["kitchen_sink.md"]
    section = _section(pages[PAGE], "beta")
    office = section[section.index("**Calendar Moscow office") : section.index("**Calendar [`split`")]
    holidays = re.findall(r"^\| (\d{4}-\d\d-\d\d) \| \w+ \| ([^|]+?) \| closed \| open", office, re.M)
    assert len(holidays) > 15
    for day, name in holidays:
        if "Plant closure" in name:
            continue
        assert re.search(rf"^\| {day} \| \w+ \| {re.escape(name)} \| closed \|$", calendars, re.M), (
            day,
            name,
        )


def test_markup_in_names_and_labels_stays_text(pages: dict[str, str]) -> None:
    markdown = pytest.importorskip("markdown")
    html = markdown.markdown(pages[PAGE], extensions=["tables", "attr_list"])
    for tag in ("<script", "<b>", "<i>", "<em>", 'href="http://example.com"', "<h1>1."):
        assert tag not in html, tag
    heading = re.search(r'<h2 id="customer-evil">(.*?)</h2>', html)
    assert heading is not None
    assert heading.group(1) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; *ACME* | _x_ [site](http://example.com) # 1. "
        "&lt;b&gt; (<code>evil</code>)"
    )
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = row.count("<td") + row.count("<th")
        assert cells in (2, 3, 5), row  # no pipe of a name split a row


def test_a_name_on_several_lines_keeps_its_heading_and_row(tmp_path: Path, repo_root: Path) -> None:
    name = quote("ACME\n# not a heading\n| not a row")
    (tmp_path / "x.customers").write_text(
        f"customer multi {name} {{\n  policy kitchen_sink\n}}\n", encoding="utf-8"
    )
    page = render_site([POLICY, tmp_path / "x.customers"])[PAGE]
    assert "\n## ACME # not a heading \\| not a row (`multi`) {#customer-multi}\n" in page
    assert "\n| [`multi`](#customer-multi) | ACME # not a heading \\| not a row | nothing |\n" in page


def test_rendering_is_deterministic_whatever_the_order_of_the_files(
    tmp_path: Path, repo_root: Path
) -> None:
    blocks = CUSTOMERS.split("\n\n")
    folder = _site(tmp_path, repo_root, "\n\n".join(blocks[:2]) + "\n")
    (folder / "a.customers").write_text("\n\n".join(blocks[2:]), encoding="utf-8")
    first = render_site([folder / "clients.customers", folder / "a.customers", folder])
    second = render_site([folder])
    assert first == second
    ids = re.findall(r"^## .*\{#customer-(\w+)\}$", first[PAGE], re.M)
    assert ids == ["acme", "beta", "evil", "gamma"]
    assert first[PAGE].splitlines()[0] == (
        "<!-- Generated by `policylang docs` from policies/a.customers and "
        "policies/clients.customers: edit the customers files, not this page. -->"
    )


def _site(tmp_path: Path, repo_root: Path, customers: str) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / "kitchen_sink.policy").write_text(
        (repo_root / POLICY).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "clients.customers").write_text(customers, encoding="utf-8")
    return folder


def test_docs_writes_checks_and_removes_the_customers_page(
    tmp_path: Path, repo_root: Path
) -> None:
    folder = _site(tmp_path, repo_root, CUSTOMERS)
    out = tmp_path / "site"
    runner = CliRunner()
    wrote = runner.invoke(cli, ["docs", str(folder), "--out", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert f"wrote {out}/{PAGE}" in wrote.output
    assert is_generated(out / PAGE)
    assert runner.invoke(cli, ["docs", str(folder), "--out", str(out), "--check"]).exit_code == 0
    (folder / "clients.customers").write_text(
        CUSTOMERS.replace("250.00 MXN", "260.00 MXN"), encoding="utf-8"
    )
    stale = runner.invoke(cli, ["docs", str(folder), "--out", str(out), "--check"])
    assert stale.exit_code == 1
    assert f"out of date: {out}/{PAGE}" in stale.output
    (folder / "clients.customers").unlink()
    gone = runner.invoke(cli, ["docs", str(folder), "--out", str(out)])
    assert gone.exit_code == 0, gone.output
    assert f"removed {out}/{PAGE} (no policy produces it any more)" in gone.output
    assert not (out / PAGE).exists()


def test_a_file_of_its_name_that_docs_did_not_write_is_a_conflict(
    tmp_path: Path, repo_root: Path
) -> None:
    folder = _site(tmp_path, repo_root, CUSTOMERS)
    out = tmp_path / "site"
    out.mkdir()
    (out / PAGE).write_text("# Our own notes on the customers\n", encoding="utf-8")
    plan = plan_pages(render_site([folder]), out)
    assert [name for name, _ in plan.conflicts] == [PAGE]
    result = CliRunner().invoke(cli, ["docs", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / PAGE).read_text(encoding="utf-8") == "# Our own notes on the customers\n"
    write_pages({"other.md": "x\n"}, tmp_path / "elsewhere")  # the header decides, not the name
    assert not is_generated(tmp_path / "elsewhere" / "other.md")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        pytest.param("policy kitchen_sink\n  set type", "policy kitchen\n  set type", "PL216",
                     id="unknown-policy"),
        pytest.param("set seats = 12", "set seats = twelve", "PL302", id="wrong-kind"),
        pytest.param("rate paid_channels", "rate paid_channel", "PL209", id="unknown-rule"),
        pytest.param("calendar split", "calendar spilt", "PL203", id="unknown-calendar"),
    ],
)
def test_a_customers_file_with_errors_stops_docs(
    tmp_path: Path, repo_root: Path, old: str, new: str, code: str
) -> None:
    """As for a policy with errors: every diagnostic at its place, exit 1, nothing written."""
    customers = CUSTOMERS.replace(old, new)
    at = customers.index(new) + len(new.split("\n", 1)[0].rsplit(" ", 1)[0]) + 1
    line = customers.count("\n", 0, at) + 1
    column = at - customers.rfind("\n", 0, at)
    folder = _site(tmp_path, repo_root, customers)
    out = tmp_path / "site"
    for extra in ([], ["--check"]):
        result = CliRunner().invoke(cli, ["docs", str(folder), "--out", str(out), *extra])
        assert result.exit_code == 1
        assert f"clients.customers:{line}:{column}: error[{code}]" in result.output, result.output
        assert "fix the errors above first (`policylang check`)" in result.output
        assert "Traceback" not in result.output
    assert not out.exists()
