"""docs/errors.md: one entry per diagnostic code, each with a real example, kept up to date.

The page is generated from the code registry (policylang/codes.py) and real renderings: the
golden error cases, the golden lint cases (for PL6xx, the first positive case of each code), and
for file-level codes, fixtures made here in a temporary directory. `pytest --update-goldens`
rewrites it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from policylang.lang.codes import CODES
from policylang.lang.loader import check_paths, read_and_parse
from policylang.lang.rendering import render_human
from policylang.lang.syntax.recovery import MAX_SYNTAX_ERRORS
from tests.conftest import ROOT
from tests.lint.cases import CASES as LINT_CASES
from tests.syntax.cases import BASE, CASES, HEADER

DOC = ROOT / "docs" / "errors.md"

#: File-level situations have no golden policy; each is a fixture maker and the path to check.
FILE_EXAMPLES: dict[str, Callable[[Path], str]] = {
    "PL001": lambda d: "missing.policy",
    "PL002": lambda d: (d / "policies").mkdir() or "policies",
    "PL003": lambda d: (
        (d / "latin1.policy").write_bytes('policy x {\n  title "Peña"\n}\n'.encode("latin-1"))
        and "latin1.policy"
    ),
    "PL004": lambda d: (
        (d / "logo.policy").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00") and "logo.policy"
    ),
    "PL005": lambda d: (d / "dump.policy").write_bytes(b"#" * (3 * 1024 * 1024)) and "dump.policy",
    "PL006": lambda d: (d / "empty.policy").write_bytes(b"\n") and "empty.policy",
    "PL007": lambda d: (d / "drafts").mkdir() or "drafts",
    "PL513": lambda d: _two_versions(d / "versions"),
    "PL216": lambda d: _with_customers(d / "layer", "customer acme {\n  policy goldn\n}\n"),
    "PL217": lambda d: _with_customers(
        d / "layer", "customer acme {\n  policy golden\n  set golive = 2026-11-25\n}\n"
    ),
    "PL218": lambda d: _with_customers(
        d / "layer", "customer acme {\n  policy golden\n}\ncustomer acme {\n  policy golden\n}\n"
    ),
    "PL422": lambda d: _with_customers(
        d / "layer", "customer acme {\n  policy golden\n  calendar office {\n    holidays LK\n  }\n}\n"
    ),
    "PL536": lambda d: _with_customers(
        d / "layer",
        "customer acme {\n  policy golden\n  rate phone 1200.00 MXN\n}\n",
        "\ncharge phone {\n  when channel == phone\n  fee per request\n  rate 1500.00 MXN\n}\n",
    ),
}


def _with_customers(directory: Path, customers: str, rules: str = "") -> str:
    """The golden policy (with ``rules``) and a customers file beside it (each example writes
    its own)."""
    directory.mkdir(exist_ok=True)
    (directory / "golden.policy").write_text(BASE + rules, encoding="utf-8")
    (directory / "acme.customers").write_text(customers, encoding="utf-8")
    return directory.name


def _two_versions(directory: Path) -> str:
    """Two files declaring the same version of one policy."""
    directory.mkdir()
    for name in ("golden.policy", "golden-copy.policy"):
        (directory / name).write_text(HEADER, encoding="utf-8")
    return "versions"


def _file_example(code: str, tmp: Path) -> str:
    cwd = Path.cwd()
    os.chdir(tmp)
    try:
        target = FILE_EXAMPLES[code](tmp)
        if code == "PL002":
            # Commands search directories, so only the library's reader meets this one.
            _, _, diagnostics = read_and_parse(target)
            rendered = "\n".join(render_human(d, {}) for d in diagnostics)
            return f'>>> policylang.loader.read_and_parse("{target}")\n{rendered}\n'
        report = check_paths([target])
        rendered = "\n\n".join(render_human(d, report.sources) for d in report.diagnostics)
        return f"$ policylang check {target}\n{rendered}\n"
    finally:
        os.chdir(cwd)


def _lint_example(code: str) -> str:
    """The findings with ``code`` of the first positive lint case, as `policylang lint` shows them."""
    case = next(c for c in LINT_CASES if c.code == code and c.expect)
    golden = (ROOT / "tests/lint/golden" / f"{case.name}.lint").read_text(encoding="utf-8")
    findings = re.split(r"\n\n(?=tests/lint/golden/)", golden.rstrip("\n"))
    shown = [f for f in findings if f"[{code}]" in f.split("\n", 1)[0]]
    return f"$ policylang lint tests/lint/golden/{case.name}.policy\n" + "\n\n".join(shown)


def generate(tmp: Path) -> str:
    lines = [
        "# Error codes",
        "",
        "Every problem `policylang check` reports, and every finding of `policylang lint`, has a",
        "stable code. This page is generated from the code registry and real renderings",
        "(`pytest --update-goldens` rewrites it); each example is the command's exact output.",
        "",
        "Ranges: **PL0xx** files, **PL1xx** syntax and literals, **PL2xx** names and references,",
        "**PL3xx** values in conditions, **PL4xx** calendars and durations, **PL5xx** structure,",
        "**PL6xx** lint findings (warnings and information; see [Lint](lint.md)).",
        "",
        "A file that does not parse gets one report per broken declaration (PL101-PL104), up to",
        f"{MAX_SYNTAX_ERRORS}: after an error the parser goes on at the next line that starts with a",
        "declaration keyword. The other checks run once the file parses.",
        "",
    ]
    by_code: dict[str, object] = {}
    for case in CASES:
        by_code.setdefault(case.code, case)
    lint_examples = {code: _lint_example(code) for code in {c.code for c in LINT_CASES if c.expect}}
    for code, info in CODES.items():
        lines += [f"## {code}: {info.title} {{#{code.lower()}}}", "", info.explanation, ""]
        case = by_code.get(code)
        if code in lint_examples:
            lines += ["```text", lint_examples[code], "```", ""]
        elif case is not None:
            err = (ROOT / "tests/syntax/err" / f"{case.name}.err").read_text(encoding="utf-8")  # type: ignore[attr-defined]
            lines += ["```text", err.rstrip("\n"), "```", ""]
        else:
            lines += ["```text", _file_example(code, tmp).rstrip("\n"), "```", ""]
    return "\n".join(lines)


def test_every_emitted_code_is_registered() -> None:
    emitted = set()
    for path in (ROOT / "policylang").rglob("*.py"):
        emitted |= set(re.findall(r'"(PL\d{3})"', path.read_text(encoding="utf-8")))
    assert emitted - set(CODES) == set(), "register new codes in policylang/codes.py"
    assert set(CODES) - emitted == set(), "a registered code is never emitted"


def test_every_code_has_an_example() -> None:
    with_golden = {case.code for case in CASES} | {c.code for c in LINT_CASES if c.expect}
    assert set(CODES) - with_golden - set(FILE_EXAMPLES) == set()


def test_error_reference_is_up_to_date(tmp_path: Path, update_goldens: bool) -> None:
    text = generate(tmp_path)
    if update_goldens:
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text, "run pytest --update-goldens"
