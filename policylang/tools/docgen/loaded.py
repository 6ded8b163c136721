"""A policy version as the page generator sees it: the author's tree beside the compiled policy.

The compiled policy answers what the rules *mean* (condition texts, targets, calendars that can
list their closed days); the tree keeps what a reader needs and the compiler drops: declaration
order, titles of calendars, nested responsibility items, the `means` of a priority. Both come
from one checked file, so they always agree.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from policylang.compiler.customers import compile_customers
from policylang.compiler.policy import compile_file
from policylang.errors import PolicyError
from policylang.lang import ast
from policylang.lang.analysis.customers import CheckedCustomer
from policylang.lang.loader import check_paths
from policylang.model.customers import Customer
from policylang.model.policy import CompiledPolicy
from policylang.runtime.policyset import PolicySet

__all__ = [
    "Documented",
    "DocumentedCustomer",
    "display_path",
    "load_documented",
    "names_field",
    "text_field",
]

_Decl = TypeVar("_Decl", bound=ast.Node)


def display_path(path: str | Path) -> str:
    """A policy file's path as pages show it: relative to the working directory when inside it,
    else its folder and name. Never absolute, so pages do not depend on where a clone lives."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    if not relative.startswith(os.pardir):
        return Path(relative).as_posix()
    return Path(*Path(absolute).parts[-2:]).as_posix()


def text_field(body: Sequence[ast.Node], key: str) -> str | None:
    """The text of the first ``key "..."`` statement of a block, if any."""
    for statement in body:
        if isinstance(statement, ast.TextField) and statement.key == key:
            return statement.text.value
    return None


def names_field(body: Sequence[ast.Node], key: str) -> tuple[str, ...]:
    """Every name of the ``key a, b`` statements of a block (``cite``, ``note``, ``about``)."""
    return tuple(
        name.value
        for statement in body
        if isinstance(statement, ast.NamesField) and statement.key == key
        for name in statement.names
    )


@dataclass(frozen=True, slots=True)
class DocumentedCustomer:
    """A customer of the policy: its declaration as written (amounts, dates and labels as the
    contract spells them) beside its compiled form (the calendar layers the engine counts
    with)."""

    checked: CheckedCustomer
    compiled: Customer

    @property
    def id(self) -> str:
        """The customer id."""
        return self.compiled.id

    @property
    def name(self) -> str | None:
        """Its name, if the customers file gives one."""
        return self.compiled.name

    @property
    def path(self) -> str:
        """Its customers file, as pages show it (`display_path`)."""
        return display_path(self.checked.decl.span.path)


@dataclass(frozen=True, slots=True)
class Documented:
    """One policy version: its compiled form, its tree, and lookups the pages need."""

    compiled: CompiledPolicy
    tree: ast.PolicyFile
    #: Every version of this policy id, oldest first (this one included).
    siblings: tuple[CompiledPolicy, ...] = ()
    #: The customers of this policy (of every version), by id.
    customers: tuple[DocumentedCustomer, ...] = ()
    _labels: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)
    #: The rules by keyword, in file order (pages ask once per type: a scan each time was
    #: quadratic in the size of the policy).
    _rules: dict[str, list[ast.RuleDecl]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Labels of the values of built-in inputs (type, priority, category, product, item):
        # the English title of each declaration, or of each item.
        for decl in self.tree.declarations:
            if isinstance(decl, ast.TaxonDecl) and decl.title is not None:
                self._labels[(decl.keyword, decl.id.value)] = decl.title.value
            if isinstance(decl, ast.RuleDecl):
                self._rules.setdefault(decl.keyword, []).append(decl)
        for item_id, label in self.compiled.item_labels.items():
            if label is not None:
                self._labels[("item", item_id)] = label

    @property
    def id(self) -> str:
        """The policy id."""
        return self.compiled.id

    @property
    def path(self) -> str:
        """The policy file, as pages show it (`display_path`)."""
        return display_path(self.compiled.path)

    @property
    def version(self) -> str:
        """This version's label."""
        return self.compiled.version

    @property
    def is_latest(self) -> bool:
        """True when no later version of this policy is loaded."""
        return not self.siblings or self.siblings[-1] is self.compiled

    def declarations(self, kind: type[_Decl]) -> list[_Decl]:
        """The declarations of one node type, in file order."""
        return [d for d in self.tree.declarations if isinstance(d, kind)]

    def rules(self, keyword: str) -> list[ast.RuleDecl]:
        """The rules of one keyword (``sla``, ``charge``...), in file order."""
        return list(self._rules.get(keyword, ()))

    def value_label(self, input_name: str, value: str) -> str:
        """The English label of an enum value (a type's title, an input value's label)."""
        if input_name in ("type", "priority", "category", "product", "item"):
            found = self._labels.get((input_name, value))
            if found is not None:
                return found
        spec = self.compiled.inputs.get(input_name)
        if spec is not None:
            label = spec.labels.get(value)
            if label:
                return label
        return value

    def input_label(self, input_name: str) -> str:
        """How a request input is called in plain words: its label, or its name."""
        spec = self.compiled.inputs.get(input_name)
        if spec is not None and spec.label:
            return spec.label
        return input_name.replace("_", " ")


def load_documented(paths: Sequence[str | Path]) -> tuple[list[Documented], PolicySet]:
    """Check and compile the policies under ``paths``; raise `PolicyError` on any error.

    Returns every version, sorted by policy id then effective date, each with the customers of
    its policy, and the policy set that evaluates the worked examples (customers play no part
    in them: a worked example is the policy's own).
    """
    report = check_paths(paths)
    if not report.ok:
        raise PolicyError(report.errors)
    pairs = [(compile_file(checked), checked.file) for checked in report.files]
    policy_set = PolicySet.from_policies(compiled for compiled, _ in pairs)
    trees = {id(compiled): tree for compiled, tree in pairs}
    latest = {policy_id: versions[-1] for policy_id, versions in policy_set.versions.items()}
    compiled_customers = compile_customers(report.customers, latest)
    customers: dict[str, list[DocumentedCustomer]] = {}
    for checked in report.customers:
        customer = compiled_customers[checked.policy][checked.decl.id.value]
        customers.setdefault(checked.policy, []).append(DocumentedCustomer(checked, customer))
    out: list[Documented] = []
    for policy_id, versions in policy_set.versions.items():
        theirs = tuple(sorted(customers.get(policy_id, ()), key=lambda c: c.id))
        for compiled in versions:
            out.append(Documented(compiled, trees[id(compiled)], versions, theirs))
    return out, policy_set
