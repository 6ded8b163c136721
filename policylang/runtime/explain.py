"""A decision in plain sentences, each resting on the clauses it cites.

``policylang explain`` prints what :func:`explain` returns: when the response and the resolution
are due (in words, in the calendar's own time zone), who handles the request, what it is charged
and why, quoting each rule's clauses in their original language with the English rendering. An
undecided part reads "depends on `origin`: if … then …; otherwise …".

Everything is built from the decision's v2 document with its texts (``to_json(detail="full")``,
the documented shape) and the policy's catalogue (type labels, and the description of each
lifecycle rule and obligation), plus the time zone names of the policy and its calendars, which
the JSON gives only as offsets.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from policylang.runtime.decision import Decision
from policylang.runtime.decision_json import catalogue
from policylang.text.english import COMMITMENT_WORDS, date_words, duration_words, moment_words

__all__ = ["explain", "explain_json", "human_duration", "human_instant"]

_PARTIES = {
    "provider": "the provider",
    "customer": "the customer",
    "vendor": "the vendor",
    "third_party": "a third party",
}
_CLOCK_STATES = {
    "running": "is running",
    "paused": "is paused",
    "met": "met its target",
    "breached": "was breached",
}
_RULE_STATES = {
    "not_started": "has not started",
    "not_yet": "is not allowed yet",
    "allowed": "is allowed now",
    "called_off": "was called off",
    "pending": "is pending",
    "met": "was met",
    "missed": "was missed",
    "queued": "is queued",
    "may_start": "may start",
}
#: A target's state in words (``committed`` and ``depends`` are worded from their fields; the
#: words for an absent time are the pages' own).
_STATES = {
    "no_commitment": COMMITMENT_WORDS["none"],
    "best_effort": COMMITMENT_WORDS["best_effort"],
    "per_request": COMMITMENT_WORDS["per_request"],
    "window": "worked in the hours of its calendar, with no time promised",
    "not_stated": "no rule of this policy sets a time for this request",
}
#: The same, short, for the cases of an undecided target.
_SHORT_STATES = {
    "no_commitment": "no commitment",
    "best_effort": "best effort",
    "per_request": "set per request",
    "window": "worked in its calendar's hours",
    "not_stated": "no time stated",
}
_FEES = {
    "per_request": "a fee per request",
    "per_hour": "a fee per hour",
    "fixed": "a fixed fee",
    "unspecified": "a fee",
    "included": "included in the service",
}
#: What a lifecycle rule's expiry does to the request (``on_expiry``).
_EXPIRY = {
    "confirmed": "the completion is confirmed",
    "cancelled": "the request may be cancelled",
    "closed": "the request is closed",
    "accepted": "the work is deemed accepted",
    "lapsed": "the request lapses",
}
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def explain(decision: Decision) -> str:
    """The decision in plain sentences, one paragraph per part."""
    policy = decision.policy
    zones = {name: str(calendar.zone.key) for name, calendar in policy.calendars.items()}
    return explain_json(
        decision.to_json("full"), catalogue(policy), policy.zone, zones, _layered(decision)
    )


def _layered(decision: Decision) -> frozenset[str]:
    """The calendars the request's customer layers dates over: those it names, and those that
    extend one (the variant's calendars hold the customer's very layer objects)."""
    customer = decision.request.layer
    if customer is None or not customer.calendars:
        return frozenset()
    ours = {id(layer) for layer in customer.calendars.values()}
    return frozenset(
        name
        for name, calendar in decision.policy.calendars.items()
        if any(id(layer) in ours for layer in calendar.spec.layers)
    )


def explain_json(
    data: Mapping[str, Any],
    texts: Mapping[str, Any],
    zone: str,
    calendar_zones: Mapping[str, str],
    layered: Collection[str] = (),
) -> str:
    """Explain a decision's v2 document (``detail="full"``: it quotes the clauses' texts);
    ``texts`` is the policy's catalogue, ``zone`` the policy's zone, ``calendar_zones`` the
    zone of each calendar, ``layered`` the calendars the request's customer layers dates over
    (a time counted on one says so: the customer's closures explain a later due time)."""
    return _Explainer(data, texts, zone, calendar_zones, layered).text()


def human_instant(stamp: str, zone: str) -> str:
    """``2026-03-10T08:50:00+03:00`` as ``Tuesday 10 March 2026 at 08:50 Moscow time``."""
    moment = dt.datetime.fromisoformat(stamp).astimezone(zoneinfo.ZoneInfo(zone))
    return moment_words(moment, zone)


def human_duration(iso: str, clock: str | None, calendar: str | None) -> str:
    """A target in words, as the policy pages word it: ``4 business hours on calendar
    `office```, ``30 minutes of business time on calendar `office```, ``7 calendar days``,
    ``24 hours, around the clock``.

    ``iso`` is the decision's ISO 8601 duration; ``clock`` (``business``, ``calendar`` or
    ``elapsed``) and ``calendar`` say what it runs on.
    """
    found = _ISO.match(iso)
    if found is None:
        return iso
    days, hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    wording_clock = "calendar" if clock == "elapsed" else clock
    if days:
        unit = "business_days" if clock == "business" else "calendar_days"
        words = duration_words(days, unit, wording_clock)
    else:
        words = duration_words(hours * 3600 + minutes * 60 + seconds, "seconds", wording_clock)
    return f"{words} on calendar `{calendar}`" if clock == "business" else words


def _depends(names: Sequence[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _condition(when: Mapping[str, Any]) -> str:
    """A case's ``when`` as policy text: ``origin in [a, b] and vip == true``."""
    parts = []
    for name, value in when.items():
        if isinstance(value, list):
            parts.append(f"{name} in [{', '.join(_value(v) for v in value)}]")
        else:
            parts.append(f"{name} == {_value(value)}")
    return " and ".join(parts)


def _value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _alternatives(cases: Sequence[Mapping[str, Any]], outcome: Any) -> str:
    """``if A then X (rule `r`); …; otherwise Y (rule `s`)``."""
    parts = []
    for case in cases:
        rule = f" (rule `{case['rule']}`)" if case.get("rule") else ""
        said = f"{outcome(case)}{rule}"
        when = case["when"]
        parts.append(f"if {_condition(when)} then {said}" if when else f"otherwise {said}")
    return "; ".join(parts)


class _Explainer:
    def __init__(
        self,
        data: Mapping[str, Any],
        texts: Mapping[str, Any],
        zone: str,
        calendars: Mapping[str, str],
        layered: Collection[str] = (),
    ) -> None:
        self.data = data
        self.catalogue = texts
        self.zone = zone
        self.calendars = calendars
        self.layered = frozenset(layered)
        self.clauses: Mapping[str, Any] = (data.get("texts") or {}).get("clauses", {})
        self.note_texts: Mapping[str, Any] = (data.get("texts") or {}).get("notes", {})

    def text(self) -> str:
        paragraphs = [
            self.header(),
            *self.targets(),
            self.roles(),
            *self.charges(),
            *self.refusal(),
            self.timeline(),
            self.obligations(),
            self.notes(),
        ]
        return "\n\n".join(p for p in paragraphs if p) + "\n"

    def cited(self, clause_ids: Sequence[str]) -> str:
        """`` — «original» (English) [where]; «…»``: the clauses a rule rests on."""
        quotes = []
        for clause_id in clause_ids:
            clause = self.clauses.get(clause_id)
            if clause is None:
                continue
            quote = f"«{clause['text']}»"
            if clause.get("english"):
                quote += f" ({clause['english']})"
            if clause.get("at"):
                quote += f" [{clause['at']}]"
            quotes.append(quote)
        return " — " + "; ".join(quotes) if quotes else ""

    def header(self) -> str:
        policy, ticket = self.data["policy"], self.data["ticket"]
        effective = date_words(dt.date.fromisoformat(policy["effective"]))
        opened = human_instant(self.data["opened_at"], self.zone)
        about = []
        if ticket["type"]:
            labels = self.catalogue["types"].get(ticket["type"], {}).get("labels", {})
            label = labels.get("en")
            about.append(f"type `{ticket['type']}`" + (f" ({label})" if label else ""))
        for field in ("kind", "category", "priority", "severity"):
            if ticket[field] and not (
                field == "severity" and ticket["severity"] == ticket["priority"]
            ):
                about.append(f"{field} `{ticket[field]}`")
        since = (
            f"its terms assumed from {effective}: the source states no date, and this earlier "
            "request is answered under them"
            if policy.get("assumed_effective")
            else f"in force since {effective}"
        )
        return (
            f"Policy `{policy['id']}` version {policy['version']} ({since}) "
            f"answers a request{self.of_customer()} opened {opened}"
            + (f", {', '.join(about)}" if about else "")
            + "."
        )

    def targets(self) -> list[str]:
        sla = self.data["sla"]
        if sla is None:
            return []
        return [
            self.target(sla["response"], "Response"),
            self.target(sla["resolution"], "Resolution"),
        ]

    def state(self, part: Mapping[str, Any], short: bool = False) -> str:
        """A decided target's state in words (with its due time when committed); ``short`` for
        the cases of an undecided one."""
        state = part["state"]
        special = None if short else self.set_for_request(part)
        if special is not None:
            return special
        if state == "committed":
            return self.committed(part)
        if state == "lifted":
            return f"lifted: refusal ground `{part['lifted_by']}` holds"
        if state == "not_stated" and part.get("rule"):  # the policy says the source is silent
            return COMMITMENT_WORDS["not_stated"]
        words = (_SHORT_STATES if short else _STATES).get(state, str(state))
        if state == "no_commitment" and part.get("until"):
            words += f" until `{part['until']}` is decided"
        return words

    def of_customer(self) -> str:
        customer = self.data.get("customer")
        return f" of customer `{customer}`" if customer else ""

    def customer_dates(self, calendar: str | None) -> str:
        """`` with the dates customer `X`'s contract sets`` after a calendar the customer
        layers: why its time falls later (or sooner) than the policy's calendar alone says."""
        if calendar is None or calendar not in self.layered:
            return ""
        return f" with the dates customer `{self.data.get('customer')}`'s contract sets"

    def committed(self, part: Mapping[str, Any]) -> str:
        """A committed target in words: its due time, or the event its clock waits for."""
        zone = self.calendars.get(part["calendar"] or "", self.zone)
        span = human_duration(part["target"], part["clock"], part["calendar"])
        span += self.customer_dates(part["calendar"])
        if part["waiting_for"]:
            return f"{span}, from `{part['waiting_for']}`, which has not happened yet"
        if part["starts_at"] and _later(part["starts_at"], self.data["opened_at"]):
            span += f", the clock starting {human_instant(part['starts_at'], zone)}"
        if part["due_at"]:
            return f"due by {human_instant(part['due_at'], zone)} ({span})"
        return span

    def set_for_request(self, part: Mapping[str, Any]) -> str | None:
        """A time the request set (agreed, estimated) or a window's opening, in words; None
        for the other targets."""
        state = part["state"]
        if state == "committed" and part["clock"] == "agreed":
            return f"due by {human_instant(part['due_at'], self.zone)} (the time set for it)"
        if state == "window" and part.get("opens_at"):
            zone = self.calendars.get(part["calendar"] or "", self.zone)
            opens = "open now" if part["open_now"] else "opening"
            return (
                f"{_STATES['window']} (`{part['calendar']}`"
                f"{self.customer_dates(part['calendar'])}): {opens} "
                f"{human_instant(part['opens_at'], zone)}"
            )
        if state == "best_effort" and part.get("estimate_at"):
            estimate = human_instant(part["estimate_at"], self.zone)
            return f"{_STATES['best_effort']}; estimated {estimate}, not binding"
        return None

    def target(self, part: Mapping[str, Any], title: str) -> str:
        if part["state"] == "depends":
            alternatives = _alternatives(part["cases"], lambda c: self.state(c, short=True))
            return f"{title} depends on {_depends(part['depends_on'])}: {alternatives}."
        if part["state"] == "not_stated" and not part["rule"]:
            return f"{title}: {self.state(part)}."
        per = f", per rule `{part['rule']}`{self.cited(part['clauses'])}" if part["rule"] else ""
        words = self.state(part)
        verb = " is " if words.startswith("due by") else ": "
        return f"{title}{verb}{words}{per}."

    def roles(self) -> str:
        part = self.data["roles"]
        if part is None:
            return ""
        if part["state"] == "depends":
            alternatives = _alternatives(part["cases"], _handled_by)
            return f"Who handles it depends on {_depends(part['depends_on'])}: {alternatives}."
        if part["rule"] is None:
            return "Who handles it: no responsibility rule of this policy applies."
        action = f": {part['action'].rstrip('.')}" if part.get("action") else ""
        return (
            f"Handled by {_handled_by(part)}{action}, per rule `{part['rule']}`"
            f"{self.cited(part['clauses'])}."
        )

    def line(self, line: Mapping[str, Any]) -> str:
        """A charge line in words: ``a fee per hour, 1500.00 RUB (basis): reason, per rule``."""
        fee = _FEES.get(line["fee"], line["fee"])
        if line["rate"] is not None:
            fee += f", {line['rate']} {line['currency'] or ''}".rstrip()
        basis = f" ({line['basis'].rstrip('.')})" if line.get("basis") else ""
        reason = f": {line['reason'].rstrip('.')}" if line.get("reason") else ""
        return f"{fee}{basis}{reason}, per rule `{line['rule']}`{self.cited(line['clauses'])}"

    def charges(self) -> list[str]:
        part = self.data["charges"]
        if part is None:
            return []
        out = []
        verdict = {True: "Billable", False: "Not billable", None: "Billable: not decided"}
        if part["lines"]:
            lines = "; ".join(self.line(line) for line in part["lines"])
            out.append(f"{verdict[part['billable']]}: {lines}.")
        elif not part["possible"]:
            out.append(
                "Billable: not stated — no charge rule of this policy applies to this request."
            )
        if part["possible"]:
            alternatives = _alternatives(part["possible"], lambda c: _FEES.get(c["fee"], c["fee"]))
            lead = "Other lines depend on" if part["lines"] else "What it is charged depends on"
            out.append(f"{lead} {_depends(part['depends_on'])}: {alternatives}.")
        return out

    def refusal(self) -> list[str]:
        refusal = self.data["refusal"]
        if refusal is None:
            return []
        out = [
            f"The provider may refuse it: {g['reason'].rstrip('.')}, per rule `{g['rule']}`"
            f"{self.cited(g['clauses'])}" + _lifting(g["lifts"]) + "."
            for g in refusal["grounds"]
        ]
        out.extend(
            f"It may be refused, depending on inputs the request left out (rule `{g['rule']}`): "
            f"{g['reason'].rstrip('.')}."
            for g in refusal["possible"]
        )
        return out

    def timeline(self) -> str:
        """The ticket's state at `now`, when the request carried its events."""
        timeline = self.data.get("timeline")
        if not timeline:
            return ""
        facts = []
        for kind in ("response", "resolution"):
            clock = timeline["sla"][kind]
            if clock["status"] is None:
                continue
            fact = f"the {kind} clock {_CLOCK_STATES.get(clock['status'], clock['status'])}"
            details = [
                f"{words} {human_instant(clock[name], self.zone)}"
                for name, words in (
                    ("due_at", "due by"),
                    ("stopped_at", "stopped"),
                    ("breached_at", "breached"),
                    ("paused_since", "paused since"),
                )
                if clock[name]
            ]
            facts.append(fact + (f" ({', '.join(details)})" if details else ""))
        for rule in timeline["lifecycle"]:
            fact = f"`{rule['id']}` {_RULE_STATES.get(rule['state'], rule['state'])}"
            if rule.get("deadline_at"):
                fact += f" (deadline {human_instant(rule['deadline_at'], self.zone)})"
            if rule.get("why_not"):
                fact += f" because {'; '.join(rule['why_not'])}"
            facts.append(fact)
        now = human_instant(timeline["now"], self.zone)
        text = f"As of {now}: " + "; ".join(facts) + "." if facts else ""
        warnings = " ".join(f"Note: {w}." for w in timeline["warnings"])
        return " ".join(t for t in (text, warnings) if t)

    def obligations(self) -> str:
        items = [*(self.data["lifecycle"] or ()), *(self.data["obligations"] or ())]
        if not items:
            return ""
        rules = self.catalogue["rules"]
        lines = ["What else applies:"]
        for item in items:
            who = _PARTIES.get(item["party"] or "", "")
            group = rules["lifecycle"] if "kind" in item else rules["obligations"]
            about = group.get(item["rule"], {})
            text = (about.get("description") or about.get("title") or item["rule"]).rstrip(".")
            timing = ""
            span = item.get("after") or item.get("within")
            if span:
                words = human_duration(span, item["clock"], item["calendar"])
                timing = f" ({'after' if item.get('after') else 'within'} {words}"
                timing += f" from {item['from_event']})" if item["from_event"] else ")"
            due = ""
            if item.get("due_at"):
                due = f", due by {human_instant(item['due_at'], self.zone)}"
            if item.get("earliest_at"):
                due = f", at the earliest {human_instant(item['earliest_at'], self.zone)}"
            then = (
                f"; when it runs out, {_EXPIRY[item['on_expiry']]}" if item.get("on_expiry") else ""
            )
            maybe = " (may apply: depends on inputs the request left out)" * (
                item["applies"] is None
            )
            lead = f"{who[0].upper()}{who[1:]}: " if who else ""
            lines.append(f"- {lead}{text}{timing}{due}{then}{maybe} [`{item['rule']}`].")
        return "\n".join(lines)

    def notes(self) -> str:
        notes = self.data["notes"]
        if not notes:
            return ""
        lines = ["This answer relies on the policy author's notes:"]
        for note_id in notes:
            note = self.note_texts.get(note_id) or self.catalogue["notes"].get(note_id, {})
            text = note.get("reading") or note.get("says") or note.get("title") or ""
            lines.append(f"- `{note_id}` ({note.get('kind')}): {text}")
        return "\n".join(lines)


def _later(a: str, b: str) -> bool:
    return dt.datetime.fromisoformat(a) > dt.datetime.fromisoformat(b)


def _who(party_team: Mapping[str, Any] | None) -> str:
    if party_team is None:
        return "nobody stated"
    party = _PARTIES.get(party_team["party"], str(party_team["party"]))
    return f"{party} ({party_team['team']})" if party_team.get("team") else party


def _handled_by(part: Mapping[str, Any]) -> str:
    """Who performs the work, and whose duty it is when that is someone else."""
    performer, responsible = part.get("performer"), part.get("responsible")
    said = _who(performer or responsible)
    if performer and responsible and responsible != performer:
        said += f", the duty of {_who(responsible)}"
    return said


def _lifting(lifts: Sequence[str]) -> str:
    if not lifts:
        return ""
    return f"; it lifts the {' and '.join(lifts)} time"
