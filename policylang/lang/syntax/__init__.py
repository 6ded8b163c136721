"""The syntax layer: policy text -> AST. Lark stays inside this package."""

from policylang.lang.syntax.parser import MAX_NESTING, parse, parse_text

__all__ = ["MAX_NESTING", "parse", "parse_text"]
