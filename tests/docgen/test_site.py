"""The documentation site: every page in the nav, a strict offline build, highlighted policies.

The build needs the `docs` extra (mkdocs, mkdocs-material); without it those tests skip. The
offline check reads what a browser would fetch: every ``<link>``, ``<script>``, ``<img>``,
``<iframe>`` and ``<source>`` of every page, and every ``url()`` and ``@import`` of every
stylesheet, must be local. (The theme's JavaScript can fetch polyfills and mermaid from a CDN,
but only for browsers without ResizeObserver or pages with mermaid diagrams: the site has
none.)

The site is also read from disk (``file://``): every local link names a file (a directory
would open a file listing), search has its index as a script and the worker shim locally, and
the fonts it ships cover every letter of its pages. That search really answers from
``file://`` was checked by hand in headless Chromium (a browser is not a test dependency).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.conftest import ROOT

CONFIG = ROOT / "mkdocs.yml"
_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
_RESOURCE = re.compile(
    r"<(?:link|script|img|iframe|source|audio|video|embed)\b[^>]*?\b(?:href|src)=[\"']([^\"']+)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])([^\"')]+)", re.IGNORECASE)
_LINK = re.compile(r"<(?:a|link|script|img|iframe|source)\b[^>]*?\b(?:href|src)=[\"']([^\"']*)")
_NOT_A_FILE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|$)", re.IGNORECASE)
_FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
_FAMILY = re.compile(r'font-family:\s*"([^"]+)"')
_UNICODE_RANGE = re.compile(r"unicode-range:\s*([^;]+);")
_TAG = re.compile(r"<[^>]+>")


def _nav_files(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


def test_every_page_is_in_the_nav() -> None:
    nav = _nav_files(yaml.safe_load(CONFIG.read_text("utf-8"))["nav"])
    docs = ROOT / "docs"
    pages = sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        # Older versions of a policy are reached from its page, not listed in the nav.
        if not (p.parent.name == "policies" and "-" in p.stem)
    )
    missing = [p for p in pages if p not in nav]
    assert not missing, f"pages not in the nav of mkdocs.yml: {missing}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(CONFIG),
            "--site-dir",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return out


def test_site_fetches_nothing_from_outside(site: Path) -> None:
    external: list[str] = []
    for page in site.rglob("*.html"):
        for url in _RESOURCE.findall(page.read_text("utf-8")):
            if _EXTERNAL.match(url):
                external.append(f"{page.relative_to(site)}: {url}")
    for sheet in site.rglob("*.css"):
        for url in _CSS_URL.findall(sheet.read_text("utf-8", errors="replace")):
            if _EXTERNAL.match(url.strip()):
                external.append(f"{sheet.relative_to(site)}: {url}")
    assert not external, external[:20]


def test_no_font_service_anywhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_policy_pages_render(site: Path) -> None:
    for name, lang in (("bpmsoft_care", "ru"), ("chatops", "vi")):
        page = (site / "policies" / f"{name}.html").read_text("utf-8")
        assert f'lang="{lang}"' in page
        assert 'id="rule-sla-' in page
        assert 'class="admonition note"' in page
        assert "<table>" in page
    assert "Время реакции на инцидент критичного приоритета 30 минут" in (
        site / "policies" / "bpmsoft_care.html"
    ).read_text("utf-8")


def test_policy_snippets_are_highlighted(site: Path) -> None:
    """```policy blocks go through the policylang lexer (needs its Pygments entry point)."""
    page = (site / "language.html").read_text("utf-8")
    blocks = re.findall(r'<div class="language-policy highlight"><pre>(.*?)</pre>', page, re.S)
    assert blocks, "no ```policy block on the language reference"
    for block in blocks:
        assert '<span class="kd">' in block or '<span class="k">' in block, block[:300]
        assert '<span class="err">' not in block


def _local_targets(site: Path) -> list[tuple[Path, str]]:
    """Every (file, link) a reader's browser resolves on disk: pages' links, stylesheets' urls.

    Not 404.html: only a web server shows it, for a missing path, so its links are absolute.
    """
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    links = [(page, url) for page in pages for url in _LINK.findall(page.read_text("utf-8"))]
    for sheet in site.rglob("*.css"):
        text = sheet.read_text("utf-8", errors="replace")
        links.extend((sheet, url.strip()) for url in _CSS_URL.findall(text))
    return [(where, html.unescape(url)) for where, url in links if not _NOT_A_FILE.match(url)]


def test_every_local_link_names_a_file(site: Path) -> None:
    """From disk, `language/` opens a directory listing; `language.html` opens the page."""
    broken = []
    for where, url in _local_targets(site):
        target = (where.parent / unquote(urlsplit(url).path)).resolve()
        if not target.is_file():
            broken.append(f"{where.relative_to(site)}: {url}")
    assert not broken, broken[:20]


def test_search_works_without_a_server(site: Path) -> None:
    """The offline plugin's inlined index, and the worker shim from the site itself."""
    script = (site / "search" / "search_index.js").read_text("utf-8")
    assert script.startswith("var __index = {") and '"docs"' in script[:200_000]
    for page in site.rglob("*.html"):
        scripts = re.findall(r'<script src="([^"]+)"', page.read_text("utf-8"))
        assert any(s.endswith("assets/javascripts/iframe-worker.js") for s in scripts), page


def _ranges(text: str) -> list[tuple[int, int]]:
    spans = []
    for part in text.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        spans.append((int(first, 16), int(last or first, 16)))
    return spans


def _coverage(stylesheet: Path) -> dict[str, list[tuple[int, int]]]:
    """Each font family of the shipped stylesheet: the code points its faces declare."""
    families: dict[str, list[tuple[int, int]]] = {}
    for face in _FONT_FACE.findall(stylesheet.read_text("utf-8")):
        family, ranges = _FAMILY.search(face), _UNICODE_RANGE.search(face)
        assert family is not None and ranges is not None, face
        families.setdefault(family.group(1), []).extend(_ranges(ranges.group(1)))
    return families


def test_the_shipped_fonts_cover_every_letter_of_the_site(site: Path) -> None:
    """Text and code each in one font: no letter (Russian, Vietnamese) borrowed from another."""
    families = _coverage(site / "stylesheets" / "fonts.css")
    assert set(families) == {"Inter", "JetBrains Mono"}
    letters = set()
    for page in site.rglob("*.html"):
        head, _, body = page.read_text("utf-8").partition("<article")
        assert re.search(r'<link rel="stylesheet" href="[./]*stylesheets/fonts\.css"', head), page
        text = html.unescape(_TAG.sub(" ", body))
        letters.update(c for c in text if unicodedata.category(c)[0] in "LM")
    assert {"ỗ", "ộ", "ư", "đ", "ж", "я"} <= letters, "the pages should hold Russian and Vietnamese"
    for family, spans in families.items():
        missing = sorted(c for c in letters if not any(a <= ord(c) <= b for a, b in spans))
        assert not missing, f"{family} lacks {''.join(missing)}"
