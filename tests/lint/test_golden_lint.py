"""Every lint situation in ``cases.py`` renders exactly as its golden ``.lint`` file says, fires
(or, for a negative case, does not) its code, and every request a finding shows really does what
the finding claims when the evaluator answers it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policylang
from policylang.lang.codes import CODES
from policylang.lang.diagnostics import Diagnostic, Severity
from policylang.tools.lint.linter import Finding, lint_paths
from policylang.tools.lint.render import render_finding
from policylang.tools.lint.search import DEFAULT_BUDGET
from tests.lint.cases import CASES, LintCase

GOLDEN_DIR = Path(__file__).parent / "golden"
GENERATED = "# Generated from tests/lint/cases.py by `pytest --update-goldens`; edit the table.\n"
LINT_CODES = sorted(code for code in CODES if code.startswith("PL6"))


def relative(case: LintCase) -> str:
    """The golden policy's path, relative to the repository root (as output shows it)."""
    return f"tests/lint/golden/{case.name}.policy"


def findings(case: LintCase) -> list[Diagnostic]:
    """Lint the case's golden policy file."""
    report = lint_paths([relative(case)], budget=case.budget or DEFAULT_BUDGET)
    assert not report.errors, [d.message for d in report.errors]
    return report.diagnostics


def render_case(case: LintCase) -> str:
    """Lint the case's policy and render every finding, as `policylang lint` does."""
    report = lint_paths([relative(case)], budget=case.budget or DEFAULT_BUDGET)
    rendered = "\n\n".join(render_finding(d, report.sources) for d in report.diagnostics)
    return rendered + "\n"


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("code", LINT_CODES)
def test_every_lint_code_has_a_positive_and_a_negative_case(code: str) -> None:
    assert any(c.code == code and c.expect for c in CASES), f"{code} needs a positive case"
    assert any(c.code == code and not c.expect for c in CASES), f"{code} needs a negative case"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden(case: LintCase, repo_root: Path, update_goldens: bool) -> None:
    policy_path = GOLDEN_DIR / f"{case.name}.policy"
    golden_path = GOLDEN_DIR / f"{case.name}.lint"
    text = GENERATED + case.text
    if update_goldens:
        GOLDEN_DIR.mkdir(exist_ok=True)
        policy_path.write_text(text, encoding="utf-8")
    assert policy_path.read_text(encoding="utf-8") == text, "run pytest --update-goldens"

    codes = {d.code for d in findings(case)}
    if case.expect:
        assert case.code in codes, f"{case.name} must report {case.code}"
    else:
        assert case.code not in codes, f"{case.name} must not report {case.code}"
    rendered = render_case(case)
    if update_goldens:
        golden_path.write_text(rendered, encoding="utf-8")
    assert rendered == golden_path.read_text(encoding="utf-8")


def test_no_stray_golden_files() -> None:
    expected = {f"{c.name}.{ext}" for c in CASES for ext in ("policy", "lint")}
    present = {p.name for p in GOLDEN_DIR.iterdir() if p.suffix in (".policy", ".lint")}
    assert present == expected


def test_lint_findings_are_never_errors(repo_root: Path) -> None:
    for case in CASES:
        assert all(d.severity is not Severity.ERROR for d in findings(case)), case.name


# ---------------------------------------------------------------------- counterexamples


def _related_names(finding: Diagnostic, policy_text: str) -> set[str]:
    """The rule names the related locations point at."""
    lines = policy_text.splitlines()
    names = set()
    for related in finding.related:
        line = lines[related.span.line - 1]
        names.add(line[related.span.column - 1 : related.span.end_column - 1])
    return names


@pytest.mark.parametrize("case", [c for c in CASES if c.expect], ids=lambda c: c.name)
def test_counterexamples_do_what_the_finding_says(case: LintCase, repo_root: Path) -> None:
    """Paste each finding's request into the evaluator: the claim must hold."""
    policies = policylang.load(relative(case))
    text = (repo_root / relative(case)).read_text(encoding="utf-8")
    for finding in findings(case):
        if not isinstance(finding, Finding) or finding.counterexample is None:
            continue
        decision = policies.evaluate(dict(finding.counterexample))
        code = finding.code
        if code == "PL611":
            target = "response" if "response" in finding.message else "resolution"
            selection = getattr(decision, target).selection
            assert selection.rule is None and selection.decided, finding.message
        elif code == "PL612":
            assert decision.handler.rule is None and decision.handler.decided
        elif code == "PL613":
            charges = decision.charges
            assert not charges.lines and not charges.possible, finding.message
        elif code == "PL602":
            lines = {line.rule.name: line.fee for line in decision.charges.lines}
            assert "included" in lines.values(), finding.message
            assert set(lines.values()) - {"included"}, finding.message
        elif code == "PL601":
            assert decision.handler.rule is not None
            assert decision.handler.rule.name in finding.help  # type: ignore[operator]
        elif code == "PL621":
            selections = [
                decision.handler,
                decision.response.selection,
                decision.resolution.selection,
            ]
            decided = {s.rule.name for s in selections if s.rule is not None}
            assert decided & _related_names(finding, text), finding.message
        elif code == "PL641":
            assert decision.response.due_ts is not None
            assert decision.resolution.due_ts is not None
            assert decision.response.due_ts > decision.resolution.due_ts
        else:  # pragma: no cover - a new code with a request needs its check here
            pytest.fail(f"no check for the request of {code}")
