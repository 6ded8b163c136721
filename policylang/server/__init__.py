"""The decision service: ``policylang serve``, an HTTP API over a hot-reloaded policy set.

:func:`create_app` builds the Starlette application (run it on uvicorn); the endpoints, errors,
decision log and reload semantics are described in ``docs/http-api.md``. Only this package
imports Starlette, uvicorn, watchfiles and orjson.
"""

from policylang.server.app import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY, Service, create_app
from policylang.server.log import DecisionLog
from policylang.server.problems import PROBLEM_TYPES, Problem

__all__ = [
    "DEFAULT_MAX_BATCH",
    "DEFAULT_MAX_BODY",
    "PROBLEM_TYPES",
    "DecisionLog",
    "Problem",
    "Service",
    "create_app",
]
