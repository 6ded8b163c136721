"""Every command of the command line, by name, as click lists them (the group loads them lazily)."""

from __future__ import annotations

import click

from policylang.cli.app import cli


def all_commands() -> dict[str, click.Command]:
    """``{name: command}`` for every command `policylang --help` lists."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}
