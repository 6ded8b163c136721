"""The language server: protocol handlers, each a few lines over the feature modules.

Diagnostics are pushed (``textDocument/publishDiagnostics``) for every file of the directory
of a policy or customers file (``*.customers``, checked with the policies beside it) that is
opened, changed or saved: right away on open and save, and after a short
pause in typing (:data:`DEBOUNCE_SECONDS`) on change, so a burst of keystrokes costs one check.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

import policylang
from policylang import editor
from policylang.lsp import actions, completion, customers, examples, hover, navigation
from policylang.lsp.convert import Lines, path_of, to_lsp_diagnostic, uri_of
from policylang.lsp.state import FileView, Workspace, directory_of

__all__ = ["DEBOUNCE_SECONDS", "PolicyLanguageServer", "create_server"]

#: How long typing must pause before a check runs (clients may set ``debounceMs``).
DEBOUNCE_SECONDS = 0.15
#: The files the server checks: policies, and the customer layers checked against them.
_SUFFIXES = (".policy", ".customers")
#: The language ids an editor opens them as (an untitled buffer has no name to tell).
_LANGUAGES = frozenset({"policy", "customers"})

log = logging.getLogger(__name__)


class PolicyLanguageServer(LanguageServer):
    """A pygls server that knows the policies of the directories it was shown."""

    def __init__(self) -> None:
        super().__init__("policylang", policylang.__version__)
        self.state = Workspace()
        self.debounce = DEBOUNCE_SECONDS
        #: Publish lint's information findings (the defects and contradictions a policy
        #: declares, what it does on purpose) as hints; off unless the client asks (lintNotes).
        self.lint_notes = False
        self._pending: dict[str | None, asyncio.Task[None]] = {}
        #: Open documents that are policies or customers files: so named, or opened as
        #: language `policy` or `customers` (an untitled buffer has no name to tell).
        self.policy_uris: set[str] = set()
        #: Open documents opened as language `customers` (whatever their name).
        self.customers_uris: set[str] = set()

    # ------------------------------------------------------------------ texts and checks

    def lines(self, text: str) -> Lines:
        """Position conversion for a text, in the encoding the client chose."""
        return Lines(text, self.workspace.position_codec)

    def is_policy(self, uri: str) -> bool:
        """Whether a document is a policy (or customers file) the server checks."""
        return uri in self.policy_uris or uri.endswith(_SUFFIXES)

    def is_customers(self, uri: str) -> bool:
        """Whether a document is a customers file: so named, or opened as language `customers`."""
        return uri in self.customers_uris or uri.endswith(editor.CUSTOMERS_SUFFIX)

    def policies_beside(self, uri: str) -> list[FileView]:
        """The policies a customers file names things of: those of its directory's last check."""
        return self.state.policies(directory_of(path_of(uri)))

    def open_policies(self, directory: str | None) -> dict[str, str]:
        """The texts the editor holds for the policies and customers files of ``directory``."""
        out: dict[str, str] = {}
        for uri, document in self.workspace.text_documents.items():
            path = path_of(uri)
            if self.is_policy(uri) and directory_of(path) == directory:
                out[path] = document.source
        return out

    def check_now(self, path: str) -> None:
        """Check the directory of ``path`` and publish the diagnostics of each of its files."""
        directory = directory_of(path)
        unsaved = self.open_policies(directory)
        if directory is None:
            unsaved = {p: t for p, t in unsaved.items() if p == path}
        result = self.state.check(directory, unsaved)
        texts = {p: self.lines(t) for p, t in result.texts.items()}
        for file, everything in result.diagnostics.items():
            found = [d for d in everything if self.lint_notes or not _lint_note(d)]
            lines = texts.get(file) or self.lines(unsaved.get(file, ""))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=_uri(file), diagnostics=[to_lsp_diagnostic(d, lines, texts) for d in found]
                )
            )
        key = directory or path
        for gone in self.state.published.get(key, set()) - set(result.diagnostics):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=_uri(gone), diagnostics=[])
            )
        self.state.published[key] = set(result.diagnostics)

    def check_soon(self, path: str) -> None:
        """Check after a pause in typing; a newer change restarts the wait."""
        key = directory_of(path)
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending.cancel()
        self._pending[key] = asyncio.get_running_loop().create_task(self._later(path))

    async def _later(self, path: str) -> None:
        await asyncio.sleep(self.debounce)
        self._pending.pop(directory_of(path), None)
        self.check_now(path)

    def indexed(self, uri: str) -> tuple[FileView, editor.SymbolIndex, Lines, str] | None:
        """A document's last parsed view, its index, the lines the index's spans are places
        in, and its path; None before a text of it has parsed."""
        path = path_of(uri)
        view = self.state.view(path)
        if view is None or (index := view.index()) is None:
            return None
        return view, index, self.lines(view.checked_text), path

    def text_of(self, uri: str) -> str:
        """The editor's text of an open document; else the last checked text, else nothing."""
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            return str(document.source)
        view = self.state.view(path_of(uri))
        return view.text if view is not None else ""


def _lint_note(diagnostic: policylang.Diagnostic) -> bool:
    return (
        isinstance(diagnostic, policylang.Finding)
        and diagnostic.severity is policylang.Severity.INFO
    )


def _uri(path: str) -> str:
    return path if ":" in path.split("/", 1)[0] else uri_of(path)


def create_server() -> PolicyLanguageServer:  # noqa: C901, PLR0915  (one nested handler per LSP feature, each a few lines; the size is the feature count)
    """A server with every feature registered (not started)."""
    server = PolicyLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: PolicyLanguageServer, params: types.InitializeParams) -> None:
        options: Any = params.initialization_options
        if not isinstance(options, Mapping):
            return
        if isinstance(options.get("debounceMs"), int | float):
            ls.debounce = max(0.0, float(options["debounceMs"]) / 1000)
        if isinstance(options.get("lintNotes"), bool):
            ls.lint_notes = options["lintNotes"]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PolicyLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        if params.text_document.language_id in _LANGUAGES:
            ls.policy_uris.add(params.text_document.uri)
        if params.text_document.language_id == "customers":
            ls.customers_uris.add(params.text_document.uri)
        if ls.is_policy(params.text_document.uri):
            ls.check_now(path_of(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(
        ls: PolicyLanguageServer, params: types.DidChangeTextDocumentParams
    ) -> None:
        if ls.is_policy(params.text_document.uri):
            ls.check_soon(path_of(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PolicyLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        if ls.is_policy(params.text_document.uri):
            ls.check_now(path_of(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PolicyLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not ls.is_policy(uri):
            return
        ls.policy_uris.discard(uri)
        ls.customers_uris.discard(uri)
        path = path_of(uri)
        if directory_of(path) is not None:
            ls.check_now(path)  # the file on disk counts again for its directory
        else:
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PolicyLanguageServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        if ls.is_customers(uri):
            text = ls.text_of(uri)
            lines = ls.lines(text)
            at = lines.offset(params.position)
            return customers.hover(path_of(uri), text, lines, at, ls.policies_beside(uri))
        if (found := ls.indexed(params.text_document.uri)) is None:
            return None
        view, _, lines, _ = found
        return hover.hover(view, lines, lines.offset(params.position))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(
        ls: PolicyLanguageServer, params: types.DefinitionParams
    ) -> list[types.Location]:
        uri = params.text_document.uri
        if ls.is_customers(uri):
            text = ls.text_of(uri)
            at = ls.lines(text).offset(params.position)
            return customers.definition(path_of(uri), text, at, ls.policies_beside(uri), ls.lines)
        if (found := ls.indexed(params.text_document.uri)) is None:
            return []
        _, index, lines, path = found
        return navigation.definition(index, path, lines, lines.offset(params.position))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def on_references(
        ls: PolicyLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location]:
        if (found := ls.indexed(params.text_document.uri)) is None:
            return []
        _, index, lines, path = found
        with_declarations = params.context.include_declaration
        at = lines.offset(params.position)
        return navigation.references(index, path, lines, at, declarations=with_declarations)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(
        ls: PolicyLanguageServer, params: types.PrepareRenameParams
    ) -> types.Range | None:
        if (found := ls.indexed(params.text_document.uri)) is None:
            return None
        _, index, lines, _ = found
        return navigation.prepare_rename(index, lines, lines.offset(params.position))

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def on_rename(
        ls: PolicyLanguageServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        if (found := ls.indexed(params.text_document.uri)) is None:
            return None
        _, index, lines, _ = found
        at = lines.offset(params.position)
        return navigation.rename(index, params.text_document.uri, lines, at, params.new_name)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(
        ls: PolicyLanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        if (found := ls.indexed(params.text_document.uri)) is None:
            return []
        _, index, lines, _ = found
        return navigation.document_symbols(index, lines)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def on_folding(
        ls: PolicyLanguageServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange]:
        view = ls.state.view(path_of(params.text_document.uri))
        if view is None:
            return []
        index = view.index() if view.current else None
        return navigation.folding_ranges(index, ls.lines(view.text))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[" ", ",", "[", '"', "/"]),
    )
    def on_completion(
        ls: PolicyLanguageServer, params: types.CompletionParams
    ) -> types.CompletionList:
        uri = params.text_document.uri
        text = ls.text_of(uri)
        lines = ls.lines(text)
        at = lines.offset(params.position)
        if ls.is_customers(uri):
            policies = [v.checked for v in ls.policies_beside(uri) if v.checked is not None]
            terms = editor.customer_terms(policies)
            return completion.complete(text, at, None, lines, customers=terms)
        view = ls.state.view(path_of(uri))
        index = view.index() if view is not None else None
        return completion.complete(text, at, index, lines)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(
        ls: PolicyLanguageServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        text = ls.text_of(params.text_document.uri)
        return actions.format_document(text, path_of(params.text_document.uri), ls.lines(text))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def on_code_action(
        ls: PolicyLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        view = ls.state.view(path_of(uri))
        if view is not None and view.current:
            # The diagnostics and the index are of the checked text: edit that text.
            index, text = view.index(), view.checked_text
        else:
            index, text = None, ls.text_of(uri)
        return actions.code_actions(uri, ls.lines(text), index, list(params.context.diagnostics))

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def on_code_lens(
        ls: PolicyLanguageServer, params: types.CodeLensParams
    ) -> list[types.CodeLens]:
        uri = params.text_document.uri
        if not uri.endswith(examples.TESTS_SUFFIX):
            return []
        return examples.example_lenses(uri, path_of(uri))

    @server.command(examples.EVALUATE_EXAMPLE)
    def evaluate_example(ls: PolicyLanguageServer, uri: str, number: int) -> dict[str, Any]:
        path = path_of(uri)
        outcome = examples.evaluate_example(path, int(number), ls.open_policies(directory_of(path)))
        kind = types.MessageType.Info if outcome["status"] == "passed" else types.MessageType.Error
        ls.window_show_message(types.ShowMessageParams(kind, examples.summary(outcome)))
        if outcome.get("decision") is not None:
            ls.window_log_message(
                types.LogMessageParams(types.MessageType.Log, examples.decision_text(outcome))
            )
        return outcome

    return server


def serve() -> None:
    """Run the server over standard input and output until the client exits."""
    create_server().start_io()
