"""Walking the syntax tree: one traversal every pass, tool and page uses.

Like sqlglot's ``walk`` / ``find_all``: :func:`walk` visits a node and everything under it, depth
first, parents before children, in source order; :func:`find_all` keeps the nodes of some types.
The shapes callers ask for most have names of their own: :func:`iter_conditions` (the ``when``
statements of a file or a rule), :func:`iter_atoms` (the comparisons, memberships and truths under
a condition's ``and``, ``or``, ``not``) and :func:`iter_items` (responsibility items, nested ones
included).

Children are found from the node classes' dataclass fields (a node, or a tuple of nodes), so a
new node type is walked without touching this module. The walk uses an explicit stack: a deep
tree costs memory, never Python's recursion limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TypeVar

from policylang.lang import ast

__all__ = [
    "children",
    "find",
    "find_all",
    "iter_atoms",
    "iter_conditions",
    "iter_items",
    "iter_names",
    "walk",
]

N = TypeVar("N", bound=ast.Node)

#: Per node class, the names of its fields that may hold nodes (all but ``span``).
_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {}


def _field_names(kind: type[ast.Node]) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name != "span")
    return found


def children(node: ast.Node) -> Iterator[ast.Node]:
    """The nodes directly under ``node``, in field (source) order."""
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, ast.Node):
            yield value
        elif isinstance(value, tuple):
            for element in value:
                if isinstance(element, ast.Node):
                    yield element


def walk(node: ast.Node) -> Iterator[ast.Node]:
    """``node`` and every node under it: depth first, parents before children, source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def find_all(node: ast.Node, *types: type[N]) -> Iterator[N]:
    """The nodes of ``types`` at or under ``node``, in :func:`walk` order."""
    for found in walk(node):
        if isinstance(found, types):
            yield found


def find(node: ast.Node, *types: type[N]) -> N | None:
    """The first node of ``types`` at or under ``node`` (in :func:`walk` order), or None."""
    return next(find_all(node, *types), None)


def iter_conditions(node: ast.Node) -> Iterator[ast.When]:
    """Every ``when`` statement at or under ``node`` (a file, a rule), in file order."""
    return find_all(node, ast.When)


def iter_atoms(condition: ast.Condition) -> Iterator[ast.Atom]:
    """The comparisons, memberships, truths and presence tests of a condition, under its
    ``and``, ``or``, ``not``, in source order (the operands inside them are not visited)."""
    stack: list[ast.Condition] = [condition]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.And | ast.Or):
            stack.extend(reversed(current.operands))
        elif isinstance(current, ast.Not):
            stack.append(current.operand)
        else:
            yield current


def iter_items(*roots: ast.Node) -> Iterator[ast.Item]:
    """Every responsibility item at or under ``roots`` (a rule, a statement, items), nested ones
    included: depth first, parents before children."""
    for root in roots:
        yield from find_all(root, ast.Item)


def iter_names(rule: ast.RuleDecl, key: str) -> Iterator[ast.Name]:
    """The names a rule's ``key`` statements give (``cite``, ``note``, ``replaces``), in order."""
    for statement in rule.body:
        if isinstance(statement, ast.NamesField) and statement.key == key:
            yield from statement.names
