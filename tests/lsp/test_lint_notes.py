"""With ``lintNotes``, lint's information findings are published too, as hints."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.conftest import opened
from tests.lsp.test_server import _expected_places, _places

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "policylang", "lsp"]),
)
async def noted(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options={"lintNotes": True}
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_lint_notes_are_hints_when_asked_for(noted: LanguageClient, policy_dir: Path) -> None:
    path = policy_dir / "bpmsoft_care.policy"
    async with opened(noted, path) as uri:
        diagnostics = noted.diagnostics[uri]
    assert _places(diagnostics) == _expected_places(path, notes=True)
    assert [d.code for d in diagnostics] == ["PL652"] * 3
    assert {d.severity for d in diagnostics} == {types.DiagnosticSeverity.Hint}
