"""The symbol index of one checked file: where each name is declared and everywhere it is used.

Editors ask where a name under the cursor is declared, what uses it, what to rename with it and
what the outline of a file is. The answers come from the checker's own symbol table
(:mod:`policylang.lang.analysis.symbols`) and resolve names the way the passes do: a name in a
condition is an input when the symbol table knows that input, else a value of the input on the
other side; the values of ``type``, ``priority``, ``category``, ``product`` and ``item`` are
the declarations themselves.

Every occurrence has a *key*: the namespace (``clause``, ``note``, ``calendar``, ``input``,
``value``, ``category``, ``type``, ``priority``, ``product``, ``item``, ``rule``, ``event``,
``country``), a scope (the input a value belongs to, the kind of a rule; empty otherwise) and
the name. Occurrences of one key are the same thing.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from policylang.lang import ast
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.analysis.symbols import InputInfo
from policylang.lang.source import Span
from policylang.lang.traversal import iter_atoms, iter_items

__all__ = ["Declared", "Occurrence", "SymbolIndex", "build_index"]

#: Inputs whose values are declarations of their own (``priority == critical`` names the
#: priority ``critical``), by the namespace of those declarations.
_VALUE_NAMESPACES = {
    "types": "type",
    "priorities": "priority",
    "products": "product",
    "items": "item",
}

#: ``NameField`` keys that refer to a declaration, by namespace.
_NAME_FIELDS = {
    "category": "category",
    "priority": "priority",
    "product": "product",
    "during": "calendar",
}
#: ``NamesField`` keys, by namespace.
_NAMES_FIELDS = {"cite": "clause", "about": "clause", "note": "note"}

Key = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One name in the text: a declaration of it, or a use."""

    namespace: str
    scope: str
    name: str
    span: Span
    definition: bool

    @property
    def key(self) -> Key:
        """``(namespace, scope, name)``: what the occurrence stands for."""
        return (self.namespace, self.scope, self.name)


@dataclass(frozen=True, slots=True)
class Declared:
    """A declaration as an outline shows it: kind, name, extent, and what it declares inside."""

    kind: str
    name: str
    span: Span
    name_span: Span
    title: str | None = None
    children: tuple[Declared, ...] = ()


@dataclass(slots=True)
class SymbolIndex:
    """Every occurrence of every name of one file, in text order."""

    occurrences: list[Occurrence] = field(default_factory=list)
    outline: list[Declared] = field(default_factory=list)
    #: Inputs the engine derives from declarations (``priority``), by their namespace.
    derived_inputs: dict[str, str] = field(default_factory=dict)
    #: Every input a condition may read, declared or built in, in the symbol table's order.
    inputs: list[str] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def at(self, offset: int) -> Occurrence | None:
        """The occurrence whose span holds character ``offset`` (its end included), if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset <= self.occurrences[i].span.end:
            return self.occurrences[i]
        return None

    def definitions(self, key: Key) -> list[Occurrence]:
        """Where ``key`` is declared (an item listed twice has two places).

        A built-in input (``priority``) is declared by the declarations it is made of.
        """
        found = [o for o in self.occurrences if o.definition and o.key == key]
        namespace, _, name = key
        if not found and namespace == "input" and name in self.derived_inputs:
            made_of = self.derived_inputs[name]
            found = [o for o in self.occurrences if o.definition and o.namespace == made_of]
        return found

    def references(self, key: Key) -> list[Occurrence]:
        """Every use of ``key``, declarations excluded."""
        return [o for o in self.occurrences if not o.definition and o.key == key]

    def names(self, namespace: str, scope: str = "") -> list[str]:
        """The names declared in one namespace (and scope), in file order, each once."""
        found = (
            o.name
            for o in self.occurrences
            if o.definition and o.namespace == namespace and o.scope == scope
        )
        return list(dict.fromkeys(found))


def build_index(checked: CheckedFile) -> SymbolIndex:
    """Index every declaration and every name a statement or condition uses."""
    builder = _Builder(checked)
    for decl in checked.file.declarations:
        builder.declaration(decl)
    occurrences = sorted(builder.found, key=lambda o: o.span.start)
    derived = {
        name: _value_namespace(info)
        for name, info in checked.symbols.inputs.items()
        if info.origin != "declared" and info.kind == "enum"
    }
    return SymbolIndex(
        occurrences,
        builder.outline,
        {name: namespace for name, namespace in derived.items() if namespace},
        list(checked.symbols.inputs),
        [o.span.start for o in occurrences],
    )


def _value_namespace(info: InputInfo) -> str | None:
    """The namespace whose declarations are the values of a built-in input, if any."""
    if info.name == "category":
        return "category"
    return _VALUE_NAMESPACES.get(info.origin)


class _Builder:
    def __init__(self, checked: CheckedFile) -> None:
        self.inputs = checked.symbols.inputs
        self.found: list[Occurrence] = []
        self.outline: list[Declared] = []

    def add(self, namespace: str, name: ast.Name, *, definition: bool, scope: str = "") -> None:
        self.found.append(Occurrence(namespace, scope, name.value, name.span, definition))

    def declaration(self, decl: ast.Declaration) -> None:
        if isinstance(decl, ast.PolicyDecl):
            self.outline.append(Declared("policy", decl.id.value, decl.span, decl.id.span))
            return
        if isinstance(decl, ast.RuleDecl):
            self._rule(decl)
            return
        namespace, title, body = _declaration_parts(decl)
        self.add(namespace, decl.id, definition=True)
        children: list[Declared] = []
        if isinstance(decl, ast.CalendarDecl) and decl.extends is not None:
            self.add("calendar", decl.extends, definition=False)
        if isinstance(decl, ast.InputDecl):
            children = self._input(decl)
        self.statements(body)
        self.outline.append(
            Declared(namespace, decl.id.value, decl.span, decl.id.span, title, tuple(children))
        )

    def _input(self, decl: ast.InputDecl) -> list[Declared]:
        children: list[Declared] = []
        if isinstance(decl.type, ast.EnumType):
            for value in decl.type.values:
                self.add("value", value.id, definition=True, scope=decl.id.value)
                label = value.label.value if value.label is not None else None
                children.append(Declared("value", value.id.value, value.span, value.id.span, label))
        info = self.inputs.get(decl.id.value)
        if isinstance(decl.presence, ast.DefaultValue) and info is not None:
            self.operand(decl.presence.value, info)
        return children

    def _rule(self, decl: ast.RuleDecl) -> None:
        self.add("rule", decl.name, definition=True, scope=decl.keyword)
        items = tuple(s for s in decl.body if isinstance(s, ast.Item))
        for item in iter_items(*items):
            self.add("item", item.id, definition=True)
        title = decl.title.value if decl.title is not None else None
        children = tuple(_item_outline(item) for item in items)
        self.outline.append(
            Declared(decl.keyword, decl.name.value, decl.span, decl.name.span, title, children)
        )
        for statement in decl.body:
            if isinstance(statement, ast.NamesField) and statement.key == "replaces":
                # `replaces` names rules of the same kind (charge rules).
                for name in statement.names:
                    self.add("rule", name, definition=False, scope=decl.keyword)
        self.statements(s for s in decl.body if not isinstance(s, ast.Item))

    def statements(self, body: Iterable[ast.Node]) -> None:
        for statement in body:
            if isinstance(statement, ast.NamesField) and statement.key in _NAMES_FIELDS:
                for name in statement.names:
                    self.add(_NAMES_FIELDS[statement.key], name, definition=False)
            elif isinstance(statement, ast.NameField) and statement.key in _NAME_FIELDS:
                self.add(_NAME_FIELDS[statement.key], statement.name, definition=False)
            elif isinstance(statement, ast.Holidays):
                self.add("country", statement.country, definition=False)
            elif isinstance(statement, ast.When):
                self.condition(statement.condition)
            elif isinstance(statement, ast.Target):
                self.target(statement.commitment)
            elif isinstance(statement, ast.Timing):
                self.clock(statement.clock)
                self.add("event", statement.event.event, definition=False)
            elif isinstance(statement, ast.Requires):
                self.add("event", statement.event, definition=False)
            elif isinstance(statement, ast.PauseSpan):
                self.add("event", statement.start, definition=False)
                self.add("event", statement.end, definition=False)

    def target(self, commitment: ast.Commitment) -> None:
        """The calendar, event or input a target's commitment names."""
        if isinstance(commitment, ast.Window):
            self.add("calendar", commitment.calendar, definition=False)
        elif isinstance(commitment, ast.Committed):
            self.clock(commitment.clock)
            if commitment.event is not None:
                self.add("event", commitment.event, definition=False)
        elif isinstance(commitment, ast.Uncommitted):
            for name in (commitment.until, commitment.agreed_by, commitment.estimated_by):
                if name is not None and name.value in self.inputs:
                    self.add("input", name, definition=False)

    def clock(self, clock: ast.OnCalendar | ast.AroundTheClock | None) -> None:
        if isinstance(clock, ast.OnCalendar):
            self.add("calendar", clock.calendar, definition=False)

    def condition(self, condition: ast.Condition) -> None:
        for node in iter_atoms(condition):
            if isinstance(node, ast.Truth | ast.PresenceTest):
                self.add("input", node.name, definition=False)
            elif isinstance(node, ast.DuringTest):
                self.add("input", node.name, definition=False)
                self.add("calendar", node.calendar, definition=False)
            elif isinstance(node, ast.Comparison):
                subject = self.subject(node.left) or self.subject(node.right)
                for operand in (node.left, node.right):
                    self.operand(operand, subject)
            else:
                subject = self.subject(node.operand)
                self.operand(node.operand, subject)
                for value in node.values:
                    self.operand(value, subject)

    def subject(self, operand: ast.Operand) -> InputInfo | None:
        """The input an operand reads, as the `conditions` pass decides it."""
        if isinstance(operand, ast.ElapsedSince):
            return None
        if isinstance(operand, ast.Reference):
            return self.inputs.get(operand.name.value)
        return None

    def operand(self, operand: ast.Operand, subject: InputInfo | None) -> None:
        if isinstance(operand, ast.ElapsedSince):
            self.add("input", operand.input, definition=False)
        elif isinstance(operand, ast.Reference):
            name = operand.name
            if name.value in self.inputs:
                self.add("input", name, definition=False)
            elif subject is not None and subject.kind == "enum":
                namespace = _value_namespace(subject)
                if namespace is not None:
                    self.add(namespace, name, definition=False)
                else:
                    self.add("value", name, definition=False, scope=subject.name)


def _declaration_parts(
    decl: ast.Declaration,
) -> tuple[str, str | None, tuple[ast.Node, ...]]:
    """A non-rule declaration's namespace, title and statements."""
    if isinstance(decl, ast.ClauseDecl):
        return "clause", None, decl.fields
    if isinstance(decl, ast.NoteDecl):
        return "note", decl.title.value if decl.title else None, decl.fields
    if isinstance(decl, ast.CalendarDecl):
        return "calendar", decl.title.value if decl.title else None, decl.body
    if isinstance(decl, ast.InputDecl):
        return "input", None, decl.body
    assert isinstance(decl, ast.TaxonDecl)
    return decl.keyword, decl.title.value if decl.title else None, decl.body


def _item_outline(item: ast.Item) -> Declared:
    label = item.label.value if item.label is not None else None
    children = tuple(_item_outline(child) for child in item.children)
    return Declared("item", item.id.value, item.span, item.id.span, label, children)
