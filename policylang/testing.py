"""``policylang.testing``: an alias of :mod:`policylang.tools.testing` (its modules' names).

docs/python-api.md named this module ``policylang.testing`` (``policylang.testing.NAME`` after a
bare ``import policylang``, ``from policylang.testing import NAME``); the alias keeps such code
working. New code reads the names from the front (``policylang.NAME``) or from the modules
themselves.
"""

from policylang.tools.testing.cases import *  # noqa: F403
from policylang.tools.testing.coverage import *  # noqa: F403
from policylang.tools.testing.files import *  # noqa: F403
from policylang.tools.testing.matching import *  # noqa: F403
from policylang.tools.testing.runner import *  # noqa: F403
