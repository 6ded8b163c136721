"""From paths on disk to checked policy files: discovery, reading, parsing and analysis.

Every problem on the way (a missing path, a directory with no policies, a binary file, a syntax
error, a semantic error) ends up as a diagnostic in the report; nothing raises past here except
a programming error.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policylang.errors import PolicyError
from policylang.lang import ast, treecache
from policylang.lang.analysis.customers import CUSTOMERS_SUFFIX, CheckedCustomer, check_customers
from policylang.lang.analysis.passes import CheckedFile, analyze
from policylang.lang.collector import paused
from policylang.lang.diagnostics import Diagnostic, Related, Severity, sort_diagnostics
from policylang.lang.source import SourceFile, SourceProblem, Span, decode_source, read_source

__all__ = ["POLICY_SUFFIX", "CheckReport", "check_paths", "discover", "read_and_parse"]

POLICY_SUFFIX = ".policy"


@dataclass(slots=True)
class CheckReport:
    """What checking a set of paths found: the files that parsed, and every diagnostic."""

    files: list[CheckedFile] = field(default_factory=list)
    #: The customers of the ``*.customers`` files among them (customer layers).
    customers: list[CheckedCustomer] = field(default_factory=list)
    #: How many files were read (including those that did not parse).
    checked: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    #: How many of the files read are ``*.customers`` files (checked, never linted).
    customers_files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that make a policy unusable."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        """True when nothing is an error."""
        return not self.errors


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The policy and customers files named by ``paths``: files as given, directories searched
    recursively."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob(f"*{POLICY_SUFFIX}") if p.is_file())
            if not inside:
                problems.append(
                    Diagnostic(
                        "PL007",
                        f"`{raw}` holds no `{POLICY_SUFFIX}` files",
                        help="policy files end in `.policy`",
                        path=str(raw),
                    )
                )
            found.extend(inside)
            found.extend(sorted(p for p in path.rglob(f"*{CUSTOMERS_SUFFIX}") if p.is_file()))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(Diagnostic("PL001", f"`{raw}` does not exist", path=str(raw)))
    return list(dict.fromkeys(found)), problems


def _problem(path: str, problem: SourceProblem) -> Diagnostic:
    span = None
    if problem.line:
        span = Span(path, 0, 0, problem.line, problem.column, problem.line, problem.column + 1)
    return Diagnostic(problem.code, problem.message, span, problem.help, path=path)


def read_and_parse(
    path: str | Path, text: str | None = None, *, name: str | None = None, fresh: bool = False
) -> tuple[SourceFile | None, ast.PolicyFile | None, list[Diagnostic]]:
    """Read and parse one file; on failure, the diagnostics say why.

    ``text``, when given, is the file's content as an editor holds it, read instead of the disk.
    ``name`` is what the file is called in diagnostics and locations (``path`` itself by
    default). ``fresh`` parses the text itself, never a cached tree: what a command that
    rewrites the file (``fmt``) must start from.
    """
    shown = str(path) if name is None else name
    if text is None:
        source = read_source(path, name=shown)
    else:
        source = decode_source(shown, text.encode("utf-8", "surrogatepass"))
    if isinstance(source, SourceProblem):
        return None, None, [_problem(shown, source)]
    parsed, diagnostics = _parse_once(
        source.path, source.text, reuse=text is not None, cached=not fresh
    )
    return source, parsed, list(diagnostics)


#: How many parsed files are kept for reuse. An editor re-checks a policy directory on every
#: edit; parsing is most of a check, and only the edited file has new text.
PARSE_CACHE_SIZE = 64


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse_once(
    path: str, text: str, *, reuse: bool, cached: bool = True
) -> tuple[ast.PolicyFile | None, tuple[Diagnostic, ...]]:
    """Parse a text once: the tree and diagnostics are immutable, so a later check of the same
    text at the same path shares them.

    With ``reuse`` (a text an editor holds, which changes a declaration at a time) the parse
    reuses the declarations of earlier texts that the edit left alone. Otherwise a tree cached
    by an earlier run for the same text (:mod:`~policylang.lang.treecache`) spares the parser,
    and Lark is not even imported.
    """
    source = SourceFile(path, text)
    if reuse:
        from policylang.lang.syntax.incremental import parse_reusing  # noqa: PLC0415 - Lark on demand

        parser = parse_reusing
    else:
        with paused():  # as for parsing: many new objects, no cycles
            hit = treecache.load(source) if cached else None
        if hit is not None:
            return hit, ()
        from policylang.lang.syntax.parser import parse  # noqa: PLC0415 - on a cache miss

        parser = parse
    try:
        tree = parser(source)
    except PolicyError as error:
        return None, error.diagnostics
    if not reuse:
        with paused():
            treecache.store(source, tree)
    return tree, ()


def check_paths(
    paths: Sequence[str | Path],
    *,
    unsaved: Mapping[str, str] | None = None,
    relative_to: str | Path | None = None,
) -> CheckReport:
    """Discover, read, parse and analyze every policy file under ``paths``.

    ``unsaved`` maps paths (spelled as :func:`discover` yields them) to the text an editor holds
    for them: that text is checked instead of the file on disk, and each of them is checked
    even when it is not on disk yet. With ``relative_to`` (a directory), files are named
    relative to it in every diagnostic and source location (``vendor/itc.policy:12``) rather
    than as found (a server must not show where its files live).
    """
    unsaved = unsaved or {}
    report = CheckReport()
    files, problems = discover(p for p in paths if str(p) not in unsaved)
    files += [Path(p) for p in unsaved if Path(p) not in files]
    report.diagnostics.extend(problems)
    report.checked = len(files)
    report.customers_files = sum(path.name.endswith(CUSTOMERS_SUFFIX) for path in files)
    root = None if relative_to is None else Path(relative_to)
    customers_files: list[ast.PolicyFile] = []
    for path in files:
        name = None
        if root is not None and path.is_relative_to(root):
            name = path.relative_to(root).as_posix()
        source, parsed, diagnostics = read_and_parse(path, unsaved.get(str(path)), name=name)
        if source is not None:
            report.sources[source.path] = source
        report.diagnostics.extend(diagnostics)
        if parsed is not None and path.name.endswith(CUSTOMERS_SUFFIX):
            customers_files.append(parsed)  # checked against all the policies, below
        elif parsed is not None:
            with paused():  # as for parsing: many short-lived objects, no cycles
                checked = analyze(parsed)
            report.files.append(checked)
            report.diagnostics.extend(checked.diagnostics)
    report.diagnostics.extend(_version_clashes(report.files))
    report.customers, problems = check_customers(customers_files, report.files)
    report.diagnostics.extend(problems)
    report.diagnostics = sort_diagnostics(report.diagnostics)
    return report


def _version_clashes(files: list[CheckedFile]) -> list[Diagnostic]:
    """Two files with one policy id must differ in version and in effective date."""
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str, str], ast.PolicyDecl] = {}
    for checked in files:
        header = checked.symbols.header
        if header is None:
            continue
        for node in header.fields:
            if isinstance(node, ast.HeaderField) and node.key == "version":
                key, value = "version", node.text.value
            elif isinstance(node, ast.DateField):
                key, value = "effective", node.date.text
            else:
                continue
            first = seen.setdefault((header.id.value, key, value), header)
            if first is not header:
                problems.append(
                    Diagnostic(
                        "PL513",
                        f"policy `{header.id.value}` has two versions with {key} {value}",
                        node.span,
                        "each version of a policy has its own version label and effective date",
                        related=(Related(first.span, "the other version"),),
                    )
                )
    return problems
