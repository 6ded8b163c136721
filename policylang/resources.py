"""Data files shipped with the package: the grammar and the JSON Schemas.

In a wheel they live in ``policylang/_data/`` (see ``force-include`` in pyproject.toml); in a
source checkout or an editable install they are read from the repository's top-level
``grammars/`` and ``schemas/``, which stay the single source of truth.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_path"]

_PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """The path of a shipped data file, e.g. ``data_path("grammars", "policy.lark")``."""
    installed = _PACKAGE.joinpath("_data", *parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.joinpath(*parts)
