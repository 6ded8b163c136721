"""With ``lintNotes``, lint's information findings are published too, as hints."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER, opened, session
from tests.lsp.test_server import _expected_places, _places

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def noted(lsp_client: LanguageClient) -> AsyncIterator[None]:
    async for _ in session(lsp_client, lintNotes=True):
        yield


async def test_lint_notes_are_hints_when_asked_for(noted: LanguageClient, policy_dir: Path) -> None:
    path = policy_dir / "bpmsoft_care.policy"
    async with opened(noted, path) as uri:
        diagnostics = noted.diagnostics[uri]
    assert _places(diagnostics) == _expected_places(path, notes=True)
    assert [d.code for d in diagnostics] == ["PL652"] * 3
    assert {d.severity for d in diagnostics} == {types.DiagnosticSeverity.Hint}
