"""Limits the parser enforces and the checker's walks rely on, without Lark.

The checker imports these; it must not import the parser for them, or every command that
answers from a cached tree (:mod:`policylang.lang.treecache`) would load Lark for a number.
"""

from __future__ import annotations

__all__ = ["MAX_NESTING"]

#: How many levels conditions and item lists may nest. Real contracts need three or four; fifty
#: leaves room for generated policies while every recursive walk stays a few hundred frames deep.
MAX_NESTING = 50
