"""The `policylang` command line: thin shells over the library's front (``main`` runs it,
``app`` is the click group).

Exit codes: 0 success, 1 problems found (bad policies, failed checks), 2 usage error (bad flag,
missing argument; click's own convention), 3 an internal error (a bug: please report it).
"""
