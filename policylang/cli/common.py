"""What the request-answering commands share: loading policies, reading a request, errors.

User mistakes end here as a clear message and an exit code (1 for a problem with the input, 2 for
a usage error, through click), never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from policylang import PolicySet, load, parse_as_of, render_human
from policylang.cli.policysource import ORDER_HELP, path_or_default
from policylang.errors import PolicyError, RequestError

__all__ = [
    "Failure",
    "as_of_moment",
    "as_of_option",
    "load_policies",
    "parse_set",
    "policies_option",
    "read_request",
    "request_error_text",
]

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """A problem with the user's input: printed as ``Error: ...``, exit code 1."""

    exit_code = 1


def policies_option(function: F) -> F:
    """``--policies DIR``: where the policies are loaded from (see :mod:`.policysource`)."""
    return click.option(
        "--policies",
        "policies_dir",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        callback=_resolve_policies,
        help=f"Policy file or directory of policies to answer from [default: {ORDER_HELP}].",
    )(function)


def _resolve_policies(
    ctx: click.Context, _param: click.Parameter, value: Path | None
) -> Path | None:
    # Shell completion parses the command line too (resilient parsing): choosing and announcing
    # a set then would print into the user's prompt, for a command that never runs.
    if ctx.resilient_parsing:
        return value
    return path_or_default(value)


def as_of_option(function: F) -> F:
    """``--as-of DATE``: the day (or instant) that picks the policy version, parsed."""
    return click.option(
        "--as-of",
        "as_of",
        metavar="DATE",
        default=None,
        callback=lambda _ctx, _param, value: None if value is None else as_of_moment(value),
        help="Answer with the policy version in force on this date (YYYY-MM-DD or RFC 3339) "
        "instead of the one in force when the request was opened.",
    )(function)


def as_of_moment(text: str) -> dt.date | dt.datetime:
    """``--as-of``'s value: a date, or an RFC 3339 timestamp with its offset."""
    try:
        return parse_as_of(text, "--as-of")
    except RequestError as error:
        raise click.BadParameter(str(error.problems[0].message), param_hint="--as-of") from None


def load_policies(path: Path) -> PolicySet:
    """Load and compile the policies at ``path``; print their errors and fail if any."""
    try:
        return load(path)
    except PolicyError as error:
        for diagnostic in error.diagnostics:
            click.echo(render_human(diagnostic, {}, styled=True), err=True)
        raise Failure(
            f"the policies in {path} have errors; `policylang check {path}` shows them in context"
        ) from None


def parse_set(assignment: str) -> tuple[str, Any]:
    """``key=value``: the value as JSON when it parses (numbers, true/false), else the string."""
    key, sep, text = assignment.partition("=")
    if not sep or not key.strip():
        raise click.BadParameter(
            f"`{assignment}` is not key=value (e.g. --set priority=critical)", param_hint="--set"
        )
    try:
        value: Any = json.loads(text, parse_constant=_not_json)
    except ValueError:
        value = text
    return key.strip(), value


def _not_json(name: str) -> Any:
    raise ValueError(name)


def read_request(source: str | None, assignments: tuple[str, ...]) -> Any:
    """The request: from a JSON file (``-`` for stdin) or stdin, then ``--set`` on top.

    With neither a file nor ``--set`` the request is read from stdin, unless stdin is a terminal
    (then nobody is about to type JSON, and waiting would look like a hang).
    """
    sets = [parse_set(a) for a in assignments]
    request: Any = {}
    if source is not None or not sets:
        if source is None and sys.stdin.isatty():
            raise click.UsageError(
                "give the request: a JSON file, `-` for stdin, or --set key=value flags"
            )
        request = _read_json(source or "-")
    if sets:
        if not isinstance(request, dict):
            raise Failure("the request is not a JSON object, so --set cannot add fields to it")
        request.update(sets)
    return request


def _read_json(source: str) -> Any:
    name = "stdin" if source == "-" else source
    try:
        if source == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            text = Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Failure(f"{name}: not UTF-8 text") from None
    except OSError as error:
        raise Failure(f"{name}: cannot read: {error.strerror or error}") from None
    if not text.strip():
        raise Failure(f"{name}: empty; expected a JSON object with `policy` and `opened_at`")
    try:
        return json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        raise Failure(
            f"{name}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:
        raise Failure(f"{name}: not valid JSON: {error} is not a JSON number") from None
    except RecursionError:
        raise Failure(f"{name}: not valid JSON: nested too deeply") from None


def request_error_text(error: RequestError) -> str:
    """A rejected request for people: one line per problem."""
    lines = ["invalid request:"]
    lines.extend(f"  {problem}" for problem in error.problems)
    if error.truncated:
        lines.append(f"  ... and more (only the first {len(error.problems)} are listed)")
    return "\n".join(lines)
