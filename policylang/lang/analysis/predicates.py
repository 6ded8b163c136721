"""What a checked ``when`` condition means: the three-valued predicate of the compiled model.

The one reading of a condition: the compiler builds every rule's with it, the checker asks it
whether an SLA rule can apply to a ticket type (PL505), the linter and the pages through the
compiled rules; whether a *rule* applies is then :func:`~policylang.model.rules.rule_verdict`.
It lives with the checker (like :mod:`~policylang.lang.analysis.literals`, the meaning of
literals) because the checker needs it before any model exists.

A predicate is a closure over the normalized request values (a dict: enum values are strings,
dates are :class:`datetime.date`, timestamps are epoch seconds, numbers are floats). It returns
True or False, or None when an optional input the request left out decides the outcome — the
evaluator then answers "it depends" instead of guessing. Closures are composed from the tree; no
policy text is ever handed to ``eval`` or ``exec``.

The values the engine derives are read under the names the model gives them
(:data:`~policylang.model.OPENED_TS`, :data:`~policylang.model.OPENED_DATE`).
"""

from __future__ import annotations

import datetime as dt
import operator
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

from policylang.calendar import BusinessCalendar, CalendarError
from policylang.lang import ast
from policylang.lang.analysis.literals import parse_date, parse_datetime, parse_number
from policylang.lang.printer import format_condition
from policylang.model.inputs import MISSING, OPENED_DATE, OPENED_TS, PENDING, InputSpec
from policylang.model.rules import Condition, Predicate

__all__ = ["compile_condition", "literal_value"]

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def literal_value(spec: InputSpec, operand: ast.Operand) -> Any:
    """The normalized value of a literal (or enum name) compared with input ``spec``."""
    if isinstance(operand, ast.Reference):
        return operand.name.value
    if isinstance(operand, ast.BoolLiteral):
        return operand.value
    if isinstance(operand, ast.StringLiteral):
        return operand.value
    if isinstance(operand, ast.NumberLiteral):
        return float(parse_number(operand.text))
    if isinstance(operand, ast.DateLiteral):
        return parse_date(operand.text)
    if isinstance(operand, ast.DateTimeLiteral):
        return parse_datetime(operand.text).timestamp()
    raise TypeError(f"not a literal: {operand!r}")  # pragma: no cover - the checker prevents it


class _Compiler:
    def __init__(
        self,
        inputs: Mapping[str, InputSpec],
        zone: str,
        calendars: Mapping[str, BusinessCalendar] | None,
    ) -> None:
        self.inputs = inputs
        self.zone = zoneinfo.ZoneInfo(zone)
        self.calendars = calendars
        self.used: set[str] = set()

    def condition(self, node: ast.Condition) -> Predicate:  # noqa: PLR0911  (one per node kind)
        if isinstance(node, ast.And):
            return _all([self.condition(c) for c in node.operands])
        if isinstance(node, ast.Or):
            return _any([self.condition(c) for c in node.operands])
        if isinstance(node, ast.Not):
            inner = self.condition(node.operand)

            def negation(values: Mapping[str, Any]) -> bool | None:
                result = inner(values)
                return None if result is None else not result

            return negation
        if isinstance(node, ast.Truth):
            name = node.name.value
            self.used.add(name)

            def truth(values: Mapping[str, Any]) -> bool | None:
                value = values.get(name, MISSING)
                return None if value is MISSING else bool(value)

            return truth
        if isinstance(node, ast.Membership):
            return self.membership(node)
        if isinstance(node, ast.PresenceTest):
            return self.presence(node)
        if isinstance(node, ast.DuringTest):
            return self.during(node)
        return self.comparison(node)

    def during(self, node: ast.DuringTest) -> Predicate:
        """``opened_at during office``: whether the instant falls in the calendar's open hours.
        Without the compiled calendars (the checker asks before any exist), or for an instant
        outside the years the calendar can count (its holidays' data), it cannot tell."""
        name = node.name.value
        self.used.add(name)
        engine = None if self.calendars is None else self.calendars.get(node.calendar.value)

        def during(values: Mapping[str, Any]) -> bool | None:
            value = values.get(name, MISSING)
            if value is MISSING or engine is None:
                return None
            try:
                return engine.is_open_epoch(int(value // 1))
            except CalendarError:
                return None

        return during

    def presence(self, node: ast.PresenceTest) -> Predicate:
        """``x is pending`` / ``x is set``: a pending input's absence is known, never unknown
        (the request fills PENDING in for it), so these are always true or false."""
        name = node.name.value
        self.used.add(name)
        wanted = node.state.value == "pending"

        def presence(values: Mapping[str, Any]) -> bool | None:
            value = values.get(name, MISSING)
            if value is MISSING:
                return None
            return (value == PENDING) is wanted

        return presence

    def subject(
        self, operand: ast.Operand
    ) -> tuple[str, Callable[[Mapping[str, Any]], Any]] | None:
        """The input an operand reads, and how to read it (None for a literal)."""
        if isinstance(operand, ast.ElapsedSince):
            name = operand.input.value
            self.used.add(name)
            if operand.unit.value == "hours":
                # It reads the opening instant too: whatever keys a memo on the inputs a condition
                # reads must see it (`days since` reads the opening date, which the compiled
                # policy's `needs_opened_date` adds to every such key).
                self.used.add(OPENED_TS)
            return name, self.elapsed(operand.unit.value, name)
        if isinstance(operand, ast.Reference) and operand.name.value in self.inputs:
            name = operand.name.value
            self.used.add(name)
            return name, lambda values: values.get(name, MISSING)
        return None

    def elapsed(self, unit: str, name: str) -> Callable[[Mapping[str, Any]], Any]:
        zone = self.zone
        kind = self.inputs[name].kind

        def local_date(value: Any) -> dt.date:
            if kind == "date":
                return value  # type: ignore[no-any-return]
            return dt.datetime.fromtimestamp(value, zone).date()

        def start_ts(value: Any) -> float:
            if kind == "datetime":
                return float(value)
            return dt.datetime.combine(value, dt.time(), zone).timestamp()

        if unit == "days":

            def days_since(values: Mapping[str, Any]) -> Any:
                value = values.get(name, MISSING)
                if value is MISSING:
                    return MISSING
                return float((values[OPENED_DATE] - local_date(value)).days)

            return days_since

        def hours_since(values: Mapping[str, Any]) -> Any:
            value = values.get(name, MISSING)
            if value is MISSING:
                return MISSING
            return (values[OPENED_TS] - start_ts(value)) / 3600.0

        return hours_since

    def comparison(self, node: ast.Comparison) -> Predicate:
        op = node.operator
        found = self.subject(node.left)
        other = node.right
        if found is None:
            found = self.subject(node.right)
            other = node.left
            op = _FLIPPED[op]
        assert found is not None, "the checker guarantees an input on one side"
        name, read = found
        spec = self.inputs.get(name) or InputSpec(name, "number")
        if isinstance(node.left, ast.ElapsedSince) or isinstance(node.right, ast.ElapsedSince):
            spec = InputSpec(name, "number")
        constant = literal_value(spec, other)
        compare = _OPERATORS[op]

        def comparison(values: Mapping[str, Any]) -> bool | None:
            value = read(values)
            if value is MISSING:
                return None
            return compare(value, constant)

        return comparison

    def membership(self, node: ast.Membership) -> Predicate:
        found = self.subject(node.operand)
        assert found is not None, "the checker guarantees an input on the left of `in`"
        name, read = found
        spec = self.inputs[name]
        members = frozenset(literal_value(spec, v) for v in node.values)
        negated = node.negated

        def membership(values: Mapping[str, Any]) -> bool | None:
            value = read(values)
            if value is MISSING:
                return None
            return (value in members) != negated

        return membership


def _all(parts: list[Predicate]) -> Predicate:
    def conjunction(values: Mapping[str, Any]) -> bool | None:
        unknown = False
        for part in parts:
            result = part(values)
            if result is False:
                return False
            if result is None:
                unknown = True
        return None if unknown else True

    return conjunction


def _any(parts: list[Predicate]) -> Predicate:
    def disjunction(values: Mapping[str, Any]) -> bool | None:
        unknown = False
        for part in parts:
            result = part(values)
            if result is True:
                return True
            if result is None:
                unknown = True
        return None if unknown else False

    return disjunction


def compile_condition(
    node: ast.Condition,
    inputs: Mapping[str, InputSpec],
    zone: str,
    calendars: Mapping[str, BusinessCalendar] | None = None,
) -> Condition:
    """Compile one checked condition (``calendars`` by name, for ``x during CAL``; without them
    such a test is unknown)."""
    compiler = _Compiler(inputs, zone, calendars)
    test = compiler.condition(node)
    return Condition(test, frozenset(compiler.used), format_condition(node))
