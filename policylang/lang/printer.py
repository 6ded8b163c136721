"""`policylang fmt`: print a parsed policy back in the one canonical layout.

The layout: two-space indentation, one statement per line, one blank line between top-level
declarations, at most one blank line between statements in a block (kept where the author put
one), strings longer than the line wrapped into adjacent strings at spaces. Comments are not in
the AST; they are threaded back in by source position: a comment on a line of its own is printed
before the next statement, a comment at the end of a line stays at the end of that line.

Invariants, tested on every policy in the repository and fuzzed: formatting is idempotent, and
parsing the output gives an AST equal to the input's (spans aside). `format_verified` checks the
second one on every file it formats, so `policylang fmt` never writes a file that would mean
something else (or nothing) if the formatter had a bug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from policylang.errors import PolicyError, PolicylangError
from policylang.lang import ast
from policylang.lang.source import SourceFile

__all__ = [
    "WIDTH",
    "UnsafeFormat",
    "format_commitment",
    "format_condition",
    "format_fee",
    "format_file",
    "format_operand",
    "format_text",
    "format_verified",
    "quote",
]

#: The line width strings are wrapped to.
WIDTH = 100
_INDENT = "  "
_CONTINUATION = "    "
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def quote(value: str) -> str:
    """A string literal for ``value`` (the inverse of the parser's unescaping)."""

    def escape(match: re.Match[str]) -> str:
        ch = match.group(0)
        return {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}")

    return '"' + _NEEDS_ESCAPE.sub(escape, value) + '"'


def _split_words(value: str) -> list[str]:
    """Split at spaces, keeping each space at the end of the piece before it."""
    pieces = re.findall(r"[^ ]* *", value)
    return [p for p in pieces if p] or [""]


def wrap_text(value: str, first_room: int, room: int) -> list[str]:
    """Quoted parts of ``value``: the first fits ``first_room`` columns, the rest ``room``."""
    parts: list[str] = []
    current = ""
    limit = first_room
    for word in _split_words(value):
        candidate = current + word
        if current and len(quote(candidate)) > limit:
            parts.append(quote(current))
            current = word
            limit = room
        else:
            current = candidate
    parts.append(quote(current))
    return parts


# ---------------------------------------------------------------------- conditions

_PRECEDENCE = {ast.Or: 1, ast.And: 2, ast.Not: 3}


def format_operand(operand: ast.Operand) -> str:
    """An operand as source text."""
    if isinstance(operand, ast.Reference):
        return operand.name.value
    if isinstance(operand, ast.ElapsedSince):
        return f"{operand.unit.value} since {operand.input.value}"
    if isinstance(operand, ast.StringLiteral):
        return quote(operand.value)
    if isinstance(operand, ast.BoolLiteral):
        return "true" if operand.value else "false"
    return operand.text


def format_condition(condition: ast.Condition, parent: int = 0) -> str:
    """A condition as source text, parenthesised exactly where the tree needs it."""
    level = _PRECEDENCE.get(type(condition), 4)
    if isinstance(condition, ast.Or | ast.And):
        word = " or " if isinstance(condition, ast.Or) else " and "
        # A nested node of the same kind needs parentheses, or it would flatten on re-parse.
        text = word.join(format_condition(c, level + 1) for c in condition.operands)
    elif isinstance(condition, ast.Not):
        text = "not " + format_condition(condition.operand, level)
    elif isinstance(condition, ast.Comparison):
        text = (
            f"{format_operand(condition.left)} {condition.operator} "
            f"{format_operand(condition.right)}"
        )
    elif isinstance(condition, ast.Membership):
        values = ", ".join(format_operand(v) for v in condition.values)
        word = "not in" if condition.negated else "in"
        text = f"{format_operand(condition.operand)} {word} [{values}]"
    elif isinstance(condition, ast.PresenceTest):
        text = f"{condition.name.value} is {condition.state.value}"
    elif isinstance(condition, ast.DuringTest):
        text = f"{condition.name.value} during {condition.calendar.value}"
    else:
        text = condition.name.value
    return f"({text})" if level < parent else text


# ---------------------------------------------------------------------- pieces


def _duration(duration: ast.Duration) -> str:
    unit = duration.unit.value
    if duration.amount.text == "1":
        unit = unit[:-1]  # "1 hour", "1 business day"
    return f"{duration.amount.text} {unit}"


def _clock(clock: ast.OnCalendar | ast.AroundTheClock | None) -> str:
    if isinstance(clock, ast.OnCalendar):
        return f" on {clock.calendar.value}"
    if isinstance(clock, ast.AroundTheClock):
        return " around the clock"
    return ""


def format_commitment(commitment: ast.Commitment) -> str:
    """``within 4 hours on office``, ``no commitment``...: a target's commitment as text."""
    if isinstance(commitment, ast.Window):
        return f"during {commitment.calendar.value}"
    if isinstance(commitment, ast.Uncommitted):
        if commitment.until is not None:
            return f"no commitment until {commitment.until.value}"
        text = {
            "none": "no commitment",
            "per_request": "per request",
            "best_effort": "best effort",
            "not_stated": "not stated",
        }[commitment.kind]
        if commitment.agreed_by is not None:
            text += f" agreed by {commitment.agreed_by.value}"
        if commitment.estimated_by is not None:
            text += f" estimated by {commitment.estimated_by.value}"
        return text + " extendable" * commitment.extendable
    anchor = f" from {commitment.event.value}" if commitment.event is not None else ""
    return f"within {_duration(commitment.duration)}{_clock(commitment.clock)}{anchor}"


def format_fee(kind: str) -> str:
    """A charge line's fee kind as policy text: ``fee per hour``, ``included``..."""
    if kind == "included":
        return "included"
    return "fee " + kind.replace("_", " ")


def _intervals(intervals: Sequence[ast.Interval]) -> str:
    return ", ".join(
        f"{i.start.text}-{i.end.text}{' overnight' if i.overnight else ''}" for i in intervals
    )


def _days(days: Sequence[ast.DayRange]) -> str:
    return ", ".join(
        d.first.value + (f"-{d.last.value}" if d.last is not None else "") for d in days
    )


def _names(names: Sequence[ast.Name]) -> str:
    return ", ".join(n.value for n in names)


# ---------------------------------------------------------------------- the printer


class _Printer:
    """Accumulates output lines and threads comments back in by source offset."""

    def __init__(self, policy_file: ast.PolicyFile, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.comments = sorted(policy_file.comments, key=lambda c: c.span.start)
        self.next_comment = 0
        self.last_end = 0  # source offset of the last thing printed

    # -- comments and blank lines

    def _gap_has_blank_line(self, start: int, end: int) -> bool:
        gap = self.text[start:end]
        return bool(re.search(r"\n[ \t\r]*\n", gap))

    def comments_before(self, offset: int, indent: str, *, keep_blank: bool = True) -> None:
        """Print the own-line comments that stand before ``offset``."""
        while self.next_comment < len(self.comments):
            comment = self.comments[self.next_comment]
            if comment.span.start >= offset:
                break
            if (
                keep_blank
                and self.lines
                and self._gap_has_blank_line(self.last_end, comment.span.start)
            ):
                self._blank()
            self.lines.append(indent + comment.text.rstrip())
            self.last_end = comment.span.end
            self.next_comment += 1

    def trailing(self, end: int) -> None:
        """Append a comment that sits on the same source line right after ``end``."""
        if self.next_comment >= len(self.comments):
            return
        comment = self.comments[self.next_comment]
        between = self.text[end : comment.span.start]
        same_line = "\n" not in between and not between.strip()
        if comment.span.start >= end and same_line and self.lines:
            self.lines[-1] += "  " + comment.text.rstrip()
            self.last_end = comment.span.end
            self.next_comment += 1

    def _blank(self) -> None:
        # Never a blank line first in a block, nor two in a row.
        if self.lines and self.lines[-1] != "" and not self.lines[-1].endswith("{"):
            self.lines.append("")

    # -- statements

    def statement(self, node: ast.Node, indent: str, lines: list[str]) -> None:
        """Print one statement: comments before it, an author's blank line, its lines."""
        self.comments_before(node.span.start, indent)
        if self.lines and self._gap_has_blank_line(self.last_end, node.span.start):
            self._blank()
        self.lines.extend(lines)
        self.last_end = node.span.end
        self.trailing(node.span.end)

    def block(
        self,
        node: ast.Node,
        indent: str,
        head: str,
        body: Sequence[ast.Node],
        render: Callable[[ast.Node, str], list[str]],
        *,
        head_lines: Callable[[str], list[str]] | None = None,
        braces: bool = False,
    ) -> None:
        """Print ``head {``, the body one level deeper, and ``}``; if the body is empty,
        ``head {}`` when the grammar requires braces (``braces``), else ``head`` alone.

        ``head_lines(suffix)`` lays out a head that spans several lines (a long enum).
        """
        if head_lines is None:

            def head_lines(suffix: str) -> list[str]:
                return self._head_lines(head, indent, suffix)

        self.comments_before(node.span.start, indent)
        if self.lines and self._gap_has_blank_line(self.last_end, node.span.start):
            self._blank()
        has_inner_comment = (
            self.next_comment < len(self.comments)
            and self.comments[self.next_comment].span.start < node.span.end
        )
        if not body and not has_inner_comment:
            self.lines.extend(head_lines(" {}" if braces else ""))
            self.last_end = node.span.end
            self.trailing(node.span.end)
            return
        self.lines.extend(head_lines(" {"))
        self.last_end = node.span.start
        inner = indent + _INDENT
        for statement in body:
            if isinstance(statement, ast.Item):
                self.item(statement, inner)
            elif isinstance(statement, ast.CustomerCalendar):
                head = f"calendar {statement.calendar.value}"
                self.block(statement, inner, head, statement.body, render, braces=True)
            else:
                self.statement(statement, inner, render(statement, inner))
        self.comments_before(node.span.end, inner)
        self.lines.append(indent + "}")
        self.last_end = node.span.end
        self.trailing(node.span.end)

    def _head_lines(self, head: str, indent: str, suffix: str) -> list[str]:
        """A block head; a trailing quoted title is wrapped when the line would be too long."""
        line = indent + head + suffix
        if len(line) <= WIDTH or '"' not in head:
            return [line]
        prefix, _, _quoted = head.partition(' "')
        title = _unquote_simple(head[len(prefix) + 1 :])
        if title is None:
            return [line]
        first_room = WIDTH - len(indent) - len(prefix) - 1
        parts = wrap_text(title, first_room, WIDTH - len(indent) - len(_CONTINUATION))
        out = [indent + prefix + " " + parts[0]]
        out.extend(indent + _CONTINUATION + part for part in parts[1:])
        out[-1] += suffix
        return out

    def item(self, item: ast.Item, indent: str) -> None:
        """Print a responsibility item and its children."""
        head = f"item {item.id.value}" + (f" {quote(item.label.value)}" if item.label else "")
        self.block(item, indent, head, item.children, lambda _s, _i: [])


def _unquote_simple(quoted: str) -> str | None:
    """Undo :func:`quote` for a head's title (None if it is not one quoted string)."""
    if not (quoted.startswith('"') and quoted.endswith('"')):
        return None
    body = quoted[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            return None
        if ch == "\\":
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _text_statement(indent: str, keyword: str, value: str, suffix: str = "") -> list[str]:
    """``keyword "text"suffix``, wrapping the text into adjacent strings when too long."""
    prefix = f"{indent}{keyword} "
    single = prefix + quote(value) + suffix
    if len(single) <= WIDTH:
        return [single]
    parts = wrap_text(value, WIDTH - len(prefix), WIDTH - len(indent) - len(_CONTINUATION))
    lines = [prefix + parts[0]]
    lines.extend(indent + _CONTINUATION + part for part in parts[1:])
    lines[-1] += suffix
    return lines


def _render_statement(statement: ast.Node, indent: str) -> list[str]:
    """The lines of one non-block statement."""
    s = statement
    if isinstance(s, ast.When):
        return [f"{indent}when {format_condition(s.condition)}"]
    if isinstance(s, ast.NamesField):
        return [f"{indent}{s.key} {_names(s.names)}"]
    if isinstance(s, ast.TextField | ast.HeaderField):
        return _text_statement(indent, s.key, s.text.value)
    if isinstance(s, ast.NameField):
        return [f"{indent}{s.key} {s.name.value}"]
    if isinstance(s, ast.DateField):
        return [f"{indent}{s.key} {s.date.text}{' assumed' if s.assumed else ''}"]
    if isinstance(s, ast.ZoneField):
        return [f"{indent}zone {quote(s.zone.value)}"]
    if isinstance(s, ast.PartyField):
        return [f"{indent}party {s.party.value}"]
    if isinstance(s, ast.RoleField):
        head = f"{s.role.value} {s.party.value}"
        if s.team is None:
            return [f"{indent}{head}"]
        return _text_statement(indent, head, s.team.value)
    if isinstance(s, ast.BillableField):
        return [f"{indent}billable {s.value.value}"]
    if isinstance(s, ast.Fee):
        return [f"{indent}{format_fee(s.kind.value)}"]
    if isinstance(s, ast.Rate):
        return [f"{indent}rate {s.amount.text} {s.currency.value}"]
    if isinstance(s, ast.CustomerPolicy):
        return [f"{indent}policy {s.id.value}"]
    if isinstance(s, ast.CustomerSet):
        return [f"{indent}set {s.input.value} = {format_operand(s.value)}"]
    if isinstance(s, ast.CustomerRate):
        unit = "" if s.unit is None else " " + format_fee(s.unit.value).removeprefix("fee ")
        return [f"{indent}rate {s.rule.value} {s.amount.text} {s.currency.value}{unit}"]
    if isinstance(s, ast.Label):
        keyword = f"label {s.language.value}" if s.language else "label"
        return _text_statement(indent, keyword, s.text.value)
    if isinstance(s, ast.Target):
        return [f"{indent}{s.kind.value} {format_commitment(s.commitment)}"]
    if isinstance(s, ast.Timing):
        position = f"{s.event.position.value} " if s.event.position else ""
        return [
            f"{indent}{s.kind.value} {_duration(s.duration)}{_clock(s.clock)} "
            f"from {position}{s.event.event.value}"
        ]
    if isinstance(s, ast.Requires):
        return [f"{indent}requires {s.count.text} {s.event.value}"]
    if isinstance(s, ast.Then):
        return [f"{indent}then {s.consequence.value}"]
    if isinstance(s, ast.Lifts):
        return [f"{indent}lifts {', '.join(t.value for t in s.targets)}"]
    if isinstance(s, ast.PauseClocks):
        return [f"{indent}clocks {', '.join(t.value for t in s.targets)}"]
    if isinstance(s, ast.PauseSpan):
        return [f"{indent}from {s.start.value} until {s.end.value}"]
    if isinstance(s, ast.Hours):
        return [f"{indent}hours {_days(s.days)} {_intervals(s.intervals)}"]
    if isinstance(s, ast.AlwaysOpen):
        return [f"{indent}hours 24/7"]
    if isinstance(s, ast.Holidays):
        sub = f" subdivision {quote(s.subdivision.value)}" if s.subdivision else ""
        return [f"{indent}holidays {s.country.value}{sub}"]
    if isinstance(s, ast.PreholidayShortened):
        return [f"{indent}preholiday shortened {_duration(s.duration)}"]
    if isinstance(s, ast.WeekendWorkdays):
        return [f"{indent}weekend workdays {_intervals(s.intervals)}"]
    if isinstance(s, ast.ClosedDates):
        last = f" to {s.last.text}" if s.last else ""
        head = f"closed {s.first.text}{last}"
        return _text_statement(indent, head, s.label.value) if s.label else [indent + head]
    if isinstance(s, ast.OpenDate):
        head = f"open {s.date.text} {_intervals(s.intervals)}"
        return _text_statement(indent, head, s.label.value) if s.label else [indent + head]
    raise TypeError(f"no layout for {type(s).__name__}")  # pragma: no cover - grammar-complete


def _title(title: ast.Text | None) -> str:
    return f" {quote(title.value)}" if title is not None else ""


def _input_head(decl: ast.InputDecl, indent: str) -> tuple[str, list[str]]:
    """The head of an input declaration; long enums are laid out one value per line."""
    presence = ""
    if isinstance(decl.presence, ast.Optional):
        presence = " optional"
    elif isinstance(decl.presence, ast.DefaultValue):
        presence = f" default {format_operand(decl.presence.value)}"
    elif isinstance(decl.presence, ast.Pending):
        presence = f" pending {quote(decl.presence.text.value)}"
    if isinstance(decl.type, ast.ScalarType):
        return f"input {decl.id.value}: {decl.type.name.value}{presence}", []
    values = [
        v.id.value + (f" {quote(v.label.value)}" if v.label else "") for v in decl.type.values
    ]
    one_line = f"input {decl.id.value}: enum [{', '.join(values)}]{presence}"
    if len(indent + one_line) + 2 <= WIDTH:
        return one_line, []
    lines = [f"{indent}{_INDENT}{v}," for v in values]
    return f"input {decl.id.value}: enum [", [*lines, f"{indent}]{presence}"]


def format_text(text: str, path: str = "<text>") -> str:
    """The canonical layout of policy text; :class:`PolicyError` when it does not parse."""
    from policylang.lang.syntax.parser import parse_text  # noqa: PLC0415 - Lark on demand

    return format_file(parse_text(text, path), text)


def format_file(policy_file: ast.PolicyFile, text: str) -> str:
    """The canonical text of a parsed file (``text`` is its source, for comments/blank lines)."""
    printer = _Printer(policy_file, text)
    for index, decl in enumerate(policy_file.declarations):
        if index:
            printer._blank()
        printer.comments_before(decl.span.start, "", keep_blank=index > 0 or bool(printer.lines))
        _declaration(printer, decl)
    printer.comments_before(len(text) + 1, "")
    while printer.lines and printer.lines[-1] == "":
        printer.lines.pop()
    return "\n".join(printer.lines) + "\n"


class UnsafeFormat(PolicylangError):
    """The canonical text of a file would not parse back to the same tree: a formatter bug,
    reported instead of writing the text (the message says where)."""


def format_verified(policy_file: ast.PolicyFile, text: str) -> str:
    """`format_file`, then parse its output: the canonical text only if it means exactly what
    ``text`` does (the same tree, spans aside); `UnsafeFormat` otherwise."""
    from policylang.lang.syntax.parser import parse  # noqa: PLC0415 - Lark on demand

    out = format_file(policy_file, text)
    try:
        again = parse(SourceFile(policy_file.path, out))
    except PolicyError as error:
        first = error.diagnostics[0]
        where = f"line {first.span.line}: " if first.span is not None else ""
        raise UnsafeFormat(f"the formatted text would not parse ({where}{first.message})") from None
    if again != policy_file:
        raise UnsafeFormat(
            f"the formatted text would parse differently ({_first_change(policy_file, again)})"
        )
    return out


def _first_change(before: ast.PolicyFile, after: ast.PolicyFile) -> str:
    """Where two trees of one file first differ, in words a user can look up."""
    for old, new in zip(before.declarations, after.declarations, strict=False):
        if old != new:
            return f"the declaration at line {old.span.line} would change"
    if len(before.declarations) > len(after.declarations):
        missing = before.declarations[len(after.declarations)]
        return f"the declaration at line {missing.span.line} would be lost"
    return "a declaration would be added"


def _declaration(printer: _Printer, decl: ast.Declaration) -> None:
    render = _render_statement
    if isinstance(decl, ast.PolicyDecl):
        printer.block(decl, "", f"policy {decl.id.value}", decl.fields, render, braces=True)
    elif isinstance(decl, ast.ClauseDecl):
        head = f"clause {decl.id.value} {quote(decl.text.value)}"
        printer.block(decl, "", head, decl.fields, render)
    elif isinstance(decl, ast.NoteDecl):
        head = f"note {decl.kind.value} {decl.id.value}{_title(decl.title)}"
        printer.block(decl, "", head, decl.fields, render)
    elif isinstance(decl, ast.CalendarDecl):
        extends = f" extends {decl.extends.value}" if decl.extends else ""
        head = f"calendar {decl.id.value}{extends}{_title(decl.title)}"
        printer.block(decl, "", head, decl.body, render, braces=True)
    elif isinstance(decl, ast.InputDecl):
        head, tail = _input_head(decl, "")

        def input_lines(suffix: str) -> list[str]:
            return [head, *tail[:-1], tail[-1] + suffix] if tail else [head + suffix]

        printer.block(decl, "", head, decl.body, render, head_lines=input_lines)
    elif isinstance(decl, ast.TaxonDecl):
        head = f"{decl.keyword} {decl.id.value}{_title(decl.title)}"
        printer.block(decl, "", head, decl.body, render)
    elif isinstance(decl, ast.LifecycleDecl):
        head = f"lifecycle {decl.kind.value} {decl.name.value}{_title(decl.title)}"
        printer.block(decl, "", head, decl.body, render)
    elif isinstance(decl, ast.CustomerDecl):
        head = f"customer {decl.id.value}{_title(decl.title)}"
        printer.block(decl, "", head, decl.body, render, braces=True)
    else:
        # Responsibility, SLA, charge, obligation, refusal and pause rules: braces required.
        head = f"{decl.keyword} {decl.name.value}{_title(decl.title)}"
        printer.block(decl, "", head, decl.body, render, braces=True)
