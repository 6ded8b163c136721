"""``policylang.explain``: an alias of :mod:`policylang.runtime.explain`.

docs/python-api.md named this module ``policylang.explain`` (``policylang.explain.NAME`` after a
bare ``import policylang``, ``from policylang.explain import NAME``); the alias keeps such code
working. New code reads the names from the front (``policylang.NAME``) or from the modules
themselves.
"""

from policylang.runtime.explain import *  # noqa: F403
