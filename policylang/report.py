"""``policylang.report``: an alias of :mod:`policylang.tools.compliance`.

docs/python-api.md named this module ``policylang.report`` (``policylang.report.NAME`` after a bare
``import policylang``, ``from policylang.report import NAME``); the alias keeps such code working.
New code reads the names from the front (``policylang.NAME``) or from the modules themselves.
"""

from policylang.tools.compliance import *  # noqa: F403
