"""The documentation site: every page in the nav, a strict offline build, highlighted policies.

The build needs the `docs` extra (mkdocs, mkdocs-material); without it those tests skip. The
offline check reads what a browser would fetch: every ``<link>``, ``<script>``, ``<img>``,
``<iframe>`` and ``<source>`` of every page, and every ``url()`` and ``@import`` of every
stylesheet, must be local. (The theme's JavaScript can fetch polyfills and mermaid from a CDN,
but only for browsers without ResizeObserver or pages with mermaid diagrams: the site has
none.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
        html = (site / "policies" / name / "index.html").read_text("utf-8")
        assert f'lang="{lang}"' in html
        assert 'id="rule-sla-' in html
        assert 'class="admonition note"' in html
        assert "<table>" in html
    assert "Время реакции на инцидент критичного приоритета 30 минут" in (
        site / "policies" / "bpmsoft_care" / "index.html"
    ).read_text("utf-8")


def test_policy_snippets_are_highlighted(site: Path) -> None:
    """```policy blocks go through the policylang lexer (needs its Pygments entry point)."""
    html = (site / "language" / "index.html").read_text("utf-8")
    blocks = re.findall(r'<div class="language-policy highlight"><pre>(.*?)</pre>', html, re.S)
    assert blocks, "no ```policy block on the language reference"
    for block in blocks:
        assert '<span class="kd">' in block or '<span class="k">' in block, block[:300]
        assert '<span class="err">' not in block
