"""A rule's ``when`` in plain words: ``priority == critical`` -> "the priority is Critical".

The words name inputs by their labels and values by theirs, so a reader who never saw the
policy language can follow. The page shows the policy text beside them for the exact meaning.
Results are Markdown (labels are escaped; values are set in bold).
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.printer import format_condition
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.markdown import inline

__all__ = ["condition_code", "condition_words", "fact_words", "input_words"]

_BUILTIN = {
    "type": "the ticket type",
    "priority": "the priority",
    "category": "the category",
    "product": "the product",
    "item": "the matter",
    "kind": "the request's standard kind",
}

_ORDER_WORDS = {
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
}
_TIME_ORDER_WORDS = {
    "<": "is before",
    "<=": "is on or before",
    ">": "is after",
    ">=": "is on or after",
}


def condition_code(condition: ast.Condition) -> str:
    """The condition as the policy writes it (canonical layout)."""
    return format_condition(condition)


def condition_words(doc: Documented, condition: ast.Condition) -> str:
    """The condition in plain words (Markdown)."""
    return _Words(doc).condition(condition, top=True)


def fact_words(doc: Documented, name: str, value: ast.Operand) -> str:
    """``INPUT = VALUE`` in the words a condition on it reads: “How the request came in” is
    **Portal** (Markdown; a customer's fact)."""
    words = _Words(doc)
    return f"{words.subject(name)} is {words.value(name, value)}"


def input_words(doc: Documented, name: str) -> str:
    """An input as a condition names it: "the priority", “How the request came in”
    (Markdown)."""
    return _Words(doc).subject(name)


class _Words:
    def __init__(self, doc: Documented) -> None:
        self.doc = doc

    def subject(self, name: str) -> str:
        builtin = _BUILTIN.get(name)
        if builtin is not None:
            return builtin
        return "\u201c" + inline(self.doc.input_label(name)) + "\u201d"

    def value(self, subject: str | None, operand: ast.Operand) -> str:
        if isinstance(operand, ast.Reference):
            name = operand.name.value
            label = self.doc.value_label(subject, name) if subject else name
            return f"**{inline(label)}**"
        if isinstance(operand, ast.StringLiteral):
            return f"**\u201c{inline(operand.value)}\u201d**"
        if isinstance(operand, ast.BoolLiteral):
            return "**yes**" if operand.value else "**no**"
        if isinstance(operand, ast.ElapsedSince):
            return self.elapsed(operand)
        return f"**{inline(operand.text)}**"

    def elapsed(self, operand: ast.ElapsedSince) -> str:
        unit = operand.unit.value
        return f"the {unit} since {self.subject(operand.input.value)}"

    def left(self, operand: ast.Operand) -> tuple[str, str | None]:
        """The words for the left side, and the input whose values the right side names."""
        if isinstance(operand, ast.Reference):
            return self.subject(operand.name.value), operand.name.value
        if isinstance(operand, ast.ElapsedSince):
            return self.elapsed(operand), None
        return self.value(None, operand), None

    def is_time(self, name: str | None) -> bool:
        spec = self.doc.compiled.inputs.get(name) if name else None
        return spec is not None and spec.kind in ("date", "datetime")

    def condition(self, node: ast.Condition, *, top: bool = False) -> str:  # noqa: PLR0911  (one return per condition node kind)
        if isinstance(node, ast.Comparison):
            return self.comparison(node)
        if isinstance(node, ast.Membership):
            subject, name = self.left(node.operand)
            values = [self.value(name, v) for v in node.values]
            if len(values) == 1:
                verb = "is not" if node.negated else "is"
                return f"{subject} {verb} {values[0]}"
            verb, last = ("is neither", " nor ") if node.negated else ("is", " or ")
            return f"{subject} {verb} {', '.join(values[:-1])}{last}{values[-1]}"
        if isinstance(node, ast.Truth):
            return f"{self.subject(node.name.value)} is **yes**"
        if isinstance(node, ast.PresenceTest | ast.DuringTest):
            return self.time_test(node)
        if isinstance(node, ast.Not):
            if isinstance(node.operand, ast.Truth):
                return f"{self.subject(node.operand.name.value)} is **no**"
            return f"not ({self.condition(node.operand)})"
        joiner = " and " if isinstance(node, ast.And) else " or "
        parts = []
        for operand in node.operands:
            text = self.condition(operand)
            if isinstance(operand, ast.And | ast.Or):
                text = f"({text})"
            parts.append(text)
        return joiner.join(parts)

    def time_test(self, node: ast.PresenceTest | ast.DuringTest) -> str:
        """``x is pending`` / ``x is set`` and ``opened_at during CAL`` in words."""
        subject = self.subject(node.name.value)
        if isinstance(node, ast.DuringTest):
            return f"{subject} falls in the open hours of calendar `{node.calendar.value}`"
        spec = self.doc.compiled.inputs[node.name.value]
        state = f"**{spec.pending}**" if node.state.value == "pending" else "**given**"
        return f"{subject} is {state}"

    def comparison(self, node: ast.Comparison) -> str:
        subject, name = self.left(node.left)
        value = self.value(name, node.right)
        operator = node.operator
        if operator == "==":
            return f"{subject} is {value}"
        if operator == "!=":
            return f"{subject} is not {value}"
        words = _TIME_ORDER_WORDS if self.is_time(name) else _ORDER_WORDS
        return f"{subject} {words[operator]} {value}"
