"""YAML documents the tests generate: alias bombs of any size."""

from __future__ import annotations


def alias_bomb(levels: int, width: int = 9, indent: str = "") -> str:
    """``levels`` anchors, each a list of ``width`` aliases of the one before: width**levels."""
    lines = [f"{indent}l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"{indent}l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def bomb_tests_file(levels: int = 9) -> str:
    """A tests file whose one case's request holds an alias bomb."""
    return (
        "policy: toy\ncases:\n  - name: a request of a billion laughs\n    request:\n"
        + alias_bomb(levels, indent="      ")
        + "    expect: {}\n"
    )
