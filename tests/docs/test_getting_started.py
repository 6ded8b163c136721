"""docs/index.md says what the README's first command does: the command it runs, by name."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_the_first_command_is_described_as_what_it_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)\n", readme)
    assert first is not None
    subcommand = re.search(r"\bpolicylang (\w+)", first.group(1))
    assert subcommand is not None, first.group(1)
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    _, _, after = page.partition(first.group(1) + "\n")
    description = after.partition("```\n\n")[2].partition("\n\n")[0]
    assert description.startswith("The first "), description
    assert f"`policylang {subcommand.group(1)}`" in description
    if subcommand.group(1) != "check":
        assert "check" not in description, "the first command does not check policies"
