"""What the grammar can take at a point of a file being typed: the basis of editor completion.

The answer comes from the parser itself: Lark's interactive parser is fed the current
declaration up to the word under the cursor, and its parse table says which terminals may come
next. Keywords among them are offered as they are; where a name may come, the tokens before the
cursor say which kind of name (a clause after ``cite``, a calendar after ``on``, an input at the
start of a condition, a value of that input after ``==`` or ``in [``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token
from lark.exceptions import LarkError

from policylang.lang.syntax.parser import _keyword_of, _parser
from policylang.lang.syntax.recovery import DECLARATION_START
from policylang.vocabulary import DECLARATION_KEYWORDS

__all__ = ["Expected", "expected_at", "tokens_before"]

_WORD = re.compile(r"[A-Za-z0-9_]*\Z")

#: The namespace of the names a keyword is followed by (``cite a, b``: clauses).
_NAMES_AFTER = {
    "cite": "clause",
    "about": "clause",
    "note": "note",
    "on": "calendar",
    "extends": "calendar",
    "category": "category",
    "priority": "priority",
    "product": "product",
    "holidays": "country",
    "from": "event",
    "until": "event",
    "first": "event",
    "last": "event",
}
_CONDITION_START = frozenset({"when", "and", "or", "not", "("})


@dataclass(frozen=True, slots=True)
class Expected:
    """What may be typed at a point: keywords, and which kind of name.

    ``namespace`` is a namespace of :mod:`policylang.lang.analysis.index` (or ``zone`` inside the
    string of a ``zone`` statement); ``scope`` is the input whose values are expected. ``start``
    is where the word being typed begins (a completion replaces from there). ``in_comment``:
    the point is in a comment, where nothing is offered (not even what a customers file's
    own reading of the block would find).
    """

    start: int
    keywords: tuple[str, ...] = ()
    namespace: str | None = None
    scope: str = ""
    in_comment: bool = False


def expected_at(text: str, offset: int) -> Expected:
    """What the grammar can take at character ``offset`` of ``text``.

    A declaration that does not parse up to the cursor gives no keyword and no name: a wrong
    offer is worse than none.
    """
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    in_line = text[line_start:offset]
    where = _line_end_in(in_line)
    if where == "comment":
        return Expected(offset, in_comment=True)
    if where == "string":
        quote = line_start + in_line.rfind('"')
        before = tokens_before(text, quote)
        if before is not None and before[1] and str(before[1][-1]) == "zone":
            return Expected(quote + 1, namespace="zone")
        return Expected(offset)
    word = _WORD.search(in_line)
    start = offset - (len(word.group()) if word else 0)
    parsed = tokens_before(text, start)
    if parsed is None:
        return Expected(start)
    accepts, tokens = parsed
    if not tokens:
        return Expected(start, tuple(DECLARATION_KEYWORDS))
    keywords = sorted({k for t in accepts if (k := _keyword_of(t)) is not None and k[:1].isalpha()})
    namespace, scope = _namespace(tokens) if "NAME" in accepts else (None, "")
    return Expected(start, tuple(keywords), namespace, scope)


def _line_end_in(line: str) -> str:
    """Where the end of ``line`` is: inside a quoted ``string`` (escapes skipped), in a
    ``comment`` (a ``#`` outside a string), or in ``code``."""
    inside = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and inside:
            i += 2
            continue
        if ch == "#" and not inside:
            return "comment"
        if ch == '"':
            inside = not inside
        i += 1
    return "string" if inside else "code"


def tokens_before(text: str, end: int) -> tuple[set[str], list[Token]] | None:
    """The terminals acceptable at ``end`` and the tokens of its declaration before it; None
    where that declaration does not parse up to ``end``."""
    starts = [m.start() for m in DECLARATION_START.finditer(text, 0, end)]
    begin = starts[-1] if starts else end
    parser = _parser().parse_interactive(text[begin:end])
    tokens: list[Token] = []
    try:
        for token in parser.iter_parse():
            tokens.append(token)
        return set(parser.accepts()), tokens  # type: ignore[no-untyped-call]
    except LarkError:
        return None


def _namespace(tokens: list[Token]) -> tuple[str | None, str]:
    """Which names fit after ``tokens`` (the current declaration up to the cursor)."""
    values = [str(t) for t in tokens]
    if len(values) <= 2 and values[0] in DECLARATION_KEYWORDS:
        return None, ""  # the name a declaration declares is new
    # Over a list of names (`cite a, b,`) back to the keyword that heads it.
    i = len(values) - 1
    while i > 0 and (values[i] == "," or tokens[i].type == "NAME"):
        i -= 1
    head = values[i]
    if tokens[i].type == "NUMBER" and values[i - 1] == "requires":
        return "event", ""
    if "[" in values[i:] or values[-1] in ("==", "!=", "<", "<=", ">", ">="):
        return "value", _subject(values)
    if head in _NAMES_AFTER:
        return _NAMES_AFTER[head], ""
    if head in _CONDITION_START or values[-1] in _CONDITION_START:
        return "input", ""
    if values[0] == "input" and values[-1] == "default":
        return "value", values[1]
    return None, ""


def _subject(values: list[str]) -> str:
    """The input a value is compared with: the name before the comparison or the ``in``."""
    for i in range(len(values) - 1, 0, -1):
        if values[i] in ("==", "!=", "<", "<=", ">", ">=", "in"):
            j = i - 1
            if values[j] == "not":
                j -= 1
            return values[j]
    return ""
