"""Pass `conditions`: every condition compares a declared input with a value of its type.

A comparison has an input on one side (or ``days since INPUT``) and a value on the other: an
enum input takes the names of its values (``channel == zalo``), a bool input ``true``/``false``,
a date input a date, and so on. Enums and texts compare only with ``==``/``!=``/``in``; numbers,
dates and timestamps also order. Input defaults obey the same rules.
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.literals import LiteralError, parse_date, parse_datetime
from policylang.lang.analysis.references import check_calendar
from policylang.lang.analysis.symbols import InputInfo
from policylang.lang.traversal import iter_atoms, iter_conditions
from policylang.text.suggestions import did_you_mean

__all__ = ["check_conditions", "check_value"]

_ORDERED = frozenset({"number", "date", "datetime"})
_LITERAL_KIND: dict[type[ast.Node], str] = {
    ast.StringLiteral: "text",
    ast.NumberLiteral: "number",
    ast.DateLiteral: "date",
    ast.DateTimeLiteral: "datetime",
    ast.BoolLiteral: "bool",
}


def check_conditions(ctx: Context) -> None:
    """Type-check every condition and every input default."""
    for when in iter_conditions(ctx.file):
        for atom in iter_atoms(when.condition):
            _atom(ctx, atom)
    for decl in ctx.symbols.input_decls.values():
        info = ctx.symbols.inputs.get(decl.id.value)
        if info is not None and isinstance(decl.presence, ast.DefaultValue):
            _value(ctx, info, decl.presence.value, "==")
        if isinstance(decl.type, ast.EnumType):
            _check_enum_values(ctx, decl.type)
        elif isinstance(decl.presence, ast.Pending):
            ctx.error(
                "PL310",
                f"only an enum input can be pending; `{decl.id.value}` is a {decl.type.name.value}",
                decl.presence.span,
                'list the decisions it can take (`enum [agree, refuse] pending "..."`), or '
                "write `optional` if absent means unknown",
            )


def _presence(ctx: Context, condition: ast.PresenceTest) -> None:
    """``x is pending`` / ``x is set`` reads an input declared ``pending``."""
    info = _input(ctx, condition.name)
    if info is None:
        return
    decl = ctx.symbols.input_decls.get(info.name)
    if decl is None or not isinstance(decl.presence, ast.Pending):
        ctx.error(
            "PL309",
            f"`{info.name}` has no pending state, so `is {condition.state.value}` cannot tell",
            condition.span,
            'declare it `pending "words for not yet"` to tell "not yet happened" from a value'
            if decl is not None
            else "only a declared input can be pending",
        )


def _check_enum_values(ctx: Context, enum: ast.EnumType) -> None:
    seen: dict[str, ast.EnumValue] = {}
    for value in enum.values:
        if value.id.value in seen:
            ctx.error(
                "PL307",
                f"the value `{value.id.value}` is listed twice",
                value.id.span,
                "list each value once",
            )
        seen[value.id.value] = value


def _during(ctx: Context, condition: ast.DuringTest) -> None:
    """``opened_at during office`` reads an instant and names a calendar."""
    check_calendar(ctx, condition.calendar)
    info = _input(ctx, condition.name)
    if info is not None and info.kind != "datetime":
        ctx.error(
            "PL311",
            f"`{info.name}` is {'an' if info.kind[0] in 'aeiou' else 'a'} {info.kind} input, "
            "not an instant: `during` cannot tell",
            condition.name.span,
            "ask it of `opened_at` or of a `datetime` input",
        )


def _atom(ctx: Context, condition: ast.Atom) -> None:
    if isinstance(condition, ast.PresenceTest):
        _presence(ctx, condition)
    elif isinstance(condition, ast.DuringTest):
        _during(ctx, condition)
    elif isinstance(condition, ast.Truth):
        info = _input(ctx, condition.name)
        if info is not None and info.kind != "bool":
            hint = (
                f"compare it with a value, e.g. `{info.name} == {info.values[0]}`"
                if info.kind == "enum" and info.values
                else f"compare it with a {info.kind} value"
            )
            ctx.error(
                "PL304",
                f"`{info.name}` is {info.describe()}, not true or false",
                condition.name.span,
                hint,
            )
    elif isinstance(condition, ast.Comparison):
        _comparison(ctx, condition)
    else:
        _membership(ctx, condition)


def _input(ctx: Context, name: ast.Name) -> InputInfo | None:
    info = ctx.symbols.inputs.get(name.value)
    if info is None and name.value == "kind" and ctx.symbols.types:
        ctx.error(
            "PL204",
            "`kind` is not an input of a policy with ticket types: each type states its kind",
            name.span,
            "test the types instead (`type in [...]`); `kind` is for a policy without types",
        )
    elif info is None:
        ctx.unknown(
            "PL204",
            "input",
            name,
            ctx.symbols.inputs,
            "declare it with `input NAME: TYPE`",
        )
    return info


def _subject(ctx: Context, operand: ast.Operand) -> InputInfo | bool | None:
    """The input an operand reads; False if the operand is a value, None if it is broken."""
    if isinstance(operand, ast.ElapsedSince):
        info = _input(ctx, operand.input)
        if info is None:
            return None
        if info.kind not in ("date", "datetime"):
            ctx.error(
                "PL305",
                f"`{operand.unit.value} since` needs a date input; `{info.name}` is "
                f"{info.describe()}",
                operand.input.span,
            )
            return None
        return InputInfo(f"{operand.unit.value} since {info.name}", "number")
    if isinstance(operand, ast.Reference) and operand.name.value in ctx.symbols.inputs:
        return ctx.symbols.inputs[operand.name.value]
    return False


def _comparison(ctx: Context, comparison: ast.Comparison) -> None:
    left, right = _subject(ctx, comparison.left), _subject(ctx, comparison.right)
    if left is None or right is None:
        return
    if isinstance(left, InputInfo) and isinstance(right, InputInfo):
        ctx.error(
            "PL306",
            "this compares two inputs",
            comparison.span,
            "compare an input with a value, e.g. `channel == email`",
        )
        return
    if isinstance(left, InputInfo):
        _value(ctx, left, comparison.right, comparison.operator)
    elif isinstance(right, InputInfo):
        _value(ctx, right, comparison.left, comparison.operator)
    else:
        _no_input(ctx, comparison.left, comparison.right, comparison.span)


def _no_input(ctx: Context, a: ast.Operand, b: ast.Operand, span: object) -> None:
    # Neither side is an input: most likely a misspelled input name on one side.
    for operand in (a, b):
        if isinstance(operand, ast.Reference):
            _input(ctx, operand.name)
            return
    ctx.error(
        "PL306",
        "this compares two values; one side must be an input",
        a.span,
        "write e.g. `channel == email`",
    )


def _membership(ctx: Context, membership: ast.Membership) -> None:
    subject = _subject(ctx, membership.operand)
    if subject is None:
        return
    if not isinstance(subject, InputInfo):
        if isinstance(membership.operand, ast.Reference):
            _input(ctx, membership.operand.name)
        else:
            ctx.error(
                "PL306",
                "the left side of `in` must be an input",
                membership.operand.span,
                "write e.g. `channel in [phone, messenger]`",
            )
        return
    if not membership.values:
        ctx.error(
            "PL308",
            "the list is empty",
            membership.span,
            "an empty list never matches; list the values, or remove the condition",
        )
    for value in membership.values:
        _value(ctx, subject, value, "==")


def check_value(ctx: Context, info: InputInfo, value: ast.Operand) -> None:
    """Check that ``value`` is a value of input ``info`` (a default, a customer's fact)."""
    _value(ctx, info, value, "==")


def _value(ctx: Context, info: InputInfo, value: ast.Operand, operator: str) -> None:
    """Check that ``value`` can be compared with input ``info`` by ``operator``."""
    if operator not in ("==", "!=") and info.kind not in _ORDERED:
        ctx.error(
            "PL303",
            f"`{operator}` does not apply to `{info.name}`, which is {info.describe()}",
            value.span,
            "only numbers, dates and timestamps are ordered; use `==`, `!=` or `in`",
        )
        return
    if info.kind == "enum":
        _enum_value(ctx, info, value)
        return
    if isinstance(value, ast.Reference | ast.ElapsedSince):
        ctx.error(
            "PL302",
            f"`{info.name}` is {info.describe()}; this is a name",
            value.span,
            _literal_hint(info.kind),
        )
        return
    kind = _LITERAL_KIND[type(value)]
    if kind != info.kind:
        ctx.error(
            "PL302",
            f"`{info.name}` is {info.describe()}, but this value is {_article(kind)}",
            value.span,
            _literal_hint(info.kind),
        )
        return
    try:
        if isinstance(value, ast.DateLiteral):
            parse_date(value.text)
        elif isinstance(value, ast.DateTimeLiteral):
            parse_datetime(value.text)
    except LiteralError as error:
        ctx.error("PL106", str(error), value.span)


def _enum_value(ctx: Context, info: InputInfo, value: ast.Operand) -> None:
    if isinstance(value, ast.Reference):
        if value.name.value not in info.values:
            hint = did_you_mean(value.name.value, info.values) or (
                "allowed: " + ", ".join(f"`{v}`" for v in info.values)
            )
            ctx.error(
                "PL301",
                f"`{value.name.value}` is not a value of `{info.name}`",
                value.span,
                hint,
            )
        return
    if isinstance(value, ast.StringLiteral) and value.value in info.values:
        hint = f"enum values are names: write `{value.value}` without quotes"
    else:
        hint = "allowed: " + ", ".join(f"`{v}`" for v in info.values)
    ctx.error(
        "PL302",
        f"`{info.name}` takes one of its declared values, not {_describe_operand(value)}",
        value.span,
        hint,
    )


def _describe_operand(value: ast.Operand) -> str:
    if isinstance(value, ast.ElapsedSince):
        return "a number of " + value.unit.value
    return _article(_LITERAL_KIND[type(value)])


def _article(kind: str) -> str:
    return {
        "text": "a text",
        "number": "a number",
        "date": "a date",
        "datetime": "a timestamp",
        "bool": "true or false",
    }[kind]


def _literal_hint(kind: str) -> str:
    return {
        "text": 'write a quoted text, e.g. "value"',
        "number": "write a number, e.g. `30`",
        "date": "write a date, e.g. `2026-01-07`",
        "datetime": "write a timestamp with its offset, e.g. `2026-01-07T09:00:00+03:00`",
        "bool": "write `true` or `false`",
    }[kind]
