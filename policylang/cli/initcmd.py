"""``policylang init NAME``: start a policy — a minimal ``NAME.policy`` and its ``NAME.tests.yaml``.

Both files pass ``check``, ``lint`` and ``test`` as written, so an author starts from green and
replaces the example clauses and rules with the vendor's. Nothing is ever overwritten: if either
file exists, neither is written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from string import Template

import click

from policylang import parse_text
from policylang.cli.policysource import ENV_VAR, LOCAL
from policylang.errors import PolicyError

__all__ = ["init_command", "render_policy", "render_tests"]

#: A policy id: what the grammar's NAME token accepts.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_POLICY = Template('''\
# $name: a new policy. Replace the example clauses, calendar and rule with the vendor's terms,
# quoting each clause as the document words it (docs: language.md). Then:
#   policylang check $where    policylang lint $where    policylang test $where

policy $name {
  title "$name support terms"
  provider "The vendor"
  source "The vendor's document: its file name or address"
  language en
  version "1.0"
  effective $effective
  zone "UTC"
}

clause hours "Support is available Monday to Friday, 9:00 to 18:00 UTC." {
  at "Section 1"
}

clause response "We respond to every request within 4 working hours." {
  at "Section 2"
}

calendar office "Office hours" {
  hours mon-fri 09:00-18:00
  cite hours
}

sla otherwise "Every request" {
  response within 4 hours on office
  resolution no commitment
  cite response
}
''')

_TESTS = Template('''\
# Cases for $name.policy: a request, and the parts of its decision it must get, as
# `policylang eval --detail full` prints them (docs: cli.md, `policylang test`).
policy: $name
cases:
  - name: a request on Monday at 10:00 is due a response at 14:00
    request: {opened_at: "${monday}T10:00:00Z"}
    expect:
      sla:
        response: {state: committed, due_at: "${monday}T14:00:00+00:00"}
        resolution: {state: no_commitment}
      # No charge rule yet: nothing says whether a request is billable.
      charges: {billable: null, lines: []}
''')


def render_policy(name: str, effective: dt.date, where: str) -> str:
    """The new policy's text: effective from ``effective``; ``where`` is named in its comments."""
    return _POLICY.substitute(name=name, effective=effective.isoformat(), where=where)


def render_tests(name: str, effective: dt.date) -> str:
    """The new policy's tests file: one case, on the first Monday on or after ``effective``."""
    monday = effective + dt.timedelta(days=-effective.weekday() % 7)
    return _TESTS.substitute(name=name, monday=monday.isoformat())


def _default_directory() -> Path:
    """``$POLICYLANG_POLICIES`` when set, else ``./policies`` (never the bundled set)."""
    return Path(os.environ.get(ENV_VAR) or LOCAL)


@click.command("init")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Directory to write to, created if missing [default: ${ENV_VAR} if set, else ./{LOCAL}].",
)
def init_command(name: str, directory: Path | None) -> None:
    """Start a policy: write NAME.policy and NAME.tests.yaml, ready for check, lint and test.

    Never overwrites: if either file exists, nothing is written and the command exits 1.
    """
    if not _NAME.fullmatch(name):
        suggestion = re.sub(r"\W", "_", name)
        hint = f" (e.g. `{suggestion}`)" if _NAME.fullmatch(suggestion) else ""
        raise click.BadParameter(
            f"`{name}` is not a policy name: letters, digits and `_`, not starting with a "
            f"digit{hint}",
            param_hint="NAME",
        )
    folder = directory if directory is not None else _default_directory()
    effective = dt.date.today()
    policy_text = render_policy(name, effective, str(folder))
    try:
        parse_text(policy_text)
    except PolicyError:  # a name the grammar reserves where a policy id stands
        raise click.BadParameter(
            f"`{name}` cannot be a policy name here; choose another", param_hint="NAME"
        ) from None
    files = {
        folder / f"{name}.policy": policy_text,
        folder / f"{name}.tests.yaml": render_tests(name, effective),
    }
    existing = [str(path) for path in files if path.exists()]
    if existing:
        click.echo(
            f"policylang init: {' and '.join(existing)} already exist{'s' * (len(existing) == 1)}; "
            "nothing written (init never overwrites a file): choose another NAME or --dir",
            err=True,
        )
        sys.exit(1)
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never clobber
                handle.write(text)
            written.append(path)
    except OSError as error:
        for path in written:  # the pair or nothing: remove only what this run wrote
            path.unlink(missing_ok=True)
        reason = error.strerror or error
        click.echo(f"policylang init: cannot write in {folder}: {reason}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}", err=True)
    next_steps = f"`policylang check {folder}` and `policylang test {folder}`"
    click.echo(f"next: edit {name}.policy, then {next_steps}", err=True)
