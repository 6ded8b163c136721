"""A real LSP client (pytest-lsp) talking to `python -m policylang lsp` over stdio.

One server per test module; each test opens the documents it needs and closes them, so the
server's state does not leak from one test into the next.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import ROOT

#: The wait for diagnostics after a change; the server's own pause is set to 10 ms here.
WAIT_SECONDS = 20


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled policies and their tests: the tests may not touch the originals."""
    target = tmp_path_factory.mktemp("policies")
    shutil.copytree(ROOT / "policies", target, dirs_exist_ok=True)  # the seeds/ folder too
    return target


#: How the tests start the server: as an editor does, a process speaking over stdio.
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "policylang", "lsp"])


async def session(lsp_client: LanguageClient, **options: object) -> AsyncIterator[None]:
    """Initialize with ``options`` (the server's initialization options), shut down after."""
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client connected to a server whose typing pause is short (tests wait for checks)."""
    async for _ in session(lsp_client, debounceMs=10):
        yield


async def round_trip(client: LanguageClient, uri: str) -> None:
    """A request whose answer comes after every notification the server sent before it."""
    await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
    )


@asynccontextmanager
async def opened(client: LanguageClient, path: Path, text: str | None = None) -> AsyncIterator[str]:
    """Open ``path`` (with ``text`` as the editor's unsaved content, if given); close after."""
    uri = path.as_uri()
    content = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "policy", 1, content))
    )
    await round_trip(client, uri)
    try:
        yield uri
    finally:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        await round_trip(client, uri)


async def change(
    client: LanguageClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    """Replace a document's text as an editor does, and wait for its new diagnostics."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )
    async with asyncio.timeout(WAIT_SECONDS):
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def ask_at(
    client: LanguageClient,
    path: Path,
    needle: str,
    shift: int,
    request: Callable[[types.TextDocumentIdentifier, types.Position], Awaitable[Any]],
) -> Any:
    """Open ``path`` and send ``request`` for the place ``shift`` characters into ``needle``."""
    text = path.read_text(encoding="utf-8")
    async with opened(client, path) as uri:
        return await request(
            types.TextDocumentIdentifier(uri), position_of(text, needle, shift=shift)
        )


def position_of(text: str, needle: str, occurrence: int = 0, shift: int = 1) -> types.Position:
    """The position ``shift`` characters into the ``occurrence``-th ``needle`` of ``text``."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += shift
    line = text.count("\n", 0, at)
    return types.Position(line, at - (text.rfind("\n", 0, at) + 1))
