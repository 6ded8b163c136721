"""`policylang.english.plural`: the one helper every message and page counts with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policylang.text.english import plural

CASES = {
    "one": (1, "day", None, "1 day"),
    "two": (2, "business day", None, "2 business days"),
    "zero": (0, "file", None, "0 files"),
    "minus-one": (-1, "day", None, "-1 day"),
    "as-written": (Decimal("1.0"), "hour", "1.0", "1.0 hour"),
    "fraction": (Decimal("1.5"), "hour", "1.5", "1.5 hours"),
}


@pytest.mark.parametrize(("count", "word", "written", "text"), CASES.values(), ids=CASES.keys())
def test_plural(count: int | Decimal, word: str, written: str | None, text: str) -> None:
    assert plural(count, word, written=written) == text
