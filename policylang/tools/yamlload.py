"""YAML read as ``yaml.safe_load`` reads it, with the size a document may expand to bounded.

An anchor (``&a``) and its aliases (``*a``) let a few hundred bytes stand for billions of values
(the "billion laughs"): PyYAML shares the aliased node, but every walk over the document that
does not know about the sharing — duplicate-key checks, conversion to JSON, schema validation —
pays for the whole expansion. :func:`load` composes the document once, measures it with every
alias counted at each use (a walk that visits each distinct node once), and refuses a document
that expands to more than :data:`MAX_NODES` values, nests deeper than :data:`MAX_DEPTH`, or
contains itself through an alias. Only then is it constructed, with PyYAML's safe constructor.

The limits are far above what a tests file needs (the bundled ones have under 1,000 values and
nest 10 deep), and far below what makes a run take noticeable time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "MAX_NODES", "YamlLimitError", "check_expansion", "load"]

#: The most values (scalars, lists and mappings, keys included) a document may expand to.
MAX_NODES = 100_000
#: The deepest a document may nest.
MAX_DEPTH = 100


class YamlLimitError(yaml.MarkedYAMLError):
    """A document too large once its aliases are expanded, too deep, or containing itself."""

    def __init__(self, problem: str, node: yaml.Node) -> None:
        super().__init__(problem=problem, problem_mark=node.start_mark)
        self.args = (problem,)  # not the node, whose repr is the whole expansion


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def check_expansion(root: yaml.Node) -> int:
    """How many values ``root`` expands to; raises :class:`YamlLimitError` past the limits.

    Iterative (a deep document cannot exhaust Python's stack here) and memoised by node, so its
    cost is the size of the document as written, not as expanded.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            measured = [sizes[id(child)] for child in _children(node)]
            values = 1 + sum(size for size, _ in measured)
            depth = 1 + max((depth for _, depth in measured), default=0)
            if values > MAX_NODES:
                raise YamlLimitError(
                    f"this value expands to more than {MAX_NODES:,} values through its aliases "
                    "(`*name`); write the values out instead of repeating anchors",
                    node,
                )
            if depth > MAX_DEPTH:
                raise YamlLimitError(f"the document nests more than {MAX_DEPTH} deep", node)
            sizes[key] = (values, depth)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlLimitError("an alias refers to a value that contains it", node)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)][0]


def load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node graph (for line numbers) and its data, as ``yaml.safe_load`` gives.

    Raises ``yaml.YAMLError`` for text that is not YAML, and its subclass
    :class:`YamlLimitError` for a document past the limits.
    """
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlLimitError(
                f"the document nests more than {MAX_DEPTH} deep",
                yaml.ScalarNode("tag:yaml.org,2002:null", "", loader.get_mark(), None),
            ) from None
        if node is None:
            return None, None
        check_expansion(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()
