"""Matching a decision against what a case expects, and the diff shown when it does not.

A mapping in ``expect`` matches when each of its keys matches (extra keys in the decision are
fine); a list matches element by element and must have the same length; a key ending in ``_at``
compares as an instant (``…+03:00`` equals the same instant written in ``Z``); other scalars
compare exactly (``true`` never equals ``1``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["Mismatch", "diff", "match"]


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One place where the decision differs from what a case expects."""

    path: str
    expected: Any
    actual: Any  # _MISSING when the decision has no such key

    def __str__(self) -> str:
        got = "no such key" if self.actual is _MISSING else f"got {_show(self.actual)}"
        return f"{self.path or '(the decision)'}: expected {_show(self.expected)}, {got}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    # A bare scalar is dumped as a document of its own, closed by `...`: not part of the value.
    return text.removesuffix("\n...\n").strip()


def match(expected: Any, actual: Any, path: str = "") -> list[Mismatch]:
    """Every place ``actual`` (a decision's JSON) fails the fragment ``expected``."""
    out: list[Mismatch] = []
    _match(expected, actual, path, "", out)
    return out


def _match(expected: Any, actual: Any, path: str, key: str, out: list[Mismatch]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            out.append(Mismatch(path, expected, actual))
            return
        for name, value in expected.items():
            sub = f"{path}.{name}" if path else name
            if name not in actual:
                out.append(Mismatch(sub, value, _MISSING))
            else:
                _match(value, actual[name], sub, name, out)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            out.append(Mismatch(path, expected, actual))
            return
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            _match(want, got, f"{path}[{index}]", key, out)
    elif not _scalar_equal(expected, actual, key):
        out.append(Mismatch(path, expected, actual))


def _scalar_equal(expected: Any, actual: Any, key: str) -> bool:
    if key.endswith("_at") and isinstance(expected, str) and isinstance(actual, str):
        want, got = _instant(expected), _instant(actual)
        if want is not None and got is not None:
            return want == got
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual  # YAML `1` is not `true`
    return bool(expected == actual)


def _instant(text: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.utcoffset() is not None else None


def _project(expected: Any, actual: Any, key: str = "") -> Any:
    """``actual`` cut to the shape of ``expected``, for a diff that shows only what was asked.

    Where a value matches, the expected spelling is kept, so an instant written in another
    offset does not show up as a difference.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: _project(v, actual[k], k) for k, v in expected.items() if k in actual}
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) == len(actual):
            return [_project(want, got, key) for want, got in zip(expected, actual, strict=True)]
        # Lengths differ, so positions do not line up: show every element by the keys the
        # expected elements use (an obligation by its id, a case by its rule...).
        # An element that matches an expected one keeps that one's spelling.
        keys = list(dict.fromkeys(k for e in expected if isinstance(e, dict) for k in e))
        unused = list(expected)
        out = []
        for item in actual:
            twin = next((e for e in unused if not match(e, item)), _MISSING)
            if twin is not _MISSING:
                unused.remove(twin)
                out.append(_project(twin, item, key))
            elif keys and isinstance(item, dict):
                out.append({k: item[k] for k in keys if k in item})
            else:
                out.append(_brief(item))
        return out
    if not isinstance(expected, dict | list) and _scalar_equal(expected, actual, key):
        return expected
    return _brief(actual) if isinstance(actual, dict | list) else actual


def _brief(value: Any) -> Any:
    """A long decision part by the keys that name it (an obligation by id, a case by rule)."""
    if isinstance(value, dict):
        names = {k: v for k, v in value.items() if k in ("id", "rule", "clause", "when", "value")}
        return names or value
    return value


def diff(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> str:
    """A unified diff of what a case expects against the decision, cut to the expected keys."""

    def dump(value: Any) -> list[str]:
        text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
        return text.splitlines()

    lines = difflib.unified_diff(
        dump(expected), dump(_project(expected, actual)), "expected", "actual", lineterm="", n=3
    )
    return "\n".join(lines)
