"""The language server end to end, through a real LSP client over stdio.

On the five bundled policies (copied, so nothing touches the originals), on a small policy that
holds every kind of reference (tests/lsp/every/every.policy), and on broken texts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

import policylang
from policylang.lang.printer import format_text
from policylang.lang.syntax.parser import parse_text
from tests.conftest import ROOT
from tests.lsp.conftest import ask_at, change, opened, position_of, round_trip

pytestmark = pytest.mark.asyncio(loop_scope="module")

POLICIES = sorted(p.stem for p in (ROOT / "policies").glob("*.policy"))
EVERY = ROOT / "tests" / "lsp" / "every" / "every.policy"

_SEVERITY = {
    policylang.Severity.ERROR: types.DiagnosticSeverity.Error,
    policylang.Severity.WARNING: types.DiagnosticSeverity.Warning,
}


@pytest.fixture(scope="module")
def every_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("every")
    shutil.copy(EVERY, target / EVERY.name)
    return target


def _places(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (
            str(d.code),
            d.range.start.line + 1,
            d.range.start.character + 1,
            d.range.end.line + 1,
            d.range.end.character + 1,
        )
        for d in diagnostics
    )


def _expected_places(path: Path, *, notes: bool = False) -> list[tuple[str, int, int, int, int]]:
    """What `policylang lint` reports for the file: the checker's and the linter's findings
    (lint's information findings only with ``notes``)."""
    report = policylang.lint_paths([path.parent])
    return sorted(
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column)
        for d in report.diagnostics
        if d.span is not None
        and Path(d.span.path).name == path.name
        and (
            notes
            or not (isinstance(d, policylang.Finding) and d.severity is policylang.Severity.INFO)
        )
    )


# ---------------------------------------------------------------------------------- diagnostics


@pytest.mark.parametrize("name", POLICIES)
async def test_a_bundled_policy_shows_what_lint_shows(
    client: LanguageClient, policy_dir: Path, name: str
) -> None:
    path = policy_dir / f"{name}.policy"
    async with opened(client, path) as uri:
        diagnostics = client.diagnostics[uri]
    assert _places(diagnostics) == _expected_places(path)
    # Nothing the checker calls an error or a warning on a bundled policy but lint's own.
    assert all(d.severity is not types.DiagnosticSeverity.Error for d in diagnostics)


async def test_bpmsoft_care_opens_with_no_diagnostics(
    client: LanguageClient, policy_dir: Path
) -> None:
    """The issue's first criterion (its three lint notes are shown only on request)."""
    async with opened(client, policy_dir / "bpmsoft_care.policy") as uri:
        assert list(client.diagnostics[uri]) == []


async def test_a_typo_in_a_cite_is_reported_and_fixed_by_its_code_action(
    client: LanguageClient, policy_dir: Path
) -> None:
    path = policy_dir / "bpmsoft_care.policy"
    text = path.read_text(encoding="utf-8")
    typo = text.replace("cite reaction_critical,", "cite reaction_critcal,", 1)
    async with opened(client, path) as uri:
        diagnostics = await change(client, uri, typo, 2)
        errors = [d for d in diagnostics if d.severity is types.DiagnosticSeverity.Error]
        assert [d.code for d in errors] == ["PL201"]
        assert errors[0].range.start == position_of(typo, "reaction_critcal", shift=0)
        assert "help: did you mean `reaction_critical`?" in errors[0].message
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=errors[0].range,
                context=types.CodeActionContext(diagnostics=errors),
            )
        )
        assert actions is not None and [a.title for a in actions] == [
            "Change to `reaction_critical`"
        ]
        (edit,) = actions[0].edit.changes[uri]  # type: ignore[union-attr,index]
        assert edit.range == errors[0].range and edit.new_text == "reaction_critical"
        fixed = await change(client, uri, text, 3)
        assert not [d for d in fixed if d.severity is types.DiagnosticSeverity.Error]


BROKEN = {
    "missing-brace": (
        "sla critical",
        "sla critical",
        lambda t: t.replace("}\n\nsla high", "\nsla high"),
    ),
    "unknown-calendar": ("on office", "on ofice", None),
    "unknown-zone": ('zone "Europe/Moscow"', 'zone "Europe/Moskow"', None),
    "bad-enum-value": ("channel in [phone,", "channel in [fone,", None),
    "misspelled-keyword": ("fee unspecified", "fee unspecifed", None),
}


@pytest.mark.parametrize(("old", "new", "rewrite"), BROKEN.values(), ids=BROKEN.keys())
async def test_a_broken_text_shows_the_checker_s_diagnostics(
    client: LanguageClient, policy_dir: Path, tmp_path: Path, old: str, new: str, rewrite: object
) -> None:
    path = policy_dir / "bpmsoft_care.policy"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(old, new, 1)
    if callable(rewrite):
        broken = rewrite(text)
    assert broken != text
    (tmp_path / path.name).write_text(broken, encoding="utf-8")
    expected = policylang.check_paths([tmp_path / path.name])
    async with opened(client, path, broken) as uri:
        diagnostics = client.diagnostics[uri]
    shown = [d for d in diagnostics if d.severity is types.DiagnosticSeverity.Error]
    assert _places(shown) == sorted(
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column)
        for d in expected.errors
        if d.span is not None
    )
    assert shown, "a broken text has errors"


async def test_an_empty_file_is_reported(client: LanguageClient, policy_dir: Path) -> None:
    async with opened(client, policy_dir / "draft.policy", "") as uri:
        assert [d.code for d in client.diagnostics[uri]] == ["PL006"]


# ---------------------------------------------------------------------------------- hover


HOVERS = {
    "clause-reference": (
        "cite reaction_critical",
        6,
        ["Время реакции на инцидент", "*Reaction time"],
    ),
    "calendar": ("on office", 4, ["In plain words", "Monday to Friday 08:30", "Next closed days"]),
    "input": ("when channel", 6, ["Input `channel`", "`phone` (Phone)", "default `portal`"]),
    "rule": ("sla critical", 5, ["Critical priority", "Applies when", "30 minutes"]),
    "enum-value": ("channel in [phone", 13, ["`phone`", "a value of `channel`", "Phone"]),
    "priority-value": ("priority == critical", 13, ["Priority `critical`", "Critical"]),
    "note": (
        "note reaction_is_response",
        6,
        ["Interpretation: “Время реакции” is the response", "**Reading:**"],
    ),
    "event": ("from last resolved", 11, ["Event `resolved`"]),
}


@pytest.mark.parametrize(("needle", "shift", "words"), HOVERS.values(), ids=HOVERS.keys())
async def test_hover_says_what_the_page_says(
    client: LanguageClient, policy_dir: Path, needle: str, shift: int, words: list[str]
) -> None:
    found = await ask_at(
        client,
        policy_dir / "bpmsoft_care.policy",
        needle,
        shift,
        lambda document, at: client.text_document_hover_async(types.HoverParams(document, at)),
    )
    assert found is not None
    shown = found.contents.value  # type: ignore[union-attr]
    for word in words:
        assert word in shown


async def test_hover_survives_a_syntax_error(client: LanguageClient, policy_dir: Path) -> None:
    """While a text does not parse, the last one that did answers."""
    path = policy_dir / "bpmsoft_care.policy"
    text = path.read_text(encoding="utf-8")
    async with opened(client, path) as uri:
        await change(client, uri, text + "\nsla broken {\n", 2)
        found = await client.text_document_hover_async(
            types.HoverParams(
                types.TextDocumentIdentifier(uri),
                position_of(text, "cite reaction_critical", shift=6),
            )
        )
    assert found is not None and "Время реакции" in found.contents.value  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------- navigation


#: Where the cursor is (a text and how far into it), and the declarations it leads to: the
#: text of each one's line and the name the range covers.
REFERENCES = {
    "cite": ("cite hours_clause", 5, [('clause hours_clause "Office', "hours_clause")]),
    "about": ("about hours_clause", 6, [('clause hours_clause "Office', "hours_clause")]),
    "note": ("note weekdays", 5, [('note interpretation weekdays "Weekdays" {', "weekdays")]),
    "extends": ("extends base", 8, [("calendar base {", "base")]),
    "on-calendar": ("on office", 3, [("calendar office extends base {", "office")]),
    "category-field": ("  category errors", 11, [('category errors "Errors"', "errors")]),
    "priority-field": ("  priority high", 11, [('priority high "High"', "high")]),
    "product-field": ("  product app", 10, [('product app "App"', "app")]),
    "priority-value": ("priority == high", 12, [('priority high "High"', "high")]),
    "type-value": ("type == bug", 8, [('type bug "Bug" {', "bug")]),
    "category-value": ("category == errors", 12, [('category errors "Errors"', "errors")]),
    "input": ("channel == phone", 0, [("input channel: enum [", "channel")]),
    "enum-value": ("channel == phone", 11, [("input channel: enum [", "phone")]),
    "default-value": ("default portal", 8, [("input channel: enum [", "portal")]),
    "truth": ("or urgent", 3, [("input urgent: bool default false", "urgent")]),
    "product-value": ("product == app", 11, [('product app "App"', "app")]),
    "item-value": ("item == login", 8, [('  item login "Login"', "login")]),
    "days-since": ("since go_live", 6, [("input go_live: date optional", "go_live")]),
    "built-in-input": (
        "when priority",
        6,
        [('priority high "High"', "high"), ('priority low "Low"', "low")],
    ),
}


@pytest.mark.parametrize(("needle", "shift", "targets"), REFERENCES.values(), ids=REFERENCES.keys())
async def test_go_to_definition_for_every_kind_of_reference(
    client: LanguageClient,
    every_dir: Path,
    needle: str,
    shift: int,
    targets: list[tuple[str, str]],
) -> None:
    path = every_dir / "every.policy"
    found = await ask_at(
        client,
        path,
        needle,
        shift,
        lambda document, at: client.text_document_definition_async(
            types.DefinitionParams(document, at)
        ),
    )
    lines = path.read_text(encoding="utf-8").split("\n")
    assert isinstance(found, list)
    assert [
        (
            lines[f.range.start.line],
            lines[f.range.start.line][f.range.start.character : f.range.end.character],
        )
        for f in found
    ] == [(_line_starting(lines, start), name) for start, name in targets]


def _line_starting(lines: list[str], start: str) -> str:
    """The one line that starts with ``start`` (so a table names a line by its beginning)."""
    (line,) = [line for line in lines if line.startswith(start)]
    return line


async def test_references_and_rename_cover_every_use(
    client: LanguageClient, every_dir: Path
) -> None:
    path = every_dir / "every.policy"
    text = path.read_text(encoding="utf-8")
    at = position_of(text, "cite fee_clause", shift=6)
    async with opened(client, path) as uri:
        found = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri),
                position=at,
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        edit = await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri), position=at, new_name="phone_fee"
            )
        )
    assert found is not None and len(found) == text.count("fee_clause")
    assert edit is not None and edit.changes is not None
    renamed = _apply(text, edit.changes[uri])
    assert "fee_clause" not in renamed and renamed.count("phone_fee") == text.count("fee_clause")
    assert policylang.check_paths([], unsaved={str(path): renamed}).ok


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start = starts[edit.range.start.line] + edit.range.start.character
        end = starts[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


# ---------------------------------------------------------------------------------- completion


COMPLETIONS = {
    "clause-after-cite": ("  cite fee_clause", 7, {"hours_clause", "fee_clause"}),
    "calendar-after-on": ("on office", 3, {"office", "base"}),
    "input-after-when": ("when priority", 5, {"priority", "channel", "urgent", "go_live"}),
    "value-after-equals": ("channel == phone", 11, {"phone", "portal"}),
    "priority-value": ("priority == high", 12, {"high", "low"}),
    "country": ("holidays RU", 9, {"RU", "VN", "MX"}),
    "zone": ('zone "Europe/Moscow"', 6, {"Europe/Moscow", "Asia/Ho_Chi_Minh"}),
    "keywords-in-a-calendar": (
        "  cite hours_clause\n}",
        2,
        {"hours", "holidays", "closed", "cite"},
    ),
    "event": ("from last resolved", 10, {"resolved", "opened"}),
}


@pytest.mark.parametrize(
    ("needle", "shift", "wanted"), COMPLETIONS.values(), ids=COMPLETIONS.keys()
)
async def test_completion_offers_what_fits(
    client: LanguageClient, every_dir: Path, needle: str, shift: int, wanted: set[str]
) -> None:
    found = await ask_at(
        client,
        every_dir / "every.policy",
        needle,
        shift,
        lambda document, at: client.text_document_completion_async(
            types.CompletionParams(document, at)
        ),
    )
    assert isinstance(found, types.CompletionList)
    assert wanted <= {item.label for item in found.items}


#: A line typed at the end of every.policy, and whether completion there offers anything: a
#: comment takes no keyword, a `#` inside a string starts none.
COMMENTS = {
    "comment": ("# when channel == ", False),
    "comment-after-code": ('clause extra "Extra." # cite ', False),
    "hash-in-a-string": ('clause extra "Extra # one." {\n  ', True),
}


@pytest.mark.parametrize(("line", "offered"), COMMENTS.values(), ids=COMMENTS.keys())
async def test_completion_inside_a_comment_offers_nothing(
    client: LanguageClient, every_dir: Path, line: str, offered: bool
) -> None:
    text = EVERY.read_text(encoding="utf-8") + "\n" + line
    end = types.Position(text.count("\n"), len(text) - (text.rfind("\n") + 1))
    async with opened(client, every_dir / "commented.policy", text) as uri:
        found = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), end)
        )
    assert isinstance(found, types.CompletionList)
    assert bool(found.items) is offered


# ---------------------------------------------------------------------------------- the rest


async def test_outline_and_folding(client: LanguageClient, every_dir: Path) -> None:
    path = every_dir / "every.policy"
    async with opened(client, path) as uri:
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
        )
        folds = await client.text_document_folding_range_async(
            types.FoldingRangeParams(types.TextDocumentIdentifier(uri))
        )
    assert symbols is not None
    names = [s.name for s in symbols]  # type: ignore[union-attr]
    assert names[:4] == ["every", "hours_clause", "fee_clause", "weekdays"]
    channel = next(s for s in symbols if s.name == "channel")  # type: ignore[union-attr]
    assert [c.name for c in channel.children or []] == ["portal", "phone"]  # type: ignore[union-attr]
    assert folds is not None and (0, 8) in {(f.start_line, f.end_line) for f in folds}


async def test_formatting_gives_what_fmt_writes(client: LanguageClient, every_dir: Path) -> None:
    path = every_dir / "every.policy"
    text = path.read_text(encoding="utf-8")
    messy = text.replace("\n  fee per request", "\n        fee    per   request")
    async with opened(client, path, messy) as uri:
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri),
                options=types.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
    assert edits is not None
    assert _apply(messy, edits) == format_text(messy) == text


async def test_a_rule_without_cite_is_offered_its_notes_clauses(
    client: LanguageClient, every_dir: Path
) -> None:
    path = every_dir / "every.policy"
    text = path.read_text(encoding="utf-8")
    uncited = text.replace("  cite hours_clause\n  note weekdays\n", "  note weekdays\n", 1)
    assert uncited != text
    async with opened(client, path, uncited) as uri:
        (finding,) = [d for d in client.diagnostics[uri] if d.code == "PL671"]
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=finding.range,
                context=types.CodeActionContext(diagnostics=[finding]),
            )
        )
    assert actions is not None and [a.title for a in actions] == [
        "Cite `hours_clause` (a clause the rule's notes are about)"
    ]
    fixed = _apply(uncited, actions[0].edit.changes[uri])  # type: ignore[union-attr,index]
    assert fixed == text.replace(
        "  cite hours_clause\n  note weekdays\n", "  note weekdays\n  cite hours_clause\n", 1
    )
    assert "PL671" not in {d.code for d in policylang.lint(parse_text(fixed))}


async def test_a_code_lens_evaluates_an_example(client: LanguageClient, policy_dir: Path) -> None:
    tests = policy_dir / "bpmsoft_care.tests.yaml"
    uri = tests.as_uri()
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(types.TextDocumentIdentifier(uri))
    )
    assert lenses is not None and lenses
    command = lenses[0].command
    assert command is not None and command.title == "\u25b6 Evaluate this example"
    outcome = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command.command, command.arguments)
    )
    assert outcome["status"] == "passed"
    decision = outcome["decision"]
    assert decision["sla"]["response"]["due_at"] == "2026-03-10T08:50:00+03:00"
    # The v2 decision the case is matched against, with the texts of the clauses it cites.
    assert decision["schema_version"] == 2
    assert decision["texts"]["clauses"]["reaction_critical"]["english"]
    assert "passed" in client.messages[-1].message


async def test_an_untitled_buffer_is_checked_alone(client: LanguageClient) -> None:
    """A buffer with no file (VS Code's untitled:) is checked by itself, not with the
    server's working directory."""
    uri = "untitled:Untitled-1"
    text = EVERY.read_text(encoding="utf-8").replace("on office", "on ofice", 1)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "policy", 1, text))
    )
    await round_trip(client, uri)
    assert [d.code for d in client.diagnostics[uri]] == ["PL203"]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    await round_trip(client, uri)
    assert list(client.diagnostics[uri]) == []


async def test_navigation_goes_on_around_a_broken_declaration(
    client: LanguageClient, every_dir: Path
) -> None:
    """While one declaration does not parse, the others are found in the text as it is now."""
    path = every_dir / "every.policy"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("clause fee_clause", "sla typing {\n  when\n}\n\nclause fee_clause", 1)
    async with opened(client, path) as uri:
        diagnostics = await change(client, uri, broken, 2)
        assert [d.code for d in diagnostics if d.severity is types.DiagnosticSeverity.Error] == [
            "PL102"
        ]
        found = await client.text_document_definition_async(
            types.DefinitionParams(
                types.TextDocumentIdentifier(uri), position_of(broken, "cite fee_clause", shift=6)
            )
        )
    assert isinstance(found, list) and len(found) == 1
    assert broken.split("\n")[found[0].range.start.line].startswith('clause fee_clause "Phone')
