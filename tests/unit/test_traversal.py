"""The syntax tree's traversal API (policylang.lang.traversal): what each walk yields, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from policylang.lang import ast
from policylang.lang.syntax.parser import MAX_NESTING, parse_text
from policylang.lang.traversal import (
    children,
    find,
    find_all,
    iter_atoms,
    iter_conditions,
    iter_items,
    walk,
)
from tests.syntax.cases import BASE

RULES = """
responsibility ours {
  party provider
  item hosting "Hosting" {
    item backups "Backups"
    item dns "DNS" { item records "Records" }
  }
  item portal "Portal"
}

sla urgent {
  when channel == phone and not (go_live < 2026-01-01 or channel in [email, portal])
  response within 1 hours on office
  resolution within 2 business days on office
}

charge free {
  when channel != email
  included
}

sla otherwise {
  response within 4 hours on office
  resolution within 5 business days on office
}
"""

FILE = parse_text(BASE + RULES)


def _rule(name: str) -> ast.RuleDecl:
    return next(
        d for d in FILE.declarations if isinstance(d, ast.RuleDecl) and d.name.value == name
    )


def _names(nodes: Iterable[ast.Node]) -> list[str]:
    """How a case names what a walk found: item ids, rule names, or the node class."""
    out = []
    for node in nodes:
        if isinstance(node, ast.Item):
            out.append(node.id.value)
        elif isinstance(node, ast.RuleDecl):
            out.append(node.name.value)
        elif isinstance(node, ast.Comparison):
            out.append(f"{node.operator}")
        elif isinstance(node, ast.Membership):
            out.append("in")
        else:
            out.append(type(node).__name__)
    return out


def _free_comparison() -> ast.Comparison:
    found = find(_rule("free"), ast.Comparison)
    assert found is not None
    return found


def _urgent_condition() -> ast.Condition:
    when = find(_rule("urgent"), ast.When)
    assert when is not None
    return when.condition


CASES: list[tuple[str, Callable[[], Iterable[ast.Node]], list[str]]] = [
    (
        "items-of-a-rule-parents-first",
        lambda: iter_items(_rule("ours")),
        ["hosting", "backups", "dns", "records", "portal"],
    ),
    (
        "items-of-the-file",
        lambda: iter_items(FILE),
        ["hosting", "backups", "dns", "records", "portal"],
    ),
    (
        "items-under-an-item",
        lambda: iter_items(_rule("ours").body[1]),
        ["hosting", "backups", "dns", "records"],
    ),
    ("items-of-several-roots", lambda: iter_items(*_rule("ours").body[2:]), ["portal"]),
    ("items-of-a-rule-without", lambda: iter_items(_rule("urgent")), []),
    (
        "conditions-of-the-file",
        lambda: [_rule_of(w) for w in iter_conditions(FILE)],
        ["urgent", "free"],
    ),
    ("atoms-in-source-order", lambda: iter_atoms(_urgent_condition()), ["==", "<", "in"]),
    ("atoms-of-one-atom", lambda: iter_atoms(_free_comparison()), ["!="]),
    (
        "find-all-several-types",
        lambda: find_all(FILE, ast.SlaDecl, ast.ChargeDecl),
        ["urgent", "free", "otherwise"],
    ),
    (
        "find-all-connectives",
        lambda: find_all(_urgent_condition(), ast.And, ast.Or, ast.Not),
        ["And", "Not", "Or"],
    ),
    ("children-in-field-order", lambda: children(_free_comparison()), ["Reference", "Reference"]),
    ("children-of-a-leaf", lambda: children(_rule("free").name), []),
]


def _rule_of(when: ast.When) -> ast.RuleDecl:
    return next(d for d in FILE.declarations if isinstance(d, ast.RuleDecl) and when in d.body)


@pytest.mark.parametrize(("name", "found", "expected"), CASES, ids=[c[0] for c in CASES])
def test_traversal(name: str, found: Callable[[], Iterable[ast.Node]], expected: list[str]) -> None:
    assert _names(found()) == expected


def test_walk_starts_at_the_node_and_visits_each_node_once() -> None:
    nodes = list(walk(FILE))
    assert nodes[0] is FILE
    assert len({id(n) for n in nodes}) == len(nodes)
    assert all(isinstance(n, ast.Node) for n in nodes)
    # Every declaration is reached, and every statement of every rule.
    reached = {id(n) for n in nodes}
    assert all(id(d) in reached for d in FILE.declarations)
    assert all(id(s) in reached for r in find_all(FILE, ast.RuleDecl) for s in r.body)


def test_find_returns_none_when_absent() -> None:
    assert find(_rule("otherwise"), ast.When) is None


def test_walks_the_deepest_tree_the_parser_accepts() -> None:
    # Items nested to the parser's limit: the walk is iterative, so no recursion limit applies.
    depth = MAX_NESTING
    items = "".join(f'item i{k} "I{k}" {{ ' for k in range(depth)) + "}" * depth
    deep = parse_text(BASE + f"\nresponsibility deep {{\n  party provider\n  {items}\n}}\n")
    assert [i.id.value for i in iter_items(deep)] == [f"i{k}" for k in range(depth)]
