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

The modules behind the other commands (``policylang.explain``, ``.schema``, ``.batch``,
``.testing``, ``.report``) are attributes of the package too, imported on first use (PEP 562), so
``import policylang`` does not pay for them.
"""

import importlib
from types import ModuleType

from policylang.compiler.load import load
from policylang.errors import PolicyError, PolicylangError, RequestError, RequestProblem
from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.lang.loader import CheckReport, check_paths
from policylang.runtime.decision import Decision
from policylang.runtime.policyset import PolicySet
from policylang.tools.lint.linter import Finding, LintReport, lint, lint_paths

__version__ = "0.1.0"

#: Submodules reachable as ``policylang.NAME`` after a bare ``import policylang``: the editors'
#: module, and the documented names of modules that moved (policylang/batch.py, explain.py,
#: report.py, schema.py and testing.py are aliases of their new homes).
_LAZY_SUBMODULES = ("batch", "editor", "explain", "report", "schema", "testing")

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
    "batch",
    "check_paths",
    "explain",
    "lint",
    "lint_paths",
    "load",
    "report",
    "schema",
    "testing",
]


def __getattr__(name: str) -> ModuleType:
    """Import a submodule of :data:`_LAZY_SUBMODULES` the first time it is read (PEP 562).

    ``import_module`` also binds it on the package, so this runs once per submodule.
    """
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, the lazy submodules included (for completion in shells and IDEs)."""
    return sorted({*globals(), *_LAZY_SUBMODULES})
