"""The linter's entry points: :func:`lint` (one file) and :func:`lint_paths` (check, then lint
every file without errors), and :data:`ANALYSES`, the analyses in the order they run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.analysis.passes import CheckedFile, analyze
from policylang.lang.collector import paused
from policylang.lang.diagnostics import Diagnostic, Severity, sort_diagnostics
from policylang.lang.loader import check_paths
from policylang.lang.source import SourceFile
from policylang.tools.lint.acknowledged import acknowledge
from policylang.tools.lint.charges import check_charges
from policylang.tools.lint.citations import check_citations
from policylang.tools.lint.context import Finding, LintContext
from policylang.tools.lint.duplicates import check_duplicates
from policylang.tools.lint.gaps import check_gaps
from policylang.tools.lint.horizon import check_horizon
from policylang.tools.lint.notes import check_notes
from policylang.tools.lint.overlaps import check_overlaps
from policylang.tools.lint.search import DEFAULT_BUDGET
from policylang.tools.lint.shadowing import check_shadowing
from policylang.tools.lint.targets import check_targets
from policylang.tools.lint.unused import check_unused

__all__ = ["ANALYSES", "Finding", "LintReport", "lint", "lint_paths"]

#: The analyses, in the order they run.
ANALYSES: tuple[tuple[str, Callable[[LintContext], None]], ...] = (
    ("overlaps", check_overlaps),
    ("charges", check_charges),
    ("gaps", check_gaps),
    ("shadowing", check_shadowing),
    ("duplicates", check_duplicates),
    ("targets", check_targets),
    ("notes", check_notes),
    ("unused", check_unused),
    ("citations", check_citations),
    ("horizon", check_horizon),
)


def lint(policy: CheckedFile | ast.PolicyFile, *, budget: int = DEFAULT_BUDGET) -> list[Diagnostic]:
    """Every lint finding for one file, in reading order.

    ``policy`` is a checked file, or a parsed one (checked here). A file with errors cannot be
    linted: :class:`~policylang.lang.diagnostics.PolicyError` carries its errors. ``budget`` bounds
    each search (rule verdicts evaluated); a search that exhausts it reports PL690.
    """
    checked = policy if isinstance(policy, CheckedFile) else analyze(policy)
    if not checked.ok:
        raise PolicyError([d for d in checked.diagnostics if d.severity is Severity.ERROR])
    # The searches make millions of short-lived tuples and no reference cycles; every cyclic
    # collection they trigger re-walks the whole checked tree, which on a large policy doubled
    # the run time. Reference counting frees everything they make; the collector resumes after.
    with paused():
        ctx = LintContext.of(checked, budget)
        for _name, run in ANALYSES:
            run(ctx)
    return sort_diagnostics(acknowledge(checked.symbols, ctx.findings))


@dataclass(slots=True)
class LintReport:
    """What linting a set of paths found: the checker's diagnostics, then the lint findings."""

    #: How many files were read.
    checked: int = 0
    #: How many files were linted (those without errors).
    linted: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    #: How many of the files read are ``*.customers`` files: checked, with no lint of their own.
    customers_files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        """The checker's errors (files with errors are not linted)."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Warnings, from the checker and the linter."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def lint_paths(paths: Sequence[str | Path], *, budget: int = DEFAULT_BUDGET) -> LintReport:
    """Check every policy file under ``paths`` and lint those without errors."""
    checked = check_paths(paths)
    report = LintReport(
        checked.checked, 0, list(checked.diagnostics), checked.sources, checked.customers_files
    )
    for file in checked.files:
        if file.ok:
            report.linted += 1
            report.diagnostics.extend(lint(file, budget=budget))
    report.diagnostics = sort_diagnostics(report.diagnostics)
    return report
