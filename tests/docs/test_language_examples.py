"""docs/language.md's examples are one policy, `example`, that `policylang check` accepts
(and its customers examples a customers file of it).

So every input, value, calendar, type and event an example names is declared by another example
of the page, and no example borrows a name from a bundled policy that the page never declares.
Two things are generated, not pasted: a one-line quote for each clause a rule cites (the page
shows how to write clauses, not every quote), and a rule around each line of the block that
lists bare `when` conditions.
"""

from __future__ import annotations

import re
from pathlib import Path

import policylang
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "language.md"

_BLOCK = re.compile(r"```policy\n(.*?)```", re.S)
_CITED = re.compile(r"^\s*(?:cite|about) ([\w, ]+)$", re.M)
_CLAUSE = re.compile(r"^clause (\w+)", re.M)


def assemble(page: str) -> str:
    """The page's ```policy blocks as one policy file."""
    parts = []
    for block in _BLOCK.findall(page):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if all(line.startswith("when ") for line in lines):
            parts.extend(
                f'refusal condition_{n} {{\n  {line}\n  reason "An example condition."\n}}\n'
                for n, line in enumerate(lines)
            )
        else:
            parts.append(block)
    text = "\n".join(parts)
    cited = {name.strip() for names in _CITED.findall(text) for name in names.split(",")}
    quoted = set(_CLAUSE.findall(text))
    text += "".join(f'\nclause {name} "A quote of the source."\n' for name in sorted(cited - quoted))
    return text


def test_the_examples_make_one_policy_that_checks(tmp_path: Path) -> None:
    path = tmp_path / "example.policy"
    path.write_text(assemble(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    report = policylang.check_paths([path])
    problems = [f"{d.span}: {d.code} {d.message}" for d in report.diagnostics]
    assert report.ok and not problems, "\n".join(problems)
    assert list(policylang.load(path).ids) == ["example"]  # and it compiles


def test_the_customers_examples_check_against_the_example_policy(tmp_path: Path) -> None:
    page = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```customers\n(.*?)```", page, re.S)
    assert blocks, "docs/language.md shows a customers file"
    (tmp_path / "example.policy").write_text(assemble(page), encoding="utf-8")
    (tmp_path / "example.customers").write_text("\n".join(blocks), encoding="utf-8")
    report = policylang.check_paths([tmp_path])
    problems = [f"{d.span}: {d.code} {d.message}" for d in report.diagnostics]
    assert report.ok and not problems, "\n".join(problems)
    assert set(policylang.load(tmp_path).customers["example"]) == {"acme"}
