"""Policy pages for the documentation site, and redlines between policy versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["render_site", "stale_pages", "write_pages"]


def render_site(
    paths: Sequence[str | Path], *, years: tuple[int, int] | None = None
) -> dict[str, str]:
    """Every page, by path relative to the output directory (work in progress)."""
    raise NotImplementedError


def write_pages(pages: Mapping[str, str], out: str | Path) -> list[str]:
    """Write the pages that changed (work in progress)."""
    raise NotImplementedError


def stale_pages(pages: Mapping[str, str], out: str | Path) -> list[str]:
    """The pages whose file differs (work in progress)."""
    raise NotImplementedError
