"""Render lint findings: the checker's caret excerpts, plus the request that shows the problem."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import click

from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.lang.rendering import render_human
from policylang.lang.source import SourceFile
from policylang.text.english import plural
from policylang.tools.lint.context import Finding

__all__ = ["render_finding", "summary"]


def render_finding(
    diagnostic: Diagnostic, sources: Mapping[str, SourceFile], *, styled: bool = False
) -> str:
    """A diagnostic as `policylang check` renders it; a finding's request on a last line::

    = request: {"policy": "itc", "opened_at": "2026-01-01T10:00:00+07:00", "item": "..."}

    The request is one line of JSON, ready for `policylang eval -`. ``styled``: terminal
    colours, as :func:`policylang.lang.rendering.render_human` adds them.
    """
    text = render_human(diagnostic, sources, styled=styled)
    if isinstance(diagnostic, Finding) and diagnostic.counterexample is not None:
        span = diagnostic.span
        pad = " " * (len(str(span.line)) + 1) if span is not None and span.path in sources else ""
        request = json.dumps(dict(diagnostic.counterexample), ensure_ascii=False)
        label = click.style("= request:", fg="cyan", bold=True) if styled else "= request:"
        text += f"\n{pad}{label} {request}"
    return text


def summary(
    linted: int, checked: int, diagnostics: Iterable[Diagnostic], customers_files: int = 0
) -> str:
    """``linted 5 files: 0 errors, 3 warnings, 19 notes (2 acknowledged)``: the notes a policy
    note ``acknowledges`` are counted apart, so a new finding does not hide among them.
    ``checked`` counts the files read, ``customers_files`` of them checked with the policies
    and not linted (no lint rule reads them), said apart from the policies an error kept from
    being linted."""
    counts = dict.fromkeys(Severity, 0)
    acknowledged = 0
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
        acknowledged += isinstance(diagnostic, Finding) and diagnostic.acknowledged_by is not None

    policies = checked - customers_files
    skipped = f" ({policies - linted} not linted: errors)" if policies > linted else ""
    also = f", checked {plural(customers_files, 'customers file')}" if customers_files else ""
    of_them = f" ({acknowledged} acknowledged)" if acknowledged else ""
    return (
        f"linted {plural(linted, 'file')}{skipped}{also}: "
        f"{plural(counts[Severity.ERROR], 'error')}, "
        f"{plural(counts[Severity.WARNING], 'warning')}, {plural(counts[Severity.INFO], 'note')}"
        f"{of_them}"
    )
