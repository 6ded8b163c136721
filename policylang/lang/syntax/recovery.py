"""Error recovery for the LALR parser: after a syntax error, go on at the next declaration.

A policy file is a list of top-level declarations, each starting in the first column with its
keyword (`calendar`, `sla`, ...), as `policylang fmt` writes them. So after a syntax error the
parser skips to the next line that starts with a declaration keyword, forgets the declaration
it was in, and parses on from there as at the top of a file: every broken declaration gets its
own diagnostic, and what follows a broken declaration is not reported as broken too. When the
offending token is itself such a keyword (a block whose `}` is missing), parsing goes on with
that token. At most :data:`MAX_SYNTAX_ERRORS` errors are reported per file.

This is Lark's own mechanism: ``Lark.parse(on_error=...)`` hands each error to a callback with
the interactive parser, and the callback resets its state and moves its lexer on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr
from lark.parsers.lalr_interactive_parser import InteractiveParser

from policylang.lang.diagnostics import Diagnostic
from policylang.vocabulary import DECLARATION_KEYWORDS

__all__ = ["DECLARATION_START", "MAX_SYNTAX_ERRORS", "Recovery"]

#: The most syntax errors reported for one file; past them, the rest of the file is not read.
MAX_SYNTAX_ERRORS = 20

#: A line that starts a top-level declaration (where recovery resumes, where the parse of a
#: file is cut into pieces, where completion reads the declaration being typed from).
DECLARATION_START = re.compile(
    r"^(?:" + "|".join(map(re.escape, DECLARATION_KEYWORDS)) + r")(?![A-Za-z0-9_])", re.M
)


@functools.cache
def _keyword_terminals(parser: Lark) -> dict[str, str]:
    """Declaration keyword -> the terminal that lexes it at the top level."""
    out = {}
    for terminal in parser.terminals:
        pattern = terminal.pattern
        if isinstance(pattern, PatternStr) and pattern.value in DECLARATION_KEYWORDS:
            out[pattern.value] = terminal.name
    return out


class Recovery:
    """The ``on_error`` callback of one parse: records each error, then resynchronises.

    ``describe`` turns a Lark error into its diagnostic.
    """

    def __init__(
        self, parser: Lark, text: str, describe: Callable[[UnexpectedInput], Diagnostic]
    ) -> None:
        self.parser = parser
        self.text = text
        self.describe = describe
        self.errors: list[Diagnostic] = []

    def __call__(self, error: UnexpectedInput) -> bool:
        """Record ``error``; True when the parse can go on (Lark then resumes it)."""
        self.errors.append(self.describe(error))
        interactive = error.interactive_parser
        if len(self.errors) >= MAX_SYNTAX_ERRORS or interactive is None:
            return False
        token = error.token if isinstance(error, UnexpectedToken) else None
        if token is not None and token.type == "$END":
            return False
        if token is not None and token.column == 1 and str(token) in DECLARATION_KEYWORDS:
            # The block before was never closed: this keyword starts the next declaration.
            self._restart(interactive)
            terminal = _keyword_terminals(self.parser)[str(token)]
            interactive.feed_token(Token.new_borrow_pos(terminal, str(token), token))
            return True
        at = token.start_pos if token is not None else error.pos_in_stream
        line_end = self.text.find("\n", at or 0)
        found = DECLARATION_START.search(self.text, line_end + 1) if line_end >= 0 else None
        if found is None:
            return False  # nothing after the error starts a declaration: the file ends broken
        lexer_state = interactive.lexer_thread.state
        if lexer_state is None:
            return False
        counter = lexer_state.line_ctr
        if counter.char_pos > found.start():
            return False  # the lexer is already past it (a token spanning lines): give up
        self._restart(interactive)
        # Move the lexer on over the rest of the broken declaration, keeping lines counted.
        counter.feed(self.text[counter.char_pos : found.start()])
        return True

    @staticmethod
    def _restart(interactive: InteractiveParser) -> None:
        """Put the parser back at the top level, as at the start of a file."""
        state = interactive.parser_state
        state.state_stack[:] = [state.parse_conf.start_state]
        state.value_stack.clear()
