"""What changed for customers between two versions of a policy (work in progress)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["compare_files", "redline_json", "redline_markdown"]


def compare_files(old: str | Path, new: str | Path) -> Any:
    """Compare two policy files (work in progress)."""
    raise NotImplementedError


def redline_json(redline: Any) -> dict[str, Any]:
    """The redline as JSON (work in progress)."""
    raise NotImplementedError


def redline_markdown(redline: Any) -> str:
    """The redline as Markdown (work in progress)."""
    raise NotImplementedError
