"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles.

Parsing a large policy makes hundreds of thousands of tokens, trees and nodes in a few seconds,
all freed by reference counting; each collection the allocations trigger walks every live
object, the growing tree included, so on a 10,000-rule policy the collector took more time than
the parse. The collector is paused, not tuned: the work in a pause is bounded by its input.

Pauses nest and may overlap across threads; the collector resumes when the last one ends, and
only if it was running when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


class _Pauses:
    """How many pauses are running, and whether the collector ran before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.resume = False


_pauses = _Pauses()


@contextmanager
def paused() -> Iterator[None]:
    """Run the ``with`` body without cyclic collections."""
    with _pauses.lock:
        if _pauses.depth == 0:
            _pauses.resume = gc.isenabled()
            gc.disable()
        _pauses.depth += 1
    try:
        yield
    finally:
        with _pauses.lock:
            _pauses.depth -= 1
            if _pauses.depth == 0 and _pauses.resume:
                gc.enable()
