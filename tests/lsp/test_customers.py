"""The language server on customers files (``*.customers``): live diagnostics, checked against
the policies of their directory, as `policylang check` reports them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

import policylang
from policylang.editor import holiday_countries
from policylang.lang.analysis.charges import currency_codes
from tests.lsp.conftest import change, round_trip
from tests.lsp.test_server import _places
from tests.syntax.cases import BASE
from tests.unit.evalfixtures import policy_header
from tests.unit.test_customers import CHARGES

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: A customer of the bundled Clever Ideas policy whose contract fixes the hourly rate.
VALID = """\
customer globex "Globex S.A. de C.V." {
  policy clever_ideas
  set go_live = 2026-09-01
  rate charged_by_hours 1200.00 MXN
  calendar nesting_support {
    holidays MX
  }
}
"""

BROKEN = {
    "unknown-rule": ("charged_by_hours", "charged_by_hour"),
    "unknown-calendar": ("nesting_support {", "nesting_suport {"),
    "hours-in-a-layer": ("    holidays MX\n", "    hours daily 09:00-20:00\n"),
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
    text = "customer globex {\n  \n}\n"
    uri = await _open(client, policy_dir / "draft.customers", text, "customers")
    try:
        found = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(1, 2))
        )
    finally:
        await _close(client, uri)
    assert isinstance(found, types.CompletionList)
    assert {"policy", "set", "rate", "calendar"} <= {item.label for item in found.items}


# ------------------------------------------------------- completion, hover and definition

#: Where the completion is asked, in the customers texts below.
CURSOR = "|"


@pytest.fixture(scope="module")
def layer_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden policy with its charge rules (`phone`: fee per hour, `portal`: fee
    unspecified, `priced`: a rate of its own, `otherwise`: included) and a second policy."""
    target = tmp_path_factory.mktemp("layers")
    (target / "golden.policy").write_text(BASE + CHARGES, encoding="utf-8")
    (target / "other.policy").write_text(
        policy_header("other", "Other policy", "Europe/Moscow"), encoding="utf-8"
    )
    return target


def _customer(facts: str) -> str:
    return f'customer acme "ACME S.A." {{\n{facts}\n}}\n'


#: A customers text with the cursor marked, and every label the completion there offers.
COMPLETIONS = {
    "top-level": (CURSOR, {"customer"}),
    "after-a-customer": (_customer("  policy golden") + CURSOR, {"customer"}),
    "fact-with-no-policy": (_customer(f"  {CURSOR}"), {"policy", "set", "rate", "calendar"}),
    "fact-with-a-policy": (
        _customer(f"  policy golden\n  {CURSOR}"),
        {"set", "rate", "calendar"},
    ),
    "policy-ids": (_customer(f"  policy {CURSOR}"), {"golden", "other"}),
    "policy-id-half-typed": (_customer(f"  policy gol{CURSOR}"), {"golden", "other"}),
    "inputs": (
        _customer(f"  policy golden\n  set {CURSOR}"),
        {"priority", "channel", "go_live"},
    ),
    "inputs-before-the-policy-line": (
        _customer(f"  set {CURSOR}\n  policy golden"),
        {"priority", "channel", "go_live"},
    ),
    "inputs-not-set-yet": (
        _customer(f"  policy golden\n  set channel = phone\n  set {CURSOR}"),
        {"priority", "go_live"},
    ),
    "enum-values": (
        _customer(f"  policy golden\n  set channel = {CURSOR}"),
        {"email", "portal", "phone"},
    ),
    "priorities": (_customer(f"  policy golden\n  set priority = {CURSOR}"), {"high", "low"}),
    "a-date-takes-no-name": (_customer(f"  policy golden\n  set go_live = {CURSOR}"), set()),
    "charge-rules-with-an-open-price": (
        _customer(f"  policy golden\n  rate {CURSOR}"),
        {"phone", "portal"},
    ),
    "charge-rules-not-rated-yet": (
        _customer(f"  policy golden\n  rate phone 1200 MXN\n  rate {CURSOR}"),
        {"portal"},
    ),
    "units-for-fee-unspecified": (
        _customer(f"  policy golden\n  rate portal 300 MXN {CURSOR}"),
        {"per request", "per hour", "fixed", "set", "rate", "calendar"},
    ),
    "no-unit-for-a-rule-that-states-it": (
        _customer(f"  policy golden\n  rate phone 1200 MXN {CURSOR}"),
        {"set", "rate", "calendar"},
    ),
    "unit-after-per": (
        _customer(f"  policy golden\n  rate portal 300 MXN per {CURSOR}"),
        {"hour", "request"},
    ),
    "unknown-policy-inputs": (_customer(f"  policy goldn\n  set {CURSOR}"), set()),
    "unknown-policy-values": (
        _customer(f"  policy goldn\n  set flag = {CURSOR}"),
        {"true", "false"},
    ),
    "no-policy-rules": (_customer(f"  rate {CURSOR}"), set()),
    "calendars": (_customer(f"  policy golden\n  calendar {CURSOR}"), {"office"}),
    "calendars-not-layered-yet": (
        _customer(f"  policy golden\n  calendar office {{\n  }}\n  calendar {CURSOR}"),
        set(),
    ),
    "no-policy-calendars": (_customer(f"  calendar {CURSOR}"), set()),
    "layer-statements": (
        _customer(f"  policy golden\n  calendar office {{\n    {CURSOR}\n  }}"),
        {"closed", "open", "holidays"},
    ),
    "holiday-countries-in-a-layer": (
        _customer(f"  policy golden\n  calendar office {{\n    holidays {CURSOR}\n  }}"),
        set(holiday_countries()),
    ),
    "holiday-countries-in-a-layer-of-an-unknown-policy": (
        _customer(f"  policy goldn\n  calendar office {{\n    holidays M{CURSOR}\n  }}"),
        set(holiday_countries()),
    ),
    "after-a-layer": (
        _customer(f"  policy golden\n  calendar office {{\n  }}\n  {CURSOR}"),
        {"set", "rate", "calendar"},
    ),
    "in-a-comment": (_customer(f"  policy golden\n  # set {CURSOR}"), set()),
    "in-the-title": (f'customer acme "ACME {CURSOR}" {{\n}}\n', set()),
    "broken-before-the-cursor": (_customer(f"  policy golden\n  set = = {CURSOR}"), set()),
}


def _position(marked: str) -> types.Position:
    """The position of the cursor marked in ``marked`` (in the text without the mark)."""
    before = marked[: marked.index(CURSOR)]
    return types.Position(before.count("\n"), len(before) - (before.rfind("\n") + 1))


async def _complete(client: LanguageClient, path: Path, marked: str) -> list[types.CompletionItem]:
    """What the server offers at the cursor of ``marked``, opened (unsaved) as ``path``."""
    uri = await _open(client, path, marked.replace(CURSOR, ""), "customers")
    try:
        found = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), _position(marked))
        )
    finally:
        await _close(client, uri)
    assert isinstance(found, types.CompletionList)
    return found.items


@pytest.mark.parametrize(("marked", "wanted"), COMPLETIONS.values(), ids=COMPLETIONS.keys())
async def test_completion_in_a_customers_file(
    client: LanguageClient, layer_dir: Path, marked: str, wanted: set[str]
) -> None:
    """Each fact's names come from the policy its customer names, read off the directory."""
    items = await _complete(client, layer_dir / "acme.customers", marked)
    assert {item.label for item in items} == wanted


async def test_currencies_after_an_amount(client: LanguageClient, layer_dir: Path) -> None:
    items = await _complete(
        client,
        layer_dir / "acme.customers",
        _customer(f"  policy golden\n  rate phone 12 {CURSOR}"),
    )
    labels = {item.label for item in items}
    assert {"MXN", "USD", "EUR", "RUB", "VND"} <= labels
    assert labels <= currency_codes()
    assert "DEM" not in labels  # a code no longer legal tender: the checker refuses it


async def test_items_say_what_they_are(client: LanguageClient, layer_dir: Path) -> None:
    """Details: an input's type, a value's label, a rule's fee (the open unit first)."""
    path = layer_dir / "acme.customers"
    inputs = await _complete(client, path, _customer(f"  policy golden\n  set {CURSOR}"))
    assert {i.label: i.detail for i in inputs} == {
        "priority": "enum: high, low",
        "channel": "enum: email, portal, phone",
        "go_live": "date",
    }
    values = await _complete(client, path, _customer(f"  policy golden\n  set priority = {CURSOR}"))
    assert {i.label: i.detail for i in values} == {"high": "High", "low": "Low"}
    rules = await _complete(client, path, _customer(f"  policy golden\n  rate {CURSOR}"))
    assert [i.label for i in sorted(rules, key=lambda i: i.sort_text or "")] == ["portal", "phone"]
    assert {i.label: i.detail for i in rules} == {
        "portal": "fee unspecified: the rate states its unit",
        "phone": "fee per hour",
    }
    ids = await _complete(client, path, _customer(f"  policy {CURSOR}"))
    assert {i.label: i.detail for i in ids} == {
        "golden": "Example Ltd: Golden test policy",
        "other": "Test Ltd: Other policy",
    }


async def test_the_editor_s_unsaved_policy_wins_over_the_disk(
    client: LanguageClient, layer_dir: Path
) -> None:
    """A charge rule renamed in the open (unsaved) policy is offered by its new name."""
    policy_path = layer_dir / "golden.policy"
    text = policy_path.read_text(encoding="utf-8").replace("charge portal", "charge web")
    policy = await _open(client, policy_path, text, "policy")
    try:
        items = await _complete(
            client, layer_dir / "acme.customers", _customer(f"  policy golden\n  rate {CURSOR}")
        )
    finally:
        await _close(client, policy)
    assert {item.label for item in items} == {"phone", "web"}


#: Facts typed beside no policy, or beside a policy with errors; what is offered there.
BESIDE = {
    "no-policy-ids": ("", f"  policy {CURSOR}", set()),
    "no-policy-inputs": ("", f"  policy golden\n  set {CURSOR}", set()),
    "no-policy-keywords": ("", f"  {CURSOR}", {"policy", "set", "rate", "calendar"}),
    "bool-values": (
        "input vip: bool optional\n",
        f"  policy golden\n  set vip = {CURSOR}",
        {"true", "false"},
    ),
    # A declaration that does not parse: the inputs and rules of those that do.
    "broken-policy-inputs": (
        "sla broken {\n  response within\n",
        f"  policy golden\n  set {CURSOR}",
        {"priority", "channel", "go_live"},
    ),
    "broken-policy-rules": (
        "sla broken {\n  response within\n",
        f"  policy golden\n  rate {CURSOR}",
        {"phone", "portal"},
    ),
    # A policy that parses with errors: what its symbols hold.
    "erroneous-policy-values": (
        "charge wrong {\n  when channel == fax\n  fee fixed\n}\n",
        f"  policy golden\n  set channel = {CURSOR}",
        {"email", "portal", "phone"},
    ),
    "erroneous-policy-rules": (
        "charge wrong {\n  when channel == fax\n  fee fixed\n}\n",
        f"  policy golden\n  rate {CURSOR}",
        {"phone", "portal", "wrong"},
    ),
}


@pytest.mark.parametrize(("extra", "marked", "wanted"), BESIDE.values(), ids=BESIDE.keys())
async def test_completion_beside_no_policy_or_a_broken_one(
    client: LanguageClient, tmp_path: Path, extra: str, marked: str, wanted: set[str]
) -> None:
    if extra:
        (tmp_path / "golden.policy").write_text(BASE + CHARGES + extra, encoding="utf-8")
    items = await _complete(client, tmp_path / "acme.customers", _customer(marked))
    assert {item.label for item in items} == wanted


def _line_of(path: Path, needle: str) -> int:
    """The 0-based line of ``needle`` in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n")


#: A name of the customers text below (its first occurrence, the cursor one character into it),
#: the declaration go to definition leads to in golden.policy, and words its hover holds.
NAVIGATION = {
    "policy": ("golden", "policy golden", "Golden test policy"),
    "input": ("channel =", "input channel", "channel"),
    "value": ("portal\n", "input channel", "portal"),
    "priority": ("high", "priority high", "High"),
    "rule": ("portal 300", "charge portal", "portal"),
    "calendar": ("office {", "calendar office", "Monday to Friday 09:00–18:00"),
}
LAYER = _customer(
    "  policy golden\n  set channel = portal\n  set priority = high\n  rate portal 300 MXN per hour"
    "\n  calendar office {\n    closed 2026-12-28\n  }"
)


@pytest.mark.parametrize(("needle", "target", "words"), NAVIGATION.values(), ids=NAVIGATION.keys())
async def test_definition_and_hover_lead_into_the_policy(
    client: LanguageClient, layer_dir: Path, needle: str, target: str, words: str
) -> None:
    uri = await _open(client, layer_dir / "acme.customers", LAYER, "customers")
    document = types.TextDocumentIdentifier(uri)
    at = _position(LAYER.replace(needle, needle[0] + CURSOR + needle[1:], 1))
    try:
        found = await client.text_document_definition_async(types.DefinitionParams(document, at))
        shown = await client.text_document_hover_async(types.HoverParams(document, at))
    finally:
        await _close(client, uri)
    policy = layer_dir / "golden.policy"
    assert isinstance(found, list)
    assert [(d.uri, d.range.start.line) for d in found] == [
        (policy.as_uri(), _line_of(policy, target))
    ]
    assert shown is not None
    assert isinstance(shown.contents, types.MarkupContent)
    assert words in shown.contents.value
    assert shown.range is not None
    assert shown.range.start == types.Position(at.line, at.character - 1)


@pytest.mark.parametrize(
    "marked",
    [
        _customer(f"  policy goldn\n  set chan{CURSOR}nel = phone"),  # an unknown policy
        _customer(f"  set chan{CURSOR}nel = phone"),  # no policy line
        f"# acme{CURSOR}\n",  # a comment
        _customer(f"  policy golden\n  set chan{CURSOR}nel ="),  # a customer that does not parse
    ],
    ids=["unknown-policy", "no-policy", "comment", "broken"],
)
async def test_definition_and_hover_of_nothing(
    client: LanguageClient, layer_dir: Path, marked: str
) -> None:
    uri = await _open(client, layer_dir / "acme.customers", marked.replace(CURSOR, ""), "customers")
    document = types.TextDocumentIdentifier(uri)
    try:
        at = _position(marked)
        found = await client.text_document_definition_async(types.DefinitionParams(document, at))
        shown = await client.text_document_hover_async(types.HoverParams(document, at))
    finally:
        await _close(client, uri)
    assert found == []
    assert shown is None


async def test_an_untitled_buffer_opened_as_customers(client: LanguageClient) -> None:
    """No name, no directory: the language id says it is a customers file; no policy beside it."""
    marked = f"{CURSOR}\n" + _customer("  policy ")
    text = marked.replace(CURSOR, "")
    uri = "untitled:Untitled-7"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "customers", 1, text))
    )
    await round_trip(client, uri)
    document = types.TextDocumentIdentifier(uri)
    try:
        top = await client.text_document_completion_async(
            types.CompletionParams(document, _position(marked))
        )
        ids = await client.text_document_completion_async(
            types.CompletionParams(document, _position(text.replace("policy ", "policy " + CURSOR)))
        )
    finally:
        await _close(client, uri)
    assert isinstance(top, types.CompletionList)
    assert isinstance(ids, types.CompletionList)
    assert [item.label for item in top.items] == ["customer"]
    assert not ids.items
