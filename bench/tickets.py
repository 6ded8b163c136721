"""Generate a ticket export (requests with event histories) and time `policylang report` on it.

    python bench/tickets.py --n 100000 -o /tmp/tickets.jsonl     # generate, then report
    python bench/tickets.py --n 100000 -o /tmp/tickets.jsonl --generate-only

Histories are drawn with a fixed seed: a first response after 0-10 hours, sometimes a wait
for the customer, a resolution after 1-5 days, now and then a reopen; `now` one week after
opening. The opening instants and inputs come from bench/workload.py's mixed workload.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/tickets.py` puts bench/ first on the path, where bench/calendar.py would shadow
# the standard library's calendar module: take it off before importing anything else.
_HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == _HERE:
    sys.path.pop(0)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

_SPEC = importlib.util.spec_from_file_location("bench_workload", _HERE / "workload.py")
assert _SPEC is not None and _SPEC.loader is not None
_workload = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_workload"] = _workload
_SPEC.loader.exec_module(_workload)
requests = _workload.requests

HOUR = 3600


def _at(opened: dt.datetime, seconds: float) -> str:
    return (opened + dt.timedelta(seconds=int(seconds))).isoformat()


def ticket(request: dict[str, Any], draw: random.Random) -> dict[str, Any]:
    """A request with a plausible history of events."""
    opened = dt.datetime.fromisoformat(request["opened_at"])
    events: list[dict[str, Any]] = []
    t = draw.uniform(0.05, 10) * HOUR
    events.append({"type": "responded", "at": _at(opened, t)})
    if draw.random() < 0.3:
        t += draw.uniform(0.5, 4) * HOUR
        events.append({"type": "waiting_on_customer", "at": _at(opened, t)})
        t += draw.uniform(1, 30) * HOUR
        events.append({"type": "customer_replied", "at": _at(opened, t)})
    t += draw.uniform(1, 5 * 24) * HOUR
    events.append({"type": "resolved", "at": _at(opened, t)})
    if draw.random() < 0.1:
        t += draw.uniform(1, 24) * HOUR
        events.append({"type": "reopened", "at": _at(opened, t)})
    now = max(t, 7 * 24 * HOUR) + HOUR
    return {**request, "events": events, "now": _at(opened, now)}


def main() -> None:
    """Generate the export, then run the report over it and print the timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("-o", "--out", type=Path, default=Path("/tmp/tickets.jsonl"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    draw = random.Random(args.seed)
    with args.out.open("w", encoding="utf-8") as handle:
        for request in requests(args.n, args.seed):
            handle.write(json.dumps(ticket(request, draw)) + "\n")
    print(f"wrote {args.n} tickets to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.generate_only:
        return
    out_dir = args.out.with_suffix(".report")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "policylang", "report", str(args.out), "-o", str(out_dir)],
        check=False,
    )
    elapsed = time.perf_counter() - started
    print(f"report over {args.n} tickets: {elapsed:.1f} s wall ({args.n / elapsed:,.0f} tickets/s)")


if __name__ == "__main__":
    main()
