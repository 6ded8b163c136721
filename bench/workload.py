"""Request generation for ``bench/decide.py``: a mixed, valid workload over the bundled policies.

Every request is a JSON-ready dict a support tool could send: ``policy``, ``opened_at`` (RFC 3339
with an offset: the policy zone's, ``Z``, or another) and the inputs the policy declares. The
ticket kind (type or priority) is drawn from :data:`TABLE`, 15 rows that say what our evaluator
answers for it (response and resolution targets, billable): the same rows are the peers' decision
table and rule list, so all three engines are asked for the same decision content.

Opening instants cover 2026-2027 (from 2026-11-22 for ``clever_ideas``, whose first version takes
effect then): uniform days (so weekends), a quarter of them on the public holidays of the policy's
country, at any minute of the day. The generator is lazy and seeded: :func:`requests` yields one
request at a time (flat memory for a million), :func:`mixed` makes a fixed list.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import holidays

__all__ = ["POLICIES", "TABLE", "Row", "content_of", "describe", "mixed", "requests", "row_for"]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the equivalent decision table: a ticket kind and what the policy answers.

    ``field`` is the request input the row matches on (``type``, ``priority``, or None for any
    request of the policy); ``keys`` the values it matches. ``response`` and ``resolution`` are an
    ISO 8601 duration for a committed target, else the commitment (``none``, ``best_effort``,
    ``per_request``). ``billable`` is None where the policy has no charge rule. ``rule`` names the
    SLA rule of the policy the row stands for.
    """

    policy: str
    field: str | None
    keys: tuple[str, ...]
    response: str
    resolution: str
    billable: bool | None
    rule: str


#: The 15 rows, in first-match order. Checked against our evaluator by ``bench/decide.py``.
TABLE: tuple[Row, ...] = (
    Row("bemo_cloud", "type", ("fatal_error",), "PT1H", "PT1H", False, "fatal_error"),
    Row(
        "bemo_cloud",
        "type",
        ("normal_error", "non_serious_error"),
        "P1D",
        "P3D",
        False,
        "normal_error, non_serious_error",
    ),
    Row("bemo_cloud", "type", ("guideline",), "PT1H", "PT4H", False, "guideline"),
    Row(
        "bemo_cloud",
        "type",
        ("complex_installation",),
        "PT4H",
        "per_request",
        True,
        "complex_installation",
    ),
    Row("bpmsoft_care", "priority", ("critical",), "PT30M", "best_effort", False, "critical"),
    Row("bpmsoft_care", "priority", ("high",), "PT2H", "best_effort", False, "high"),
    Row("bpmsoft_care", "priority", ("medium", "low"), "PT4H", "best_effort", False, "medium_low"),
    Row("chatops", "type", ("critical_error",), "PT1H", "PT1H", False, "critical_error"),
    Row(
        "chatops",
        "type",
        ("noncritical_error", "experience_improvement"),
        "P1D",
        "P3D",
        False,
        "noncritical_error, experience_improvement",
    ),
    Row("chatops", "type", ("simple_installation",), "PT4H", "PT4H", False, "simple_installation"),
    Row(
        "chatops",
        "type",
        ("complex_installation",),
        "PT4H",
        "per_request",
        True,
        "complex_installation",
    ),
    Row("clever_ideas", "type", ("bug", "service_incident"), "none", "none", False, "otherwise"),
    Row(
        "clever_ideas",
        "type",
        ("retraining", "provider_action"),
        "none",
        "none",
        True,
        "otherwise",
    ),
    Row("clever_ideas", "type", ("initial_training",), "none", "none", False, "otherwise"),
    Row("itc", None, (), "none", "P7D", None, "otherwise"),
)

POLICIES: tuple[str, ...] = tuple(dict.fromkeys(row.policy for row in TABLE))

_ZONE = {
    "bemo_cloud": "Asia/Ho_Chi_Minh",
    "bpmsoft_care": "Europe/Moscow",
    "chatops": "Asia/Ho_Chi_Minh",
    "clever_ideas": "America/Mexico_City",
    "itc": "Asia/Ho_Chi_Minh",
}
_COUNTRY = {"Asia/Ho_Chi_Minh": "VN", "Europe/Moscow": "RU", "America/Mexico_City": "MX"}
_FIRST = {"clever_ideas": dt.date(2026, 11, 22)}
_START = dt.date(2026, 1, 1)
_END = dt.date(2027, 12, 31)
_OTHER_OFFSETS = (
    dt.timezone(dt.timedelta(hours=-3)),
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
)

_CHANNELS = {
    "bemo_cloud": ("ticket", "zalo", "facebook", "callcentre", "other"),
    "chatops": ("ticket", "chatops", "facebook", "hotline", "other"),
    # Phone and messenger are billable extras in bpmsoft_care; the table rows are the offline ones.
    "bpmsoft_care": ("portal", "email", "remote_connection"),
}
#: Origins whose work is part of the service (included, decided) in bpmsoft_care.
_FREE_ORIGINS = (
    "executor_defect",
    "executor_product",
    "client_infrastructure",
    "third_party_provider",
    "adjacent_software",
    "vendor_product",
    "other_partner_product",
)
_ITC_ITEMS = (
    "usage_instructions",
    "quotation",
    "mail",
    "account_login",
    "hosting_domain",
    "write_interface",
    "design_on_request",
    "disputes_satisfaction",
)
_PROVIDER_ITEMS: dict[str, tuple[str, ...]] = {
    "ucontact": ("gamification", "scheduled_tasks", "voip"),
    "line_pbx": ("extensions", "ring_groups", "pbx_audio_upload"),
    "bot": ("media_files", "decision_tree_options"),
}
_PRODUCTS = tuple(_PROVIDER_ITEMS)


class _Clock:
    """Opening instants of one policy: days in its range, a share of them public holidays."""

    def __init__(self, policy: str) -> None:
        name = _ZONE[policy]
        self.zone = zoneinfo.ZoneInfo(name)
        first = _FIRST.get(policy, _START)
        self.days = tuple(first + dt.timedelta(days=i) for i in range((_END - first).days + 1))
        found = holidays.country_holidays(_COUNTRY[name], years=(2026, 2027))
        self.holidays = tuple(sorted(d for d in found if first <= d <= _END)) or self.days

    def stamp(self, draw: Callable[[], float]) -> tuple[str, dt.date]:
        """An RFC 3339 opening instant and its local date (``draw`` is ``Random.random``)."""
        days = self.holidays if draw() < 0.25 else self.days
        day = days[int(draw() * len(days))]
        second = int(draw() * 86_400)
        local = dt.datetime(
            day.year,
            day.month,
            day.day,
            second // 3600,
            second // 60 % 60,
            second % 60,
            tzinfo=self.zone,
        )
        pick = draw()
        if pick < 0.6:
            return local.isoformat(), day
        if pick < 0.85:
            return local.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"), day
        other = _OTHER_OFFSETS[int(draw() * len(_OTHER_OFFSETS))]
        return local.astimezone(other).isoformat(), day


def _one(seq: tuple[str, ...], draw: Callable[[], float]) -> str:
    return seq[int(draw() * len(seq))]


def _extras(policy: str, key: str, day: dt.date, draw: Callable[[], float]) -> dict[str, Any]:
    """The optional and policy-specific inputs of one request."""
    extra: dict[str, Any] = {}
    channels = _CHANNELS.get(policy)
    if channels is not None and draw() < 0.7:
        extra["channel"] = _one(channels, draw)
    if policy == "bpmsoft_care":
        extra["origin"] = _one(_FREE_ORIGINS, draw)
        if draw() < 0.3:
            extra["solvable_remotely"] = draw() < 0.8
        if draw() < 0.2:
            extra["order_agreed"] = draw() < 0.5
    elif policy == "clever_ideas":
        extra["go_live"] = (day - dt.timedelta(days=int(draw() * 90))).isoformat()
        if key == "provider_action":
            product = _one(_PRODUCTS, draw)
            extra["product"] = product
            extra["item"] = _one(_PROVIDER_ITEMS[product], draw)
    elif policy == "chatops" and key == "experience_improvement":
        # Its 3 days hold once ChatOps takes the request up (it may decline it instead).
        extra["upgrade_decision"] = "upgrade"
    elif policy == "itc" and draw() < 0.7:
        extra["item"] = _one(_ITC_ITEMS, draw)
    return extra


def requests(n: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """``n`` valid requests, one at a time: a policy uniformly, then one of its rows, a key."""
    draw = random.Random(seed).random
    clocks = {policy: _Clock(policy) for policy in POLICIES}
    rows = {policy: tuple(row for row in TABLE if row.policy == policy) for policy in POLICIES}
    for _ in range(n):
        policy = _one(POLICIES, draw)
        choices = rows[policy]
        row = choices[int(draw() * len(choices))]
        stamp, day = clocks[policy].stamp(draw)
        request: dict[str, Any] = {"policy": policy, "opened_at": stamp}
        key = ""
        if row.field is not None:
            key = _one(row.keys, draw)
            request[row.field] = key
        request.update(_extras(policy, key, day, draw))
        yield request


def mixed(n: int, seed: int = 2026) -> list[dict[str, Any]]:
    """A fixed list of ``n`` requests (the timed workload)."""
    return list(requests(n, seed))


def row_for(request: dict[str, Any]) -> Row:
    """The table row a request falls in (first match), as the peers compute it."""
    for row in TABLE:
        if row.policy == request["policy"] and (
            row.field is None or request.get(row.field) in row.keys
        ):
            return row
    raise LookupError(f"no row for {request}")


#: The v2 commitment states in the table's terms (the table predates v2's finer states).
_TABLE_TERMS = {"no_commitment": "none", "not_stated": "none", "depends": "undecided"}


def content_of(decision_json: dict[str, Any]) -> tuple[str, str, bool | None]:
    """(response, resolution, billable) of a decision's v2 JSON, in the table's terms."""

    def target(part: dict[str, Any]) -> str:
        state = part["state"]
        return str(part["target"]) if state == "committed" else _TABLE_TERMS.get(state, state)

    sla = decision_json["sla"]
    return target(sla["response"]), target(sla["resolution"]), decision_json["charges"]["billable"]


def describe(workload: list[dict[str, Any]]) -> str:
    """One line on the workload: requests per policy, local weekends and public holidays."""
    per_policy = Counter(request["policy"] for request in workload)
    weekend = holiday = 0
    found: dict[str, Any] = {}
    for request in workload:
        zone = _ZONE[request["policy"]]
        local = dt.datetime.fromisoformat(request["opened_at"]).astimezone(zoneinfo.ZoneInfo(zone))
        if zone not in found:
            found[zone] = holidays.country_holidays(_COUNTRY[zone], years=(2026, 2027))
        weekend += local.weekday() >= 5
        holiday += local.date() in found[zone]
    total = len(workload)
    return (
        ", ".join(f"{p} {n}" for p, n in sorted(per_policy.items()))
        + f"; opened on a local weekend {weekend / total:.0%}, on a public holiday "
        f"{holiday / total:.0%}"
    )
