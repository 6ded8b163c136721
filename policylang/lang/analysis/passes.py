"""Static analysis: ordered, named passes from a parsed file to a checked one.

Each pass reads the file and the symbol table and appends diagnostics; none of them stops the
others, so one run reports every problem it can find. Passes that depend on well-formed input
(conditions need declared inputs) are written to skip what an earlier pass already reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policylang.lang import ast
from policylang.lang.analysis.calendars import check_calendars
from policylang.lang.analysis.charges import check_charges
from policylang.lang.analysis.conditions import check_conditions
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.durations import check_durations
from policylang.lang.analysis.header import check_header
from policylang.lang.analysis.items import check_item_types
from policylang.lang.analysis.references import check_references
from policylang.lang.analysis.rules import check_rules
from policylang.lang.analysis.symbols import InputInfo, Symbols, build_symbols
from policylang.lang.diagnostics import Diagnostic, Severity, sort_diagnostics

__all__ = ["PASSES", "CheckedFile", "InputInfo", "Symbols", "analyze"]

#: The passes, in the order they run.
PASSES: tuple[tuple[str, Callable[[Context], None]], ...] = (
    ("header", check_header),
    ("references", check_references),
    ("calendars", check_calendars),
    ("durations", check_durations),
    ("conditions", check_conditions),
    ("rules", check_rules),
    ("charges", check_charges),
    ("items", check_item_types),
)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A parsed file, its symbols, and everything the passes found."""

    file: ast.PolicyFile
    symbols: Symbols
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error (warnings do not block loading)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def analyze(policy_file: ast.PolicyFile) -> CheckedFile:
    """Run every pass over one parsed file."""
    symbols, problems = build_symbols(policy_file)
    ctx = Context(policy_file, symbols, problems)
    for _name, run in PASSES:
        run(ctx)
    return CheckedFile(policy_file, symbols, tuple(sort_diagnostics(ctx.diagnostics)))
