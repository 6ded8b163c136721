"""Lint benchmark: a generated policy of about 10,000 rules, checked and linted, timed.

Run as ``python bench/lint.py`` (``--rules N`` for another size, ``--keep FILE`` to keep the
generated policy, ``--repeat K`` runs). The policy looks like a large real one: ticket types in
categories with default priorities, an enum channel, an optional region, a VIP flag, a go-live
date and a seat count; SLA, charge and responsibility lists keyed on type, priority, channel and
items; obligations and refusals by category. A known number of problems is planted (item
overlaps, shadowed rules, a charge gap, a condition that never holds, an unused calendar) and the
run checks that lint finds each, so the timing is for a run that does the whole job.

The figures printed: the generated size, the time to parse and check (the checker, not lint),
and the time `policylang.lint.lint` takes on the checked file (median and best wall time of the
runs, and median CPU time, which a busy machine disturbs less), with the findings by code.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# bench/ holds calendar.py: drop this folder from the path so that `import calendar` (stdlib) is
# not that script, and put the repository root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from policylang.lang.loader import check_paths  # noqa: E402
from policylang.tools.lint.linter import lint  # noqa: E402

HEADER = """\
policy generated {
  title "Generated benchmark policy"
  provider "Bench Ltd"
  source "bench/lint.py"
  language en
  version "1"
  effective 2026-02-02
  zone "Europe/Moscow"
}

calendar office {
  hours mon-fri 09:00-18:00
  holidays RU
}

calendar reception {
  hours daily 08:00-20:00
}

calendar archive {
  hours mon 10:00-12:00
}

input channel: enum [email, portal, phone, chat, other] default email
input region: enum [north, south, east, west, centre, islands] optional
input vip: bool default false
input go_live: date optional
input seats: number optional

priority critical "Critical"
priority high "High"
priority medium "Medium"
priority low "Low"
"""

PRIORITIES = ("critical", "high", "medium", "low")
#: Every type states its standard kind, as real policies do (PL534 otherwise).
KINDS = ("incident", "service_request", "question")
#: Planted problems, and how many of each lint must find.
PLANTED = {"PL601": 10, "PL621": 20, "PL613": 1, "PL622": 1, "PL661": 1}


def generate(total: int) -> tuple[str, int]:
    """A policy text of about ``total`` rules, and its exact rule count."""
    # Per type: 3 SLA rules, 3 charge rules, 1 responsibility, 1 obligation, 1 refusal, plus a
    # little over 1 in shared lists: about 10 rules a type.
    types = max(40, total // 10)
    categories = max(4, types // 40)
    out = [HEADER]
    rules = 0
    for c in range(categories):
        out.append(f'category cat{c} "Category {c}"\n')
    for t in range(types):
        out.append(
            f'type t{t} "Type {t}" {{\n  category cat{t % categories}\n'
            f"  priority {PRIORITIES[t % 4]}\n  kind {KINDS[t % len(KINDS)]}\n}}\n"
        )
    # ---- SLA: VIP rules by category, then per type: urgent, phone, the rest; and an otherwise.
    for c in range(categories):
        out.append(
            f"sla vip{c} {{\n  when category == cat{c} and vip\n"
            "  response within 1 hour on reception\n"
            "  resolution within 1 business day on office\n}\n"
        )
        rules += 1
    for t in range(types):
        out.append(
            f"sla t{t}_urgent {{\n  when type == t{t} and priority in [critical, high]\n"
            f"  response within {1 + t % 3} hours on reception\n"
            "  resolution within 2 business days on office\n}\n"
            f"sla t{t}_phone {{\n  when type == t{t} and channel == phone\n"
            "  response within 2 hours on reception\n  resolution no commitment\n}\n"
            f"sla t{t} {{\n  when type == t{t}\n  response within 4 hours on reception\n"
            "  resolution within 5 business days on office\n}\n"
        )
        rules += 3
    # Planted: rules no request reaches (every t-request is taken by `sla tN` above).
    for k in range(PLANTED["PL621"]):
        out.append(
            f"sla late{k} {{\n  when type == t{k} and region == north\n"
            "  response within 8 hours on reception\n}\n"
        )
        rules += 1
    out.append(
        "sla otherwise {\n  response within 1 business day on office\n"
        "  resolution no commitment\n}\n"
    )
    rules += 1
    # ---- charges: per type; the last type has none (the planted gap), no otherwise.
    for t in range(types - 1):
        out.append(
            f"charge t{t}_paid {{\n  when type == t{t} and channel in [phone, chat]\n"
            "  fee per request\n}\n"
            f"charge t{t}_nesting {{\n  when type == t{t} and days since go_live <= {30 + t % 5}\n"
            "  included\n}\n"
            f"charge t{t} {{\n  when type == t{t}\n  included\n}}\n"
        )
        rules += 3
    for k in range(10):
        out.append(f"charge seats{k} {{\n  when seats > {100 * (k + 1)}\n  fee per request\n}}\n")
        rules += 1
    # ---- responsibility: a list per type with three items; planted overlaps share an item.
    for t in range(types):
        team = f"Team {t % 17}"
        items = [f"i{t}_{j}" for j in range(3)]
        if t < PLANTED["PL601"]:
            items.append(f"i{t + 1}_0")  # the next list's first item, another team's
        condition = "  when region != islands\n" if t % 7 == 0 else ""
        body = "".join(f'  item {i} "Item {i}"\n' for i in items)
        out.append(
            f'responsibility r{t} {{\n{condition}  party provider\n  team "{team}"\n{body}}}\n'
        )
        rules += 1
    out.append('responsibility otherwise {\n  party provider\n  team "Help desk"\n}\n')
    rules += 1
    # ---- obligations and refusals by category and channel; one condition never holds.
    per_category = max(1, (total - rules) // (2 * categories))
    for c in range(categories):
        for k in range(per_category):
            channel = ("email", "portal", "phone", "chat", "other")[k % 5]
            out.append(
                f"obligation o{c}_{k} {{\n  when category == cat{c} and channel == {channel}\n"
                f'  party provider\n  description "Duty {c}.{k}."\n}}\n'
                f"refusal x{c}_{k} {{\n  when category == cat{c} and channel == {channel}"
                f' and vip\n  reason "Ground {c}.{k}."\n}}\n'
            )
            rules += 2
    out.append(
        "obligation never {\n  when channel == email and channel == chat\n  party provider\n"
        '  description "Never due."\n}\n'
    )
    rules += 1
    return "\n".join(out), rules


def main() -> None:
    """Generate, check, lint, print the figures; exit 1 if a planted problem is not found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=int, default=10_000, help="about how many rules")
    parser.add_argument("--repeat", type=int, default=3, help="lint runs to time")
    parser.add_argument("--keep", type=Path, help="write the generated policy here")
    options = parser.parse_args()

    text, count = generate(options.rules)
    with tempfile.TemporaryDirectory() as tmp:
        path = options.keep or Path(tmp) / "generated.policy"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        report = check_paths([path])
        checked_in = time.perf_counter() - started
    if not report.ok:
        for diagnostic in report.errors[:5]:
            print(diagnostic.code, diagnostic.message)
        sys.exit("the generated policy has errors")
    checked = report.files[0]
    times, cpu = [], []
    findings = []
    for _ in range(options.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        findings = lint(checked)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    codes = Counter(f.code for f in findings)
    print(f"generated: {count} rules, {len(text) / 1024:.0f} KiB")
    print(f"parse + check: {checked_in:.2f} s")
    print(
        f"lint: median {statistics.median(times):.2f} s, best {min(times):.2f} s wall; "
        f"median {statistics.median(cpu):.2f} s CPU ({options.repeat} runs)"
    )
    print("findings:", ", ".join(f"{code} x{n}" for code, n in sorted(codes.items())))
    missing = {code: n for code, n in PLANTED.items() if codes[code] < n}
    if missing:
        sys.exit(f"planted problems not found: {missing}")


if __name__ == "__main__":
    main()
