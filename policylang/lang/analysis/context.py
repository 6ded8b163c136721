"""What every analysis pass shares: the file, its symbols, and the diagnostics found so far."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policylang.lang import ast
from policylang.lang.analysis.symbols import Symbols
from policylang.lang.diagnostics import Diagnostic, Related, Severity
from policylang.lang.source import Span
from policylang.text.suggestions import did_you_mean

__all__ = ["Context"]


@dataclass(slots=True)
class Context:
    """The state one check of one file threads through its passes."""

    file: ast.PolicyFile
    symbols: Symbols
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        code: str,
        message: str,
        span: Span,
        help: str | None = None,
        *,
        related: Iterable[Related] = (),
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record a diagnostic."""
        self.diagnostics.append(Diagnostic(code, message, span, help, severity, tuple(related)))

    def warning(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        """Record a warning (the policy still loads)."""
        self.error(code, message, span, help, severity=Severity.WARNING)

    def unknown(
        self, code: str, kind: str, name: ast.Name, candidates: Iterable[str], hint: str
    ) -> None:
        """Report a reference to an undeclared name, suggesting a close one if any."""
        pool = list(candidates)
        help_text = did_you_mean(name.value, pool)
        if help_text is None:
            help_text = hint if not pool else f"{hint} (declared: {_names(pool)})"
        self.error(code, f"unknown {kind} `{name.value}`", name.span, help_text)


def _names(pool: list[str], limit: int = 8) -> str:
    shown = ", ".join(f"`{p}`" for p in pool[:limit])
    return shown + (f" and {len(pool) - limit} more" if len(pool) > limit else "")
