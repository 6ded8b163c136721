"""docs/cli.md documents every option of every command, and the options given before one."""

from __future__ import annotations

import re

import click
import pytest

from policylang.cli.app import cli
from tests.cli.commands import all_commands
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
COMMANDS = tuple(sorted(all_commands()))


def section(name: str) -> str:
    found = re.search(rf"^## `policylang {name}\b.*?(?=^## |\Z)", DOC, re.S | re.M)
    assert found, f"docs/cli.md has no section for `policylang {name}`"
    return found.group(0)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    command = all_commands()[name]
    text = section(name)
    if name == "explain":  # documented as "the options `eval` takes"
        text += section("eval")
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert any(f"`{flag}" in text for flag in param.opts), (name, param.opts)
    assert "Exit codes" in text or "exit codes as for `eval`" in text
    assert "```text" in text or "```yaml" in text, "an example"


def test_every_option_before_the_command_is_documented() -> None:
    """`policylang --color never check`: the group's own options (bar --help and --version)."""
    options = [p for p in cli.params if isinstance(p, click.Option)]
    assert options, "the group has options"
    for param in options:
        if param.name in ("help", "version"):
            continue
        assert any(f"`{flag} " in DOC for flag in param.opts), param.opts
        choices = param.type.choices if isinstance(param.type, click.Choice) else ()
        for choice in choices:
            assert f"`{param.opts[0]} {choice}`" in DOC, (param.opts, choice)
