"""Data files shipped with the package: the grammar, the JSON Schemas and the bundled policies.

In a wheel they live in ``policylang/_data/`` (see ``force-include`` in pyproject.toml); in a
source checkout or an editable install they are read from the repository's top-level
``grammars/``, ``schemas/`` and ``policies/``, which stay the single source of truth.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_policies", "data_path"]

_PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """The path of a shipped data file, e.g. ``data_path("grammars", "policy.lark")``."""
    installed = _PACKAGE.joinpath("_data", *parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent.joinpath(*parts)


def bundled_policies() -> Path:
    """The directory of the five vendor policies (and their ``*.tests.yaml``) that ship inside
    the package: what every command answers from when no other set is named."""
    return data_path("policies")
