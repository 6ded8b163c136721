"""Rules that cite no clause (PL671).

Every rule should ``cite`` the clauses it formalises: the citation is what lets a reviewer check
the rule against the contract, and what decisions and generated pages quote. A rule without one
passes the checker (the language does not require it, so a draft can be written rule by rule),
and the linter reports it. When the source says nothing the rule could quote (the policy fills
a gap), a note the rule carries that names it in backticks says why, and the finding is then
information, as for the other "on purpose" findings.
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.diagnostics import Severity
from policylang.tools.lint.context import LintContext, Subject

__all__ = ["check_citations"]


def check_citations(ctx: LintContext) -> None:
    """Report every rule (of any kind, `otherwise` included) without a ``cite``."""
    for rules in ctx.checked.symbols.rules.values():
        for rule in rules:
            if any(isinstance(s, ast.NamesField) and s.key == "cite" for s in rule.body):
                continue
            name = rule.name.value
            note = ctx.acknowledging_note(rule.body, name)
            if note is not None:
                ctx.report(
                    "PL671",
                    f"{rule.keyword} `{name}` cites no clause; note `{note}` says why",
                    rule.name.span,
                    "nothing to do if the source really says nothing this rule could quote",
                    subject=Subject.of(rule),
                    related_subjects=(Subject("note", note),),
                    severity=Severity.INFO,
                )
            else:
                ctx.report(
                    "PL671",
                    f"{rule.keyword} `{name}` cites no clause",
                    rule.name.span,
                    "add `cite CLAUSE` for the clause it formalises, so reviewers can check it "
                    "against the source; if the source says nothing it could quote, say so in a "
                    f"note the rule carries that names `{name}`",
                    subject=Subject.of(rule),
                )
