"""Colour on terminals: the ``--color`` option, ``NO_COLOR``, and the colours of summaries.

click does the work: ``click.style`` adds the ANSI codes and ``click.echo`` removes them again
unless colour is on for that stream. This module only decides "on": ``--color always`` or
``never`` settle it; ``auto`` (the default) means on for a terminal, unless the ``NO_COLOR``
environment variable is set to anything but the empty string (https://no-color.org). Only what
people read is styled — diagnostics, summaries, test results on a terminal — never JSON or other
output meant for programs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from policylang import Diagnostic

__all__ = ["COLOR_CHOICES", "color_setting", "echo_diagnostics", "outcome"]

COLOR_CHOICES = ("auto", "always", "never")


def color_setting(choice: str, environ: Mapping[str, str] = os.environ) -> bool | None:
    """click's ``Context.color`` for ``--color CHOICE``: True, False, or None (the terminal
    decides)."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    return None


def outcome(text: str, *, errors: int, warnings: int = 0) -> str:
    """A summary line in the colour of its worst count: red, yellow, or green when all is well."""
    colour = "red" if errors else "yellow" if warnings else "green"
    return click.style(text, fg=colour, bold=True)


def echo_diagnostics(
    diagnostics: Sequence[Diagnostic],
    render: Callable[[Diagnostic], str],
    summary: str,
    *,
    errors: int,
    warnings: int,
) -> None:
    """Diagnostics for people on stderr, a blank line after each, then the coloured summary."""
    for diagnostic in diagnostics:
        click.echo(render(diagnostic), err=True)
        click.echo("", err=True)
    click.echo(outcome(summary, errors=errors, warnings=warnings), err=True)
