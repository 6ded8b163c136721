"""A Pygments lexer for `.policy` files, so ```` ```policy ```` blocks are highlighted.

Registered with Pygments by the ``pygments.lexers`` entry point ``policy``
(``policylang.lang.highlight:PolicyLexer``), so the documentation site and any other Pygments
user find it by name (``policy``, ``policylang``) or by file name (``*.policy``).

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

__all__ = ["TEXTMATE_SCOPES", "PolicyLexer", "textmate_grammar"]

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
    "assumed",
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
    "responsible",
    "performer",
    "receiver",
    "assists",
    "consulted",
    "response",
    "resolution",
    "within",
    "commitment",
    "per",
    "request",
    "best",
    "effort",
    "billable",
    "fee",
    "included",
    "rate",
    "replaces",
    "fixed",
    "unspecified",
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
    "pending",
    "is",
    "set",
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
    aliases: ClassVar[list[str]] = ["policy", "policylang", "customers"]
    filenames: ClassVar[list[str]] = ["*.policy", "*.customers"]
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
            (r"==|!=|<=|>=|<|>|=", Operator),
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


# ------------------------------------------------------------------ the same rules for editors

#: TextMate scope of each Pygments token class this lexer gives (VS Code and other editors
#: colour by scope; the classes and the scopes name the same things).
TEXTMATE_SCOPES = {
    Comment.Single: "comment.line.number-sign.policy",
    String.Double: "string.quoted.double.policy",
    String.Escape: "constant.character.escape.policy",
    Keyword.Declaration: "storage.type.declaration.policy",
    Keyword.Type: "storage.modifier.kind.policy",
    Name.Class: "entity.name.type.policy",
    Keyword: "keyword.other.policy",
    Keyword.Constant: "constant.language.policy",
    Literal.Date: "constant.other.date.policy",
    Number: "constant.numeric.policy",
    Operator.Word: "keyword.operator.logical.policy",
    Operator: "keyword.operator.comparison.policy",
    Punctuation: "punctuation.separator.policy",
    Name: "variable.other.name.policy",
    Error: "invalid.illegal.policy",
}


def _alternatives(words_: tuple[str, ...]) -> str:
    # Longest first: TextMate takes the first alternative that matches, not the longest.
    return "|".join(sorted(words_, key=lambda w: (-len(w), w)))


def textmate_grammar() -> dict[str, object]:
    """This lexer's rules as a TextMate grammar (``editors/vscode/syntaxes``), rule for rule.

    TextMate matches one line at a time and takes, among its patterns, the match that starts
    first; Pygments tries its rules in order where the last token ended. The rules below are
    written so both give each character the same class (tests/editors check it on the bundled
    policies): a declaration's name is a name only in the first column, as after Pygments has
    eaten an indentation.
    """
    scope = TEXTMATE_SCOPES

    def match(regex: str, name: object) -> dict[str, object]:
        return {"match": regex, "name": scope[name]}

    def groups(regex: str, *names: object) -> dict[str, object]:
        captures = {str(i): {"name": scope[n]} for i, n in enumerate(names, 1) if n is not None}
        return {"match": regex, "captures": captures}

    declarations = _alternatives(tuple(_DECLARATIONS))
    return {
        "name": "Policy",
        "scopeName": "source.policy",
        "fileTypes": ["policy"],
        "comment": (
            "Generated by policylang.lang.highlight.textmate_grammar(): edit the lexer instead."
        ),
        "patterns": [
            match(r"#.*$", Comment.Single),
            {"include": "#string"},
            groups(
                rf"\b(note)(\s+)({_alternatives(_NOTE_KINDS)})(\s+)({_NAME})",
                Keyword.Declaration,
                None,
                Keyword.Type,
                None,
                Name.Class,
            ),
            groups(
                rf"\b(lifecycle)(\s+)({_alternatives(_LIFECYCLE_KINDS)})(\s+)({_NAME})",
                Keyword.Declaration,
                None,
                Keyword.Type,
                None,
                Name.Class,
            ),
            {
                "begin": r"\b(cite|about|note)(\s+)(?=[A-Za-z_])",
                "beginCaptures": {"1": {"name": scope[Keyword]}},
                "end": r"(?![A-Za-z0-9_]|\s*,)",
                "patterns": [
                    match(_NAME, Name),
                    groups(r"\s*(,)\s*", Punctuation),
                ],
            },
            groups(
                rf"^({declarations})(\s+)(?!otherwise\b)({_NAME})",
                Keyword.Declaration,
                None,
                Name.Class,
            ),
            groups(rf"^(input)(\s+)({_NAME})", Keyword.Declaration, None, Name.Class),
            groups(r"\b(no)(\s+)(commitment)\b", Keyword, None, Keyword),
            match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})", Literal.Date),
            match(r"\d{4}-\d{2}-\d{2}", Literal.Date),
            match(r"\d{1,2}:\d{2}", Literal.Date),
            match(r"24/7\b", Keyword.Constant),
            match(r"\d+(\.\d+)?", Number),
            match(r"\b(and|or|not|in)\b", Operator.Word),
            match(r"==|!=|<=|>=|<|>|=", Operator),
            match(rf"\b({_alternatives(_CONSTANTS)})\b", Keyword.Constant),
            match(rf"\b({declarations})\b", Keyword.Declaration),
            match(rf"\b({_alternatives(tuple(dict.fromkeys(_KEYWORDS)))})\b", Keyword),
            match(_NAME, Name),
            match(r"[{}\[\](),:\-]", Punctuation),
        ],
        "repository": {
            "string": {
                "begin": '"',
                "end": '"|$',
                "name": scope[String.Double],
                "patterns": [
                    match(r'\\(["\\nt]|u[0-9A-Fa-f]{4})', String.Escape),
                    match(r"\\.", String.Escape),
                ],
            }
        },
    }
