"""Which policies a command answers from, when the command line does not say.

The order, the same for every command: ``--policies`` (or the command's PATHS) when given, else
the ``POLICYLANG_POLICIES`` environment variable when set, else ``./policies`` when it exists
(a clone of the repository, a project's own layout), else the policies bundled in the package —
so the README's first command works from any directory after ``pip install``. A set found in the
environment or the bundled set is named on stderr (stdout stays the machine's); ``./policies``
is the long-standing default and is used silently.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import click

from policylang import bundled_policies

__all__ = [
    "ENV_VAR",
    "LOCAL",
    "ORDER_HELP",
    "PolicySource",
    "announce",
    "default_policies",
    "path_or_default",
    "paths_or_default",
]

#: The environment variable that points every command at one set of policies.
ENV_VAR = "POLICYLANG_POLICIES"

#: The conventional directory, relative to where the command runs.
LOCAL = Path("policies")

#: The order, for help texts.
ORDER_HELP = f"${ENV_VAR} if set, else ./{LOCAL} if it exists, else the bundled policies"

Origin = Literal["command line", "environment", "local", "bundled"]


@dataclass(frozen=True)
class PolicySource:
    """A set of policies (a file or a directory) and why it was chosen."""

    path: Path
    origin: Origin

    def describe(self) -> str:
        """One line for stderr saying which set is used and how to pick another."""
        if self.origin == "environment":
            return f"policylang: using the policies in {self.path} (from ${ENV_VAR})"
        if self.origin == "bundled":
            return (
                f"policylang: using the bundled policies ({self.path}); "
                f"--policies or ${ENV_VAR} picks others"
            )
        return f"policylang: using the policies in {self.path}"


def default_policies() -> PolicySource:
    """The set to use when the command line names none (raises click.BadParameter when
    ``POLICYLANG_POLICIES`` names a path that does not exist)."""
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        path = Path(from_env)
        if not path.exists():
            raise click.BadParameter(f"`{from_env}` does not exist", param_hint=f"${ENV_VAR}")
        return PolicySource(path, "environment")
    if LOCAL.exists():
        return PolicySource(LOCAL, "local")
    return PolicySource(bundled_policies(), "bundled")


def announce(source: PolicySource) -> None:
    """Name the set on stderr unless it was the user's explicit choice or ``./policies``."""
    if source.origin in ("environment", "bundled"):
        click.echo(source.describe(), err=True)


def path_or_default(path: str | Path | None) -> Path:
    """The path the command line gave, or the default set (announced) when it gave none."""
    if path:
        return Path(path)
    source = default_policies()
    announce(source)
    return source.path


def paths_or_default(paths: Sequence[str | Path]) -> tuple[str | Path, ...]:
    """A command's PATHS, or the default set (announced) when it was given none."""
    return tuple(paths) if paths else (path_or_default(None),)
