"""Parse policy text with Lark and turn every syntax error into a readable diagnostic.

Lark's exceptions name grammar terminals (``__ANON_3``, ``RBRACE``); users need words: "expected
`}` or a statement such as `when`", a caret under the offending token, and, when they misspelled a
keyword, the keyword they meant. After an error the parser goes on at the next declaration
(:mod:`policylang.lang.syntax.recovery`), so each broken declaration of a file is reported once, and
a cascade of follow-on errors inside one declaration is not.

Nesting is bounded: conditions (``not``, ``and``, ``or`` inside parentheses) and responsibility
items nest at most `MAX_NESTING` levels. The parser itself is iterative, but the tree builder,
the checker, the compiler, the formatter and every other tool walk those trees recursively; the
limit keeps all of them far from Python's recursion limit, whatever stack they are called from.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterable, Iterator

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.collector import paused
from policylang.lang.diagnostics import Diagnostic
from policylang.lang.source import SourceFile, Span
from policylang.lang.syntax import tables
from policylang.lang.syntax.limits import MAX_NESTING
from policylang.lang.syntax.recovery import Recovery
from policylang.lang.syntax.transformer import AstBuilder, Built, reductions
from policylang.text.suggestions import closest
from policylang.vocabulary import DECLARATION_KEYWORDS

__all__ = ["MAX_NESTING", "parse", "parse_text"]

#: The tree rules that nest, and how a diagnostic names what nests too deeply.
_NESTING = {
    "negation": "conditions",
    "and_condition": "conditions",
    "or_condition": "conditions",
    "item_decl": "items",
}

_FIRST_WORD = re.compile(r"\w+|\S")

_comments: contextvars.ContextVar[list[Token]] = contextvars.ContextVar("comments")

#: How regex terminals read in an error message.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted string",
    "DATE": "a date (YYYY-MM-DD)",
    "DATETIME": "a timestamp with its offset (2026-01-07T09:00:00+03:00)",
    "TIME": "a time (HH:MM)",
    "NUMBER": "a number",
    "COMPARATOR": "a comparison (== != < <= > >=)",
    "OVERNIGHT": "`overnight`",
    "ASSUMED": "`assumed`",
    "OTHERWISE": "`otherwise`",
    "$END": "the end of the file",
}

#: Keywords that start a top-level declaration; seeing one where a block's `}` was expected
#: almost always means the block was never closed.
_DECLARATION_KEYWORDS = frozenset(DECLARATION_KEYWORDS)


class _WholeWordKeywords:
    """A pass-through post-lexer that keeps ``NAME`` acceptable in every parser state.

    Without it, a state that accepts only keywords would lex ``hourz`` as the keyword ``hour``
    followed by a stray ``z``. With ``NAME`` always in play, Lark matches the whole word and
    then decides whether it is a keyword, so a typo is reported as the word the author wrote.
    """

    always_accept = ("NAME",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return stream


def _collect_comment(token: Token) -> Token:
    bucket = _comments.get(None)
    if bucket is not None:
        bucket.append(token)
    return token


class _AstParser(Lark):
    """The parser whose reductions build the AST (:func:`transformer.reductions`)."""

    def _prepare_callbacks(self) -> None:
        super()._prepare_callbacks()
        self._callbacks = reductions(self.rules, _NESTING)


@functools.cache
def _parser() -> Lark:
    """The parser that builds Lark trees: for error recovery, diagnostics and completion."""
    # The tables come ready-made with the package (see `tables`): building them is slow.
    return tables.load({"COMMENT": _collect_comment}, _WholeWordKeywords())


@functools.cache
def _ast_parser() -> Lark:
    """The parser that builds the AST: for text that parses, which is most text."""
    return tables.load({"COMMENT": _collect_comment}, _WholeWordKeywords(), _AstParser)


def parse(source: SourceFile) -> ast.PolicyFile:
    """Parse one source file into its AST, or raise :class:`PolicyError`."""
    with paused():  # the AST is acyclic: reference counting frees what a parse throws away
        return _parse(source)


def _parse(source: SourceFile) -> ast.PolicyFile:
    bucket: list[Token] = []
    builder = AstBuilder(source)
    comments_token = _comments.set(bucket)
    builder_token = builder.building()
    built: Built | None = None
    try:
        built = _ast_parser().parse(source.text)  # type: ignore[assignment]
    except UnexpectedInput:
        pass  # _syntax_errors says what
    finally:
        builder.done(builder_token)
        _comments.reset(comments_token)
    if built is None or built[3] > MAX_NESTING:
        # Rare and small: parse again, with recovery, to report every error as before.
        raise PolicyError(_syntax_errors(source))
    policy_file = built[0]
    if builder.diagnostics:
        raise PolicyError(builder.diagnostics)
    comments = tuple(ast.Comment(str(t), span=builder.token_span(t)) for t in bucket)
    return ast.PolicyFile(
        policy_file.path, policy_file.declarations, comments, span=policy_file.span
    )


def _syntax_errors(source: SourceFile) -> list[Diagnostic]:
    """What is wrong with a text the AST parser refused: each broken declaration's syntax
    error (the parser resumes at the next declaration), or a nesting too deep."""
    recovery = Recovery(_parser(), source.text, functools.partial(_syntax_diagnostic, source))
    tree = None
    with contextlib.suppress(UnexpectedInput):  # where recovery gave up: in recovery.errors
        tree = _parser().parse(source.text, on_error=recovery)
    if recovery.errors or tree is None:
        return recovery.errors
    too_deep = _too_deep(source, tree)
    assert too_deep is not None, "the AST parser refused a text the tree parser took"
    return [too_deep]


def parse_text(text: str, path: str = "<text>") -> ast.PolicyFile:
    """Parse policy text held in memory (tests, the HTTP service, editors)."""
    return parse(SourceFile(path, text))


def _too_deep(source: SourceFile, tree: Tree[Token]) -> Diagnostic | None:
    """PL108 at the first node (in reading order) nested deeper than `MAX_NESTING`.

    Walks with an explicit stack: this is the one walk that must not recurse.
    """
    stack: list[tuple[Tree[Token], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        what = _NESTING.get(str(node.data))
        if what is not None:
            depth += 1
            if depth > MAX_NESTING:
                start = node.meta.start_pos
                word = _FIRST_WORD.match(source.text, start)
                end = word.end() if word is not None else start + 1
                return Diagnostic(
                    "PL108",
                    f"{what} nest more than {MAX_NESTING} levels deep",
                    source.span(start, end),
                    "flatten the condition (`a and b and c` needs no parentheses; "
                    "`not not x` is `x`)"
                    if what == "conditions"
                    else "list the items at fewer levels; a deeper hierarchy belongs in the "
                    "item labels",
                )
        stack.extend((child, depth) for child in reversed(node.children) if isinstance(child, Tree))
    return None


# ---------------------------------------------------------------------- error messages


def _describe(terminal: str) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    pattern = _keyword_of(terminal)
    return f"`{pattern}`" if pattern is not None else terminal.lower()


def _keyword_of(terminal: str) -> str | None:
    """The literal text of a keyword or punctuation terminal, or None for a pattern."""
    try:
        pattern = _parser().get_terminal(terminal).pattern
    except KeyError:
        return None
    return pattern.value if isinstance(pattern, PatternStr) else None


def _expected_words(expected: Iterable[str]) -> list[str]:
    words = {_describe(t) for t in expected}
    # Punctuation first, then keywords, then descriptions, each alphabetically.
    return sorted(words, key=lambda w: (not w.startswith("`") or w[1:2].isalpha(), w))


def _keywords(expected: Iterable[str]) -> list[str]:
    out = []
    for terminal in expected:
        keyword = _keyword_of(terminal)
        if keyword is not None and keyword[:1].isalpha():
            out.append(keyword)
    return out


def _list(words: list[str], limit: int = 10) -> str:
    if len(words) > limit:
        return ", ".join(words[:limit]) + f", ... ({len(words) - limit} more)"
    return ", ".join(words)


def _unclosed_brace(source: SourceFile, upto: int) -> Span | None:
    """The last `{` still open at offset ``upto``, ignoring strings and comments."""
    stack: list[int] = []
    text = source.text
    i = 0
    while i < upto:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = upto if nl < 0 else nl
        elif ch == '"':
            i += 1
            while i < upto and text[i] not in '"\n':
                i += 2 if text[i] == "\\" else 1
        elif ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            stack.pop()
        i += 1
    return source.span(stack[-1], stack[-1] + 1) if stack else None


def _acceptable(error: UnexpectedInput, fallback: Iterable[str]) -> set[str]:
    """The terminals the parser could take where it failed.

    Read from the parse table rather than from the lexer: when the lexer fails first, Lark
    reports what that state's lexer knew, where the always-accepted NAME hides the keywords.
    """
    state = getattr(error, "state", None)
    try:
        row = state.parse_conf.states[state.position]  # type: ignore[union-attr]
    except (AttributeError, KeyError, IndexError):
        return set(fallback)
    # A row also holds goto entries for rules (lower case); keep the terminals.
    return {name for name in row if name == name.upper()}


def _syntax_diagnostic(source: SourceFile, error: UnexpectedInput) -> Diagnostic:
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(source, error)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return _unexpected_token(source, error)
    return _unexpected_end(source, _acceptable(error, getattr(error, "expected", None) or ()))


def _unexpected_character(source: SourceFile, error: UnexpectedCharacters) -> Diagnostic:
    position = error.pos_in_stream or 0
    char = source.text[position] if position < len(source.text) else ""
    span = source.span(position, position + 1)
    if char == '"':
        end = source.text.find("\n", position)
        end = len(source.text) if end < 0 else end
        return Diagnostic(
            "PL104",
            "unterminated string",
            source.span(position, end),
            "a string ends on the line it starts; to quote a long clause, write adjacent "
            'strings over several lines: "first part " "second part"',
        )
    expected = _expected_words(_acceptable(error, error.allowed or ()))
    help_text = f"expected {_list(expected)}" if expected else None
    shown = repr(char)[1:-1] if char.isprintable() else f"U+{ord(char):04X}"
    if char == "'":
        help_text = 'strings use double quotes: "like this"'
    elif char == "=":
        help_text = "to compare, write `==`"
    return Diagnostic("PL101", f"unexpected character `{shown}`", span, help_text)


def _unexpected_token(source: SourceFile, error: UnexpectedToken) -> Diagnostic:
    token = error.token
    assert token.start_pos is not None and token.end_pos is not None
    span = source.span(token.start_pos, token.end_pos)
    expected = _acceptable(error, error.expected or ())
    value = str(token)
    if value == "=":
        # `=` is a token only in a customer's `set INPUT = VALUE`; anywhere else it is the
        # stray character it always was, most often a comparison missing its second `=`.
        return Diagnostic("PL101", "unexpected character `=`", span, "to compare, write `==`")
    words = _expected_words(expected)
    help_text = f"expected {_list(words)}"
    keywords = _keywords(expected)
    suggestion = None
    if token.type == "NAME" or value.isalpha():
        suggestion = closest(value, keywords) or _abbreviation_of(value, keywords)
    if suggestion is not None:
        help_text = f"did you mean `{suggestion}`? ({help_text})"
    elif value in _DECLARATION_KEYWORDS and "RBRACE" in expected:
        opened = _unclosed_brace(source, token.start_pos)
        where = f" (the block opened at line {opened.line})" if opened else ""
        help_text = f"is a `}}` missing before this line{where}?"
    elif token.type == "DATE" and "TIME" in expected:
        help_text = "expected a time (HH:MM); dates go in `closed` and `open` statements"
    elif token.type == "NUMBER" and "TIME" in expected:
        help_text = "times are written HH:MM, e.g. `08:30`"
    return Diagnostic("PL102", f"unexpected {_token_words(token)}", span, help_text)


def _abbreviation_of(word: str, keywords: Iterable[str]) -> str | None:
    """``monday`` -> ``mon``: the keyword a longer spelling abbreviates, if exactly one does."""
    folded = word.casefold()
    matches = [k for k in keywords if len(k) >= 3 and folded.startswith(k)]
    return matches[0] if len(matches) == 1 else None


def _token_words(token: Token) -> str:
    if token.type == "STRING":
        return "string"
    text = str(token)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"`{text}`"


def _unexpected_end(source: SourceFile, expected: Iterable[str]) -> Diagnostic:
    span = source.end_span()
    opened = _unclosed_brace(source, len(source.text))
    if opened is not None:
        return Diagnostic(
            "PL103",
            "unexpected end of file: a block is not closed",
            opened,
            f"add a `}}` to close the block opened at line {opened.line}",
        )
    words = _expected_words(expected)
    return Diagnostic(
        "PL103",
        "unexpected end of file",
        span,
        f"expected {_list(words)}" if words else None,
    )
