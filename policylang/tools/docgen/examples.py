"""Worked examples: the cases of a policy's ``*.tests.yaml``, evaluated and told as sentences.

"A request with priority Critical, opened on Friday 6 March 2026 at 17:20 Moscow time, must
get a first response by Tuesday 10 March 2026 at 08:50 Moscow time." The sentence says what the
case's ``expect`` checks (the SLA, the handler, the charge, refusals, duties), with the values
of the decision the engine gives, so the page shows what the tests assert. Tests files are
read by the test runner's reader, so a file the runner refuses is refused here with the same
messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policylang.errors import PolicylangError, RequestError
from policylang.runtime.policyset import PolicySet
from policylang.text.english import and_list, date_words, moment_words
from policylang.tools.docgen.anchors import rule_anchor
from policylang.tools.docgen.loaded import Documented
from policylang.tools.docgen.markdown import code, heading, inline, link
from policylang.tools.docgen.words import PARTY_WORDS, event_words
from policylang.tools.testing.files import (
    TestFileError,
    load_tests_file,
    problem_lines,
    tests_path,
)

__all__ = ["Example", "ExamplesError", "examples_section", "load_examples"]

# An explicit absence of a time, as the rest of a sentence about one target.
_UNCOMMITTED = {
    "no_commitment": "has no {noun} commitment",
    "per_request": "gets a {noun} time set for the request",
    "best_effort": "gets best-effort {noun}: as fast as possible, no time promised",
    "not_stated": "has no {noun} time stated",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One case of a tests file: its name, request, and what it checks."""

    name: str
    request: dict[str, Any]
    as_of: str | None
    checks: tuple[str, ...]  # top-level keys of `expect`; empty for an `expect_error` case
    error_fields: tuple[str, ...]


class ExamplesError(PolicylangError):
    """A policy's tests file cannot be read for the worked examples of its page."""


def load_examples(doc: Documented) -> list[Example]:
    """The cases of the policy's tests file (none when there is no file), read by the test
    runner's own reader (:func:`policylang.tools.testing.files.load_tests_file`).

    Raises :class:`ExamplesError` when the file cannot be used, or a case in it cannot be run:
    a page never leaves out an example without saying so.
    """
    path = tests_path(doc.compiled.path)
    if not path.is_file():
        return []
    try:
        tests = load_tests_file(path)
    except TestFileError as error:
        raise _unreadable(path, error.lines()) from None
    broken = [problem for case in tests.cases for problem in case.problems]
    if broken:
        raise _unreadable(path, problem_lines(path, broken))
    default_policy = tests.policy or doc.id
    out = []
    for case in tests.cases:
        request = {"policy": default_policy, **case.request}
        if request.get("policy") != doc.id:
            continue
        out.append(
            Example(
                case.name,
                request,
                case.as_of,
                tuple(case.expect or ()),
                case.expect_error or (),
            )
        )
    return out


def _unreadable(path: Path, problems: list[str]) -> ExamplesError:
    return ExamplesError(
        f"{path}: its cases cannot be read for the worked examples "
        f"(`policylang test {path}` says the same):\n" + "\n".join(problems)
    )


class _Teller:
    """Builds the sentence of one example from its request and decision (Markdown)."""

    def __init__(self, doc: Documented, request: Mapping[str, Any]) -> None:
        self.doc = doc
        self.request = request
        self.zone = doc.compiled.zone

    def when(self, iso: str) -> str:
        moment = dt.datetime.fromisoformat(iso).astimezone(self.doc.compiled.tz)
        return moment_words(moment, self.zone)

    def value(self, name: str, value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        spec = self.doc.compiled.inputs.get(name)
        if isinstance(value, str) and spec is not None and spec.kind == "date":
            try:
                return date_words(dt.date.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(value, str):
            return self.doc.value_label(name, value)
        return str(value)

    def subject(self) -> str:
        request = self.request
        words = "A request"
        if isinstance(request.get("type"), str):
            label = self.value("type", request["type"])
            article = "An" if label[:1].lower() in "aeiou" else "A"
            words = f"{article} **{inline(label)}** request"
        if "priority" in request:
            words += f" with priority **{inline(self.value('priority', request['priority']))}**"
        details = []
        for name, value in request.items():
            if name in ("policy", "opened_at", "type", "priority", "events", "now"):
                continue
            label = inline(self.doc.input_label(name))
            details.append(f"{label}: **{inline(self.value(name, value))}**")
        if details:
            words += " (" + "; ".join(details) + ")"
        opened = request.get("opened_at")
        if isinstance(opened, str):
            moment = _instant(opened)
            if moment is not None and moment.tzinfo is not None:
                words += f" opened on {self.when(opened)}"
            else:  # a malformed or offset-less timestamp: show it as sent
                words += f" opened at {code(opened)}"
        return words + self.timeline()

    def timeline(self) -> str:
        """The request's events and ``now`` in words (empty without them)."""
        told = []
        events = self.request.get("events")
        for event in events if isinstance(events, list) else ():
            if isinstance(event, Mapping) and isinstance(event.get("type"), str):
                told.append(f"{event_words(event['type'])} {self.moment(event.get('at'))}")
        words = f", with {and_list(told)}" if told else ""
        if "now" in self.request:
            words += f", judged {self.moment(self.request['now'])}"
        return words

    def moment(self, iso: Any) -> str:
        """``on Monday 9 March 2026 at 09:00 …``, or the value as sent when it is not one."""
        moment = _instant(iso) if isinstance(iso, str) else None
        if moment is None or moment.tzinfo is None:
            return f"at {code(str(iso))}"
        return f"on {self.when(str(iso))}"

    def target(self, data: Mapping[str, Any], verb: str, noun: str, kind: str) -> str:
        if data.get("depends_on"):
            return f"its {noun} time depends on {_names(data['depends_on'])}"
        state = data.get("state")
        if state == "committed":
            return self.committed(data, verb, noun, kind)
        if state == "window" and data.get("opens_at"):
            text = (
                f"its {noun} is given in the hours of calendar {code(str(data['calendar']))}, "
                f"from **{self.when(data['opens_at'])}**"
            )
            return text + _rule(data.get("rule"), "sla")
        if state == "lifted":
            ground = str(data.get("lifted_by"))
            anchor = "#" + rule_anchor("refusal", ground)
            return f"its {noun} commitment is lifted by the ground {link(code(ground), anchor)}"
        if state == "not_stated" and data.get("rule") is None:
            state = "no_commitment"  # no rule states a target: told as v1 told it
        words = _UNCOMMITTED.get(str(state), "has no {noun} time").format(noun=noun)
        return f"it {words}" + _rule(data.get("rule"), "sla")

    def committed(self, data: Mapping[str, Any], verb: str, noun: str, kind: str) -> str:
        """A committed target: its due time, or what its clock waits for."""
        if data.get("clock") == "agreed" and data.get("due_at"):
            text = f"it {verb} by **{self.when(data['due_at'])}**, the time set for the request"
            return text + _rule(data.get("rule"), "sla")
        if not data.get("due_at"):
            # Anchored at an event the request does not hold yet: the clock waits for it.
            waits = f"waits for {event_words(data['from_event'], 'first')}: nothing is due yet"
            text = inline(self.target_text(kind, data.get("rule")))
            return f"its {noun} time ({text}) {waits}" + _rule(data.get("rule"), "sla")
        text = f"it {verb} by **{self.when(data['due_at'])}**"
        starts = data.get("starts_at")
        opened = self.request.get("opened_at")
        if starts and isinstance(opened, str) and _instant(starts) != _instant(opened):
            text += f" (the clock starts on {self.when(starts)})"
        return text + _rule(data.get("rule"), "sla")

    def target_text(self, kind: str, name: Any) -> str:
        """The target rule ``name``'s time as the policy words it ("4 hours on office")."""
        compiled = self.doc.compiled
        index = compiled.response if kind == "response" else compiled.resolution
        rule = next((r for r in index.all_rules if r.name == name), None)
        return rule.outcome.text if rule is not None else str(name)

    def sla(self, decision: Mapping[str, Any]) -> list[str]:
        sla = decision["sla"]
        return [
            self.target(sla["response"], "must get a first response", "first-response", "response"),
            self.target(sla["resolution"], "must be resolved", "resolution", "resolution"),
        ]

    def handler(self, decision: Mapping[str, Any]) -> str:
        roles = decision["roles"]
        if roles.get("depends_on"):
            return f"who handles it depends on {_names(roles['depends_on'])}"
        performer = roles.get("performer") or {}
        party = performer.get("party")
        if party is None:
            return "no responsibility rule says who handles it"
        text = f"it is handled by {inline(PARTY_WORDS.get(party, party))}"
        if performer.get("team"):
            text += f" ({inline(performer['team'])})"
        return text + _rule(roles.get("rule"), "responsibility")

    def billable(self, decision: Mapping[str, Any]) -> str:
        charges = decision["charges"]
        value = charges.get("billable")
        lines = charges.get("lines") or []
        depends = charges.get("depends_on") or []
        if value is None and depends:
            return f"whether it is billable depends on {_names(depends)}"
        if value is None or not lines:
            return "no charge rule says whether it is billable"
        # A billable request names the lines that charge; an included one names what includes it.
        named = [line["rule"] for line in lines if not value or line.get("fee") != "included"]
        text = "it is **billable**" if value else "it is **not billable**"
        text += _rule(named[0], "charge") if len(named) == 1 else f" ({_rules(named, 'charge')})"
        if depends:
            text += f"; further charges depend on {_names(depends)}"
        return text

    def refusal(self, decision: Mapping[str, Any]) -> str:
        refusal = decision["refusal"]
        grounds = [g["rule"] for g in refusal.get("grounds", ())]
        possible = [g["rule"] for g in refusal.get("possible", ())]
        parts = []
        if grounds:
            parts.append("the provider may refuse it (" + _rules(grounds, "refusal") + ")")
        if possible:
            parts.append(
                "it might be refused, depending on facts not yet known ("
                + _rules(possible, "refusal")
                + ")"
            )
        return "; ".join(parts) or "no ground of refusal applies"

    def obligations(self, decision: Mapping[str, Any]) -> str:
        """The rules and duties that apply; a duty done in given hours says when they open."""
        compiled = self.doc.compiled
        titles: dict[str, str | None] = {r.name: r.title for r in compiled.lifecycle}
        titles.update((r.name, r.title) for r in compiled.obligations)
        items = [(e, "lifecycle") for e in decision.get("lifecycle") or []]
        items += [(e, "obligation") for e in decision.get("obligations") or []]
        if not items:
            return "no lifecycle rule or duty applies"
        refs = []
        for item, kind in items:
            name = item["rule"]
            ref = link(inline(titles.get(name) or name), "#" + rule_anchor(kind, name))
            window = item.get("window")
            if window is not None:
                ref += f" (in its hours, from {self.when(window['opens_at'])})"
            refs.append(ref)
        return "the rules and duties that apply are " + ", ".join(refs)

    def ticket(self, decision: Mapping[str, Any]) -> str:
        category = decision["ticket"].get("category")
        if not category:
            return "it has no category"
        return f"it falls in the category **{inline(self.value('category', category))}**"


def _instant(iso: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None


def _names(names: list[str]) -> str:
    return ", ".join(code(n) for n in names)


def _rule(name: Any, kind: str) -> str:
    if not isinstance(name, str):
        return ""
    return " (" + link("rule", "#" + rule_anchor(kind, name)) + ")"


def _rules(names: list[str], kind: str) -> str:
    return ", ".join(link(code(n), "#" + rule_anchor(kind, n)) for n in names)


def _sentence(doc: Documented, policies: PolicySet, example: Example) -> str | None:  # noqa: C901  (evaluate and word each outcome; issue 14's one evaluate-and-classify path is to replace the classifying)
    """The example told in one paragraph, or None when it does not concern this version."""
    teller = _Teller(doc, example.request)
    try:
        decision = policies.evaluate(example.request, as_of=example.as_of)
    except RequestError as error:
        if not example.error_fields:
            return None
        fields = sorted({p.field for p in error.problems}) or list(example.error_fields)
        return f"{teller.subject()} is rejected: the problem is in {_names(fields)}."
    if decision.policy is not doc.compiled or example.error_fields:
        return None
    data = decision.to_json("full")
    parts: list[str] = []
    told_duties = False  # `lifecycle` and `obligations` are told in one sentence
    for check in example.checks:
        if check == "sla":
            parts += teller.sla(data)
        elif check == "roles":
            parts.append(teller.handler(data))
        elif check == "charges":
            parts.append(teller.billable(data))
        elif check == "refusal":
            parts.append(teller.refusal(data))
        elif check in ("lifecycle", "obligations") and not told_duties:
            parts.append(teller.obligations(data))
            told_duties = True
        elif check == "ticket":
            parts.append(teller.ticket(data))
    if not parts:
        return None
    return f"{teller.subject()}: " + "; ".join(parts) + "."


def examples_section(doc: Documented, policies: PolicySet) -> list[str]:
    """The ``Worked examples`` section (empty when the policy has no tests file)."""
    examples = load_examples(doc)
    told = []
    for example in examples:
        sentence = _sentence(doc, policies, example)
        if sentence is not None:
            name = example.name[:1].upper() + example.name[1:]
            told.append(f"**{inline(name.rstrip('.'))}.** {sentence}")
    if not told:
        return []
    source = tests_path(doc.compiled.path).name
    lines = [
        heading(2, "Worked examples", "examples"),
        "",
        f"Requests from {code(source)}, the policy's tests, with the answers the engine "
        "gives them.",
        "",
    ]
    for paragraph in told:
        lines += [paragraph, ""]
    return lines
