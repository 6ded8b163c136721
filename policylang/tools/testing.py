"""The policy test runner: ``*.tests.yaml`` files, their cases, and the rules they exercise.

A tests file sits next to its policy and lists requests with the decision fragment (``expect``)
or the rejected fields (``expect_error``) each must produce (``schemas/tests.schema.json``). A
case that breaks the schema is that case's error; the file's other cases still run. The
policies a file is run against are loaded from the file's own directory, so the tests of a
versioned policy see all its versions.

Matching: a mapping in ``expect`` matches when each of its keys matches (extra keys in the
decision are fine); a list matches element by element and must have the same length; a key
ending in ``_at`` compares as an instant (``…+03:00`` equals the same instant written in ``Z``);
other scalars compare exactly (``true`` never equals ``1``).

Coverage: a rule is exercised when some case's decision selected it (as the SLA, handler or
charge rule, or as one of the cases of an undecided answer); a lifecycle rule, an obligation or a
refusal when some decision listed it as applying.

Library code raises and returns reports; rendering them is :mod:`policylang.cli.testcmd`'s job.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

from policylang.calendar.errors import CalendarError
from policylang.compiler.load import load
from policylang.errors import PolicyError, PolicylangError, RequestError
from policylang.runtime.policyset import PolicySet
from policylang.runtime.schema import shipped_schema
from policylang.text.suggestions import closest
from policylang.text.values import describe_kind
from policylang.tools import yamlload

__all__ = [
    "TESTS_SUFFIX",
    "CaseResult",
    "Coverage",
    "Mismatch",
    "PolicyCoverage",
    "RuleRef",
    "TestCase",
    "TestFile",
    "TestFileError",
    "TestReport",
    "discover_tests",
    "exercised_rules",
    "load_tests_file",
    "match",
    "policy_rules",
    "run_case",
    "run_tests",
]

TESTS_SUFFIX = ".tests.yaml"


# ---------------------------------------------------------------------------------- the files


class TestFileError(PolicylangError):
    """A tests file cannot be used: unreadable, bad YAML, or not in the tests-file shape.

    ``problems`` holds ``(line, message)`` pairs (line 0 when the problem has no place).
    """

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, path: Path, problems: Sequence[tuple[int, str]]) -> None:
        self.path = path
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One ``path:line: message`` line per problem."""
        return [f"{self.path}{f':{line}' if line else ''}: {text}" for line, text in self.problems]


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
    #: Why the case cannot be run, as ``(line, message)`` pairs; empty for a usable case.
    problems: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class TestFile:
    """A parsed, validated tests file."""

    __test__ = False

    path: Path
    policy: str | None
    cases: tuple[TestCase, ...]


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
            sibling = path.with_name(path.name.removesuffix(".policy") + TESTS_SUFFIX)
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
        raise TestFileError(path, [(0, f"not UTF-8 text ({error.reason})")]) from None
    except OSError as error:
        raise TestFileError(path, [(0, f"cannot read: {error.strerror or error}")]) from None
    try:
        node, data = yamlload.load(text)
    except yaml.YAMLError as error:
        raise TestFileError(path, [_yaml_problem(error)]) from None
    if data is None:
        raise TestFileError(path, [(1, "the file is empty; expected `policy:` and `cases:`")])
    problems: list[tuple[int, str]] = []  # the file's own
    by_case: dict[int, list[tuple[int, str]]] = {}
    starts = _case_lines(node)
    for line, message in _duplicate_keys(node):
        index = _case_at(starts, line)
        (problems if index is None else by_case.setdefault(index, [])).append((line, message))
    data = _jsonable(data)
    validator = Draft202012Validator(shipped_schema("tests"))
    for invalid in validator.iter_errors(data):
        found = (_line(node, invalid.absolute_path, invalid), _schema_message(invalid))
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


def _test_case(case: Any, index: int, line: int, problems: tuple[tuple[int, str], ...]) -> TestCase:
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


def _yaml_problem(error: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    kind = "YAML refused" if isinstance(error, yamlload.YamlLimitError) else "bad YAML"
    text = f"{kind}: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return 0, text
    return mark.line + 1, f"{text}, column {mark.column + 1}"


def _duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[int, str]]:
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
                        yield key.start_mark.line + 1, f"duplicate key `{key.value}`"
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


def _line(node: yaml.Node | None, path: Iterable[str | int], error: ValidationError | None) -> int:
    """The line of the YAML node at ``path`` (for an unknown key, the key's own line)."""
    current = node
    for step in path:
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
                return int(key.start_mark.line) + 1
    return int(current.start_mark.line) + 1 if current is not None else 0


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
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
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


# ---------------------------------------------------------------------------------- matching


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One place where the decision differs from what a case expects."""

    path: str
    expected: Any
    actual: Any  # _MISSING when the decision has no such key

    def __str__(self) -> str:
        got = "no such key" if self.actual is _MISSING else f"got {_show(self.actual)}"
        return f"{self.path or '(the decision)'}: expected {_show(self.expected)}, {got}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()


def match(expected: Any, actual: Any, path: str = "") -> list[Mismatch]:
    """Every place ``actual`` (a decision's JSON) fails the fragment ``expected``."""
    out: list[Mismatch] = []
    _match(expected, actual, path, "", out)
    return out


def _match(expected: Any, actual: Any, path: str, key: str, out: list[Mismatch]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            out.append(Mismatch(path, expected, actual))
            return
        for name, value in expected.items():
            sub = f"{path}.{name}" if path else name
            if name not in actual:
                out.append(Mismatch(sub, value, _MISSING))
            else:
                _match(value, actual[name], sub, name, out)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            out.append(Mismatch(path, expected, actual))
            return
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            _match(want, got, f"{path}[{index}]", key, out)
    elif not _scalar_equal(expected, actual, key):
        out.append(Mismatch(path, expected, actual))


def _scalar_equal(expected: Any, actual: Any, key: str) -> bool:
    if key.endswith("_at") and isinstance(expected, str) and isinstance(actual, str):
        want, got = _instant(expected), _instant(actual)
        if want is not None and got is not None:
            return want == got
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual  # YAML `1` is not `true`
    return bool(expected == actual)


def _instant(text: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.utcoffset() is not None else None


def _project(expected: Any, actual: Any, key: str = "") -> Any:
    """``actual`` cut to the shape of ``expected``, for a diff that shows only what was asked.

    Where a value matches, the expected spelling is kept, so an instant written in another
    offset does not show up as a difference.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: _project(v, actual[k], k) for k, v in expected.items() if k in actual}
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) == len(actual):
            return [_project(want, got, key) for want, got in zip(expected, actual, strict=True)]
        # Lengths differ, so positions do not line up: show every element by the keys the
        # expected elements use (an obligation by its id, a case by its rule...).
        # An element that matches an expected one keeps that one's spelling.
        keys = list(dict.fromkeys(k for e in expected if isinstance(e, dict) for k in e))
        unused = list(expected)
        out = []
        for item in actual:
            twin = next((e for e in unused if not match(e, item)), _MISSING)
            if twin is not _MISSING:
                unused.remove(twin)
                out.append(_project(twin, item, key))
            elif keys and isinstance(item, dict):
                out.append({k: item[k] for k in keys if k in item})
            else:
                out.append(_brief(item))
        return out
    if not isinstance(expected, dict | list) and _scalar_equal(expected, actual, key):
        return expected
    return _brief(actual) if isinstance(actual, dict | list) else actual


def _brief(value: Any) -> Any:
    """A long decision part by the keys that name it (an obligation by id, a case by rule)."""
    if isinstance(value, dict):
        names = {k: v for k, v in value.items() if k in ("id", "rule", "clause", "when", "value")}
        return names or value
    return value


def diff(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> str:
    """A unified diff of what a case expects against the decision, cut to the expected keys."""

    def dump(value: Any) -> list[str]:
        text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
        return text.splitlines()

    lines = difflib.unified_diff(
        dump(expected), dump(_project(expected, actual)), "expected", "actual", lineterm="", n=3
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one case: passed, failed (with why), or an error (policy or runner)."""

    file: Path
    case: TestCase
    status: str  # passed | failed | error
    message: str = ""
    mismatches: tuple[Mismatch, ...] = ()
    diff: str = ""
    decision: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        """True when the case passed."""
        return self.status == "passed"


def run_case(policies: PolicySet, tests: TestFile, case: TestCase) -> CaseResult:
    """Run one case of ``tests`` against ``policies``: its outcome, never an exception."""
    if case.problems:
        lines = "\n".join(f"{tests.path}:{line}: {message}" for line, message in case.problems)
        return CaseResult(tests.path, case, "error", f"the case cannot be run:\n{lines}")
    request = dict(case.request)
    if "policy" not in request and tests.policy is not None:
        request = {"policy": tests.policy, **request}
    # A case that expects a trace gets one; the others do not pay for it.
    trace = "trace" in (case.expect or {})
    try:
        decision = policies.evaluate(request, as_of=case.as_of, trace=trace).to_json()
    except RequestError as error:
        rejected = tuple(dict.fromkeys(p.field for p in error.problems))
        if case.expect_error is None:
            problems = "\n".join(f"  {p}" for p in error.problems)
            return CaseResult(tests.path, case, "failed", f"the request was rejected:\n{problems}")
        if set(rejected) != set(case.expect_error):
            problems = "\n".join(f"  {p}" for p in error.problems)
            return CaseResult(
                tests.path,
                case,
                "failed",
                f"rejected on {_fields(rejected)}, expected {_fields(case.expect_error)}:\n"
                + problems,
            )
        return CaseResult(tests.path, case, "passed")
    except (PolicylangError, CalendarError, OverflowError) as error:
        # e.g. a due time outside the years the calendars know
        return CaseResult(tests.path, case, "error", f"cannot evaluate: {error}")
    except Exception as error:  # a bug must not cost the other cases their results
        return CaseResult(
            tests.path, case, "error", f"internal error: {type(error).__name__}: {error}"
        )
    if case.expect_error is not None:
        return CaseResult(
            tests.path,
            case,
            "failed",
            f"expected the request to be rejected on {_fields(case.expect_error)}, but it was "
            "answered",
            decision=decision,
        )
    invalid = sorted(_decision_validator().iter_errors(decision), key=lambda e: e.json_path)
    if invalid:
        lines = "\n".join(f"  {e.json_path}: {e.message}" for e in invalid[:10])
        return CaseResult(
            tests.path,
            case,
            "error",
            f"the decision does not match schemas/decision.schema.json (a bug):\n{lines}",
            decision=decision,
        )
    expected = case.expect or {}
    mismatches = match(expected, decision)
    if mismatches:
        return CaseResult(
            tests.path,
            case,
            "failed",
            "the decision differs from `expect`",
            tuple(mismatches),
            diff(expected, decision),
            decision,
        )
    return CaseResult(tests.path, case, "passed", decision=decision)


@cache
def _decision_validator() -> Draft202012Validator:
    """Every decision a test produces is checked against the published decision schema."""
    return Draft202012Validator(shipped_schema("decision"))


def _fields(names: Iterable[str]) -> str:
    return "[" + ", ".join(names) + "]"


# ---------------------------------------------------------------------------------- coverage


@dataclass(frozen=True, slots=True, order=True)
class RuleRef:
    """A rule of a policy, as coverage counts it: its kind, name and place in the policy file.

    ``kind`` is ``response`` or ``resolution`` (an SLA rule's two targets count apart),
    ``responsibility``, ``charge``, ``lifecycle``, ``obligation`` or ``refusal``.
    """

    kind: str
    name: str
    location: str = field(default="", compare=False)

    def __str__(self) -> str:
        if self.kind in ("response", "resolution"):
            return f"sla `{self.name}` ({self.kind})"
        return f"{self.kind} `{self.name}`"


def policy_rules(policy: Any) -> list[RuleRef]:
    """Every rule of a compiled policy that coverage counts, in file order per kind.

    Reads the compiled policy's rule lists only (``RuleIndex.all_rules``, ``lifecycle``,
    ``obligations``, ``refusals``).
    """
    out: list[RuleRef] = []
    for kind, index in (
        ("response", policy.response),
        ("resolution", policy.resolution),
        ("responsibility", policy.responsibility),
        ("charge", policy.charges),
    ):
        out.extend(RuleRef(kind, r.name, r.source.location) for r in index.all_rules)
    for kind, rules in (
        ("lifecycle", policy.lifecycle),
        ("obligation", policy.obligations),
        ("refusal", policy.refusals),
    ):
        out.extend(RuleRef(kind, r.name, r.source.location) for r in rules)
    return out


def exercised_rules(decision: Mapping[str, Any]) -> set[RuleRef]:
    """The rules a decision's JSON shows selected, offered as a case, or applying."""
    found: set[RuleRef] = set()

    def selected(kind: str, part: Mapping[str, Any]) -> None:
        if part.get("rule") is not None:
            found.add(RuleRef(kind, part["rule"]))
        for case in part.get("cases") or ():
            found.add(RuleRef(kind, case["rule"]))

    selected("response", decision["sla"]["response"])
    selected("resolution", decision["sla"]["resolution"])
    selected("responsibility", decision["handler"])
    selected("charge", decision["billable"])
    for item in decision["obligations"]:
        if item["applies"] is True:
            kind = "obligation" if item["kind"] == "obligation" else "lifecycle"
            found.add(RuleRef(kind, item["id"]))
    for ground in decision["refusal"]["grounds"]:
        found.add(RuleRef("refusal", ground["rule"]))
    return found


@dataclass(frozen=True, slots=True)
class PolicyCoverage:
    """The rules of one policy version and which of them the cases exercised."""

    policy: str  # id, or id@version when the policy has several versions
    rules: tuple[RuleRef, ...]
    exercised: frozenset[RuleRef]

    @property
    def missed(self) -> list[RuleRef]:
        """The rules no case exercised, in file order per kind."""
        return [r for r in self.rules if r not in self.exercised]

    @property
    def hit(self) -> int:
        """How many rules some case exercised."""
        return len(self.rules) - len(self.missed)

    @property
    def percent(self) -> float:
        """The share of rules exercised, 0-100 (100 for a policy without rules)."""
        return 100.0 * self.hit / len(self.rules) if self.rules else 100.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage per policy version, and overall."""

    policies: tuple[PolicyCoverage, ...]

    @property
    def total(self) -> int:
        """How many rules there are in all."""
        return sum(len(p.rules) for p in self.policies)

    @property
    def hit(self) -> int:
        """How many rules some case exercised, in all."""
        return sum(p.hit for p in self.policies)

    @property
    def percent(self) -> float:
        """The overall share of rules exercised, 0-100."""
        return 100.0 * self.hit / self.total if self.total else 100.0


class _CoverageCounter:
    """Collects exercised rules per (policy id, version) while cases run."""

    def __init__(self) -> None:
        self.targets: dict[tuple[str, int], PolicySet] = {}
        self.exercised: dict[tuple[str, str], set[RuleRef]] = {}

    def target(self, policies: PolicySet, policy_id: str) -> None:
        if policy_id in policies.versions:
            self.targets.setdefault((policy_id, id(policies)), policies)

    def record(self, policies: PolicySet, decision: Mapping[str, Any]) -> None:
        key = (decision["policy"]["id"], decision["policy"]["version"])
        self.target(policies, key[0])
        self.exercised.setdefault(key, set()).update(exercised_rules(decision))

    def coverage(self) -> Coverage:
        out: dict[str, PolicyCoverage] = {}
        for (policy_id, _), policies in self.targets.items():
            versions = policies.versions[policy_id]
            for policy in versions:
                label = policy_id if len(versions) == 1 else f"{policy_id}@{policy.version}"
                rules = tuple(policy_rules(policy))
                hit = self.exercised.get((policy_id, policy.version), set())
                out[label] = PolicyCoverage(label, rules, frozenset(r for r in rules if r in hit))
        return Coverage(tuple(out[k] for k in sorted(out)))


# ---------------------------------------------------------------------------------- the run


@dataclass(frozen=True, slots=True)
class TestReport:
    """Everything a run found: case results, unusable files and paths, and coverage."""

    __test__ = False

    results: tuple[CaseResult, ...]
    file_errors: tuple[str, ...]
    files: tuple[Path, ...]
    coverage: Coverage

    @property
    def failed(self) -> list[CaseResult]:
        """The cases that did not pass."""
        return [r for r in self.results if not r.passed]

    @property
    def ok(self) -> bool:
        """True when every file was usable and every case passed."""
        return not self.file_errors and not self.failed


def run_tests(paths: Iterable[str | Path]) -> TestReport:
    """Run every case of the tests files ``paths`` name (see :func:`discover_tests`)."""
    files, errors = discover_tests(paths)
    results: list[CaseResult] = []
    counter = _CoverageCounter()
    loaded: dict[Path, PolicySet | PolicyError] = {}
    for path in files:
        try:
            tests = load_tests_file(path)
        except TestFileError as error:
            errors.extend(error.lines())
            continue
        directory = path.parent.resolve()
        if directory not in loaded:
            try:
                loaded[directory] = load(path.parent)
            except PolicyError as error:
                loaded[directory] = error
        policies = loaded[directory]
        if isinstance(policies, PolicyError):
            errors.append(
                f"{path}: the policies in {path.parent} do not load: {policies}"
                f" (run `policylang check {path.parent}`)"
            )
            continue
        if tests.policy is not None:
            counter.target(policies, tests.policy)
        for case in tests.cases:
            result = run_case(policies, tests, case)
            results.append(result)
            if result.decision is not None:
                counter.record(policies, result.decision)
    return TestReport(tuple(results), tuple(errors), tuple(files), counter.coverage())
