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
from policylang.tools.lint import Finding, LintReport, lint, lint_paths

__version__ = "0.1.0"

#: Submodules reachable as ``policylang.NAME`` after a bare ``import policylang``, and the module
#: each name stands for (the documented names of modules that moved).
_LAZY_TARGETS = {
    "batch": "policylang.tools.batch",
    "editor": "policylang.editor",
    "explain": "policylang.runtime.explain",
    "report": "policylang.tools.compliance",
    "schema": "policylang.runtime.schema",
    "testing": "policylang.tools.testing",
}
_LAZY_SUBMODULES = tuple(_LAZY_TARGETS)

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
    """Import a module of :data:`_LAZY_TARGETS` the first time its name is read (PEP 562), and
    bind it on the package, so this runs once per name."""
    if name in _LAZY_TARGETS:
        module = importlib.import_module(_LAZY_TARGETS[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, the lazy submodules included (for completion in shells and IDEs)."""
    return sorted({*globals(), *_LAZY_SUBMODULES})
