"""The decision service: ``policylang serve``, an HTTP API over a hot-reloaded policy set.

:func:`create_app` builds the Starlette application (run it on uvicorn); the endpoints, errors,
decision log and reload semantics are described in ``docs/http-api.md``. Only this package
imports Starlette, uvicorn, watchfiles and orjson.
"""
