"""The syntax layer: policy text -> AST. Lark stays inside this package."""

from policylang.syntax.parser import parse, parse_text

__all__ = ["parse", "parse_text"]
