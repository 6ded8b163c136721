"""The click application: the group, and the table of its commands.

Each command lives in its own module, imported when the command is used (click's documented
"lazy loading subcommands" pattern): `policylang check` does not load the linter, the page
generator or the server. `policylang --help` and shell completion list every command from the
table, importing each module (which imports the front, itself lazy) to read its short help.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from policylang import __version__
from policylang.cli.style import COLOR_CHOICES, color_setting

__all__ = ["COMMANDS", "LazyGroup", "cli"]

#: Every command: its name -> ``module:function`` of its click command, imported on first use.
COMMANDS: dict[str, str] = {
    "batch": "policylang.cli.batchcmd:batch_command",
    "catalogue": "policylang.cli.schemacmd:catalogue_command",
    "check": "policylang.cli.checkcmd:check",
    "diff": "policylang.cli.docs:diff",
    "docs": "policylang.cli.docs:docs",
    "eval": "policylang.cli.evaluate:eval_command",
    "explain": "policylang.cli.evaluate:explain_command",
    "fmt": "policylang.cli.fmtcmd:fmt",
    "impact": "policylang.cli.impactcmd:impact_command",
    "init": "policylang.cli.initcmd:init_command",
    "lint": "policylang.cli.lint:lint",
    "lsp": "policylang.cli.lspcmd:lsp_command",
    "report": "policylang.cli.reportcmd:report_command",
    "schema": "policylang.cli.schemacmd:schema_command",
    "serve": "policylang.cli.serve:serve",
    "test": "policylang.cli.testcmd:test_command",
}


class LazyGroup(click.Group):
    """A group whose commands are named in a table and imported when one is asked for."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="policylang")
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour diagnostics and summaries: on a terminal unless NO_COLOR is set (auto), "
    "always, or never. Machine output (JSON) is never coloured.",
)
@click.pass_context
def cli(ctx: click.Context, color: str) -> None:
    """Support contracts as policy code: check, format and evaluate `.policy` files."""
    ctx.color = color_setting(color)
