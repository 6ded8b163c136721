"""Running one case: evaluate its request, then judge the decision (or the rejection).

A case's ``expect`` is a fragment of the decision's v2 JSON with full detail
(``Decision.to_json("full")``: every part, the clause and note texts inline under ``texts``),
the document ``policylang eval --detail full`` prints. Every decision a case produces is also
checked against the published decision schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from policylang.errors import RequestError
from policylang.runtime.outcome import Crashed, Rejected, evaluate
from policylang.runtime.policyset import PolicySet
from policylang.runtime.schema import shipped_schema
from policylang.tools.testing.files import (
    TestCase,
    TestFile,
    problem_lines,
)
from policylang.tools.testing.matching import Mismatch, diff, match

__all__ = ["CaseResult", "run_case"]


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case: passed, failed (with why), or an error (policy or runner)."""

    file: Path
    case: TestCase
    status: str  # passed | failed | error
    message: str = ""
    mismatches: tuple[Mismatch, ...] = ()
    diff: str = ""
    decision: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        """True when the case passed."""
        return self.status == "passed"


def run_case(policies: PolicySet, tests: TestFile, case: TestCase) -> CaseResult:  # noqa: PLR0911  (one return per outcome of a case)
    """Run one case of ``tests`` against ``policies``: its outcome, never an exception."""
    if case.problems:
        lines = "\n".join(problem_lines(tests.path, case.problems))
        return CaseResult(tests.path, case, "error", f"the case cannot be run:\n{lines}")
    request = dict(case.request)
    if "policy" not in request and tests.policy is not None:
        request = {"policy": tests.policy, **request}
    # A case that expects a trace gets one; the others do not pay for it.
    trace = "trace" in (case.expect or {})
    outcome = evaluate(policies, request, as_of=case.as_of, trace=trace)
    if isinstance(outcome, Rejected):
        return _rejected(tests, case, outcome.error)
    if isinstance(outcome, Crashed):  # a bug must not cost the other cases their results
        bug = outcome.error
        return CaseResult(tests.path, case, "error", f"internal error: {type(bug).__name__}: {bug}")
    decision = outcome.answer.to_json("full")
    if case.expect_error is not None:
        return CaseResult(
            tests.path,
            case,
            "failed",
            f"expected the request to be rejected on {_fields(case.expect_error)}, but it was "
            "answered",
            decision=decision,
        )
    invalid = sorted(_decision_validator().iter_errors(decision), key=lambda e: e.json_path)
    if invalid:
        lines = "\n".join(f"  {e.json_path}: {e.message}" for e in invalid[:10])
        return CaseResult(
            tests.path,
            case,
            "error",
            f"the decision does not match schemas/decision.schema.json (a bug):\n{lines}",
            decision=decision,
        )
    expected = case.expect or {}
    mismatches = match(expected, decision)
    if mismatches:
        return CaseResult(
            tests.path,
            case,
            "failed",
            "the decision differs from `expect`",
            tuple(mismatches),
            diff(expected, decision),
            decision,
        )
    return CaseResult(tests.path, case, "passed", decision=decision)


@cache
def _decision_validator() -> Draft202012Validator:
    """Every decision a test produces is checked against the published decision schema."""
    return Draft202012Validator(shipped_schema("decision"))


def _rejected(tests: TestFile, case: TestCase, error: RequestError) -> CaseResult:
    """A case whose request was rejected: passed when it expected that, on those fields."""
    problems = "\n".join(f"  {p}" for p in error.problems)
    if case.expect_error is None:
        return CaseResult(tests.path, case, "failed", f"the request was rejected:\n{problems}")
    rejected = tuple(dict.fromkeys(p.field for p in error.problems))
    if set(rejected) != set(case.expect_error):
        return CaseResult(
            tests.path,
            case,
            "failed",
            f"rejected on {_fields(rejected)}, expected {_fields(case.expect_error)}:\n" + problems,
        )
    return CaseResult(tests.path, case, "passed")


def _fields(names: Iterable[str]) -> str:
    return "[" + ", ".join(names) + "]"
