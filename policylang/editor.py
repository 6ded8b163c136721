"""What editors need beyond the front, in one place.

The language server (:mod:`policylang.lsp`) and any other editor integration build on the front
(:mod:`policylang`: check, lint, load, evaluate) and on these names, each defined once in the
stage that owns its fact:

* :func:`build_index` — where every name of a checked file is declared and used, resolved the
  way the checker resolves it; an outline of its declarations
  (:mod:`policylang.lang.analysis.index`);
* :func:`partial_check` — the declarations of a text that parse, while another is broken;
* :func:`expected_at` — the keywords and the kind of name the grammar can take at a point of a
  file being typed (:mod:`policylang.lang.syntax.expected`);
* :func:`format_text` — the canonical layout `policylang fmt` writes;
* :func:`documented` and the ``*_snippet`` functions — a clause, note, calendar, input or rule
  in the words of its generated page (:mod:`policylang.tools.docgen.snippets`);
* :func:`load_tests_file` and :func:`run_case` — one case of a ``*.tests.yaml`` file, run as
  `policylang test` runs it;
* :class:`CheckedFile` and :class:`Documented`, the types those take and give;
* the vocabularies names are completed from: :func:`known_zones` (IANA zones),
  :func:`holiday_countries` (python-holidays), :data:`EVENTS` (ticket events) and
  :func:`currency_codes` (ISO 4217, as the checker takes them);
* for ``*.customers`` files: :func:`customer_slot` — which fact of a ``customer`` block is being
  typed, and what its block already names; :func:`customer_terms` — what a customer of each
  policy may name (the inputs a request could send, the charge rules a rate may price);
  :func:`customer_names` — the names a customers file uses, each with the policy it belongs to.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from policylang.lang import ast
from policylang.lang.analysis.charges import currency_codes
from policylang.lang.analysis.customers import CUSTOMERS_SUFFIX, settable
from policylang.lang.analysis.index import Declared, Occurrence, SymbolIndex, build_index
from policylang.lang.analysis.passes import CheckedFile, analyze
from policylang.lang.analysis.symbols import InputInfo, Symbols
from policylang.lang.analysis.zones import holiday_countries, known_zones
from policylang.lang.printer import format_text
from policylang.lang.source import SourceFile, Span

# The parser's tokens of the declaration being typed, the ones completion's keywords come from
# (`expected` owns them), and where a declaration starts, as parse recovery finds it.
from policylang.lang.syntax.expected import Expected, _tokens, expected_at
from policylang.lang.syntax.incremental import parse_partial
from policylang.lang.syntax.recovery import _DECLARATION_START
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.snippets import (
    calendar_snippet,
    clause_snippet,
    documented,
    input_snippet,
    note_snippet,
    rule_snippet,
)
from policylang.tools.testing.cases import CaseResult, run_case
from policylang.tools.testing.files import TestFileError, load_tests_file
from policylang.vocabulary import EVENTS

__all__ = [
    "CUSTOMERS_SUFFIX",
    "EVENTS",
    "CaseResult",
    "Charge",
    "CheckedFile",
    "CustomerName",
    "CustomerSlot",
    "CustomerTerms",
    "Declared",
    "Documented",
    "Expected",
    "InputInfo",
    "Occurrence",
    "SymbolIndex",
    "TestFileError",
    "build_index",
    "calendar_snippet",
    "clause_snippet",
    "currency_codes",
    "customer_names",
    "customer_slot",
    "customer_terms",
    "documented",
    "expected_at",
    "format_text",
    "holiday_countries",
    "input_snippet",
    "known_zones",
    "load_tests_file",
    "note_snippet",
    "partial_check",
    "rule_snippet",
    "run_case",
]


def partial_check(path: str, text: str) -> CheckedFile:
    """The declarations of a text that parse on their own, checked (the broken ones left out).

    What an editor navigates while a declaration is being typed: the places are in this text.
    Its diagnostics are not the file's; :func:`policylang.check_paths` gives those.
    """
    return analyze(parse_partial(SourceFile(path, text)))


# ---------------------------------------------------------------------------- customers files

#: The keywords that start a fact of a ``customer`` block.
_FACTS = frozenset({"policy", "set", "rate"})
#: The part of a fact typed after its keyword and so many words in all (the keyword counted).
_PARTS = {
    ("policy", 1): "policy",
    ("set", 1): "input",
    ("set", 3): "value",
    ("rate", 1): "rule",
    ("rate", 3): "currency",
    ("rate", 4): "unit",
}
#: A fact's keyword and the name after it, on one line; strings and comments are matched (and
#: skipped) so that a word inside them is not taken for a fact, braces to know the depth.
_FACT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]|\b(policy|set|rate)[ \t]+([A-Za-z_]\w*)')


@dataclass(frozen=True, slots=True)
class CustomerSlot:
    """Which part of a fact of a ``customer`` block is being typed (:func:`customer_slot`).

    ``part`` is ``policy`` (after ``policy``), ``input`` (after ``set``), ``value`` (after
    ``set INPUT =``; ``subject`` is the input), ``rule`` (after ``rate``), ``currency`` (after
    ``rate RULE AMOUNT``; ``subject`` is the rule), ``unit`` (after the currency; ``subject`` is
    the rule), or empty where no name of a policy fits (a new fact, an amount, ``=``).
    """

    part: str
    #: The policy the block names (``policy P``, before or after the cursor), if it names one.
    policy: str | None = None
    subject: str = ""
    #: The inputs the block sets and the rules it rates elsewhere (a fact is fixed once).
    set_inputs: frozenset[str] = frozenset()
    rated_rules: frozenset[str] = frozenset()


def customer_slot(text: str, start: int) -> CustomerSlot | None:
    """The fact of a ``customer`` block typed at ``start`` (where the word being typed begins:
    :attr:`Expected.start`), or None outside a customer's own block or where the block does not
    parse up to ``start``."""
    parsed = _tokens(text, start)
    if parsed is None or not parsed[1] or str(parsed[1][0]) != "customer":
        return None
    fact: list[str] = []
    depth = 0
    for token in parsed[1]:
        value = str(token)
        if token.type == "LBRACE":
            depth += 1
            fact = [] if depth == 1 else fact
        elif token.type == "RBRACE":
            depth -= 1
            fact = ["}"]  # a nested block (or the customer) closed: a new fact comes next
        elif depth == 1 and token.type != "NAME" and value in _FACTS:
            fact = [value]
        elif depth == 1:
            fact.append(value)
    if depth != 1:
        return None  # in the header, inside a nested block, or after the customer's `}`
    policy, set_inputs, rated_rules = _block_facts(text, start)
    part, subject = _part(fact)
    return CustomerSlot(part, policy, subject, set_inputs, rated_rules)


def _part(fact: list[str]) -> tuple[str, str]:
    """The part of a fact typed after its words ``fact`` (the word being typed excluded), and
    its subject (the parser took the words: `set X =` is the only three of a `set`)."""
    part = _PARTS.get((fact[0], len(fact))) if fact else None
    if part is None:
        return "", ""
    return part, fact[1] if len(fact) > 1 else ""


def _block_facts(text: str, start: int) -> tuple[str | None, frozenset[str], frozenset[str]]:
    """The policy a customer block names, the inputs it sets and the rules it rates, the fact
    typed at ``start`` left out (read off the whole block: facts may follow the cursor)."""
    begin, end = _declaration_around(text, start)
    named: dict[str, list[str]] = {"policy": [], "set": [], "rate": []}
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
    return policy, frozenset(named["set"]), frozenset(named["rate"])


def _declaration_around(text: str, at: int) -> tuple[int, int]:
    """Where the declaration holding offset ``at`` begins and where the next one begins (the
    lines that start a declaration, as parse recovery finds them)."""
    begin = max((m.start() for m in _DECLARATION_START.finditer(text, 0, at + 1)), default=0)
    after = _DECLARATION_START.search(text, at + 1)
    return begin, after.start() if after is not None else len(text)


@dataclass(frozen=True, slots=True)
class Charge:
    """A charge rule a customer's rate may price: it states a fee, not ``included``, and no rate."""

    name: str
    title: str | None
    #: ``per_request``, ``per_hour``, ``fixed``, or ``unspecified`` (the rate states its unit).
    fee: str


@dataclass(frozen=True, slots=True)
class CustomerTerms:
    """What a customer of one policy may name, in every loaded version of it."""

    policy: str
    #: ``provider: title`` of the policy header (its first version's).
    title: str | None
    #: The inputs a request could send (:func:`~policylang.lang.analysis.customers.settable`),
    #: an enum's values those every version takes.
    inputs: dict[str, InputInfo]
    #: The labels of enum values, by input and value.
    labels: dict[str, dict[str, str]]
    charges: dict[str, Charge]


def customer_terms(policies: Sequence[CheckedFile]) -> dict[str, CustomerTerms]:
    """What a customer may name of each policy among ``policies``, by policy id.

    A policy loaded in several versions gives what every version takes, as the checker checks a
    customer against each. A policy with errors gives what its symbols hold.
    """
    versions: dict[str, list[Symbols]] = {}
    for checked in policies:
        if checked.symbols.header is not None:
            versions.setdefault(checked.symbols.header.id.value, []).append(checked.symbols)
    return {policy: _terms(policy, symbols) for policy, symbols in versions.items()}


def _terms(policy: str, versions: list[Symbols]) -> CustomerTerms:
    first = versions[0]
    inputs = settable(first)
    charges = _charges(first)
    for other in versions[1:]:
        theirs = settable(other)
        inputs = {
            name: replace(info, values=tuple(v for v in info.values if v in theirs[name].values))
            for name, info in inputs.items()
            if name in theirs and theirs[name].kind == info.kind
        }
        their_charges = _charges(other)
        charges = {
            n: c for n, c in charges.items() if n in their_charges and their_charges[n].fee == c.fee
        }
    labels = {name: _labels(first, info) for name, info in inputs.items() if info.kind == "enum"}
    return CustomerTerms(policy, _policy_title(first), inputs, labels, charges)


def _policy_title(symbols: Symbols) -> str | None:
    assert symbols.header is not None
    fields = {f.key: f.text.value for f in symbols.header.fields if isinstance(f, ast.HeaderField)}
    words = [fields[key] for key in ("provider", "title") if key in fields]
    return ": ".join(words) or None


def _charges(symbols: Symbols) -> dict[str, Charge]:
    out: dict[str, Charge] = {}
    for rule in symbols.rules_of("charge"):
        fee = next((s for s in rule.body if isinstance(s, ast.Fee)), None)
        if fee is None or fee.kind.value == "included":
            continue
        if any(isinstance(s, ast.Rate) for s in rule.body):
            continue  # the policy states the price: a customer's rate for it is an error
        title = rule.title.value if rule.title is not None else None
        out.setdefault(rule.name.value, Charge(rule.name.value, title, fee.kind.value))
    return out


def _labels(symbols: Symbols, info: InputInfo) -> dict[str, str]:
    """The labels of an enum input's values, as declared (a type's title, an item's label)."""
    if info.origin == "declared":
        decl = symbols.input_decls.get(info.name)
        if decl is None or not isinstance(decl.type, ast.EnumType):
            return {}
        return {v.id.value: v.label.value for v in decl.type.values if v.label is not None}
    if info.origin == "items":
        return {
            name: items[0].label.value
            for name, items in symbols.items.items()
            if items and items[0].label is not None
        }
    taxa = {"types": symbols.types, "priorities": symbols.priorities, "products": symbols.products}
    declared = taxa.get(info.origin, {})
    return {name: d.title.value for name, d in declared.items() if d.title is not None}


@dataclass(frozen=True, slots=True)
class CustomerName:
    """A name a customers file uses, of the policy its customer names (:func:`customer_names`).

    ``kind`` is ``policy``, ``input`` (``set INPUT``), ``value`` (``set INPUT = VALUE``;
    ``subject`` is the input) or ``rule`` (``rate RULE``).
    """

    kind: str
    policy: str
    name: str
    span: Span
    subject: str = ""


def customer_names(path: str, text: str, at: int | None = None) -> list[CustomerName]:
    """The names the customers of a file use, in text order (of the customers that parse).

    With ``at``, only those of the declaration holding that offset: a hover in a long file
    parses one customer, not all of them.
    """
    begin, end = _declaration_around(text, at) if at is not None else (0, len(text))
    lines = text.count("\n", 0, begin)
    found: list[CustomerName] = []
    for decl in parse_partial(SourceFile(path, text[begin:end])).declarations:
        if not isinstance(decl, ast.CustomerDecl):
            continue
        named = next((f.id for f in decl.body if isinstance(f, ast.CustomerPolicy)), None)
        if named is None:
            continue
        for kind, name, subject in _fact_names(decl):
            # A declaration starts a line: columns stay, offsets and lines move on.
            span = replace(
                name.span,
                start=name.span.start + begin,
                end=name.span.end + begin,
                line=name.span.line + lines,
                end_line=name.span.end_line + lines,
            )
            found.append(CustomerName(kind, named.value, name.value, span, subject))
    return found


def _fact_names(decl: ast.CustomerDecl) -> list[tuple[str, ast.Name, str]]:
    """The names a customer's facts use: kind, name, and the input of a value."""
    found: list[tuple[str, ast.Name, str]] = []
    for fact in decl.body:
        if isinstance(fact, ast.CustomerPolicy):
            found.append(("policy", fact.id, ""))
        elif isinstance(fact, ast.CustomerSet):
            found.append(("input", fact.input, ""))
            if isinstance(fact.value, ast.Reference):
                found.append(("value", fact.value.name, fact.input.value))
        elif isinstance(fact, ast.CustomerRate):
            found.append(("rule", fact.rule, ""))
    return found
