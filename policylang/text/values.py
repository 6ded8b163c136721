"""How a message names a value's JSON kind (``a boolean``) and quotes a value, short and safe."""

from __future__ import annotations

import reprlib
from typing import Any

__all__ = ["describe_kind", "shown"]

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def shown(value: Any) -> str:
    """``value`` as a message may quote it: short, and safe for any value a caller can build
    (a list nested 100,000 deep, a dict that contains itself), unlike ``repr``."""
    return _SHORT.repr(value)


def describe_kind(value: Any) -> str:
    """How an error message names the JSON type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
