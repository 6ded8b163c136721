"""Generated fixtures for impact analysis: a changed copy of the bundled policies, and tickets.

The change is the one a contract revision makes (issue 18): one reaction time shortened
(chatops simple installation: 4 hours to 2), one holiday rule changed (chatops' office closes on
2026-07-15) and one fee added (chatops non-critical errors become billable). Each edit asserts
it matched, so a change to the bundled policy cannot make the copy silently equal.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policylang.compiler.load import load
from tests.conftest import ROOT

#: (old text, new text) in policies/chatops.policy, each to occur exactly once.
EDITS = (
    (
        'sla simple_installation "Simple installation" {\n'
        "  when type == simple_installation\n"
        "  response within 4 hours on office",
        'sla simple_installation "Simple installation" {\n'
        "  when type == simple_installation\n"
        "  response within 2 hours on office",
    ),
    (
        "  cite reception_hours, processing_hours\n",
        '  closed 2026-07-15 "Company retreat"\n  cite reception_hours, processing_hours\n',
    ),
    (
        'charge otherwise "Everything else',
        'charge noncritical "Non-critical errors are charged from now on" {\n'
        "  when type == noncritical_error\n"
        "  fee per hour\n"
        '  basis "Charged per hour under the revised contract."\n'
        "  cite complex_install_type\n"
        "}\n\n"
        'charge otherwise "Everything else',
    ),
)

#: The policies the generated history uses: the changed one and one that does not change.
POLICIES = ("chatops", "bpmsoft_care")


def changed_copy(into: Path) -> Path:
    """The bundled policies (without their tests) with chatops revised by :data:`EDITS`."""
    shutil.copytree(ROOT / "policies", into, ignore=shutil.ignore_patterns("*.yaml"))
    path = into / "chatops.policy"
    text = path.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, f"the edit no longer matches chatops.policy: {old!r}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return into


def tickets(count: int, seed: int = 18, *, identified: bool = True) -> Iterator[dict[str, Any]]:
    """Tickets of :data:`POLICIES` over 2026, their inputs drawn from the declared ones, half
    with an event history; each with a ticket id and one of 40 customers when ``identified``
    (columns `impact` takes off, and `batch` would reject as unknown inputs)."""
    policies = load(ROOT / "policies")
    draw = random.Random(seed)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for number in range(count):
        policy = policies.latest(draw.choice(POLICIES))
        opened = start + dt.timedelta(minutes=draw.randrange(365 * 24 * 60))
        names = {"ticket_id": f"T{number:06d}", "customer": f"customer-{draw.randrange(40):02d}"}
        ticket: dict[str, Any] = {
            **(names if identified else {}),
            "policy": policy.id,
            "opened_at": opened.astimezone(policy.tz).isoformat(),
        }
        for name, spec in policy.inputs.items():
            if spec.derived or name == "opened_at" or (not spec.required and draw.random() < 0.5):
                continue
            if spec.kind == "enum":
                ticket[name] = draw.choice(spec.values)
            elif spec.kind == "bool":
                ticket[name] = draw.random() < 0.5
        if draw.random() < 0.5:
            ticket.update(_history(opened, draw, policy.tz))
        yield ticket


def _history(opened: dt.datetime, draw: random.Random, zone: Any) -> dict[str, Any]:
    def at(hours: float) -> str:
        return (opened + dt.timedelta(hours=hours)).astimezone(zone).isoformat(timespec="seconds")

    responded = draw.uniform(0.1, 30)
    resolved = responded + draw.uniform(1, 120)
    events = [{"type": "responded", "at": at(responded)}, {"type": "resolved", "at": at(resolved)}]
    return {"events": events, "now": at(resolved + 24)}


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[Any]) -> Path:
    """The rows as JSONL (a string row is written as it is)."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path
