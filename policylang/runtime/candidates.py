"""One answer from several: a request whose standard ``kind`` (or ``severity``) leaves several
types (or priorities) is answered for each candidate, and the answers merged.

The rule (contract v2 §1): decided where the candidates agree, else ``depends`` on ``type``
(or ``priority``) with one case per candidate. :func:`merge_decisions` builds the merged
:class:`~policylang.runtime.decision.Decision` (its selections list a case per candidate, for
the text renderers and the Python API) and keeps the candidates' own decisions, from which
:func:`policylang.runtime.candidate_documents.merge_documents` writes the v2 JSON part by part:

* an SLA target or the roles: the candidates' value where all agree; else ``depends``, each
  candidate's answer a case whose ``when`` names its type (a candidate's own cases keep theirs,
  the type added);
* charges: the lines every candidate has are lines, the others possible lines under their
  candidate's ``when``; ``billable`` where all agree, else null;
* lifecycle entries and obligations: as they are where all candidates list them alike, else
  ``applies: null``; refusal grounds that hold for every candidate hold, the others are possible;
* the notes every candidate's answer relies on; the ticket's fields where all agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policylang.errors import RequestError, RequestProblem
from policylang.model.rules import Case, Outcome, Selection
from policylang.runtime.decision import Decision, TargetResult
from policylang.runtime.request import NormalizedRequest

__all__ = ["merge_decisions"]

Fixed = Mapping[str, str]


def _when_text(fixed: Fixed) -> str:
    return " and ".join(f"{name} == {value}" for name, value in fixed.items())


def _merge_selection(
    pairs: Sequence[tuple[Fixed, Selection[Outcome]]],
) -> Selection[Outcome]:
    first = pairs[0][1]
    if all(s.decided and s.rule is first.rule for _, s in pairs) and first.decided:
        return first
    cases: list[Case[Outcome]] = []
    depends: dict[str, None] = dict.fromkeys(pairs[0][0])
    for fixed, selection in pairs:
        depends.update(dict.fromkeys(selection.depends_on))
        text = _when_text(fixed)
        if selection.cases:
            cases.extend(Case(c.rule, f"{text} and ({c.when})") for c in selection.cases)
        elif selection.rule is not None:
            cases.append(Case(selection.rule, text))
    return Selection(None, tuple(cases), tuple(depends))


def _merge_target(pairs: Sequence[tuple[Fixed, TargetResult]]) -> TargetResult:
    first = pairs[0][1]
    if all(r == first for _, r in pairs):
        return first
    return TargetResult(_merge_selection([(f, r.selection) for f, r in pairs]))  # type: ignore[arg-type]


def merge_decisions(
    request: NormalizedRequest, answers: Sequence[tuple[Fixed, Decision]]
) -> Decision:
    """The decision for ``request`` from its candidates' ``answers`` (see the module doc)."""
    first = answers[0][1]
    timelines = [d.timeline for _, d in answers]
    if any(t != timelines[0] for t in timelines):
        names = tuple(dict.fromkeys(n for fixed, _ in answers for n in fixed))
        field = names[0]
        raise RequestError(
            [
                RequestProblem(
                    field,
                    f"the ticket's timeline differs with the {field}: give the {field}",
                    tuple(dict.fromkeys(fixed[field] for fixed, _ in answers)),
                )
            ]
        )
    traces = [d.trace for _, d in answers]
    return Decision(
        request,
        _merge_target([(f, d.response) for f, d in answers]),
        _merge_target([(f, d.resolution) for f, d in answers]),
        _merge_selection([(f, d.handler) for f, d in answers]),  # type: ignore[arg-type]
        _merge_selection([(f, d.billable) for f, d in answers]),  # type: ignore[arg-type]
        None if traces[0] is None else tuple(e for t in traces if t for e in t),
        first.timeline,
        first.lifecycle_due
        if all(d.lifecycle_due == first.lifecycle_due for _, d in answers)
        else (),
        tuple((dict(fixed), d) for fixed, d in answers),
    )
