"""A decision in plain sentences, each resting on the clauses it cites.

``policylang explain`` prints what :func:`explain` returns: when the response and the resolution
are due (in words, in the calendar's own time zone), who handles the request, whether it is
billable and why, quoting each rule's clauses in their original language with the English
rendering. An undecided part reads "depends on `origin`: if … then …; otherwise …".

Everything is built from :meth:`Decision.to_json` (the documented shape), plus the time zone names
of the policy and its calendars, which the JSON gives only as offsets.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from policylang.runtime.decision import Decision
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
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def explain(decision: Decision) -> str:
    """The decision in plain sentences, one paragraph per part."""
    policy = decision.policy
    zones = {name: str(calendar.zone.key) for name, calendar in policy.calendars.items()}
    return explain_json(decision.to_json_v1(), policy.zone, zones)


def explain_json(data: Mapping[str, Any], zone: str, calendar_zones: Mapping[str, str]) -> str:
    """Explain a decision's JSON; ``zone`` is the policy's zone, ``calendar_zones`` by calendar."""
    return _Explainer(data, zone, calendar_zones).text()


def human_instant(stamp: str, zone: str) -> str:
    """``2026-03-10T08:50:00+03:00`` as ``Tuesday 10 March 2026 at 08:50 Moscow time``."""
    moment = dt.datetime.fromisoformat(stamp).astimezone(zoneinfo.ZoneInfo(zone))
    return moment_words(moment, zone)


def human_duration(iso: str, clock: str | None, calendar: str | None) -> str:
    """A target in words, as the policy pages word it: ``4 business hours on calendar
    `office```, ``30 minutes of business time on calendar `office```, ``7 calendar days``,
    ``24 hours, around the clock``.

    ``iso`` is the decision's ISO 8601 duration; ``clock`` and ``calendar`` say what it runs on.
    """
    found = _ISO.match(iso)
    if found is None:
        return iso
    days, hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    if days:
        unit = "business_days" if clock == "business" else "calendar_days"
        words = duration_words(days, unit, clock)
    else:
        words = duration_words(hours * 3600 + minutes * 60 + seconds, "seconds", clock)
    return f"{words} on calendar `{calendar}`" if clock == "business" else words


def _cited(source: Mapping[str, Any] | None) -> str:
    """`` — «original» (English) [where]; «…»``: the clauses a rule rests on."""
    if not source or not source.get("clauses"):
        return ""
    quotes = []
    for clause in source["clauses"]:
        quote = f"«{clause['text']}»"
        if clause.get("english"):
            quote += f" ({clause['english']})"
        if clause.get("at"):
            quote += f" [{clause['at']}]"
        quotes.append(quote)
    return " — " + "; ".join(quotes)


def _depends(names: Sequence[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _alternatives(cases: Sequence[Mapping[str, Any]], outcome: Any) -> str:
    """``if A then X (rule `r`); …; otherwise Y (rule `s`)``."""
    parts = []
    for case in cases:
        said = f"{outcome(case)} (rule `{case['rule']}`)"
        parts.append(
            f"otherwise {said}" if case["when"] == "otherwise" else f"if {case['when']} then {said}"
        )
    return "; ".join(parts)


class _Explainer:
    def __init__(self, data: Mapping[str, Any], zone: str, calendars: Mapping[str, str]) -> None:
        self.data = data
        self.zone = zone
        self.calendars = calendars

    def text(self) -> str:
        paragraphs = [
            self.header(),
            self.target("response", "Response"),
            self.target("resolution", "Resolution"),
            self.handler(),
            self.billable(),
            *self.refusal(),
            self.timeline(),
            self.obligations(),
            self.notes(),
        ]
        return "\n\n".join(p for p in paragraphs if p) + "\n"

    def header(self) -> str:
        policy, ticket = self.data["policy"], self.data["ticket"]
        effective = date_words(dt.date.fromisoformat(policy["effective"]))
        opened = human_instant(self.data["opened_at"], self.zone)
        about = []
        if ticket["type"]:
            label = ticket["labels"].get("en")
            about.append(f"type `{ticket['type']}`" + (f" ({label})" if label else ""))
        if ticket["category"]:
            about.append(f"category `{ticket['category']}`")
        if ticket["priority"]:
            about.append(f"priority `{ticket['priority']}`")
        since = (
            f"its terms assumed from {effective}: the source states no date, and this earlier "
            "request is answered under them"
            if policy.get("assumed_effective")
            else f"in force since {effective}"
        )
        return (
            f"Policy `{policy['id']}` version {policy['version']} ({since}) "
            f"answers a request opened {opened}" + (f", {', '.join(about)}" if about else "") + "."
        )

    def target(self, kind: str, title: str) -> str:
        part = self.data["sla"][kind]
        if part.get("cases"):
            alternatives = _alternatives(part["cases"], lambda c: c["text"])
            return f"{title} depends on {_depends(part['depends_on'])}: {alternatives}."
        rule = part["rule"]
        if rule is None:
            return f"{title}: no rule of this policy sets a time for this request."
        per = f", per rule `{rule}`{_cited(part['source'])}"
        commitment = part["commitment"]
        if commitment == "committed":
            zone = self.calendars.get(part["calendar"] or "", self.zone)
            span = human_duration(part["target"], part["clock"], part["calendar"])
            if part["starts_at"] and _later(part["starts_at"], self.data["opened_at"]):
                span += f", the clock starting {human_instant(part['starts_at'], zone)}"
            return f"{title} is due by {human_instant(part['due_at'], zone)} ({span}){per}."
        words = COMMITMENT_WORDS.get(commitment, str(commitment))
        return f"{title}: {words}{per}."

    def handler(self) -> str:
        part = self.data["handler"]
        if part.get("cases"):
            alternatives = _alternatives(part["cases"], _who)
            return f"Who handles it depends on {_depends(part['depends_on'])}: {alternatives}."
        if part["rule"] is None:
            return "Who handles it: no responsibility rule of this policy applies."
        action = f": {part['action'].rstrip('.')}" if part.get("action") else ""
        return (
            f"Handled by {_who(part)}{action}, per rule `{part['rule']}`{_cited(part['source'])}."
        )

    def billable(self) -> str:
        part = self.data["billable"]
        if part["cases"]:
            alternatives = _alternatives(part["cases"], _charge)
            return (
                f"Whether it is billable depends on {_depends(part['depends_on'])}: {alternatives}."
            )
        if part["rule"] is None:
            return "Billable: not stated — no charge rule of this policy applies to this request."
        verdict = "Billable" if part["value"] else "Not billable"
        basis = f" ({part['basis'].rstrip('.')})" if part.get("basis") else ""
        reason = f": {part['reason'].rstrip('.')}" if part.get("reason") else ""
        return f"{verdict}{basis}{reason}, per rule `{part['rule']}`{_cited(part['source'])}."

    def refusal(self) -> list[str]:
        refusal = self.data["refusal"]
        out = [
            f"The provider may refuse it: {g['reason'].rstrip('.')}, per rule `{g['rule']}`"
            f"{_cited(g['source'])}."
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
        items = self.data["obligations"]
        if not items:
            return ""
        lines = ["What else applies:"]
        for item in items:
            who = _PARTIES.get(item["party"] or "", "")
            text = (item["description"] or item["title"] or item["id"]).rstrip(".")
            timing = ""
            if item["timing"]:
                timing = f" ({item['timing']}"
                timing += f" from {item['from_event']})" if item["from_event"] else ")"
            due = ""
            if item["due_at"]:
                due = f", due by {human_instant(item['due_at'], self.zone)}"
            maybe = " (may apply: depends on inputs the request left out)" * (
                item["applies"] is None
            )
            lead = f"{who[0].upper()}{who[1:]}: " if who else ""
            lines.append(f"- {lead}{text}{timing}{due}{maybe} [`{item['id']}`].")
        return "\n".join(lines)

    def notes(self) -> str:
        notes = self.data["notes"]
        if not notes:
            return ""
        lines = ["This answer relies on the policy author's notes:"]
        for note in notes:
            text = note["reading"] or note["says"] or note["title"] or ""
            lines.append(f"- `{note['id']}` ({note['kind']}): {text}")
        return "\n".join(lines)


def _later(a: str, b: str) -> bool:
    return dt.datetime.fromisoformat(a) > dt.datetime.fromisoformat(b)


def _who(part: Mapping[str, Any]) -> str:
    party = _PARTIES.get(part["party"], str(part["party"]))
    return f"{party} ({part['team']})" if part.get("team") else party


def _charge(case: Mapping[str, Any]) -> str:
    return "billable" if case["value"] else "not billable"
