"""The front (``policylang/__init__.py``): every name lazy, each one where the table says.

Imports are probed in a fresh interpreter: in this one, other tests have loaded half the package.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

import policylang
from tests.conftest import ROOT

_PROBE = """
import json, sys
for name in sys.argv[1:]:
    __import__(name)
loaded = sorted(sys.modules)
print(json.dumps(loaded))
"""


def modules_after(*imports: str) -> set[str]:
    """The modules a fresh interpreter holds after importing ``imports``."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *imports],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    return set(json.loads(result.stdout))


def _heavy(modules: set[str]) -> list[str]:
    """The parser generator, the linter and the stages a leaf must not pull in."""
    heavy_prefixes = ("lark", "policylang.tools", "policylang.lang", "policylang.compiler")
    return sorted(m for m in modules if m.startswith(heavy_prefixes))


@pytest.mark.parametrize(
    "imports",
    [
        pytest.param(("policylang",), id="the-front"),
        pytest.param(("policylang.calendar",), id="the-calendar"),
        pytest.param(("policylang.errors",), id="the-errors"),
    ],
)
def test_a_bare_import_loads_no_parser_and_no_linter(imports: tuple[str, ...]) -> None:
    assert _heavy(modules_after(*imports)) == []


def test_the_front_loads_nothing_of_the_package_up_front() -> None:
    assert sorted(m for m in modules_after("policylang") if m.startswith("policylang.")) == []


def _type_checking_names() -> set[str]:
    """The names the front's ``if TYPE_CHECKING:`` block imports (what mypy sees)."""
    tree = ast.parse((ROOT / "policylang" / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_the_table_the_type_checker_and_all_agree() -> None:
    exported = set(policylang._EXPORTS)
    assert set(policylang.__all__) == exported | {"__version__"}
    assert _type_checking_names() == exported


@pytest.mark.parametrize("name", sorted(policylang._EXPORTS))
def test_every_name_resolves_to_what_the_table_names(name: str) -> None:
    module_name, _, attribute = policylang._EXPORTS[name].partition(":")
    module = sys.modules.get(module_name) or __import__(module_name, fromlist=["_"])
    expected = getattr(module, attribute) if attribute else module
    assert getattr(policylang, name) is expected


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = policylang.nothing_here  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(policylang._EXPORTS))
def test_docs_python_api_names_every_name_of_the_front(name: str) -> None:
    page = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    assert f"`{name}`" in page
