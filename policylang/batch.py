"""``policylang.batch``: an alias of :mod:`policylang.tools.batch`.

docs/python-api.md named this module ``policylang.batch`` (``policylang.batch.NAME`` after a bare
``import policylang``, ``from policylang.batch import NAME``); the alias keeps such code working.
New code reads the names from the front (``policylang.NAME``) or from the modules themselves.
"""

from policylang.tools.batch import *  # noqa: F403
