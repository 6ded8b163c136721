"""``policylang.schema``: an alias of :mod:`policylang.runtime.schema`.

docs/python-api.md named this module ``policylang.schema`` (``policylang.schema.NAME`` after a bare
``import policylang``, ``from policylang.schema import NAME``); the alias keeps such code working.
New code reads the names from the front (``policylang.NAME``) or from the modules themselves.
"""

from policylang.runtime.schema import *  # noqa: F403
