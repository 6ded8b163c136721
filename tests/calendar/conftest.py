"""Hypothesis profiles for the calendar suite, and the path to its helper modules.

Two profiles, chosen with the ``HYPOTHESIS_PROFILE`` environment variable:

* unset or ``default`` -> ``calendar-default`` (CI): tens of examples per property, the whole
  calendar suite well under a minute on a 2-core machine;
* ``thorough`` -> ``calendar-thorough`` (by hand): 100,000 examples for the oracle agreement
  test, 2,000 for the other properties::

      HYPOTHESIS_PROFILE=thorough python -m pytest tests/calendar -n 0 -k oracle -s

The profiles are applied per test (see `calendar_strategies.profile`) rather than loaded
globally, so other suites in the same pytest run keep their own Hypothesis settings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The helpers (oracle, strategies) sit beside this file; make them importable under any
# pytest import mode, without a package __init__ that would shadow the stdlib `calendar`.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "calendar-default", max_examples=40, deadline=None, suppress_health_check=_SLOW_OK
)
settings.register_profile(
    "calendar-thorough", max_examples=100_000, deadline=None, suppress_health_check=_SLOW_OK
)
