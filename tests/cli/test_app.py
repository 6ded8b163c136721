"""The command table: each name leads to the command of that name, imported only when used."""

from __future__ import annotations

import pytest

from policylang.cli.app import COMMANDS
from tests.cli.commands import all_commands
from tests.unit.test_front import modules_after


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_name_of_the_table_is_the_command_of_that_name(name: str) -> None:
    assert all_commands()[name].name == name


def test_the_group_imports_no_command_until_one_is_used() -> None:
    loaded = modules_after("policylang.cli.main")
    command_modules = {target.partition(":")[0] for target in COMMANDS.values()}
    assert sorted(loaded & command_modules) == []
    assert sorted(m for m in loaded if m.startswith(("lark", "policylang.tools"))) == []
