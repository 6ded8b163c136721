"""Policy text -> policylang AST, built by the parser as it reduces. No Lark object leaves here.

One method per grammar rule (or alias), in grammar order. String escapes are resolved here; an
invalid escape is recorded as a diagnostic rather than raised, so one run reports every bad
string in the file.

The AST is built in the parser's reductions (:func:`reductions` gives Lark one callback per
rule), not from a parse tree afterwards: no Lark tree, no positions propagated through it, no
second walk. That made a 10,000-rule policy parse in a third of the time, most of it spent
before on objects thrown away.

Adding a node for a new grammar rule ``my_rule`` (or alias ``-> my_rule``): write a method
``def my_rule(self, meta: Meta, children: _Children) -> ast.MyNode`` on :class:`AstBuilder`,
as before. ``children`` are the rule's kept children, already built (anonymous keywords and
punctuation are dropped, ``_rules`` spliced in, a ``?rule`` with one child is that child, as in
Lark's trees; tokens stay tokens: turn them into nodes with ``_name``, ``_keyword``,
``token_span``); ``self._span(meta)`` is the span of the whole match, keywords and braces
included. The method is found by its name. A rule without a method gives a Lark ``Tree`` of its
children (which no later stage understands, so every rule that survives needs a method).
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from lark import Token, Tree
from lark.grammar import Rule, Terminal

from policylang.lang import ast
from policylang.lang.diagnostics import Diagnostic
from policylang.lang.source import SourceFile, Span

__all__ = ["AstBuilder", "Built", "Meta", "reductions"]

_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|.)")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}

_Children = list[Any]

#: Where a match starts and ends: its first and last token, (None, None) when it is empty.
#: (Not Lark's ``Meta``: the parser builds no trees to hang one on.)
Meta = tuple[Token | None, Token | None]

#: What each reduction hands the parser: the value (a node, a token, a tuple of nodes, or the
#: list a ``_rule`` splices into its parent), where its match starts and ends, and how many
#: nesting rules (`parser.MAX_NESTING`) it holds at its deepest.
Built = tuple[Any, Token | None, Token | None, int]

_Handler = Callable[[Meta, _Children], Any]

#: The builder's own public methods, which no grammar rule may reach.
_NOT_RULES = frozenset({"building", "done", "handler", "token_span"})

#: The builder of the file being parsed: the reductions are the parser's, shared by every parse.
_current: contextvars.ContextVar[AstBuilder] = contextvars.ContextVar("ast_builder")


def _untransformed(rule: str, meta: Meta, children: _Children) -> Tree[Token]:
    """What Lark gives for a rule without a method: a tree of its children."""
    return Tree(rule, children)


def reductions(rules: Iterable[Rule], nesting: Collection[str]) -> dict[Rule, Callable[..., Built]]:
    """One parser callback per rule: each builds its node with the `AstBuilder` in use.

    Children are kept, dropped and spliced as Lark's tree builder does (``maybe_placeholders``
    off); a match's span runs from its first token to its last, as Lark's
    ``propagate_positions`` sets them. ``nesting`` names the rules whose depth is bounded.
    """
    return {rule: _reduction(rule, frozenset(nesting)) for rule in rules}


def _reduction(rule: Rule, nesting: frozenset[str]) -> Callable[[list[Any]], Built]:  # noqa: C901  (the parser's hot path: one call per reduction, no helper calls)
    name: str = rule.alias or rule.options.template_source or rule.origin.name
    keep_all = rule.options.keep_all_tokens
    is_term = tuple(symbol.is_term for symbol in rule.expansion)
    # (position, a token?, spliced?) of each kept child
    plan = tuple(
        (i, symbol.is_term, not symbol.is_term and symbol.name.startswith("_"))
        for i, symbol in enumerate(rule.expansion)
        if keep_all or not (isinstance(symbol, Terminal) and symbol.filter_out)
    )
    spliced = name.startswith("_")
    expand_single = bool(rule.options.expand1) and not rule.alias
    nests = 1 if name in nesting else 0

    def reduce(raw: list[Any]) -> Built:  # noqa: C901, PLR0912
        first = last = None
        depth = 0
        for term, item in zip(is_term, raw, strict=True):
            if term:
                if first is None:
                    first = item
                last = item
            else:
                if item[1] is not None:
                    if first is None:
                        first = item[1]
                    last = item[2]
                depth = max(depth, item[3])
        children: list[Any] = []
        for i, term, splice in plan:
            item = raw[i]
            if term:
                children.append(item)
            elif not splice:
                children.append(item[0])
            elif children:
                children += item[0]
            else:
                children = item[0]  # a left-recursive list grows in place, as in Lark
        if spliced:
            return children, first, last, depth
        if expand_single and len(children) == 1:
            return children[0], first, last, depth
        node = _current.get().handler(name)((first, last), children)
        return node, first, last, depth + nests

    return reduce


class AstBuilder:
    """Builds the nodes of one source file as the parser reduces its rules."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self._handlers: dict[str, _Handler] = {}

    def building(self) -> contextvars.Token[AstBuilder]:
        """Make this the builder the reductions use (until ``_current.reset`` of the result)."""
        return _current.set(self)

    @staticmethod
    def done(token: contextvars.Token[AstBuilder]) -> None:
        """Stop using the builder `building` put in place."""
        _current.reset(token)

    def handler(self, rule: str) -> _Handler:
        """The method that builds ``rule``'s node."""
        handler = self._handlers.get(rule)
        if handler is None:
            found = None if rule in _NOT_RULES else getattr(self, rule, None)
            if callable(found) and not rule.startswith("_"):
                handler = found
            else:
                handler = functools.partial(_untransformed, rule)
            self._handlers[rule] = handler
        return handler

    # ---------------------------------------------------------------- spans and leaves

    def _span(self, meta: Meta) -> Span:
        first, last = meta
        if first is None or last is None:
            return self.source.span(0, 0)
        return Span(
            self.source.path,
            first.start_pos or 0,
            last.end_pos or 0,
            first.line or 0,
            first.column or 0,
            last.end_line or 0,
            last.end_column or 0,
        )

    def token_span(self, token: Token) -> Span:
        assert token.start_pos is not None and token.end_pos is not None
        return Span(
            self.source.path,
            token.start_pos,
            token.end_pos,
            token.line or 0,
            token.column or 0,
            token.end_line or 0,
            token.end_column or 0,
        )

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), span=self.token_span(token))

    def _keyword(self, token: Token) -> ast.Keyword:
        return ast.Keyword(str(token), span=self.token_span(token))

    def _unquote(self, token: Token) -> str:
        raw = str(token)[1:-1]
        if "\\" not in raw:
            return raw

        def replace(match: re.Match[str]) -> str:
            body = match.group(1)
            if body in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[body]
            if body.startswith("u") and len(body) > 1:  # a bare `\u` is just invalid
                code = int(body[1:].strip("{}"), 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    return chr(code)
            start = (token.start_pos or 0) + 1 + match.start()
            self.diagnostics.append(
                Diagnostic(
                    "PL105",
                    f"invalid escape `{match.group(0)}` in a string",
                    self.source.span(start, start + len(match.group(0))),
                    'the escapes are \\" \\\\ \\n \\t and \\uXXXX; write other characters as '
                    "they are (any script is fine in UTF-8)",
                )
            )
            return match.group(0)

        return _ESCAPE.sub(replace, raw)

    def _text(self, meta: Meta, tokens: _Children) -> ast.Text:
        return ast.Text("".join(self._unquote(t) for t in tokens), span=self._span(meta))

    @staticmethod
    def _optional_text(children: _Children) -> tuple[ast.Text | None, _Children]:
        """Split an optional leading title text off a block's statements."""
        if children and isinstance(children[0], ast.Text):
            return children[0], children[1:]
        return None, children

    # ---------------------------------------------------------------- file and header

    def start(self, meta: Meta, children: _Children) -> ast.PolicyFile:
        return ast.PolicyFile(self.source.path, tuple(children), span=self._span(meta))

    def policy_decl(self, meta: Meta, children: _Children) -> ast.PolicyDecl:
        return ast.PolicyDecl(self._name(children[0]), tuple(children[1:]), span=self._span(meta))

    def _header_text(self, key: str, meta: Meta, children: _Children) -> ast.HeaderField:
        return ast.HeaderField(key, children[0], span=self._span(meta))

    def header_title(self, meta: Meta, children: _Children) -> ast.HeaderField:
        return self._header_text("title", meta, children)

    def header_provider(self, meta: Meta, children: _Children) -> ast.HeaderField:
        return self._header_text("provider", meta, children)

    def header_source(self, meta: Meta, children: _Children) -> ast.HeaderField:
        return self._header_text("source", meta, children)

    def header_version(self, meta: Meta, children: _Children) -> ast.HeaderField:
        return self._header_text("version", meta, children)

    def version(self, meta: Meta, children: _Children) -> ast.Text:
        (value,) = children
        if isinstance(value, ast.Text):
            return value
        return ast.Text(str(value), span=self.token_span(value))

    def header_language(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("language", self._name(children[0]), span=self._span(meta))

    def header_effective(self, meta: Meta, children: _Children) -> ast.DateField:
        date = ast.DateLiteral(str(children[0]), span=self.token_span(children[0]))
        return ast.DateField("effective", date, len(children) > 1, span=self._span(meta))

    def header_zone(self, meta: Meta, children: _Children) -> ast.ZoneField:
        return ast.ZoneField(children[0], span=self._span(meta))

    # ---------------------------------------------------------------- clauses and notes

    def clause_decl(self, meta: Meta, children: _Children) -> ast.ClauseDecl:
        return ast.ClauseDecl(
            self._name(children[0]), children[1], tuple(children[2:]), span=self._span(meta)
        )

    def clause_english(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("english", children[0], span=self._span(meta))

    def clause_at(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("at", children[0], span=self._span(meta))

    def note_decl(self, meta: Meta, children: _Children) -> ast.NoteDecl:
        kind, name, *rest = children
        title, fields = self._optional_text(rest)
        return ast.NoteDecl(kind, self._name(name), title, tuple(fields), span=self._span(meta))

    def note_kind(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def note_about(self, meta: Meta, children: _Children) -> ast.NamesField:
        return ast.NamesField("about", children[0], span=self._span(meta))

    def note_acknowledges(self, meta: Meta, children: _Children) -> ast.NamesField:
        return ast.NamesField("acknowledges", children[0], span=self._span(meta))

    def note_says(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("says", children[0], span=self._span(meta))

    def note_reading(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("reading", children[0], span=self._span(meta))

    def note_because(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("because", children[0], span=self._span(meta))

    # ---------------------------------------------------------------- calendars

    def calendar_decl(self, meta: Meta, children: _Children) -> ast.CalendarDecl:
        name, *rest = children
        extends = None
        if rest and isinstance(rest[0], Token):
            extends = self._name(rest.pop(0))
        title, body = self._optional_text(rest)
        return ast.CalendarDecl(
            self._name(name), extends, title, tuple(body), span=self._span(meta)
        )

    def calendar_zone(self, meta: Meta, children: _Children) -> ast.ZoneField:
        return ast.ZoneField(children[0], span=self._span(meta))

    def calendar_hours(self, meta: Meta, children: _Children) -> ast.Hours:
        return ast.Hours(children[0], children[1], span=self._span(meta))

    def calendar_always(self, meta: Meta, children: _Children) -> ast.AlwaysOpen:
        return ast.AlwaysOpen(span=self._span(meta))

    def calendar_holidays(self, meta: Meta, children: _Children) -> ast.Holidays:
        subdivision = children[1] if len(children) > 1 else None
        return ast.Holidays(self._name(children[0]), subdivision, span=self._span(meta))

    def calendar_weekend_workdays(self, meta: Meta, children: _Children) -> ast.WeekendWorkdays:
        return ast.WeekendWorkdays(children[0], span=self._span(meta))

    def calendar_preholiday(
        self, meta: Meta, children: _Children
    ) -> ast.PreholidayShortened:
        return ast.PreholidayShortened(children[0], span=self._span(meta))

    def calendar_closed(self, meta: Meta, children: _Children) -> ast.ClosedDates:
        dates = [c for c in children if isinstance(c, Token)]
        label = next((c for c in children if isinstance(c, ast.Text)), None)
        first = ast.DateLiteral(str(dates[0]), span=self.token_span(dates[0]))
        last = (
            ast.DateLiteral(str(dates[1]), span=self.token_span(dates[1]))
            if len(dates) > 1
            else None
        )
        return ast.ClosedDates(first, last, label, span=self._span(meta))

    def calendar_open(self, meta: Meta, children: _Children) -> ast.OpenDate:
        date = ast.DateLiteral(str(children[0]), span=self.token_span(children[0]))
        label = children[2] if len(children) > 2 else None
        return ast.OpenDate(date, children[1], label, span=self._span(meta))

    def day_set(self, meta: Meta, children: _Children) -> tuple[ast.DayRange, ...]:
        return tuple(children)

    def day_range(self, meta: Meta, children: _Children) -> ast.DayRange:
        last = children[1] if len(children) > 1 else None
        return ast.DayRange(children[0], last, span=self._span(meta))

    def day(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def interval_list(self, meta: Meta, children: _Children) -> tuple[ast.Interval, ...]:
        return tuple(children)

    def interval(self, meta: Meta, children: _Children) -> ast.Interval:
        start = ast.TimeLiteral(str(children[0]), span=self.token_span(children[0]))
        end = ast.TimeLiteral(str(children[1]), span=self.token_span(children[1]))
        return ast.Interval(start, end, len(children) > 2, span=self._span(meta))

    # ---------------------------------------------------------------- inputs

    def input_decl(self, meta: Meta, children: _Children) -> ast.InputDecl:
        name, input_type, *rest = children
        presence = None
        if rest and isinstance(rest[0], ast.Optional | ast.DefaultValue | ast.Pending):
            presence = rest.pop(0)
        return ast.InputDecl(
            self._name(name), input_type, presence, tuple(rest), span=self._span(meta)
        )

    def enum_type(self, meta: Meta, children: _Children) -> ast.EnumType:
        return ast.EnumType(tuple(children), span=self._span(meta))

    def enum_value(self, meta: Meta, children: _Children) -> ast.EnumValue:
        label = children[1] if len(children) > 1 else None
        return ast.EnumValue(self._name(children[0]), label, span=self._span(meta))

    def scalar_type(self, meta: Meta, children: _Children) -> ast.ScalarType:
        return ast.ScalarType(self._keyword(children[0]), span=self._span(meta))

    def presence_optional(self, meta: Meta, children: _Children) -> ast.Optional:
        return ast.Optional(span=self._span(meta))

    def presence_default(self, meta: Meta, children: _Children) -> ast.DefaultValue:
        return ast.DefaultValue(children[0], span=self._span(meta))

    def presence_pending(self, meta: Meta, children: _Children) -> ast.Pending:
        return ast.Pending(children[0], span=self._span(meta))

    def input_label(self, meta: Meta, children: _Children) -> ast.Label:
        return ast.Label(None, children[0], span=self._span(meta))

    # ---------------------------------------------------------------- taxonomy

    def _taxon(self, cls: type[ast.TaxonDecl], meta: Meta, children: _Children) -> ast.TaxonDecl:
        name, *rest = children
        title, body = self._optional_text(rest)
        return cls(self._name(name), title, tuple(body), span=self._span(meta))

    def category_decl(self, meta: Meta, children: _Children) -> ast.TaxonDecl:
        return self._taxon(ast.CategoryDecl, meta, children)

    def type_decl(self, meta: Meta, children: _Children) -> ast.TaxonDecl:
        return self._taxon(ast.TypeDecl, meta, children)

    def priority_decl(self, meta: Meta, children: _Children) -> ast.TaxonDecl:
        return self._taxon(ast.PriorityDecl, meta, children)

    def product_decl(self, meta: Meta, children: _Children) -> ast.TaxonDecl:
        return self._taxon(ast.ProductDecl, meta, children)

    def taxon_label(self, meta: Meta, children: _Children) -> ast.Label:
        return ast.Label(self._name(children[0]), children[1], span=self._span(meta))

    def taxon_category(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("category", self._name(children[0]), span=self._span(meta))

    def taxon_priority(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("priority", self._name(children[0]), span=self._span(meta))

    def taxon_kind(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("kind", children[0], span=self._span(meta))

    def taxon_severity(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("severity", children[0], span=self._span(meta))

    def ticket_kind(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def severity(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def taxon_means(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("means", children[0], span=self._span(meta))

    def taxon_example(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("example", children[0], span=self._span(meta))

    # ---------------------------------------------------------------- rules

    def _rule(self, cls: type[ast.RuleDecl], meta: Meta, children: _Children) -> ast.RuleDecl:
        name, *rest = children
        if isinstance(name, Token):
            name = self._name(name)
        title, body = self._optional_text(rest)
        return cls(name, title, tuple(body), span=self._span(meta))

    def rule_name(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def responsibility_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        return self._rule(ast.ResponsibilityDecl, meta, children)

    def sla_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        return self._rule(ast.SlaDecl, meta, children)

    def charge_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        return self._rule(ast.ChargeDecl, meta, children)

    def obligation_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        return self._rule(ast.ObligationDecl, meta, children)

    def refusal_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        return self._rule(ast.RefusalDecl, meta, children)

    def pause_decl(self, meta: Meta, children: _Children) -> ast.RuleDecl:
        name, *rest = children
        return self._rule(ast.PauseDecl, meta, [self._name(name), *rest])

    def lifecycle_then(self, meta: Meta, children: _Children) -> ast.Then:
        return ast.Then(children[0], span=self._span(meta))

    def consequence(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def refusal_lifts(self, meta: Meta, children: _Children) -> ast.Lifts:
        return ast.Lifts(tuple(children), span=self._span(meta))

    def pause_clocks(self, meta: Meta, children: _Children) -> ast.PauseClocks:
        return ast.PauseClocks(tuple(children), span=self._span(meta))

    def pause_span(self, meta: Meta, children: _Children) -> ast.PauseSpan:
        return ast.PauseSpan(
            self._name(children[0]), self._name(children[1]), span=self._span(meta)
        )

    def lifecycle_decl(self, meta: Meta, children: _Children) -> ast.LifecycleDecl:
        kind, name, *rest = children
        title, body = self._optional_text(rest)
        return ast.LifecycleDecl(
            self._name(name), title, tuple(body), kind=kind, span=self._span(meta)
        )

    def lifecycle_kind(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def _party(self, meta: Meta, children: _Children) -> ast.PartyField:
        return ast.PartyField(children[0], span=self._span(meta))

    responsibility_party = _party
    lifecycle_party = _party
    obligation_party = _party

    def party(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def responsibility_team(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("team", children[0], span=self._span(meta))

    def responsibility_product(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("product", self._name(children[0]), span=self._span(meta))

    def responsibility_action(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("action", children[0], span=self._span(meta))

    def responsibility_type(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("type", self._name(children[0]), span=self._span(meta))

    def role(self, meta: Meta, children: _Children) -> ast.RoleField:
        role, party, *team = children
        return ast.RoleField(role, party, team[0] if team else None, span=self._span(meta))

    def role_name(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def item_decl(self, meta: Meta, children: _Children) -> ast.Item:
        name, *rest = children
        label, items = self._optional_text(rest)
        return ast.Item(self._name(name), label, tuple(items), span=self._span(meta))

    def sla_target(self, meta: Meta, children: _Children) -> ast.Target:
        return ast.Target(children[0], children[1], span=self._span(meta))

    def target(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def committed(self, meta: Meta, children: _Children) -> ast.Committed:
        duration, *rest = children
        event = rest.pop() if rest and isinstance(rest[-1], ast.Name) else None
        clock = rest[0] if rest else None
        return ast.Committed(duration, clock, event, span=self._span(meta))

    def anchor(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def no_commitment(self, meta: Meta, children: _Children) -> ast.Uncommitted:
        until = self._name(children[0]) if children else None
        return ast.Uncommitted("none", until, span=self._span(meta))

    def per_request(self, meta: Meta, children: _Children) -> ast.Uncommitted:
        agreed = next((c for c in children if isinstance(c, ast.Name)), None)
        extendable = any(isinstance(c, ast.Keyword) for c in children)
        return ast.Uncommitted(
            "per_request", agreed_by=agreed, extendable=extendable, span=self._span(meta)
        )

    def agreed_by(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def estimated_by(self, meta: Meta, children: _Children) -> ast.Name:
        return self._name(children[0])

    def extendable(self, meta: Meta, children: _Children) -> ast.Keyword:
        return ast.Keyword("extendable", span=self._span(meta))

    def window(self, meta: Meta, children: _Children) -> ast.Window:
        return ast.Window(self._name(children[0]), span=self._span(meta))

    def obligation_during(self, meta: Meta, children: _Children) -> ast.NameField:
        return ast.NameField("during", self._name(children[0]), span=self._span(meta))

    def not_stated(self, meta: Meta, children: _Children) -> ast.Uncommitted:
        return ast.Uncommitted("not_stated", span=self._span(meta))

    def best_effort(self, meta: Meta, children: _Children) -> ast.Uncommitted:
        estimated = next((c for c in children if isinstance(c, ast.Name)), None)
        extendable = any(isinstance(c, ast.Keyword) for c in children)
        return ast.Uncommitted(
            "best_effort", estimated_by=estimated, extendable=extendable, span=self._span(meta)
        )

    def charge_fee(self, meta: Meta, children: _Children) -> ast.Fee:
        return ast.Fee(children[0], span=self._span(meta))

    def fee_unit(self, meta: Meta, children: _Children) -> ast.Keyword:
        words = [str(c) for c in children]
        return ast.Keyword("_".join(words), span=self._span(meta))

    def charge_included(self, meta: Meta, children: _Children) -> ast.Fee:
        return ast.Fee(ast.Keyword("included", span=self._span(meta)), span=self._span(meta))

    def charge_rate(self, meta: Meta, children: _Children) -> ast.Rate:
        amount = ast.NumberLiteral(str(children[0]), span=self.token_span(children[0]))
        return ast.Rate(amount, self._name(children[1]), span=self._span(meta))

    def charge_replaces(self, meta: Meta, children: _Children) -> ast.NamesField:
        return ast.NamesField("replaces", tuple(children[0]), span=self._span(meta))

    def charge_billable(self, meta: Meta, children: _Children) -> ast.BillableField:
        return ast.BillableField(children[0], span=self._span(meta))

    def billable(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def charge_basis(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("basis", children[0], span=self._span(meta))

    def charge_reason(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("reason", children[0], span=self._span(meta))

    def refusal_reason(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("reason", children[0], span=self._span(meta))

    def lifecycle_timing(self, meta: Meta, children: _Children) -> ast.Timing:
        kind, duration, *rest = children
        clock = rest[0] if len(rest) > 1 else None
        return ast.Timing(kind, duration, clock, rest[-1], span=self._span(meta))

    def timing(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def event_ref(self, meta: Meta, children: _Children) -> ast.EventRef:
        position = children[0] if len(children) > 1 else None
        return ast.EventRef(position, self._name(children[-1]), span=self._span(meta))

    def event_position(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def lifecycle_requires(self, meta: Meta, children: _Children) -> ast.Requires:
        count = ast.NumberLiteral(str(children[0]), span=self.token_span(children[0]))
        return ast.Requires(count, self._name(children[1]), span=self._span(meta))

    def lifecycle_description(self, meta: Meta, children: _Children) -> ast.TextField:
        return ast.TextField("description", children[0], span=self._span(meta))

    obligation_description = lifecycle_description

    def when(self, meta: Meta, children: _Children) -> ast.When:
        return ast.When(children[0], span=self._span(meta))

    def cite(self, meta: Meta, children: _Children) -> ast.NamesField:
        return ast.NamesField("cite", children[0], span=self._span(meta))

    def note_ref(self, meta: Meta, children: _Children) -> ast.NamesField:
        return ast.NamesField("note", children[0], span=self._span(meta))

    # ---------------------------------------------------------------- durations and clocks

    def duration(self, meta: Meta, children: _Children) -> ast.Duration:
        amount = ast.NumberLiteral(str(children[0]), span=self.token_span(children[0]))
        return ast.Duration(amount, children[1], span=self._span(meta))

    def unit(self, meta: Meta, children: _Children) -> ast.Keyword:
        # "business day" and "business days" are one unit; the plural is canonical.
        words = [str(t) for t in children]
        if len(words) == 2:
            value = f"{words[0]} days"
        else:
            value = words[0] if words[0].endswith("s") else words[0] + "s"
        return ast.Keyword(value, span=self._span(meta))

    def on_calendar(self, meta: Meta, children: _Children) -> ast.OnCalendar:
        return ast.OnCalendar(self._name(children[0]), span=self._span(meta))

    def around_the_clock(self, meta: Meta, children: _Children) -> ast.AroundTheClock:
        return ast.AroundTheClock(span=self._span(meta))

    # ---------------------------------------------------------------- conditions

    def or_condition(self, meta: Meta, children: _Children) -> ast.Or:
        return ast.Or(tuple(children), span=self._span(meta))

    def and_condition(self, meta: Meta, children: _Children) -> ast.And:
        return ast.And(tuple(children), span=self._span(meta))

    def negation(self, meta: Meta, children: _Children) -> ast.Not:
        return ast.Not(children[0], span=self._span(meta))

    def comparison(self, meta: Meta, children: _Children) -> ast.Comparison:
        return ast.Comparison(children[0], str(children[1]), children[2], span=self._span(meta))

    def member_in(self, meta: Meta, children: _Children) -> ast.Membership:
        return ast.Membership(children[0], children[1], False, span=self._span(meta))

    def member_not_in(self, meta: Meta, children: _Children) -> ast.Membership:
        return ast.Membership(children[0], children[1], True, span=self._span(meta))

    def value_list(self, meta: Meta, children: _Children) -> tuple[ast.Operand, ...]:
        return tuple(children)

    def truth(self, meta: Meta, children: _Children) -> ast.Truth:
        return ast.Truth(self._name(children[0]), span=self._span(meta))

    def presence_test(self, meta: Meta, children: _Children) -> ast.PresenceTest:
        return ast.PresenceTest(self._name(children[0]), children[1], span=self._span(meta))

    def during_test(self, meta: Meta, children: _Children) -> ast.DuringTest:
        return ast.DuringTest(
            self._name(children[0]), self._name(children[1]), span=self._span(meta)
        )

    def presence_state(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    # ---------------------------------------------------------------- customer layers

    def customer_decl(self, meta: Meta, children: _Children) -> ast.CustomerDecl:
        name, *rest = children
        title, fields = self._optional_text(rest)
        return ast.CustomerDecl(self._name(name), title, tuple(fields), span=self._span(meta))

    def customer_policy(self, meta: Meta, children: _Children) -> ast.CustomerPolicy:
        return ast.CustomerPolicy(self._name(children[0]), span=self._span(meta))

    def customer_set(self, meta: Meta, children: _Children) -> ast.CustomerSet:
        return ast.CustomerSet(self._name(children[0]), children[1], span=self._span(meta))

    def customer_rate(self, meta: Meta, children: _Children) -> ast.CustomerRate:
        rule, amount, currency, *unit = children
        return ast.CustomerRate(
            self._name(rule),
            ast.NumberLiteral(str(amount), span=self.token_span(amount)),
            self._name(currency),
            unit[0] if unit else None,
            span=self._span(meta),
        )

    def customer_calendar(self, meta: Meta, children: _Children) -> ast.CustomerCalendar:
        name, *body = children
        return ast.CustomerCalendar(self._name(name), tuple(body), span=self._span(meta))

    def reference(self, meta: Meta, children: _Children) -> ast.Reference:
        return ast.Reference(self._name(children[0]), span=self._span(meta))

    def elapsed_since(self, meta: Meta, children: _Children) -> ast.ElapsedSince:
        return ast.ElapsedSince(children[0], self._name(children[1]), span=self._span(meta))

    def since_unit(self, meta: Meta, children: _Children) -> ast.Keyword:
        return self._keyword(children[0])

    def string_literal(self, meta: Meta, children: _Children) -> ast.StringLiteral:
        value = "".join(self._unquote(t) for t in children)
        return ast.StringLiteral(value, span=self._span(meta))

    def number_literal(self, meta: Meta, children: _Children) -> ast.NumberLiteral:
        return ast.NumberLiteral(str(children[0]), span=self._span(meta))

    def date_literal(self, meta: Meta, children: _Children) -> ast.DateLiteral:
        return ast.DateLiteral(str(children[0]), span=self._span(meta))

    def datetime_literal(self, meta: Meta, children: _Children) -> ast.DateTimeLiteral:
        return ast.DateTimeLiteral(str(children[0]), span=self._span(meta))

    def boolean_literal(self, meta: Meta, children: _Children) -> ast.BoolLiteral:
        return ast.BoolLiteral(str(children[0]) == "true", span=self._span(meta))

    def boolean(self, meta: Meta, children: _Children) -> Token:
        return children[0]  # type: ignore[no-any-return]

    # ---------------------------------------------------------------- shared pieces

    def name_list(self, meta: Meta, children: _Children) -> tuple[ast.Name, ...]:
        return tuple(self._name(t) for t in children)

    def text(self, meta: Meta, children: _Children) -> ast.Text:
        return self._text(meta, children)
