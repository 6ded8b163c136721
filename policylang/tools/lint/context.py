"""What every lint analysis shares: the checked file, its request space, its rule lists, the
outcome of searching each list, and the findings so far.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policylang.compiler.policy import compile_file
from policylang.lang import ast
from policylang.lang.analysis.passes import CheckedFile
from policylang.lang.diagnostics import Diagnostic, Related, Severity
from policylang.lang.source import Span
from policylang.model.inputs import MISSING
from policylang.model.policy import CompiledPolicy
from policylang.text.english import plural
from policylang.tools.lint.search import DEFAULT_BUDGET, Budget, Search, Truncated
from policylang.tools.lint.space import LintRule, Space, Test, build_space, rule_lists

__all__ = [
    "FIRST_MATCH",
    "Finding",
    "LintContext",
    "ListOutcome",
    "Subject",
    "describe_region",
    "note_text",
]

#: The lists the evaluator searches first-match, and how messages name each one's outcome.
FIRST_MATCH: dict[str, str] = {
    "sla-response": "response target",
    "sla-resolution": "resolution target",
    "responsibility": "handler",
    "charge": "charge outcome",
}

#: How many regions without a rule a gap finding remembers (it shows one, counts the rest).
_GAP_SAMPLES = 50


@dataclass(frozen=True, slots=True)
class Subject:
    """What a finding is about, by kind and id: a rule (``responsibility``, ``sla``, ``charge``,
    ``lifecycle``...), an ``item``, a ``note``, a ``calendar``, an ``input``, a ``type``, a
    ``clause``, or the ``policy`` itself."""

    kind: str
    id: str

    @classmethod
    def of(cls, decl: ast.RuleDecl) -> Subject:
        """A rule as a subject: its keyword and name."""
        return cls(decl.keyword, decl.name.value)

    def to_json(self) -> dict[str, str]:
        """``{"kind": ..., "id": ...}``."""
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True, slots=True)
class Finding(Diagnostic):
    """A lint diagnostic, with a request that shows the problem when there is one."""

    #: A request JSON (``policy``, ``opened_at``, inputs) to paste into ``policylang eval``.
    counterexample: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)
    #: What the finding is about, and the other declarations it involves.
    subject: Subject | None = field(default=None, compare=False, hash=False)
    related_subjects: tuple[Subject, ...] = field(default=(), compare=False, hash=False)
    #: The note that `acknowledges` the finding (it is then information), or None.
    acknowledged_by: str | None = field(default=None, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The diagnostic's JSON, its ``subject`` and ``related_subjects``, and
        ``counterexample`` when there is one."""
        out = Diagnostic.to_json(self)
        out["subject"] = None if self.subject is None else self.subject.to_json()
        out["related_subjects"] = [s.to_json() for s in self.related_subjects]
        out["acknowledged_by"] = self.acknowledged_by
        if self.counterexample is not None:
            out["counterexample"] = dict(self.counterexample)
        return out


@dataclass(slots=True)
class ListOutcome:
    """What searching one ordered list found: the rules some request reaches, and the gaps."""

    reached: set[int] = field(default_factory=set)
    #: Regions no rule covers (snapshots of the search's values), the first few.
    gaps: list[dict[str, Any]] = field(default_factory=list)
    gap_count: int = 0
    truncated: bool = False


@dataclass(slots=True)
class LintContext:
    """The state one lint run of one file threads through its analyses."""

    checked: CheckedFile
    #: The compiled policy: inputs, calendars, rules as the evaluator reads them.
    policy: CompiledPolicy
    space: Space
    lists: dict[str, list[LintRule]]
    #: The most rule verdicts any one search may evaluate.
    budget_size: int = DEFAULT_BUDGET
    findings: list[Diagnostic] = field(default_factory=list)
    _outcomes: dict[str, ListOutcome] = field(default_factory=dict)
    _truncated: set[str] = field(default_factory=set)
    #: What several analyses compute once and share (the compiled calendars: lint.clocks).
    shared: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, checked: CheckedFile, budget: int = DEFAULT_BUDGET) -> LintContext:
        """Prepare a checked file (which must have no errors) for linting."""
        policy = compile_file(checked)
        space = build_space(checked, policy)
        return cls(checked, policy, space, rule_lists(checked, policy, space), budget)

    def budget(self, limit: int | None = None) -> Budget:
        """A fresh budget for one search: ``limit``, or less when the run's budget is smaller."""
        return Budget(min(limit, self.budget_size) if limit is not None else self.budget_size)

    @property
    def path(self) -> str:
        """The linted file's path."""
        return self.checked.file.path

    @property
    def notes(self) -> Mapping[str, ast.NoteDecl]:
        """The file's notes by id."""
        return self.checked.symbols.notes

    # ------------------------------------------------------------ reporting

    def report(
        self,
        code: str,
        message: str,
        span: Span | None,
        help: str | None = None,
        *,
        subject: Subject,
        severity: Severity = Severity.WARNING,
        related: Iterable[Related] = (),
        related_subjects: Iterable[Subject] = (),
        counterexample: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a finding about ``subject``."""
        self.findings.append(
            Finding(
                code,
                message,
                span,
                help,
                severity,
                tuple(related),
                None if span is not None else self.path,
                counterexample,
                subject,
                tuple(related_subjects),
            )
        )

    def truncated(self, what: str, span: Span | None, subject: Subject | None = None) -> None:
        """Say once per subject that an analysis stopped at its budget (``subject``: what the
        search was about; the policy when not given)."""
        if what in self._truncated:
            return
        self._truncated.add(what)
        self.report(
            "PL690",
            f"analysis truncated: {what}",
            span,
            "the search stopped at its budget, so what it was looking for is not reported "
            "for this part; `lint(..., budget=N)` allows more work",
            subject=subject or Subject("policy", self.policy.id),
            severity=Severity.INFO,
        )

    # ------------------------------------------------------------ searches

    def search(
        self,
        lists: Sequence[Sequence[Test]],
        *,
        complete: bool,
        budget: Budget | None = None,
        fixed: Mapping[str, Any] | None = None,
        fixed_assigned: set[str] | None = None,
        interesting: set[int] | None = None,
        require: Test | None = None,
    ) -> Search:
        """A search over this file's space."""
        return Search(
            self.space,
            lists,
            complete=complete,
            budget=budget if budget is not None else self.budget(),
            fixed=fixed,
            fixed_assigned=fixed_assigned,
            interesting=interesting,
            require=require,
        )

    def outcome(self, kind: str) -> ListOutcome:
        """Search one first-match list once; gaps and shadowing both read the result.

        Absent optional inputs are searched too: a rule is reachable when some request, complete
        or not, makes its condition hold with no earlier rule applying (the evaluator then picks
        it, or lists it as the last case of an answer that depends on the absent input).
        """
        found = self._outcomes.get(kind)
        if found is not None:
            return found
        found = ListOutcome()
        rules = self.lists.get(kind, [])
        # A list ending in a rule that always applies has no gaps, so only which rules win
        # matters: the search may cut branches where every remaining rule is already reached.
        closed = bool(rules) and not rules[-1].reads
        interesting = set(range(len(rules))) if closed else None
        try:
            search = self.search([rules], complete=False, interesting=interesting)
            for leaf in search.leaves():
                winner = leaf.winners[0]
                if winner is not None:
                    found.reached.add(winner)
                    if interesting is not None:
                        interesting.discard(winner)
                elif leaf.is_gap():
                    found.gap_count += 1
                    if len(found.gaps) < _GAP_SAMPLES:
                        found.gaps.append(leaf.snapshot())
        except Truncated:
            found.truncated = True
            self.truncated(
                f"the {FIRST_MATCH.get(kind, kind)} rules could not be searched completely (gaps, "
                "unreachable rules)",
                rules[0].decl.name.span if rules else None,
            )
        self._outcomes[kind] = found
        return found

    def acknowledging_note(self, body: Iterable[ast.Node], name: str) -> str | None:
        """A note the declaration carries (``note N``) whose text names ``name`` in backticks.

        This is how a policy says "yes, deliberately": the note that explains a choice names
        the declaration the choice is about.
        """
        pattern = re.compile(rf"`{re.escape(name)}`")
        for statement in body:
            if isinstance(statement, ast.NamesField) and statement.key == "note":
                for note_name in statement.names:
                    note = self.notes.get(note_name.value)
                    if note is not None and pattern.search(note_text(note)):
                        return note_name.value
        return None


def note_text(note: ast.NoteDecl) -> str:
    """Everything a note says: its title and its texts."""
    parts = [note.title.value] if note.title else []
    parts.extend(f.text.value for f in note.fields if isinstance(f, ast.TextField))
    return "\n".join(parts)


def _since(space: Space, name: str, values: Mapping[str, Any]) -> str:
    """`` (30 days before opening)`` for a date the conditions measure with ``days since``."""
    spec = space.inputs.get(name)
    if spec is None or spec.kind != "date" or ("days", name) not in space.thresholds.since:
        return ""
    opened = values.get("opened_at")
    if opened is None:
        return ""
    days = (space.local_date(float(opened)) - values[name]).days
    return f" ({plural(days, 'day')} before opening)"


def describe_region(values: Mapping[str, Any], names: Iterable[str], space: Space) -> str:
    """``type `bug`, item `forms```: the inputs that define a region, for a message."""
    parts = []
    for name in dict.fromkeys(names):
        name = "type" if name == "category" else name  # noqa: PLW2901 - shown through its type
        if name == "opened_at" or values.get(name, MISSING) is MISSING:
            continue
        shown = space.json_value(name, values[name])
        if isinstance(shown, bool):
            shown = "true" if shown else "false"
        parts.append(f"{name} `{shown}`{_since(space, name, values)}")
    return ", ".join(dict.fromkeys(parts)) or "every request"
