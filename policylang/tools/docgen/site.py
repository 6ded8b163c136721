"""All pages of ``docs/policies/``: an index, one page per policy, one per older version, and
one per policy that ``*.customers`` files give customers.

Rendering is a pure function of the policy files, their tests files and python-holidays'
data: no clock, no locale, no absolute path reaches a page, so two runs give byte-identical
pages and CI can compare them with the checked-in ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policylang.text.english import short_date, zone_name
from policylang.tools.docgen.anchors import customers_page_name, page_name
from policylang.tools.docgen.customers import customers_files, customers_page
from policylang.tools.docgen.loaded import Documented, load_documented
from policylang.tools.docgen.markdown import code, heading, inline, link, table
from policylang.tools.docgen.page import GENERATED, GENERATED_CUSTOMERS, default_years, render_page
from policylang.tools.docgen.words import language_name

__all__ = ["INDEX", "render_site"]

INDEX = "index.md"


def _index(docs: Sequence[Documented]) -> str:
    rows = []
    for doc in docs:
        if not doc.is_latest:
            continue
        compiled = doc.compiled
        versions = len(doc.siblings)
        version = inline(compiled.version) + (f" ({versions} versions)" if versions > 1 else "")
        rows.append(
            [
                link(inline(compiled.title), page_name(compiled.id, compiled.version, latest=True)),
                inline(compiled.provider),
                inline(language_name(compiled.language)),
                version,
                inline(short_date(compiled.effective)),
                inline(zone_name(compiled.zone)),
            ]
        )
    lines = [
        GENERATED.format(path="the policies it lists"),
        "",
        heading(1, "Policies"),
        "",
        "One page per vendor policy: its commitments in plain words, its calendars with their "
        "closed days, who does what, what is billable, its lifecycle rules, worked examples "
        "from its tests, and every clause quoted in the original language beside its English "
        f"rendering. A decision's {code('source')} links to a rule as "
        f"{code('policies/<id>/#rule-<kind>-<name>')}.",
        "",
        *table(["Policy", "Provider", "Language", "Version", "In force from", "Time zone"], rows),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_site(
    paths: Sequence[str | Path], *, years: tuple[int, int] | None = None
) -> dict[str, str]:
    """Every page, by file name relative to the output directory, sorted by name.

    ``years`` (first, last) sets the years whose closed days are listed; by default each
    policy's effective year and the two after it. Raises `PolicyError` if a policy has errors.
    """
    docs, policies = load_documented(paths)
    by_key = {(d.id, d.version): d for d in docs}
    pages: dict[str, str] = {INDEX: _index(docs)}
    for doc in docs:
        position = doc.siblings.index(doc.compiled)
        previous = None
        if position > 0:
            before = doc.siblings[position - 1]
            previous = by_key[(before.id, before.version)]
        name = page_name(doc.id, doc.version, latest=doc.is_latest)
        pages[name] = render_page(doc, policies, years=years, previous=previous)
        if doc.customers and doc.is_latest:
            header = GENERATED_CUSTOMERS.format(path=customers_files(doc))
            body = customers_page(doc, years or default_years(doc))
            pages[customers_page_name(doc.id)] = f"{header}\n\n{body}"
    return dict(sorted(pages.items()))
