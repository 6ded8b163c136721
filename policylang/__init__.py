"""policylang: support contracts as policy code, evaluated into one cited answer.

The front of the package::

    import policylang

    policies = policylang.load("policies/")            # check + compile; PolicyError on problems
    decision = policies.evaluate({
        "policy": "bpmsoft_care",
        "opened_at": "2026-03-06T17:20:00+03:00",
        "priority": "critical",
    })
    decision.to_json()["sla"]["response"]["due_at"]    # '2026-03-10T08:50:00+03:00'

Errors are one family: :class:`PolicylangError`, with :class:`PolicyError` (diagnostics about
policy files) and :class:`RequestError` (problems with a request). Library calls never print.

Every name here is imported the first time it is read (PEP 562): ``import policylang`` loads
nothing else of the package, and ``policylang.lint`` loads the linter only when a program asks
for it. The table :data:`_EXPORTS` says where each name lives; the command line, the HTTP
service and the language server use these names (and the few modules docs/python-api.md calls
public), never the stages behind them (ARCHITECTURE.md, the import contracts in pyproject.toml).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:  # what the type checker reads; at run time, __getattr__ imports on first use
    from policylang import batch, editor, explain, report, schema, testing
    from policylang.compiler.load import load
    from policylang.errors import (
        CalendarError,
        PolicyError,
        PolicylangError,
        RequestError,
        RequestProblem,
    )
    from policylang.lang.analysis.customers import CUSTOMERS_SUFFIX
    from policylang.lang.diagnostics import Diagnostic, Severity
    from policylang.lang.loader import (
        POLICY_SUFFIX,
        CheckReport,
        check_paths,
        discover,
        read_and_parse,
    )
    from policylang.lang.printer import UnsafeFormat, format_text, format_verified
    from policylang.lang.rendering import render_human, render_json
    from policylang.lang.syntax.parser import parse_text
    from policylang.model.inputs import MISSING, InputSpec
    from policylang.model.policy import CompiledPolicy
    from policylang.resources import bundled_policies
    from policylang.runtime.decision import Decision
    from policylang.runtime.decision_json import DETAILS
    from policylang.runtime.decision_parts import resolve_decision
    from policylang.runtime.outcome import Crashed, Decided, Rejected
    from policylang.runtime.outcome import evaluate as evaluate_outcome
    from policylang.runtime.policyset import PolicySet
    from policylang.runtime.request import RESERVED_FIELDS, parse_as_of
    from policylang.runtime.schema import TIMESTAMP_PATTERN, request_schema, shipped_schema
    from policylang.tools.batch import BatchError, BatchSummary, RowError, read_requests, run_batch
    from policylang.tools.compliance import Report, summarise, write_chart
    from policylang.tools.docgen.output import OutputConflict, plan_pages, write_pages
    from policylang.tools.docgen.redline import (
        compare_files,
        redline_json,
        redline_markdown,
        redline_text,
    )
    from policylang.tools.docgen.site import render_site
    from policylang.tools.engines.bundle import PolicyBundle
    from policylang.tools.engines.bundle import remember as remember_compiled
    from policylang.tools.engines.dask import run_on_dask
    from policylang.tools.engines.tasks import (
        BatchJob,
        ImpactJob,
        ReportJob,
        batch_task,
        impact_task,
        merge_batch,
        merge_impact,
        merge_reports,
        report_task,
    )
    from policylang.tools.impact.render import (
        to_markdown as impact_markdown,
    )
    from policylang.tools.impact.render import (
        write_chart as write_impact_chart,
    )
    from policylang.tools.impact.run import IdentityFields, impact_partition
    from policylang.tools.impact.summary import ImpactSummary
    from policylang.tools.lint.linter import Finding, LintReport, lint, lint_paths
    from policylang.tools.lint.render import render_finding
    from policylang.tools.lint.render import summary as lint_summary
    from policylang.tools.partitions import (
        DEFAULT_SPLIT_BYTES,
        Partition,
        total_bytes,
    )
    from policylang.tools.partitions import (
        plan as plan_partitions,
    )
    from policylang.tools.testing.cases import CaseResult
    from policylang.tools.testing.coverage import Coverage
    from policylang.tools.testing.runner import TestReport, run_tests

#: Each name of the front -> ``"module"`` (a submodule, the name itself) or ``"module:attribute"``.
#: tests/unit/test_front.py checks it against ``__all__`` and the TYPE_CHECKING imports above.
_EXPORTS: dict[str, str] = {
    # Errors: one family.
    "PolicylangError": "policylang.errors:PolicylangError",
    "PolicyError": "policylang.errors:PolicyError",
    "RequestError": "policylang.errors:RequestError",
    "RequestProblem": "policylang.errors:RequestProblem",
    "CalendarError": "policylang.errors:CalendarError",
    # Reading and checking policy files (`policylang check`, `fmt`, `init`).
    "POLICY_SUFFIX": "policylang.lang.loader:POLICY_SUFFIX",
    "CUSTOMERS_SUFFIX": "policylang.lang.analysis.customers:CUSTOMERS_SUFFIX",
    "CheckReport": "policylang.lang.loader:CheckReport",
    "check_paths": "policylang.lang.loader:check_paths",
    "discover": "policylang.lang.loader:discover",
    "read_and_parse": "policylang.lang.loader:read_and_parse",
    "parse_text": "policylang.lang.syntax.parser:parse_text",
    "bundled_policies": "policylang.resources:bundled_policies",
    "Diagnostic": "policylang.lang.diagnostics:Diagnostic",
    "Severity": "policylang.lang.diagnostics:Severity",
    "render_human": "policylang.lang.rendering:render_human",
    "render_json": "policylang.lang.rendering:render_json",
    "format_text": "policylang.lang.printer:format_text",
    "format_verified": "policylang.lang.printer:format_verified",
    "UnsafeFormat": "policylang.lang.printer:UnsafeFormat",
    # Loading and evaluating (`eval`, `explain`, `serve`).
    "load": "policylang.compiler.load:load",
    "PolicySet": "policylang.runtime.policyset:PolicySet",
    "CompiledPolicy": "policylang.model.policy:CompiledPolicy",
    "InputSpec": "policylang.model.inputs:InputSpec",
    "MISSING": "policylang.model.inputs:MISSING",
    "RESERVED_FIELDS": "policylang.runtime.request:RESERVED_FIELDS",
    "parse_as_of": "policylang.runtime.request:parse_as_of",
    "Decision": "policylang.runtime.decision:Decision",
    "DETAILS": "policylang.runtime.decision_json:DETAILS",
    "resolve_decision": "policylang.runtime.decision_parts:resolve_decision",
    # How one evaluation ended (the service, like batch and tests, tells the three apart).
    "evaluate_outcome": "policylang.runtime.outcome:evaluate",
    "Decided": "policylang.runtime.outcome:Decided",
    "Rejected": "policylang.runtime.outcome:Rejected",
    "Crashed": "policylang.runtime.outcome:Crashed",
    # The schemas (`schema`, the HTTP service's OpenAPI).
    "TIMESTAMP_PATTERN": "policylang.runtime.schema:TIMESTAMP_PATTERN",
    "request_schema": "policylang.runtime.schema:request_schema",
    "shipped_schema": "policylang.runtime.schema:shipped_schema",
    # Linting (`lint`).
    "Finding": "policylang.tools.lint.linter:Finding",
    "LintReport": "policylang.tools.lint.linter:LintReport",
    "lint": "policylang.tools.lint.linter:lint",
    "lint_paths": "policylang.tools.lint.linter:lint_paths",
    "render_finding": "policylang.tools.lint.render:render_finding",
    "lint_summary": "policylang.tools.lint.render:summary",
    # Tests files (`test`).
    "run_tests": "policylang.tools.testing.runner:run_tests",
    "TestReport": "policylang.tools.testing.runner:TestReport",
    "CaseResult": "policylang.tools.testing.cases:CaseResult",
    "Coverage": "policylang.tools.testing.coverage:Coverage",
    # Many requests (`batch`) and SLA compliance over tickets (`report`).
    "read_requests": "policylang.tools.batch:read_requests",
    "run_batch": "policylang.tools.batch:run_batch",
    "BatchError": "policylang.tools.batch:BatchError",
    "BatchSummary": "policylang.tools.batch:BatchSummary",
    "RowError": "policylang.tools.batch:RowError",
    "summarise": "policylang.tools.compliance:summarise",
    "write_chart": "policylang.tools.compliance:write_chart",
    # Partitioned runs, on Dask or here (`batch`, `report`, `impact`), and impact analysis.
    "DEFAULT_SPLIT_BYTES": "policylang.tools.partitions:DEFAULT_SPLIT_BYTES",
    "Partition": "policylang.tools.partitions:Partition",
    "plan_partitions": "policylang.tools.partitions:plan",
    "total_bytes": "policylang.tools.partitions:total_bytes",
    "PolicyBundle": "policylang.tools.engines.bundle:PolicyBundle",
    "remember_compiled": "policylang.tools.engines.bundle:remember",
    "BatchJob": "policylang.tools.engines.tasks:BatchJob",
    "ReportJob": "policylang.tools.engines.tasks:ReportJob",
    "ImpactJob": "policylang.tools.engines.tasks:ImpactJob",
    "batch_task": "policylang.tools.engines.tasks:batch_task",
    "report_task": "policylang.tools.engines.tasks:report_task",
    "impact_task": "policylang.tools.engines.tasks:impact_task",
    "merge_batch": "policylang.tools.engines.tasks:merge_batch",
    "merge_reports": "policylang.tools.engines.tasks:merge_reports",
    "merge_impact": "policylang.tools.engines.tasks:merge_impact",
    "run_on_dask": "policylang.tools.engines.dask:run_on_dask",
    "IdentityFields": "policylang.tools.impact.run:IdentityFields",
    "impact_partition": "policylang.tools.impact.run:impact_partition",
    "ImpactSummary": "policylang.tools.impact.summary:ImpactSummary",
    "impact_markdown": "policylang.tools.impact.render:to_markdown",
    "write_impact_chart": "policylang.tools.impact.render:write_chart",
    "Report": "policylang.tools.compliance:Report",
    # Reviewer pages and redlines (`docs`, `diff`).
    "render_site": "policylang.tools.docgen.site:render_site",
    "plan_pages": "policylang.tools.docgen.output:plan_pages",
    "write_pages": "policylang.tools.docgen.output:write_pages",
    "OutputConflict": "policylang.tools.docgen.output:OutputConflict",
    "compare_files": "policylang.tools.docgen.redline:compare_files",
    "redline_json": "policylang.tools.docgen.redline:redline_json",
    "redline_markdown": "policylang.tools.docgen.redline:redline_markdown",
    "redline_text": "policylang.tools.docgen.redline:redline_text",
    # The public modules: the editors' (`lsp`), and the documented names of modules that moved
    # (policylang/batch.py, explain.py, report.py, schema.py and testing.py are aliases of their
    # new homes). `policylang.explain` is the module: `policylang.explain.explain(decision)`.
    "batch": "policylang.batch",
    "editor": "policylang.editor",
    "explain": "policylang.explain",
    "report": "policylang.report",
    "schema": "policylang.schema",
    "testing": "policylang.testing",
}

#: The same names as :data:`_EXPORTS` (spelled out for the type checker and linters).
__all__ = [
    "CUSTOMERS_SUFFIX",
    "DEFAULT_SPLIT_BYTES",
    "DETAILS",
    "MISSING",
    "POLICY_SUFFIX",
    "RESERVED_FIELDS",
    "TIMESTAMP_PATTERN",
    "BatchError",
    "BatchJob",
    "BatchSummary",
    "CalendarError",
    "CaseResult",
    "CheckReport",
    "CompiledPolicy",
    "Coverage",
    "Crashed",
    "Decided",
    "Decision",
    "Diagnostic",
    "Finding",
    "IdentityFields",
    "ImpactJob",
    "ImpactSummary",
    "InputSpec",
    "LintReport",
    "OutputConflict",
    "Partition",
    "PolicyBundle",
    "PolicyError",
    "PolicySet",
    "PolicylangError",
    "Rejected",
    "Report",
    "ReportJob",
    "RequestError",
    "RequestProblem",
    "RowError",
    "Severity",
    "TestReport",
    "UnsafeFormat",
    "__version__",
    "batch",
    "batch_task",
    "bundled_policies",
    "check_paths",
    "compare_files",
    "discover",
    "editor",
    "evaluate_outcome",
    "explain",
    "format_text",
    "format_verified",
    "impact_markdown",
    "impact_partition",
    "impact_task",
    "lint",
    "lint_paths",
    "lint_summary",
    "load",
    "merge_batch",
    "merge_impact",
    "merge_reports",
    "parse_as_of",
    "parse_text",
    "plan_pages",
    "plan_partitions",
    "read_and_parse",
    "read_requests",
    "redline_json",
    "redline_markdown",
    "redline_text",
    "remember_compiled",
    "render_finding",
    "render_human",
    "render_json",
    "render_site",
    "report",
    "report_task",
    "request_schema",
    "resolve_decision",
    "run_batch",
    "run_on_dask",
    "run_tests",
    "schema",
    "shipped_schema",
    "summarise",
    "testing",
    "total_bytes",
    "write_chart",
    "write_impact_chart",
    "write_pages",
]


def __getattr__(name: str) -> Any:
    """Import the name the first time it is read, and keep it on the package (PEP 562).

    Later reads find it in the module's namespace and do not come back here.
    """
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    value = getattr(module, attribute) if attribute else module
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The package's names, the ones not imported yet included (for completion in shells, IDEs)."""
    return sorted({*globals(), *__all__})
