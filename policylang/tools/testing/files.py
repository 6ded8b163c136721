"""Tests files (``*.tests.yaml``): finding them, reading them, and their cases.

A tests file sits next to its policy and lists requests with the decision fragment (``expect``,
in the v2 decision's keys) or the rejected fields (``expect_error``) each must produce
(``schemas/tests.schema.json``). A case that breaks the schema is that case's error; the file's
other cases still run. A key of the retired v1 decision (``handler``, ``billable``, a target's
``commitment``...) is such an error, at the key's place, naming the v2 key to use: the schema
marks each with ``x-v1``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

from policylang.errors import PolicylangError
from policylang.runtime.schema import shipped_schema
from policylang.text.suggestions import closest
from policylang.text.values import describe_kind
from policylang.tools import yamlload

__all__ = [
    "TESTS_SUFFIX",
    "TestCase",
    "TestFile",
    "TestFileError",
    "discover_tests",
    "load_tests_file",
    "problem_lines",
    "tests_path",
]

TESTS_SUFFIX = ".tests.yaml"
#: Where a v1 tests file's keys are mapped to v2.
MIGRATION_PAGE = "https://policylang.dev/migration-v2/#tests-files"

#: A problem of a tests file: ``(line, column, message)``, both from 1; 0 where unknown.
Problem = tuple[int, int, str]


def problem_lines(path: Path, problems: Iterable[Problem]) -> list[str]:
    """One ``path:line:column: message`` line per problem (the place as far as it is known)."""
    return [
        f"{path}{f':{line}' if line else ''}{f':{column}' if line and column else ''}: {text}"
        for line, column, text in problems
    ]


class TestFileError(PolicylangError):
    """A tests file cannot be used: unreadable, bad YAML, or not in the tests-file shape.

    ``problems`` holds ``(line, column, message)`` triples (0 where the place is unknown).
    """

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One ``path:line:column: message`` line per problem."""
        return problem_lines(self.path, self.problems)


@dataclass(frozen=True, slots=True)
class TestCase:
    """One case of a tests file; one that cannot be run carries its ``problems`` instead."""

    __test__ = False

    name: str
    request: Mapping[str, Any]
    line: int
    as_of: str | None = None
    expect: Mapping[str, Any] | None = None
    expect_error: tuple[str, ...] | None = None
    #: Why the case cannot be run, as ``(line, column, message)``; empty for a usable case.
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class TestFile:
    """A parsed, validated tests file."""

    __test__ = False

    path: Path
    policy: str | None
    cases: tuple[TestCase, ...]


def tests_path(policy_path: str | Path) -> Path:
    """The tests file beside a policy file: ``x.policy`` -> ``x.tests.yaml``."""
    path = Path(policy_path)
    return path.with_name(path.name.removesuffix(".policy") + TESTS_SUFFIX)


def discover_tests(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The tests files ``paths`` name, and a message for each path that names none.

    A path may be a ``*.tests.yaml`` file, a directory (every ``*.tests.yaml`` under it), or a
    ``.policy`` file (its sibling ``NAME.tests.yaml``).
    """
    found: dict[Path, None] = {}
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(path.rglob(f"*{TESTS_SUFFIX}"))
            if not inside:
                problems.append(f"{path}: no *{TESTS_SUFFIX} files in this directory")
            found.update(dict.fromkeys(inside))
        elif path.name.endswith(".policy"):
            sibling = tests_path(path)
            if sibling.is_file():
                found[sibling] = None
            else:
                problems.append(f"{path}: no tests file for this policy (expected {sibling})")
        elif not path.exists():
            problems.append(f"{path}: no such file or directory")
        elif path.name.endswith(TESTS_SUFFIX):
            found[path] = None
        else:
            problems.append(
                f"{path}: not a tests file (expected a *{TESTS_SUFFIX} file, a .policy file or a "
                "directory)"
            )
    return list(found), problems


def load_tests_file(path: Path) -> TestFile:
    """Read, parse and validate a tests file.

    Raises :class:`TestFileError` when the file as a whole cannot be used: unreadable, not
    YAML, or not the tests-file shape outside its cases (an unknown top-level key, ``cases``
    missing or not a list). A problem inside one case (an unknown key, a missing ``request``, a
    duplicate key) does not: that case comes back with its ``problems``, and the others run.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise TestFileError(path, [(0, 0, f"not UTF-8 text ({error.reason})")]) from None
    except OSError as error:
        raise TestFileError(path, [(0, 0, f"cannot read: {error.strerror or error}")]) from None
    try:
        node, data = yamlload.load(text)
    except yaml.YAMLError as error:
        raise TestFileError(path, [_yaml_problem(error)]) from None
    if data is None:
        raise TestFileError(path, [(1, 1, "the file is empty; expected `policy:` and `cases:`")])
    problems: list[Problem] = []  # the file's own
    by_case: dict[int, list[Problem]] = {}
    starts = _case_lines(node)
    for duplicate in _duplicate_keys(node):
        index = _case_at(starts, duplicate[0])
        (problems if index is None else by_case.setdefault(index, [])).append(duplicate)
    data = _jsonable(data)
    validator = Draft202012Validator(shipped_schema("tests"))
    for invalid in validator.iter_errors(data):
        found = (*_place(node, invalid.absolute_path, invalid), _schema_message(invalid))
        where = list(invalid.absolute_path)
        if len(where) >= 2 and where[0] == "cases" and isinstance(where[1], int):
            by_case.setdefault(where[1], []).append(found)
        else:
            problems.append(found)
    if problems:
        raise TestFileError(path, problems)
    cases = tuple(
        _test_case(case, index, starts[index], tuple(sorted(by_case.get(index, ()))))
        for index, case in enumerate(data["cases"])
    )
    return TestFile(path, data.get("policy"), cases)


def _case_lines(root: yaml.Node | None) -> list[int]:
    """The line each case starts on (from 1), in order."""
    cases = None
    if isinstance(root, yaml.MappingNode):
        cases = next((v for k, v in root.value if k.value == "cases"), None)
    if not isinstance(cases, yaml.SequenceNode):
        return []
    return [int(item.start_mark.line) + 1 for item in cases.value]


def _case_at(starts: Sequence[int], line: int) -> int | None:
    """The index of the case a line of the file falls in, None before the first case."""
    index = bisect.bisect_right(starts, line) - 1
    return index if index >= 0 else None


def _test_case(case: Any, index: int, line: int, problems: tuple[Problem, ...]) -> TestCase:
    if not problems:
        return TestCase(
            name=case["name"],
            request=case["request"],
            line=line,
            as_of=case.get("as_of"),
            expect=case.get("expect"),
            expect_error=tuple(case["expect_error"]) if "expect_error" in case else None,
        )
    fields = case if isinstance(case, dict) else {}
    name = fields.get("name")
    request = fields.get("request")
    return TestCase(
        name=name if isinstance(name, str) and name else f"case {index + 1}",
        request=request if isinstance(request, dict) else {},
        line=line,
        problems=problems,
    )


def _yaml_problem(error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    kind = "YAML refused" if isinstance(error, yamlload.YamlLimitError) else "bad YAML"
    text = f"{kind}: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return 0, 0, text
    return mark.line + 1, mark.column + 1, text


def _duplicate_keys(root: yaml.Node | None) -> Iterator[Problem]:
    """safe_load keeps the last of two equal keys silently; a test author means neither.

    Each distinct node is visited once: an aliased mapping is the same node at every use, and is
    reported (at the anchor's line) once.
    """
    visited: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        mark = key.start_mark
                        yield mark.line + 1, mark.column + 1, f"duplicate key `{key.value}`"
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _jsonable(value: Any) -> Any:
    """YAML's extras in their JSON form: dates and timestamps as ISO strings, keys as strings."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _place(
    node: yaml.Node | None, path: Iterable[str | int], error: ValidationError | None
) -> tuple[int, int]:
    """Line and column of the YAML node at ``path`` (for an unknown or a v1 key, the key's own
    place)."""
    current = parent = node
    for step in path:
        parent = current
        if isinstance(current, yaml.MappingNode):
            current = next((v for k, v in current.value if k.value == step), current)
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            current = current.value[step] if step < len(current.value) else current
    if (
        error is not None
        and error.validator == "additionalProperties"
        and isinstance(current, yaml.MappingNode)
    ):
        extras = _extras(error)
        for key, _ in current.value:
            if key.value in extras:
                return _mark(key)
    if error is not None and _v1_hint(error) is not None and isinstance(parent, yaml.MappingNode):
        for key, value in parent.value:
            if value is current:
                return _mark(key)  # a v1 key: point at the key, not its value
    return _mark(current) if current is not None else (0, 0)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return int(node.start_mark.line) + 1, int(node.start_mark.column) + 1


def _extras(error: ValidationError) -> list[str]:
    allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in instance if k not in allowed]


def _where(error: ValidationError) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path]
    return "".join(parts).lstrip(".") or "the file"


def _schema_message(error: ValidationError) -> str:
    """A tests-file schema error in words a test author acts on."""
    where = _where(error)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = _v1_hint(error)
    if hint is not None:
        return (
            f"{where}: a key of the v1 decision; tests files pin the v2 decision, which has "
            f"{hint} (see {MIGRATION_PAGE})"
        )
    if kind == "additionalProperties":
        properties = schema.get("properties", {})
        allowed = [k for k, v in properties.items() if not (isinstance(v, dict) and "x-v1" in v)]
        messages = []
        for extra in _extras(error):
            hint = closest(extra, allowed, cutoff=0.6)
            messages.append(
                f"{where}: unknown key `{extra}`"
                + (f" (did you mean `{hint}`?)" if hint else "")
                + f"; allowed: {', '.join(allowed)}"
            )
        return "; ".join(messages)
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return f"{where}: missing `{missing}`"
    if kind == "oneOf" and isinstance(error.instance, dict):
        both = "expect" in error.instance and "expect_error" in error.instance
        return f"{where}: " + (
            "give `expect` or `expect_error`, not both"
            if both
            else "give `expect` (a decision fragment) or `expect_error` (the rejected fields)"
        )
    if kind == "type":
        return f"{where}: must be {_article(schema.get('type'))}, not {_kind(error.instance)}"
    return f"{where}: {error.message}"


def _v1_hint(error: ValidationError) -> str | None:
    """What the v2 decision has instead of the v1 key ``error`` is about (None for any other
    error): the schema's ``x-v1`` beside its ``not: {}``."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-v1") if error.validator == "not" else None
    return hint if isinstance(hint, str) else None


def _article(kind: Any) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
    }.get(str(kind), str(kind))


def _kind(value: Any) -> str:
    # A tests file is YAML, where an object is a mapping.
    return describe_kind(value).replace("an object", "a mapping")
