"""Saving a report's chart: one PNG, the same way for every command that draws one."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["save_png"]


def save_png(figure: Figure, path: Path) -> None:
    """Write ``figure`` to ``path`` as a PNG (no software stamp: the bytes depend on the data
    alone), and release it."""
    from matplotlib import pyplot  # noqa: PLC0415 - optional, heavy: only charts need it

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    pyplot.close(figure)
    path.write_bytes(buffer.getvalue())
