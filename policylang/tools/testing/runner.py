"""The test runner behind ``policylang test``: every case of every tests file, and coverage.

The policies a file is run against are loaded from the file's own directory, so the tests of a
versioned policy see all its versions. Library code raises and returns reports; rendering them is
:mod:`policylang.cli.testcmd`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policylang.compiler.load import load
from policylang.errors import PolicyError
from policylang.runtime.policyset import PolicySet
from policylang.tools.testing.cases import CaseResult, run_case
from policylang.tools.testing.coverage import Coverage, CoverageCounter
from policylang.tools.testing.files import (
    TestFileError,
    discover_tests,
    load_tests_file,
)

__all__ = ["TestReport", "run_tests"]


@dataclass(frozen=True, slots=True)
class TestReport:
    """Everything a run found: case results, unusable files and paths, and coverage."""

    __test__ = False

    results: tuple[CaseResult, ...]
    file_errors: tuple[str, ...]
    files: tuple[Path, ...]
    coverage: Coverage

    @property
    def failed(self) -> list[CaseResult]:
        """The cases that did not pass."""
        return [r for r in self.results if not r.passed]

    @property
    def ok(self) -> bool:
        """True when every file was usable and every case passed."""
        return not self.file_errors and not self.failed


def run_tests(paths: Iterable[str | Path]) -> TestReport:
    """Run every case of the tests files ``paths`` name (see :func:`discover_tests`)."""
    files, errors = discover_tests(paths)
    results: list[CaseResult] = []
    counter = CoverageCounter()
    loaded: dict[Path, PolicySet | PolicyError] = {}
    for path in files:
        try:
            tests = load_tests_file(path)
        except TestFileError as error:
            errors.extend(error.lines())
            continue
        directory = path.parent.resolve()
        if directory not in loaded:
            try:
                loaded[directory] = load(path.parent)
            except PolicyError as error:
                loaded[directory] = error
        policies = loaded[directory]
        if isinstance(policies, PolicyError):
            errors.append(
                f"{path}: the policies in {path.parent} do not load: {policies}"
                f" (run `policylang check {path.parent}`)"
            )
            continue
        if tests.policy is not None:
            counter.target(policies, tests.policy)
        for case in tests.cases:
            result = run_case(policies, tests, case)
            results.append(result)
            if result.decision is not None:
                counter.record(policies, result.decision)
    return TestReport(tuple(results), tuple(errors), tuple(files), counter.coverage())
