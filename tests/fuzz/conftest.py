"""Hypothesis profiles of the pipeline fuzz tests, and the summary a run prints.

Chosen with the ``HYPOTHESIS_PROFILE`` environment variable, like the calendar suite's:

* unset or ``default`` (CI): about a thousand examples in all, about 30 s;
* ``thorough`` (by hand: hours, so niced)::

      HYPOTHESIS_PROFILE=thorough FUZZ_RECORD=fuzz-crashes.jsonl \\
          nice python -m pytest tests/fuzz -n 0 -p no:cacheprovider -s \\
              --hypothesis-show-statistics

  hundreds of thousands of mutants; with ``-s`` the run ends with how far the examples got;
  with ``FUZZ_RECORD`` every crash and hang is written to that file and the run goes on.

The profiles are applied per test (`profile`), so other suites in the same run keep theirs.
Hypothesis's own per-example deadline is off: `tests.fuzz.pipeline.time_limit` stops an example
that runs longer than ``FUZZ_EXAMPLE_SECONDS`` (20 s) and fails it as a hang.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.pipeline import RECORD, SIGNATURES, STAGES

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def profile(default: int, thorough: int) -> settings:
    """Settings for one fuzz test: ``default`` examples in CI, ``thorough`` by hand."""
    if THOROUGH:  # nothing to replay from the example database: every example is new
        return settings(
            max_examples=thorough, deadline=None, suppress_health_check=_QUIET, database=None
        )
    return settings(max_examples=default, deadline=None, suppress_health_check=_QUIET)


@pytest.fixture(scope="session", autouse=True)
def _stage_summary() -> Iterator[None]:
    """After the run (visible with ``-s``): how many examples stopped at each stage, and the
    wall time; a recording run (``FUZZ_RECORD``) that recorded anything fails here."""
    started = time.monotonic()
    yield
    if STAGES:
        total = sum(STAGES.values())
        shown = ", ".join(f"{stage} {count:,}" for stage, count in STAGES.most_common())
        minutes = (time.monotonic() - started) / 60
        print(f"\npipeline fuzz: {total:,} examples in {minutes:.1f} min: {shown}")
    for signature, count in SIGNATURES.most_common():
        print(f"  {count:,} x {signature}")
    recorded = STAGES["crash"] + STAGES["hang"]
    if recorded:
        pytest.fail(f"{recorded} crashes or hangs, recorded in {RECORD}", pytrace=False)
