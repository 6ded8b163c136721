"""Every error situation in ``cases.py`` renders exactly as its golden ``.err`` file says."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylang.lang.loader import check_paths
from policylang.lang.rendering import render_human
from tests.syntax.cases import CASES, Case

ERR_DIR = Path(__file__).parent / "err"
GENERATED = "# Generated from tests/syntax/cases.py by `pytest --update-goldens`; edit the table.\n"


def render_case(case: Case) -> str:
    """Check the case's policy file and render every diagnostic, as `policylang check` does."""
    relative = f"tests/syntax/err/{case.name}.policy"
    report = check_paths([relative])
    return "\n\n".join(render_human(d, report.sources) for d in report.diagnostics) + "\n"


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


def test_there_are_at_least_thirty_distinct_situations() -> None:
    assert len(CASES) >= 30
    assert len({case.code for case in CASES}) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden(case: Case, repo_root: Path, update_goldens: bool) -> None:
    policy_path = ERR_DIR / f"{case.name}.policy"
    golden_path = ERR_DIR / f"{case.name}.err"
    text = GENERATED + case.text
    if update_goldens:
        ERR_DIR.mkdir(exist_ok=True)
        policy_path.write_text(text, encoding="utf-8")
    assert policy_path.read_text(encoding="utf-8") == text, "run pytest --update-goldens"

    rendered = render_case(case)
    if update_goldens:
        golden_path.write_text(rendered, encoding="utf-8")
    assert f"[{case.code}]" in rendered, f"{case.name} must report {case.code}"
    assert rendered == golden_path.read_text(encoding="utf-8")


def test_no_stray_golden_files() -> None:
    expected = {f"{c.name}.{ext}" for c in CASES for ext in ("policy", "err")}
    present = {p.name for p in ERR_DIR.iterdir() if p.suffix in (".policy", ".err")}
    assert present == expected
