"""The whole pipeline, stage by stage, as the fuzz tests drive it.

`run_pipeline` takes a policy text and a way to draw requests for it, and runs every stage a user
can reach: parse, check, format (and parse the result again), compile, evaluate (with and
without a trace, sometimes with an ``as_of``), ``to_json`` (validated against the decision schema), ``explain``, lint (and
evaluate every request a finding shows), and the documentation page. The only exceptions a stage
may raise are the documented ones: `PolicyError` from parse (and from check, as diagnostics),
`RequestError` from evaluate. Anything else propagates and fails the example, as does an example
that outlives `EXAMPLE_SECONDS` (`Hang`, raised by an alarm: a loop that never ends would
otherwise never fail).

`STAGES` counts how far each example got, so a run can say what it exercised. A long run sets
``FUZZ_RECORD`` to a file: each crash or hang is then appended to it (one JSON line: kind,
exception, the stage's frame, the policy text) and counted in `STAGES` as ``crash`` / ``hang``,
and the run goes on to the end instead of stopping at the first; the run still fails at the end
if anything was recorded (see ``conftest.py``).
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import signal
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from policylang.compiler.policy import compile_file
from policylang.errors import PolicyError, RequestError
from policylang.lang.analysis.passes import analyze
from policylang.lang.diagnostics import Severity
from policylang.lang.printer import format_file, format_verified
from policylang.lang.source import SourceFile
from policylang.lang.syntax.parser import parse
from policylang.model.policy import CompiledPolicy
from policylang.runtime.decision import Decision
from policylang.runtime.explain import explain
from policylang.runtime.policyset import PolicySet
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.page import render_page
from policylang.tools.lint.linter import Finding, lint
from tests.unit.evalfixtures import assert_decision, assert_error

__all__ = [
    "EXAMPLE_SECONDS",
    "LINT_BUDGET",
    "RECORD",
    "SIGNATURES",
    "STAGES",
    "DrawRequests",
    "Hang",
    "run_pipeline",
    "time_limit",
]

#: How long one example may take, all stages together, before it counts as a hang. Generous:
#: the slowest honest example (a mutant of the largest bundled policy, on a loaded machine)
#: takes well under a second.
EXAMPLE_SECONDS = float(os.environ.get("FUZZ_EXAMPLE_SECONDS", "20"))

#: Rule verdicts each lint search may spend: small, so a fuzz example stays cheap and the
#: truncation path (PL690) is exercised too.
LINT_BUDGET = 20_000

#: Formatting twice is checked on texts up to this size (a third parse of a bundled policy
#: would cost a fifth of its example; its idempotence is tested on the file itself).
IDEMPOTENCE_CHARS = 8_000

#: How far examples got: "parse-error", "check-error", "compiled", "answered" (and, when
#: recording, "crash" and "hang").
STAGES: Counter[str] = Counter()

#: Recorded crashes and hangs by kind, exception and the frame of policylang it came from.
SIGNATURES: Counter[str] = Counter()

#: Draws what to ask a compiled policy: (request, as_of) pairs (from Hypothesis in the tests).
DrawRequests = Callable[[CompiledPolicy], list[tuple[Any, Any]]]


class Hang(Exception):
    """An example ran longer than `EXAMPLE_SECONDS`."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise `Hang` inside the block if it runs longer than ``seconds`` (main thread only)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"{what} ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    # The alarm runs between bytecodes; a hang inside C code (a regular expression that
    # backtracks forever) would outlive it: then dump every thread's stack and end the run.
    faulthandler.dump_traceback_later(seconds * 3, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: Where a long run records crashes and hangs instead of stopping (None: fail at once).
RECORD = os.environ.get("FUZZ_RECORD")


def run_pipeline(text: str, path: str, draw_requests: DrawRequests) -> str:
    """Run ``text`` through every stage it can reach; return the last stage it reached."""
    try:
        with time_limit(EXAMPLE_SECONDS, f"the pipeline on {path}"):
            stage = _stages(text, path, draw_requests)
    except Exception as error:
        if RECORD is None:
            raise
        stage = _record(error, text, path)
    STAGES[stage] += 1
    return stage


def _record(error: Exception, text: str, path: str) -> str:
    """Append a crash or a hang to the `RECORD` file; its kind is the stage it counts as."""
    kind = "hang" if isinstance(error, Hang) else "crash"
    frames = traceback.extract_tb(error.__traceback__)
    inside = [f for f in frames if "/policylang/" in f.filename] or frames
    where = f"{inside[-1].filename.rsplit('/', 2)[-1]}:{inside[-1].lineno}" if inside else "?"
    signature = f"{kind} {type(error).__name__} at {where}"
    SIGNATURES[signature] += 1
    if SIGNATURES[signature] <= 3:  # a few texts of each are enough to reproduce it
        entry = {
            "signature": signature,
            "error": f"{type(error).__name__}: {str(error)[:200]}",
            "path": path,
            "text": text,
        }
        assert RECORD is not None
        with open(RECORD, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return kind


def _stages(text: str, path: str, draw_requests: DrawRequests) -> str:
    try:
        tree = parse(SourceFile(path, text))
    except PolicyError as error:
        _assert_diagnostics(error)
        return "parse-error"
    checked = analyze(tree)  # never raises: problems are diagnostics
    _assert_formats(tree, text, path)
    if not checked.ok:
        return "check-error"
    policy = compile_file(checked)  # a policy check accepts always compiles
    policies = PolicySet.from_policies([policy])
    answered = 0
    for index, (request, as_of) in enumerate(draw_requests(policy)):
        decision = _evaluate(policies, request, as_of=as_of, trace=index == 0)
        if decision is not None:
            _assert_reports(decision, validate=answered == 0)
            answered += 1
    for finding in lint(checked, budget=LINT_BUDGET):
        assert finding.severity is not Severity.ERROR, finding
        if isinstance(finding, Finding) and finding.counterexample is not None:
            _evaluate(policies, dict(finding.counterexample), as_of=None, trace=False)
    page = render_page(Documented(policy, tree, (policy,)), policies)
    assert page.endswith("\n")
    return "answered" if answered else "compiled"


def _assert_diagnostics(error: PolicyError) -> None:
    assert error.diagnostics, "a PolicyError carries diagnostics"
    for diagnostic in error.diagnostics:
        assert diagnostic.code.startswith("PL") and diagnostic.message


def _assert_formats(tree: Any, text: str, path: str) -> None:
    """fmt: the canonical text parses back to the same tree (`format_verified` checks it), and,
    for texts short enough to parse once more cheaply, is a fixed point."""
    out = format_verified(tree, text)
    if len(out) <= IDEMPOTENCE_CHARS:
        again = parse(SourceFile(path, out))
        assert format_file(again, out) == out, "formatting is not idempotent"


def _evaluate(policies: PolicySet, request: Any, *, as_of: Any, trace: bool) -> Decision | None:
    try:
        return policies.evaluate(request, as_of=as_of, trace=trace)
    except RequestError as error:
        assert error.problems, "a RequestError names its problems"
        assert_error(error.to_json())
        return None


def _assert_reports(decision: Decision, *, validate: bool) -> None:
    """Every report of a decision: its JSON (valid, and free of NaN), and its explanation."""
    data = decision.to_json()
    json.dumps(data, allow_nan=False)
    roles = decision.roles
    assert (roles.state == "depends") == bool(roles.cases)
    if roles.outcome is not None:
        json.dumps(roles.outcome.to_json(), allow_nan=False)
    if validate:
        assert_decision(data)
    assert explain(decision)
