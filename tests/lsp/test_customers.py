"""The language server on customers files (``*.customers``): live diagnostics, checked against
the policies of their directory, as `policylang check` reports them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

import policylang
from tests.lsp.conftest import change, round_trip
from tests.lsp.test_server import _places

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: A customer of the bundled Clever Ideas policy whose contract fixes the hourly rate.
VALID = """\
customer globex "Globex S.A. de C.V." {
  policy clever_ideas
  set go_live = 2026-09-01
  rate charged_by_hours 1200.00 MXN
}
"""

BROKEN = {
    "unknown-rule": ("charged_by_hours", "charged_by_hour"),
    "unknown-currency": ("MXN", "MXX"),
    "unknown-input": ("go_live", "golive"),
    "unknown-policy": ("policy clever_ideas", "policy clever_idea"),
}


async def _open(client: LanguageClient, path: Path, text: str, language: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    await round_trip(client, uri)
    return uri


async def _close(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    await round_trip(client, uri)


@pytest.mark.parametrize(("old", "new"), BROKEN.values(), ids=BROKEN.keys())
async def test_a_customers_file_shows_the_checker_s_diagnostics_live(
    client: LanguageClient, policy_dir: Path, tmp_path: Path, old: str, new: str
) -> None:
    """Named `*.customers` (the editor knows no `customers` language: plain text), it is
    checked with the policies beside it; a fix typed in clears the diagnostics."""
    broken = VALID.replace(old, new)
    (tmp_path / "clever_ideas.policy").write_text(
        (policy_dir / "clever_ideas.policy").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "globex.customers").write_text(broken, encoding="utf-8")
    expected = policylang.check_paths([tmp_path])
    wanted = sorted(
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column)
        for d in expected.errors
        if d.span is not None
    )
    assert wanted, "a broken customers file has errors"
    uri = await _open(client, policy_dir / "globex.customers", broken, "plaintext")
    try:
        shown = client.diagnostics[uri]
        assert _places(shown) == wanted
        assert all(d.message for d in shown)
        assert not await change(client, uri, VALID, 2)
    finally:
        await _close(client, uri)


async def test_a_policy_edit_reaches_its_customers_file(
    client: LanguageClient, policy_dir: Path
) -> None:
    """Renaming the charge rule in the (unsaved) policy makes the customer's rate unknown."""
    layer = await _open(client, policy_dir / "globex.customers", VALID, "customers")
    policy_path = policy_dir / "clever_ideas.policy"
    text = policy_path.read_text(encoding="utf-8")
    policy = await _open(client, policy_path, text, "policy")
    try:
        assert not client.diagnostics[layer]
        client.diagnostics.pop(layer, None)
        await change(client, policy, text.replace("charge charged_by_hours", "charge by_hours"), 2)
        await round_trip(client, layer)
        assert [(str(d.code), d.range.start.line) for d in client.diagnostics[layer]] == [
            ("PL209", 3)
        ]
    finally:
        await _close(client, policy)
        await _close(client, layer)


async def test_completion_offers_a_customer_s_statements(
    client: LanguageClient, policy_dir: Path
) -> None:
    text = 'customer globex {\n  \n}\n'
    uri = await _open(client, policy_dir / "draft.customers", text, "customers")
    try:
        found = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(1, 2))
        )
    finally:
        await _close(client, uri)
    assert isinstance(found, types.CompletionList)
    assert {"policy", "set", "rate"} <= {item.label for item in found.items}
