"""How fast `policylang lsp` shows diagnostics after an edit of the largest bundled policy.

    python bench/lsp.py                 # 40 edits of policies/bpmsoft_care.policy (971 lines)
    python bench/lsp.py --edits 100

Two parts, run in one go so their figures compare:

1. **Through the protocol.** A real client starts `python -m policylang lsp` on a copy of
   policies/, opens bpmsoft_care.policy and sends edits (a typo in a `cite`, then its fix, in
   turn), timing each from `didChange` sent to that file's `publishDiagnostics` received. The
   server's pause in typing is set to 0 ms here, so the time is the work; an editor adds the
   pause (150 ms by default) on top.
2. **In process.** The check of the directory after an edit, as the server runs it (the other
   files' parses reused whole, the edited file's unchanged declarations reused) and with
   nothing reused (both caches cleared), and the lint of the edited file: parsing is most of
   a check, and what reuse saves.

Medians and 90th percentiles in milliseconds; the load average is printed, since the machine
may be busy.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/lsp.py` puts bench/ first on the path, where bench/calendar.py would shadow
# the standard library's calendar module: take it off before importing anything else.
_HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == _HERE:
    sys.path.pop(0)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

import policylang  # noqa: E402
from policylang import loader  # noqa: E402
from policylang.lang.syntax import incremental  # noqa: E402

ROOT = _HERE.parent
POLICY = "bpmsoft_care.policy"
GOOD, TYPO = "cite reaction_critical,", "cite reaction_critcal,"


def summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{label:<52} median {statistics.median(ordered):7.1f} ms   p90 {p90:7.1f} ms"


async def through_the_protocol(directory: Path, edits: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each edit to its diagnostics: (edits that break, edits that fix)."""
    path = directory / POLICY
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    async def diagnostics_of_file() -> types.PublishDiagnosticsParams:
        while True:
            params = await arrived.get()
            if params.uri == uri:
                return params

    await client.start_io(sys.executable, "-m", "policylang", "lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options={"debounceMs": 0}
        )
    )
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "policy", 1, text))
    )
    await diagnostics_of_file()
    breaking: list[float] = []
    fixing: list[float] = []
    for version in range(2, edits + 2):
        broken = version % 2 == 0
        new = text.replace(GOOD, TYPO, 1) if broken else text
        # A text never sent before, as after a keystroke: nothing of the edited file is reused.
        new += f"# edit {version}\n"
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(new)],
            )
        )
        params = await diagnostics_of_file()
        elapsed = (time.perf_counter() - started) * 1000
        errors = [d for d in params.diagnostics if d.severity == types.DiagnosticSeverity.Error]
        assert bool(errors) == broken, "the diagnostics do not follow the edit"
        (breaking if broken else fixing).append(elapsed)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return breaking, fixing


def in_process(directory: Path, rounds: int) -> dict[str, list[float]]:
    """Milliseconds of the check of the directory after an edit, with and without reuse."""
    path = directory / POLICY
    text = path.read_text(encoding="utf-8")
    out: dict[str, list[float]] = {"reused": [], "cold": [], "lint": []}
    for round_ in range(rounds):
        # A new text each round, as after a keystroke: the edited file is always parsed anew.
        edited = text.replace(GOOD, f"{GOOD}  # {round_}\n ", 1)
        unsaved = {str(path): edited}
        policylang.check_paths([directory], unsaved=unsaved)  # warm: the others are cached
        edited += " "
        unsaved = {str(path): edited}
        started = time.perf_counter()
        report = policylang.check_paths([directory], unsaved=unsaved)
        out["reused"].append((time.perf_counter() - started) * 1000)
        checked = next(f for f in report.files if f.file.path == str(path))
        started = time.perf_counter()
        policylang.lint(checked)
        out["lint"].append((time.perf_counter() - started) * 1000)
        loader._parse_once.cache_clear()
        incremental._pieces.clear()
        started = time.perf_counter()
        policylang.check_paths([directory], unsaved=unsaved)
        out["cold"].append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40, help="edits sent through the protocol")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary) / "policies"
        shutil.copytree(ROOT / "policies", directory)
        lines = (directory / POLICY).read_text(encoding="utf-8").count("\n")
        print(f"{POLICY}: {lines} lines; {len(list(directory.glob('*.policy')))} policies")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        breaking, fixing = asyncio.run(through_the_protocol(directory, args.edits))
        print(summary("edit -> diagnostics, a typo in a cite (PL201)", breaking))
        print(summary("edit -> diagnostics, the fix (lint runs again)", fixing))
        measured = in_process(directory, max(10, args.edits // 2))
        print(summary("check of the directory after an edit, with reuse", measured["reused"]))
        print(summary("check of the directory after an edit, nothing reused", measured["cold"]))
        print(summary("lint of the edited file", measured["lint"]))
        ratio = statistics.median(measured["cold"]) / statistics.median(measured["reused"])
        print(f"reuse makes the check {ratio:.1f}x faster")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
