"""A Pygments lexer for `.policy` files, so ```` ```policy ```` blocks are highlighted.

Registered with Pygments by the ``pygments.lexers`` entry point ``policy``
(``policylang.lexer:PolicyLexer``), so the documentation site and any other Pygments user find
it by name (``policy``, ``policylang``) or by file name (``*.policy``).

The grammar's keywords are contextual (``type`` is a keyword in a declaration and an input in
a condition), and a highlighter need not be a parser: every word the grammar can take as a
keyword is shown as one, names after a declaration keyword are shown as the names they
declare, and anything the grammar cannot hold at all is an error token. Strings may hold any
script (Russian, Vietnamese) and the usual escapes.
"""

from __future__ import annotations

from typing import ClassVar

# Pygments ships no type information; the lexer is data for it, checked by tests/docgen.
from pygments.lexer import RegexLexer, bygroups, default, words  # type: ignore[import-untyped]
from pygments.token import (  # type: ignore[import-untyped]
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

from policylang.vocabulary import DECLARATION_KEYWORDS, LIFECYCLE_KINDS, NOTE_KINDS

__all__ = ["PolicyLexer"]

# Declarations: the keyword, then (after an optional kind) the name being declared; `item`
# declares a name inside responsibility blocks.
_DECLARATIONS = (*(k for k in DECLARATION_KEYWORDS if k not in ("note", "lifecycle")), "item")
_NOTE_KINDS = NOTE_KINDS
_LIFECYCLE_KINDS = LIFECYCLE_KINDS
# Every other word the grammar spells as a keyword somewhere.
_KEYWORDS = (
    "title",
    "provider",
    "source",
    "language",
    "version",
    "effective",
    "zone",
    "english",
    "at",
    "about",
    "says",
    "reading",
    "because",
    "extends",
    "hours",
    "holidays",
    "subdivision",
    "weekend",
    "workdays",
    "closed",
    "open",
    "to",
    "overnight",
    "label",
    "optional",
    "default",
    "enum",
    "bool",
    "date",
    "datetime",
    "text",
    "number",
    "means",
    "example",
    "when",
    "cite",
    "note",
    "party",
    "team",
    "action",
    "response",
    "resolution",
    "within",
    "commitment",
    "per",
    "request",
    "best",
    "effort",
    "billable",
    "basis",
    "reason",
    "lifecycle",
    "after",
    "from",
    "first",
    "last",
    "requires",
    "description",
    "clocks",
    "until",
    "on",
    "around",
    "the",
    "clock",
    "business",
    "calendar",
    "minutes",
    "minute",
    "hours",
    "hour",
    "days",
    "day",
    "since",
)
_CONSTANTS = (
    "customer",
    "vendor",
    "third_party",
    "yes",
    "no",
    "true",
    "false",
    "otherwise",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "daily",
)
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"


class PolicyLexer(RegexLexer):  # type: ignore[misc]
    """Lexer for policylang's `.policy` files."""

    name = "Policy"
    url = "https://pypi.org/project/policylang/"
    aliases: ClassVar[list[str]] = ["policy", "policylang"]
    filenames: ClassVar[list[str]] = ["*.policy"]
    mimetypes: ClassVar[list[str]] = ["text/x-policy"]

    tokens: ClassVar[dict[str, list[tuple[object, ...]]]] = {
        "root": [
            (r"[ \t\r\n\f\ufeff]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            # `note interpretation NAME`, `lifecycle auto_confirm NAME`: kind, then the name.
            (
                rf"\b(note)(\s+)({'|'.join(_NOTE_KINDS)})(\s+)({_NAME})",
                bygroups(Keyword.Declaration, Whitespace, Keyword.Type, Whitespace, Name.Class),
            ),
            (
                rf"\b(lifecycle)(\s+)({'|'.join(_LIFECYCLE_KINDS)})(\s+)({_NAME})",
                bygroups(Keyword.Declaration, Whitespace, Keyword.Type, Whitespace, Name.Class),
            ),
            # `cite a, b` / `note n` / `about a, b`: references, even when named like a keyword.
            (r"\b(cite|about|note)(\s+)(?=[A-Za-z_])", bygroups(Keyword, Whitespace), "names"),
            (
                rf"^(\s*)({'|'.join(_DECLARATIONS)})(\s+)(?!otherwise\b)({_NAME})",
                bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Class),
            ),
            (
                rf"^(\s*)(input)(\s+)({_NAME})",
                bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Class),
            ),
            # `no commitment`: "no" is a keyword here, a constant after `billable`.
            (r"\b(no)(\s+)(commitment)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})", Literal.Date),
            (r"\d{4}-\d{2}-\d{2}", Literal.Date),
            (r"\d{1,2}:\d{2}", Literal.Date),
            (r"24/7\b", Keyword.Constant),
            (r"\d+(\.\d+)?", Number),
            (words(("and", "or", "not", "in"), suffix=r"\b"), Operator.Word),
            (r"==|!=|<=|>=|<|>", Operator),
            (words(_CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(_DECLARATIONS, suffix=r"\b"), Keyword.Declaration),
            (words(_KEYWORDS, suffix=r"\b"), Keyword),
            (_NAME, Name),
            (r"[{}\[\](),:\-]", Punctuation),
        ],
        "names": [
            (_NAME, Name),
            (r"(\s*)(,)(\s*)", bygroups(Whitespace, Punctuation, Whitespace)),
            default("#pop"),
        ],
        "string": [
            (r'\\(["\\nt]|u[0-9A-Fa-f]{4})', String.Escape),
            (r"\\.", String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            # A line break before the closing quote: the grammar has no such string.
            (r"\n", Error, "#pop"),
        ],
    }
