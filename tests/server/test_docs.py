"""docs/http-api.md documents every problem type the service answers, and every endpoint."""

from __future__ import annotations

import re

from policylang.server.problems import PROBLEM_TYPES
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "http-api.md").read_text(encoding="utf-8")


def test_every_problem_type_has_a_section_and_a_row() -> None:
    anchors = set(re.findall(r"^### `([a-z-]+)` \{#\1\}$", DOC, flags=re.MULTILINE))
    assert anchors == set(PROBLEM_TYPES)
    for slug, kind in PROBLEM_TYPES.items():
        rows = [line for line in DOC.splitlines() if line.startswith("|")]
        row = next(line for line in rows if f"[`{slug}`](#{slug})" in line)
        assert str(kind.status) in row.split("|")[1], (slug, row)


def test_every_endpoint_has_a_section() -> None:
    for endpoint in (
        "POST /v2/decisions",
        "POST /v2/decisions/batch",
        "GET /v1/policies",
        "GET /v1/policies/{id}",
        "GET /v1/policies/{id}/schema",
        "GET /v2/policies/{id}/catalogue",
        "POST /v1/reload",
        "GET /health",
        "GET /ready",
        "GET /openapi.json",
    ):
        assert f"### `{endpoint}`" in DOC, endpoint


def test_readme_example_is_the_tested_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "policylang serve" in readme
    assert '"priority": "critical"' in readme and "bpmsoft_care" in readme
