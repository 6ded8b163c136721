"""A small TextMate tokenizer: enough of the format to run policylang's grammar in Python.

It implements what the grammar uses — ``match`` with ``name`` or ``captures``, ``begin``/``end``
with ``beginCaptures`` and inner ``patterns``, ``include`` of the repository — with TextMate's
rules: a line at a time, and among the patterns the match that starts first (the earlier
pattern on a tie). VS Code's own engine runs the same grammar in the npm snapshot tests; this
one lets the cross-check with the Pygments lexer run wherever Python does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["tokenize"]


@dataclass
class _Rule:
    regex: re.Pattern[str]
    spec: dict[str, Any]


def _compile(spec: dict[str, Any], repository: dict[str, Any]) -> list[_Rule]:
    rules = []
    for listed in spec.get("patterns", []):
        pattern = listed
        if "include" in listed:
            pattern = repository[listed["include"].removeprefix("#")]
        key = "match" if "match" in pattern else "begin"
        rules.append(_Rule(re.compile(pattern[key]), pattern))
    return rules


def tokenize(grammar: dict[str, Any], text: str) -> list[str | None]:
    """The innermost scope of every character of ``text`` (None where no rule gives one)."""
    repository = grammar.get("repository", {})
    root = _compile(grammar, repository)
    scopes: list[str | None] = [None] * len(text)
    offset = 0
    stack: list[tuple[dict[str, Any], re.Pattern[str], list[_Rule]]] = []
    for line in text.split("\n"):
        position = 0
        while position <= len(line):
            rules = stack[-1][2] if stack else root
            best: tuple[int, int, re.Match[str], _Rule | None] | None = None
            if stack:
                end = stack[-1][1].search(line, position)
                if end is not None:
                    best = (end.start(), -1, end, None)
            for order, rule in enumerate(rules):
                found = rule.regex.search(line, position)
                if found is not None and (best is None or found.start() < best[0]):
                    best = (found.start(), order, found, rule)
            if best is None:
                break
            start, _, found, rule = best
            outer = stack[-1][0].get("name") if stack else None
            for i in range(position, start):
                scopes[offset + i] = outer
            if rule is None:  # the end of the open begin/end rule
                spec = stack.pop()[0]
                _paint(scopes, offset, found, spec.get("name"), spec.get("endCaptures", {}))
                position = found.end()
            elif "match" in rule.spec:
                name = rule.spec.get("name") or outer
                _paint(scopes, offset, found, name, rule.spec.get("captures", {}))
                # An empty match must not stall the line.
                position = found.end() + (found.end() == found.start())
            else:
                name = rule.spec.get("name") or outer
                _paint(scopes, offset, found, name, rule.spec.get("beginCaptures", {}))
                stack.append(
                    (rule.spec, re.compile(rule.spec["end"]), _compile(rule.spec, repository))
                )
                position = found.end()
        offset += len(line) + 1
    return scopes


def _paint(
    scopes: list[str | None],
    offset: int,
    found: re.Match[str],
    name: str | None,
    captures: dict[str, Any],
) -> None:
    for i in range(found.start(), found.end()):
        scopes[offset + i] = name
    for group, capture in captures.items():
        start, end = found.span(int(group))
        if start >= 0 and "name" in capture:
            for i in range(start, end):
                scopes[offset + i] = capture["name"]
