"""Suggestions: the closest of the names a word could have meant, and the hint that offers it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean", "suggested"]


def closest(word: str, candidates: Iterable[str], *, cutoff: float = 0.75) -> str | None:
    """The candidate closest to ``word``, or None when nothing is close enough.

    The cutoff is deliberately high: suggesting a far-off name is worse than suggesting none.
    Case is folded for the comparison, so ``Office`` finds ``office``.
    """
    pool = sorted(set(candidates))
    if not pool or not word:
        return None
    by_folded = {c.casefold(): c for c in pool}
    if word.casefold() in by_folded and by_folded[word.casefold()] != word:
        return by_folded[word.casefold()]
    # difflib's ratio is at most 2*len(c) / (len(word) + len(c)): past this length no candidate
    # can reach the cutoff, and comparing would cost time in proportion to the word.
    if len(word) * cutoff > max(map(len, pool)) * (2 - cutoff):
        return None
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[match[0]] if match else None


#: The start of every "did you mean" hint; :func:`suggested` reads it back.
_SUGGESTION = re.compile(r"did you mean `([^`]+)`\?")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A ready-made "did you mean `x`?" hint, or None."""
    match = closest(word, candidates)
    return f"did you mean `{match}`?" if match else None


def suggested(hint: str | None) -> str | None:
    """The word a hint written by :func:`did_you_mean` proposes, if ``hint`` starts with one."""
    found = _SUGGESTION.match(hint or "")
    return found.group(1) if found else None
