"""Every name docs/python-api.md uses resolves as the page uses it, after a bare ``import policylang``.

The names are resolved in a fresh interpreter: in this one, other tests have imported the
submodules already, which binds them on the package and would hide a missing lazy attribute.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "python-api.md"

# `policylang.schema.request_schema(...)`, `policylang.load("policies/")`: the dotted part.
_DOTTED = re.compile(r"\bpolicylang(?:\.[A-Za-z_]\w*)+")
# `from policylang.schema import request_schema`
_FROM_IMPORT = re.compile(r"^from (policylang(?:\.\w+)*) import ([\w, ]+)$", re.M)

_RESOLVE = """
import json, sys
import policylang
missing = []
for dotted in json.loads(sys.argv[1]):
    target = policylang
    for part in dotted.split(".")[1:]:
        try:
            target = getattr(target, part)
        except AttributeError:
            missing.append(dotted)
            break
print(json.dumps(missing))
"""


def names_used() -> list[str]:
    """The dotted names the page uses, ``from X import Y`` written as ``X.Y``."""
    text = PAGE.read_text(encoding="utf-8")
    names = set(_DOTTED.findall(text))
    for module, imported in _FROM_IMPORT.findall(text):
        names.update(f"{module}.{name.strip()}" for name in imported.split(","))
    return sorted(names)


def test_the_page_names_the_submodules_it_promises() -> None:
    used = names_used()
    for submodule in ("explain", "schema", "batch", "testing", "report"):
        assert any(name.startswith(f"policylang.{submodule}.") for name in used), submodule


def test_every_name_resolves_after_a_bare_import() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RESOLVE, json.dumps(names_used())],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    assert json.loads(result.stdout) == []
