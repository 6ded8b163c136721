"""English wording shared by messages, explanations and pages: a count with its noun.

One helper, so that every command, finding and page says "1 day" and "2 days" the same way.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["plural"]


def plural(count: int | Decimal, word: str, *, written: str | None = None) -> str:
    """``1 hour``, ``2 hours``, ``1 business day``, ``0 files``, ``-1 day``.

    ``written`` shows the count as its author wrote it (``1.0``); the noun still agrees with
    the count's value.
    """
    shown = written if written is not None else str(count)
    return f"{shown} {word}" if abs(count) == 1 else f"{shown} {word}s"
