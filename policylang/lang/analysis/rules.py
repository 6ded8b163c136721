"""Pass `rules`: each block has the statements its kind needs, once; `otherwise` comes last;
every ticket type has an SLA statement.
"""

from __future__ import annotations

from policylang.lang import ast
from policylang.lang.analysis.context import Context
from policylang.lang.analysis.literals import LiteralError, parse_number
from policylang.lang.analysis.predicates import compile_condition
from policylang.lang.diagnostics import Related, Severity
from policylang.lang.source import Span
from policylang.model.inputs import InputSpec
from policylang.model.rules import Condition, verdict_when_known

__all__ = ["check_rules"]

#: For each rule kind: statement keys that must appear, and keys that may appear at most once.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "responsibility": ("party",),
    "sla": ("target",),
    "charge": ("fee",),
    "obligation": ("description",),
    "refusal": ("reason",),
    "lifecycle": ("timing",),
    "pause": ("clocks", "span"),
}
_REQUIRED_WORDS = {
    "party": "a `party` (customer, provider, vendor or third_party), or its roles "
    "(`responsible PARTY`, `performer PARTY`)",
    "target": "a `response` or `resolution` target",
    "fee": "a fee (`fee per request`, `fee per hour`, `fee fixed`, `fee unspecified`) or "
    "`included`",
    "description": 'a `description "..."`',
    "reason": 'a `reason "..."`',
    "timing": "a timing such as `after 24 hours around the clock from resolved`",
    "clocks": "a `clocks` statement (the SLA clocks it stops: response, resolution)",
    "span": "a `from EVENT until EVENT` span",
}
_ONCE = frozenset(
    {
        "when",
        "party",
        "team",
        "responsible",
        "performer",
        "receiver",
        "type",
        "product",
        "action",
        "billable",
        "fee",
        "rate",
        "replaces",
        "basis",
        "reason",
        "description",
        "timing",
        "response",
        "resolution",
        "category",
        "priority",
        "kind",
        "severity",
        "means",
        "english",
        "at",
        "says",
        "reading",
        "because",
        "acknowledges",
        "clocks",
        "span",
        "lifts",
        "then",
        "during",
    }
)
_PLURALS = {"type": "ticket types", "priority": "priorities"}
#: Taxonomy statements that belong to one kind of declaration only.
_TAXON_ONLY = {
    "category": ("type",),
    "priority": ("type",),
    "kind": ("type",),
    "severity": ("type", "priority"),
}


#: Statements whose key is their kind.
_KEYS: dict[type[ast.Node], str] = {
    ast.When: "when",
    ast.PartyField: "party",
    ast.BillableField: "billable",
    ast.Fee: "fee",
    ast.Rate: "rate",
    ast.Timing: "timing",
    ast.Requires: "requires",
    ast.PauseClocks: "clocks",
    ast.PauseSpan: "span",
    ast.Lifts: "lifts",
    ast.Then: "then",
}


def _key(statement: ast.Node) -> str:
    fixed = _KEYS.get(type(statement))
    if fixed is not None:
        return fixed
    if isinstance(statement, ast.Target):
        return statement.kind.value
    if isinstance(statement, ast.Label):
        return f"label {statement.language.value if statement.language else ''}".strip()
    return str(getattr(statement, "key", type(statement).__name__))


def _check_once(ctx: Context, owner: str, body: tuple[ast.Node, ...]) -> set[str]:
    seen: dict[str, ast.Node] = {}
    for statement in body:
        key = _key(statement)
        if key in seen and (key in _ONCE or key.startswith("label")):
            ctx.error(
                "PL507",
                f"{owner} states `{key}` twice",
                statement.span,
                "keep one" if key != "when" else "join the conditions with `and` or `or`",
                related=(Related(seen[key].span, "first stated here"),),
            )
        seen.setdefault(key, statement)
    return set(seen)


def check_rules(ctx: Context) -> None:
    """Check rule and taxonomy blocks for missing, repeated and misplaced statements."""
    for decl in ctx.file.declarations:
        if isinstance(decl, ast.RuleDecl):
            _check_rule(ctx, decl)
            if isinstance(decl, ast.ResponsibilityDecl):
                _check_roles(ctx, f"{decl.keyword} `{decl.name.value}`", decl.body)
        elif isinstance(decl, ast.TaxonDecl):
            owner = f"{decl.keyword} `{decl.id.value}`"
            _check_once(ctx, owner, decl.body)
            for statement in decl.body:
                if isinstance(statement, ast.NameField) and decl.keyword not in _TAXON_ONLY.get(
                    statement.key, (decl.keyword,)
                ):
                    ctx.error(
                        "PL512",
                        f"a {decl.keyword} has no `{statement.key}`",
                        statement.span,
                        f"`{statement.key}` is stated on "
                        + " and ".join(_PLURALS[k] for k in _TAXON_ONLY[statement.key]),
                    )
            _check_vocabulary(ctx, decl)
        elif isinstance(decl, ast.ClauseDecl | ast.NoteDecl):
            _check_once(ctx, f"{_kind_word(decl)} `{decl.id.value}`", decl.fields)
    for keyword, rules in ctx.symbols.rules.items():
        _check_otherwise(ctx, keyword, rules)
    _check_sla_completeness(ctx)


def _check_vocabulary(ctx: Context, decl: ast.TaxonDecl) -> None:
    """A type states its standard kind; a type's severity only where there are no priorities."""
    keys = {s.key: s for s in decl.body if isinstance(s, ast.NameField)}
    if not isinstance(decl, ast.TypeDecl):
        return
    if "kind" not in keys:
        ctx.warning(
            "PL534",
            f"ticket type `{decl.id.value}` states no standard kind",
            decl.id.span,
            "add `kind incident`, `service_request`, `question`, `change`, `complaint` or "
            "`commercial` (docs/vocabulary.md), so a request can name the kind",
        )
    severity = keys.get("severity")
    if severity is not None and ctx.symbols.priorities:
        ctx.error(
            "PL535",
            f"ticket type `{decl.id.value}` states a severity, but the policy has priorities",
            severity.span,
            "state the severity on each priority (`priority high { severity high }`)",
        )


def _kind_word(decl: ast.ClauseDecl | ast.NoteDecl) -> str:
    return "clause" if isinstance(decl, ast.ClauseDecl) else "note"


def _check_rule(ctx: Context, rule: ast.RuleDecl) -> None:
    owner = f"{rule.keyword} `{rule.name.value}`"
    keys = _check_once(ctx, owner, rule.body)
    required = _REQUIRED.get(rule.keyword, ())
    sequential = isinstance(rule, ast.LifecycleDecl) and rule.kind.value == "sequential"
    if sequential:
        required = ()
    for need in required:
        if not _states(need, keys):
            ctx.error(
                "PL508",
                f"{owner} has no {_REQUIRED_WORDS[need].split(' (')[0].removeprefix('a ')}",
                rule.name.span,
                f"add {_REQUIRED_WORDS[need]}",
            )
    if isinstance(rule, ast.LifecycleDecl):
        _check_lifecycle(ctx, owner, rule.body, keys, sequential)
    if rule.name.value == "otherwise" and "when" in keys:
        when = next(s for s in rule.body if isinstance(s, ast.When))
        ctx.error(
            "PL509",
            f"the `otherwise` {rule.keyword} rule applies when no other does; it takes no `when`",
            when.span,
            "remove the condition, or give the rule its own name",
        )


def _check_lifecycle(
    ctx: Context, owner: str, body: tuple[ast.Node, ...], keys: set[str], sequential: bool
) -> None:
    """A lifecycle rule's timing, consequence and count."""
    for statement in body:
        if isinstance(statement, ast.Timing) and sequential:
            ctx.error(
                "PL516",
                f"{owner} says requests are handled one after another; it has no time",
                statement.span,
                "remove the timing, or state the deadline in its own rule "
                "(`lifecycle processing_limit` or `lifecycle next_issue`)",
            )
        if isinstance(statement, ast.Then) and "timing" not in keys:
            ctx.error(
                "PL515",
                f"{owner} has no time to run out, so nothing follows `then`",
                statement.span,
                "give the rule a timing (`after 24 hours around the clock from resolved`) or "
                "remove the consequence",
            )
        if isinstance(statement, ast.Requires):
            try:
                count = parse_number(statement.count.text)
            except LiteralError:
                count = None
            if count is None or count < 1 or count != count.to_integral_value():
                ctx.error(
                    "PL510",
                    f"`requires {statement.count.text}` must count at least one event",
                    statement.count.span,
                    "write a whole number of events, e.g. `requires 3 contact_failed`",
                )


def _states(need: str, keys: set[str]) -> bool:
    """Whether a rule whose statements have ``keys`` states what ``need`` names."""
    if need == "target":
        return bool(keys & {"response", "resolution"})
    # A retired `billable` stands for the fee: PL530 already names what to write instead.
    # `responsible` and `performer` say what the shorthand `party` says, each one half.
    stand_ins = {"fee": {"billable"}, "party": _DUTY_ROLES}.get(need, frozenset())
    return need in keys or bool(keys & stand_ins)


#: The roles `party X` + `team "T"` stand for together.
_DUTY_ROLES = frozenset({"responsible", "performer"})


def _check_roles(ctx: Context, owner: str, body: tuple[ast.Node, ...]) -> None:
    """`party`/`team` is shorthand for `responsible` and `performer`: a block uses one or the
    other, never both, so no reader has to work out which of two statements wins."""
    roles = [s for s in body if isinstance(s, ast.RoleField) and s.key in _DUTY_ROLES]
    if not roles:
        return
    for statement in body:
        shorthand = isinstance(statement, ast.PartyField) or (
            isinstance(statement, ast.TextField) and statement.key == "team"
        )
        if shorthand:
            word = "party" if isinstance(statement, ast.PartyField) else "team"
            ctx.error(
                "PL540",
                f"{owner} states `{word}` beside `{roles[0].key}`",
                statement.span,
                "`party X` + `team \"T\"` is shorthand for `responsible X \"T\"` and "
                "`performer X \"T\"`: give each role its party and team, and drop the shorthand",
                related=(Related(roles[0].span, f"`{roles[0].key}` stated here"),),
            )


def _check_otherwise(ctx: Context, keyword: str, rules: list[ast.RuleDecl]) -> None:
    for index, rule in enumerate(rules):
        if rule.name.value == "otherwise" and index != len(rules) - 1:
            later = rules[index + 1]
            ctx.error(
                "PL506",
                f"the `otherwise` {keyword} rule must be the last {keyword} rule",
                rule.name.span,
                f"move it after `{rules[-1].name.value}`; rules after it can never apply",
                related=(Related(later.name.span, "this rule comes after it"),),
            )
            break


# ---------------------------------------------------------------------- completeness


def _check_sla_completeness(ctx: Context) -> None:
    sla_rules = ctx.symbols.rules_of("sla")
    # The earlier passes have checked the conditions: one with an error of its own is not judged.
    broken = [d.span for d in ctx.diagnostics if d.severity is Severity.ERROR and d.span]
    inputs = {
        name: InputSpec(name, info.kind, info.values) for name, info in ctx.symbols.inputs.items()
    }
    conditions = [_condition(rule, inputs, broken) for rule in sla_rules]
    for type_id, decl in ctx.symbols.types.items():
        known = {"type": type_id}
        category = next(
            (
                s.name.value
                for s in decl.body
                if isinstance(s, ast.NameField) and s.key == "category"
            ),
            None,
        )
        if category is not None:
            known["category"] = category
        if not any(
            _may_apply(rule, condition, known)
            for rule, condition in zip(sla_rules, conditions, strict=True)
        ):
            ctx.error(
                "PL505",
                f"ticket type `{type_id}` has no SLA statement",
                decl.id.span,
                "add an `sla` rule for it; if the source promises no time, say so with "
                "`response no commitment`",
            )


#: A rule's conditions as predicates: None for a rule without one, none at all when the checker
#: cannot judge it (it has an error of its own, reported already: the rule may apply).
_Judged = list[Condition] | None


def _condition(rule: ast.RuleDecl, inputs: dict[str, InputSpec], broken: list[Span]) -> _Judged:
    whens = [s for s in rule.body if isinstance(s, ast.When)]
    if not whens:
        return None
    if any(_within(span, w.span) for w in whens for span in broken):
        return []
    # The zone only measures `days since`, which a ticket type never decides: any valid one will
    # do, and the header's may be the broken part.
    return [compile_condition(w.condition, inputs, "UTC") for w in whens]


def _within(inner: Span, outer: Span) -> bool:
    return inner.path == outer.path and outer.start <= inner.start and inner.end <= outer.end


def _may_apply(rule: ast.RuleDecl, conditions: _Judged, known: dict[str, str]) -> bool:
    """Whether the rule has a target and may apply to requests with the ``known`` values, by the
    evaluator's own verdict (:func:`~policylang.model.rules.verdict_when_known`: every other
    input unknown)."""
    if not any(isinstance(s, ast.Target) for s in rule.body):
        return False
    if conditions is None:
        return True
    # A rule states `when` once (PL507 otherwise); each is judged, as the evaluator would.
    return all(
        verdict_when_known(condition, frozenset(), None, known) is not False
        for condition in conditions
    )
