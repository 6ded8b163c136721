"""The symbol table of one policy: every declared name, by namespace, and the request inputs.

Building it is the first pass: it reports duplicate declarations (pointing at the first one) and
derives the implicit inputs (``type`` from the ticket types, ``priority`` from the priorities,
``product`` and ``item`` from products and responsibility lists, ``opened_at`` always).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policylang.lang import ast
from policylang.lang.diagnostics import Diagnostic, Related
from policylang.lang.source import Span
from policylang.lang.traversal import iter_atoms, iter_conditions, iter_items
from policylang.vocabulary import REQUEST_FIELDS, TICKET_KINDS

__all__ = [
    "IMPLICIT_INPUTS",
    "InputInfo",
    "Symbols",
    "build_symbols",
]

#: Inputs the engine derives from the policy's own declarations; a policy cannot redeclare them.
IMPLICIT_INPUTS = ("type", "category", "priority", "product", "item", "opened_at")
#: A name to suggest for an input that took a request field's name.
_RENAMED = {"kind": "request_kind", "severity": "urgency", "customer": "customer_id"}


@dataclass(frozen=True, slots=True)
class InputInfo:
    """What the checker knows of one request input."""

    name: str
    kind: str  # "enum", "bool", "date", "datetime", "text" or "number"
    values: tuple[str, ...] = ()
    required: bool = True
    origin: str = "declared"  # declared | types | priorities | products | items | builtin
    span: Span | None = None
    #: The input is computed by the engine, never sent (``category`` is derived from ``type``).
    derived: bool = False

    def describe(self) -> str:
        """``enum (a, b, c)`` or ``date``: how an error message names the type."""
        if self.kind == "enum":
            return "one of " + ", ".join(f"`{v}`" for v in self.values)
        return self.kind


@dataclass(slots=True)
class Symbols:
    """Declarations of one policy file, by namespace, in source order."""

    header: ast.PolicyDecl | None = None
    clauses: dict[str, ast.ClauseDecl] = field(default_factory=dict)
    notes: dict[str, ast.NoteDecl] = field(default_factory=dict)
    calendars: dict[str, ast.CalendarDecl] = field(default_factory=dict)
    inputs: dict[str, InputInfo] = field(default_factory=dict)
    input_decls: dict[str, ast.InputDecl] = field(default_factory=dict)
    categories: dict[str, ast.TaxonDecl] = field(default_factory=dict)
    types: dict[str, ast.TaxonDecl] = field(default_factory=dict)
    priorities: dict[str, ast.TaxonDecl] = field(default_factory=dict)
    products: dict[str, ast.TaxonDecl] = field(default_factory=dict)
    #: item id -> every place it is listed (an item on two lists is an overlap, not an error).
    items: dict[str, list[ast.Item]] = field(default_factory=dict)
    rules: dict[str, list[ast.RuleDecl]] = field(default_factory=dict)

    def rules_of(self, keyword: str) -> list[ast.RuleDecl]:
        """The rules of one kind (``sla``, ``charge``...) in file order."""
        return self.rules.get(keyword, [])


def _duplicate(kind: str, name: ast.Name, first: ast.Node) -> Diagnostic:
    return Diagnostic(
        "PL210",
        f"{kind} `{name.value}` is declared twice",
        name.span,
        "give each declaration its own name",
        related=(Related(first.span, "first declared here"),),
    )


def build_symbols(policy_file: ast.PolicyFile) -> tuple[Symbols, list[Diagnostic]]:
    """Collect the declarations of a file; report duplicates and redeclared implicit inputs."""
    symbols = Symbols()
    problems: list[Diagnostic] = []
    namespaces: dict[type[ast.Node], tuple[str, dict[str, object]]] = {
        ast.ClauseDecl: ("clause", symbols.clauses),  # type: ignore[dict-item]
        ast.NoteDecl: ("note", symbols.notes),  # type: ignore[dict-item]
        ast.CalendarDecl: ("calendar", symbols.calendars),  # type: ignore[dict-item]
        ast.CategoryDecl: ("category", symbols.categories),  # type: ignore[dict-item]
        ast.TypeDecl: ("type", symbols.types),  # type: ignore[dict-item]
        ast.PriorityDecl: ("priority", symbols.priorities),  # type: ignore[dict-item]
        ast.ProductDecl: ("product", symbols.products),  # type: ignore[dict-item]
        ast.InputDecl: ("input", symbols.input_decls),  # type: ignore[dict-item]
    }
    rule_names: dict[str, dict[str, ast.RuleDecl]] = {}
    for decl in policy_file.declarations:
        if isinstance(decl, ast.PolicyDecl):
            if symbols.header is None:
                symbols.header = decl
            else:
                problems.append(
                    Diagnostic(
                        "PL504",
                        "a file holds one policy header; this is the second",
                        decl.id.span,
                        "put each policy (or each version of one) in its own file",
                        related=(Related(symbols.header.span, "the first header"),),
                    )
                )
            continue
        if isinstance(decl, ast.CustomerDecl):
            problems.append(
                Diagnostic(
                    "PL517",
                    "a customer belongs in a `.customers` file, not in a policy",
                    decl.id.span,
                    "move it to a file named like `customers/acme.customers` beside the policies",
                )
            )
            continue
        if isinstance(decl, ast.RuleDecl):
            seen = rule_names.setdefault(decl.keyword, {})
            if decl.name.value in seen:
                problems.append(_duplicate(decl.keyword, decl.name, seen[decl.name.value]))
            else:
                seen[decl.name.value] = decl
            symbols.rules.setdefault(decl.keyword, []).append(decl)
            if isinstance(decl, ast.ResponsibilityDecl):
                _collect_items(decl, symbols, problems)
            continue
        kind, table = namespaces[type(decl)]
        name = decl.id
        if name.value in table:
            problems.append(_duplicate(kind, name, table[name.value]))  # type: ignore[arg-type]
        else:
            table[name.value] = decl
    _collect_inputs(symbols, problems)
    return symbols, problems


def _collect_items(
    decl: ast.ResponsibilityDecl, symbols: Symbols, problems: list[Diagnostic]
) -> None:
    local: dict[str, ast.Item] = {}
    for item in iter_items(decl):
        if item.id.value in local:
            problems.append(_duplicate("item", item.id, local[item.id.value]))
            continue
        local[item.id.value] = item
        symbols.items.setdefault(item.id.value, []).append(item)


def _implicit_inputs(symbols: Symbols) -> list[InputInfo]:
    """The inputs the policy's declarations give: ``type``, ``priority``, ``item``..."""
    implicit: list[InputInfo] = [
        InputInfo("opened_at", "datetime", origin="builtin"),
    ]
    if symbols.types:
        implicit.append(InputInfo("type", "enum", tuple(symbols.types), origin="types"))
    if symbols.categories:
        implicit.append(
            InputInfo("category", "enum", tuple(symbols.categories), origin="types", derived=True)
        )
    if symbols.priorities:
        # A priority may come from the ticket type's default, so it is required only when no
        # type carries one.
        typed = any(
            isinstance(s, ast.NameField) and s.key == "priority"
            for t in symbols.types.values()
            for s in t.body
        )
        implicit.append(
            InputInfo(
                "priority",
                "enum",
                tuple(symbols.priorities),
                required=not typed,
                origin="priorities",
            )
        )
    if symbols.products:
        implicit.append(
            InputInfo("product", "enum", tuple(symbols.products), required=False, origin="products")
        )
    if symbols.items:
        implicit.append(
            InputInfo("item", "enum", tuple(symbols.items), required=False, origin="items")
        )
    if not symbols.types and _tests_kind(symbols):
        # Without ticket types the request's standard kind is the only word on what it is
        # (BPMSoft: a consultation is not a problem to trace); with types, the type says it.
        implicit.append(
            InputInfo("kind", "enum", TICKET_KINDS, required=False, origin="builtin", derived=True)
        )
    return implicit


def _collect_inputs(symbols: Symbols, problems: list[Diagnostic]) -> None:
    for info in _implicit_inputs(symbols):
        symbols.inputs[info.name] = info
    for name, decl in symbols.input_decls.items():
        if name in IMPLICIT_INPUTS:
            problems.append(
                Diagnostic(
                    "PL212",
                    f"`{name}` is provided by the engine and cannot be declared as an input",
                    decl.id.span,
                    _implicit_help(name),
                )
            )
            continue
        if name in REQUEST_FIELDS:
            problems.append(
                Diagnostic(
                    "PL213",
                    f"`{name}` is a field of every request, {REQUEST_FIELDS[name]}: an input "
                    "cannot take its name",
                    decl.id.span,
                    f"rename the input, e.g. `{_RENAMED.get(name, 'ticket_' + name)}`",
                )
            )
            continue
        symbols.inputs[name] = _declared_input(decl)


def _tests_kind(symbols: Symbols) -> bool:
    """Whether a rule's condition tests ``kind`` (the request's standard ticket kind)."""
    for rules in symbols.rules.values():
        for rule in rules:
            for when in iter_conditions(rule):
                for atom in iter_atoms(when.condition):
                    if isinstance(atom, ast.Comparison):
                        subject: ast.Node = atom.left
                    elif isinstance(atom, ast.Membership):
                        subject = atom.operand
                    else:
                        continue
                    if isinstance(subject, ast.Reference) and subject.name.value == "kind":
                        return True
    return False


def _implicit_help(name: str) -> str:
    sources = {
        "type": "declare ticket types with `type ID { ... }` and `type` becomes an input",
        "category": "`category` follows from the ticket type's `category` statement",
        "priority": "declare priorities with `priority ID { ... }` and `priority` becomes an input",
        "product": "declare products with `product ID` and `product` becomes an input",
        "item": "items listed in `responsibility` blocks make `item` an input",
        "opened_at": "every request carries `opened_at`; conditions can use it as it is",
    }
    return sources[name]


def _declared_input(decl: ast.InputDecl) -> InputInfo:
    required = decl.presence is None
    if isinstance(decl.type, ast.EnumType):
        values = tuple(v.id.value for v in decl.type.values)
        return InputInfo(decl.id.value, "enum", values, required, span=decl.id.span)
    return InputInfo(decl.id.value, decl.type.name.value, (), required, span=decl.id.span)
