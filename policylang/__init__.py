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
"""

from policylang.decision import Decision
from policylang.diagnostics import Diagnostic, PolicyError, PolicylangError, Severity
from policylang.lint import Finding, LintReport, lint, lint_paths
from policylang.loader import CheckReport, check_paths
from policylang.policyset import PolicySet, load
from policylang.request import RequestError, RequestProblem

__version__ = "0.1.0"

__all__ = [
    "CheckReport",
    "Decision",
    "Diagnostic",
    "Finding",
    "LintReport",
    "PolicyError",
    "PolicySet",
    "PolicylangError",
    "RequestError",
    "RequestProblem",
    "Severity",
    "__version__",
    "check_paths",
    "lint",
    "lint_paths",
    "load",
]
