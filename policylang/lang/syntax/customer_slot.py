"""Which fact of a ``customer`` block of a ``*.customers`` file is being typed at a point.

Completion in a customers file needs more than :func:`~policylang.lang.syntax.expected.expected_at`
gives: the part of the fact (the policy after ``policy``, an input after ``set``, its value after
``set INPUT =``, a charge rule after ``rate``, its currency and unit, a calendar after
``calendar``, a statement inside a calendar layer) and the policy the block names, which decides
the names that fit. The fact comes from the parser's own tokens of the
declaration (so a keyword and a name spelled alike are told apart); the block's policy, and the
inputs and rules it already fixes, from a light scan of the whole block, as facts may follow the
cursor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policylang.lang.syntax.expected import tokens_before
from policylang.lang.syntax.recovery import DECLARATION_START

__all__ = ["CustomerSlot", "customer_slot", "declaration_around"]

#: The keywords that start a fact of a ``customer`` block.
_FACTS = frozenset({"policy", "set", "rate", "calendar"})
#: The part of a fact typed after its keyword and so many words in all (the keyword counted).
_PARTS = {
    ("policy", 1): "policy",
    ("set", 1): "input",
    ("set", 3): "value",
    ("rate", 1): "rule",
    ("rate", 3): "currency",
    ("rate", 4): "unit",
    ("calendar", 1): "calendar",
}
#: A fact's keyword and the name after it, on one line; strings and comments are matched (and
#: skipped) so that a word inside them is not taken for a fact, braces to know the depth.
_FACT = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]|\b(policy|set|rate|calendar)[ \t]+([A-Za-z_]\w*)'
)


@dataclass(frozen=True, slots=True)
class CustomerSlot:
    """Which part of a fact of a ``customer`` block is being typed (:func:`customer_slot`).

    ``part`` is ``policy`` (after ``policy``), ``input`` (after ``set``), ``value`` (after
    ``set INPUT =``; ``subject`` is the input), ``rule`` (after ``rate``), ``currency`` (after
    ``rate RULE AMOUNT``; ``subject`` is the rule), ``unit`` (after the currency; ``subject`` is
    the rule), ``calendar`` (after ``calendar``), ``layer`` (a statement inside a customer's
    calendar layer; ``subject`` is the calendar), or empty where no name of a policy fits (a new
    fact, an amount, ``=``).
    """

    part: str
    #: The policy the block names (``policy P``, before or after the cursor), if it names one.
    policy: str | None = None
    subject: str = ""
    #: The inputs the block sets and the rules it rates elsewhere (a fact is fixed once).
    set_inputs: frozenset[str] = frozenset()
    rated_rules: frozenset[str] = frozenset()
    #: The calendars the block layers elsewhere (each is layered once).
    layered_calendars: frozenset[str] = frozenset()


def customer_slot(text: str, start: int) -> CustomerSlot | None:
    """The fact of a ``customer`` block typed at ``start`` (where the word being typed begins:
    :attr:`Expected.start`), or None outside a customer's own block or where the block does not
    parse up to ``start``."""
    parsed = tokens_before(text, start)
    if parsed is None or not parsed[1] or str(parsed[1][0]) != "customer":
        return None
    fact: list[str] = []
    layer = ""  # the calendar whose layer holds the cursor (depth 2)
    depth = 0
    for token in parsed[1]:
        value = str(token)
        if token.type == "LBRACE":
            depth += 1
            if depth == 2 and fact[:1] == ["calendar"] and len(fact) == 2:
                layer = fact[1]
            fact = [] if depth == 1 else fact
        elif token.type == "RBRACE":
            depth -= 1
            layer = ""
            fact = ["}"]  # a nested block (or the customer) closed: a new fact comes next
        elif depth == 1 and token.type != "NAME" and value in _FACTS:
            fact = [value]
        elif depth == 1:
            fact.append(value)
    if depth == 2 and layer:
        policy, *named = _block_facts(text, start)
        return CustomerSlot("layer", policy, layer, *named)
    if depth != 1:
        return None  # in the header, inside another nested block, or after the customer's `}`
    policy, *named = _block_facts(text, start)
    part, subject = _part(fact)
    return CustomerSlot(part, policy, subject, *named)


def _part(fact: list[str]) -> tuple[str, str]:
    """The part of a fact typed after its words ``fact`` (the word being typed excluded), and
    its subject (the parser took the words: `set X =` is the only three of a `set`)."""
    part = _PARTS.get((fact[0], len(fact))) if fact else None
    if part is None:
        return "", ""
    return part, fact[1] if len(fact) > 1 else ""


def _block_facts(
    text: str, start: int
) -> tuple[str | None, frozenset[str], frozenset[str], frozenset[str]]:
    """The policy a customer block names, the inputs it sets, the rules it rates and the
    calendars it layers, the fact typed at ``start`` left out (read off the whole block: facts
    may follow the cursor)."""
    begin, end = declaration_around(text, start)
    named: dict[str, list[str]] = {"policy": [], "set": [], "rate": [], "calendar": []}
    depth = 0
    for match in _FACT.finditer(text, begin, end):
        word = match.group()
        if word == "{":
            depth += 1
        elif word == "}":
            depth -= 1
            if depth == 0:
                break
        elif match.group(1) and depth == 1 and not match.start(2) <= start <= match.end(2):
            named[match.group(1)].append(match.group(2))  # (the name being typed left out)
    policy = named["policy"][0] if named["policy"] else None
    return (
        policy,
        frozenset(named["set"]),
        frozenset(named["rate"]),
        frozenset(named["calendar"]),
    )


def declaration_around(text: str, at: int) -> tuple[int, int]:
    """Where the declaration holding offset ``at`` begins and where the next one begins (the
    lines that start a declaration, as parse recovery finds them)."""
    begin = max((m.start() for m in DECLARATION_START.finditer(text, 0, at + 1)), default=0)
    after = DECLARATION_START.search(text, at + 1)
    return begin, after.start() if after is not None else len(text)
