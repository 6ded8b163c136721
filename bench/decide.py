"""Decision benchmark: policylang's evaluate() against zen-engine and rule-engine.

Run as ``python bench/decide.py`` (``--quick`` for a smoke run, ``--n`` for the batch size).
In one run it prints:

* the equivalence check: on every request of the mixed workload (``bench/workload.py``: a
  seeded list of valid requests over the five bundled policies, various types, priorities,
  channels and opening instants across weekends and holidays), our decision's response and
  resolution targets and billable flag equal the row of the 15-row table, which zen-engine and
  rule-engine return too;
* the cost per operation, each call timed with ``time.perf_counter_ns`` over many rounds of the
  workload after a warm-up: median, p10, p90 and mean. Ours is the full decision (request
  validation, RFC 3339 parsing, both due timestamps on business calendars, handler, billable;
  trace off), then ``normalize()`` alone, evaluate + ``to_json()``, ``to_json()`` alone,
  the decision as JSON bytes (evaluate + ``to_json()`` + ``orjson.dumps``, against zen-engine's
  evaluate + ``orjson.dumps`` of its result: issue 18's "decision as JSON" ratio) and
  ``evaluate(trace=True)``. zen-engine is ``ZenEngine.evaluate`` on the 15-row JDM decision
  table (static loader, table loaded once); rule-engine is first-match over 15 compiled
  ``rule_engine.Rule`` objects. Both peers get the same request dicts and do a bare table
  lookup: no calendar arithmetic;
* the ratios against the goals (ours <= 1.25x zen-engine, rule-engine >= 4x ours);
* a cProfile of evaluate() over the workload: the top functions by own time and by file;
* the batch: ``--n`` generated requests (lazily, one at a time), evaluated in a fresh
  single-threaded process (``--pin`` binds it to one core), with wall and CPU time, decisions/s
  and peak RSS (``ru_maxrss``) every 10 %, then ``--json-n`` requests with ``to_json()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds calendar.py: keep this folder off the path (it would shadow the stdlib calendar)
# and put the repo root first, so that policylang and bench.workload come from this checkout.
_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from importlib.metadata import PackageNotFoundError, version  # noqa: E402
from typing import Any  # noqa: E402

import orjson  # noqa: E402

import policylang  # noqa: E402
from bench.workload import (  # noqa: E402
    TABLE,
    Row,
    content_of,
    describe,
    mixed,
    requests,
    row_for,
)

POLICIES_DIR = ROOT / "policies"
TABLE_KEY = "support_sla.json"
GOAL_ZEN = 1.25  # ours / zen-engine, at most
GOAL_RULE_ENGINE = 4.0  # rule-engine / ours, at least
GOAL_BATCH_S = 60.0  # for 1,000,000 decisions on one core
GOAL_JSON_ZEN = 2.0  # the decision as JSON bytes / zen-engine's answer as JSON bytes, at most


# ------------------------------------------------------------------ the peers


def _cell(values: Sequence[str]) -> str:
    """A JDM unary-test cell matching any of ``values`` (empty: any value)."""
    return ", ".join(f'"{v}"' for v in values)


def jdm_table() -> dict[str, Any]:
    """The 15-row decision table as a JDM graph: input -> table (first hit) -> output."""
    rules = []
    for i, row in enumerate(TABLE):
        rules.append(
            {
                "_id": f"r{i}",
                "policy": _cell([row.policy]),
                "type": _cell(row.keys) if row.field == "type" else "",
                "priority": _cell(row.keys) if row.field == "priority" else "",
                "response": f'"{row.response}"',
                "resolution": f'"{row.resolution}"',
                # zen-engine drops null outputs: no charge rule is a missing key, read as None.
                "billable": "null" if row.billable is None else str(row.billable).lower(),
            }
        )
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
            {
                "id": "sla",
                "type": "decisionTableNode",
                "name": "SLA and charge",
                "position": {"x": 300, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": [
                        {"id": f, "name": f, "field": f} for f in ("policy", "type", "priority")
                    ],
                    "outputs": [
                        {"id": f, "name": f, "field": f}
                        for f in ("response", "resolution", "billable")
                    ],
                    "rules": rules,
                },
            },
            {"id": "out", "type": "outputNode", "name": "Decision", "position": {"x": 600, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "sla", "type": "edge"},
            {"id": "e2", "sourceId": "sla", "targetId": "out", "type": "edge"},
        ],
    }


def zen_engine() -> Callable[[dict[str, Any]], Any]:
    """zen-engine's evaluate on the table, through a static loader (the table is parsed once)."""
    import zen

    engine = zen.ZenEngine({"loader": {"type": "static", "content": {TABLE_KEY: jdm_table()}}})

    def evaluate(request: dict[str, Any]) -> Any:
        return engine.evaluate(TABLE_KEY, request)

    return evaluate


def _rule_text(row: Row) -> str:
    text = f'policy == "{row.policy}"'
    if row.field is not None:
        # `x == "a" or x == "b"` is 2.5x faster in rule-engine than `x in ["a", "b"]`.
        alternatives = " or ".join(f'{row.field} == "{k}"' for k in row.keys)
        text += f" and ({alternatives})" if len(row.keys) > 1 else f" and {alternatives}"
    return text


def rule_engine_first_match() -> Callable[[dict[str, Any]], Row | None]:
    """First match over 15 compiled rule-engine rules (absent inputs resolve to null)."""
    import rule_engine

    context = rule_engine.Context(default_value=None)
    compiled = [(rule_engine.Rule(_rule_text(row), context=context), row) for row in TABLE]

    def first_match(request: dict[str, Any]) -> Row | None:
        for rule, row in compiled:
            if rule.matches(request):
                return row
        return None

    return first_match


def _zen_content(answer: Any) -> tuple[Any, Any, Any]:
    result = answer["result"]
    return result.get("response"), result.get("resolution"), result.get("billable")


# ------------------------------------------------------------------ timing


@dataclass(frozen=True, slots=True)
class Timing:
    """Per-call nanoseconds of one operation over the workload."""

    label: str
    samples: list[int]

    @property
    def median(self) -> float:
        return float(statistics.median(self.samples))

    def line(self) -> str:
        deciles = statistics.quantiles(self.samples, n=10)
        return (
            f"{self.label:50} {us(self.median):>9} {us(deciles[0]):>9} {us(deciles[-1]):>9} "
            f"{us(statistics.fmean(self.samples)):>9}"
        )


def us(ns: float) -> str:
    """Nanoseconds as microseconds."""
    return f"{ns / 1e3:.2f} µs"


def time_calls(
    operations: Sequence[tuple[str, Callable[[Any], object], Sequence[Any]]], rounds: int
) -> list[Timing]:
    """Time every call of each operation on its items, ``rounds`` times, interleaved by round.

    One untimed pass over the items warms each operation up first. Interleaving the operations
    round by round spreads any drift of the machine over all of them.
    """
    samples: list[list[int]] = [[] for _ in operations]
    clock = time.perf_counter_ns
    for _label, call, items in operations:
        for item in items:
            call(item)
    for _ in range(rounds):
        for (_label, call, items), found in zip(operations, samples, strict=True):
            gc.collect()
            append = found.append
            for item in items:
                began = clock()
                call(item)
                append(clock() - began)
    return [
        Timing(label, found) for (label, _c, _i), found in zip(operations, samples, strict=True)
    ]


# ------------------------------------------------------------------ sections


def header(args: argparse.Namespace) -> None:
    """Versions and machine."""

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"policylang {commit} ({policylang.__file__}), Python {platform.python_version()}, "
        f"{cpu}, {os.cpu_count()} cores, load average {load}"
    )
    print(
        f"zen-engine {package('zen-engine')}, rule-engine {package('rule-engine')}; "
        f"workload: {args.size} requests (seed {args.seed}) x {args.rounds} rounds"
    )


def check_equivalence(
    ps: policylang.PolicySet,
    workload: list[dict[str, Any]],
    zen_eval: Callable[[dict[str, Any]], Any],
    first_match: Callable[[dict[str, Any]], Row | None],
) -> None:
    """Every engine gives the same (response, resolution, billable) on every request."""
    agree = Counter[str]()
    rows = Counter[int]()
    for request in workload:
        row = row_for(request)
        rows[TABLE.index(row)] += 1
        expected = (row.response, row.resolution, row.billable)
        agree["ours"] += content_of(ps.evaluate(request).to_json()) == expected
        agree["zen-engine"] += _zen_content(zen_eval(request)) == expected
        agree["rule-engine"] += first_match(request) is row
    total = len(workload)
    print(
        f"\n== equivalence: (response, resolution, billable) equal to the table's row, over "
        f"{total} requests hitting {len(rows)}/{len(TABLE)} rows"
    )
    print("   " + ", ".join(f"{name} {agree[name]}/{total}" for name in agree))
    print(f"   workload: {describe(workload)}")
    if any(count != total for count in agree.values()):
        print("   WARNING: the engines disagree; the timings below compare different answers")


def time_section(
    ps: policylang.PolicySet,
    workload: list[dict[str, Any]],
    zen_eval: Callable[[dict[str, Any]], Any],
    first_match: Callable[[dict[str, Any]], Row | None],
    rounds: int,
) -> dict[str, float]:
    """The per-operation table; returns the medians the ratios use."""
    decisions = [ps.evaluate(r) for r in workload]

    def traced(request: dict[str, Any]) -> object:
        return ps.evaluate(request, trace=True)

    def with_json(request: dict[str, Any]) -> object:
        return ps.evaluate(request).to_json()

    def as_json_bytes(request: dict[str, Any]) -> object:
        return orjson.dumps(ps.evaluate(request).to_json())

    def zen_as_json_bytes(request: dict[str, Any]) -> object:
        return orjson.dumps(zen_eval(request)["result"])

    def nothing(_item: object) -> None:
        return None

    named: dict[str, tuple[str, Callable[[Any], object], Sequence[Any]]] = {
        "ours": ("ours: evaluate(), trace off [full decision]", ps.evaluate, workload),
        "normalize": ("ours: normalize() only [validate + parse]", ps.normalize, workload),
        "ours+json": ("ours: evaluate() + to_json()", with_json, workload),
        "json": ("ours: to_json() only, on ready decisions", type(decisions[0]).to_json, decisions),
        "ours-bytes": ("ours: evaluate() + to_json() + orjson.dumps", as_json_bytes, workload),
        "zen-bytes": ("zen-engine: evaluate + orjson.dumps(result)", zen_as_json_bytes, workload),
        "trace": ("ours: evaluate(trace=True)", traced, workload),
        "zen": ("zen-engine: ZenEngine.evaluate, static loader", zen_eval, workload),
        "rule-engine": ("rule-engine: first match over 15 rules", first_match, workload),
        "overhead": ("(timer + call overhead, included above)", nothing, workload),
    }
    timings = time_calls(list(named.values()), rounds)
    print(
        f"\n== per call over the mixed workload ({len(workload)} requests x {rounds} rounds, "
        "each call timed)"
    )
    print(f"{'operation':50} {'median':>9} {'p10':>9} {'p90':>9} {'mean':>9}")
    for timing in timings:
        print(timing.line())
    by_policy: dict[str, list[int]] = {}
    ours_samples = timings[0].samples
    for i, ns in enumerate(ours_samples):
        by_policy.setdefault(workload[i % len(workload)]["policy"], []).append(ns)
    print(
        "   ours evaluate() median by policy: "
        + ", ".join(f"{p} {us(statistics.median(v))}" for p, v in sorted(by_policy.items()))
    )
    print(
        "   p10/p90 spread the workload's requests (policy, calendar, instant), not noise.\n"
        "   ours: request validation, RFC 3339 parsing, policy version, response and resolution\n"
        "   due timestamps on business calendars (weekends, holidays), handler, billable.\n"
        "   zen-engine, rule-engine: a bare table lookup on the same request dicts, no calendar\n"
        "   arithmetic (the 15 rows give the same targets and billable flag, see above)."
    )
    return {key: timing.median for key, timing in zip(named, timings, strict=True)}


def ratios(medians: dict[str, float]) -> None:
    """The goals of the issue, against the medians."""
    ours, zen_ns, rule_ns = medians["ours"], medians["zen"], medians["rule-engine"]
    versus_zen = ours / zen_ns
    versus_rules = rule_ns / ours
    print("\n== ratios (medians)")
    print(
        f"ours evaluate() / zen-engine evaluate:   {versus_zen:6.2f}x   goal <= {GOAL_ZEN}x: "
        f"{'met' if versus_zen <= GOAL_ZEN else 'not met'} "
        f"(needs ours <= {us(GOAL_ZEN * zen_ns)})"
    )
    print(
        f"rule-engine first match / ours evaluate: {versus_rules:6.2f}x   goal >= "
        f"{GOAL_RULE_ENGINE}x: {'met' if versus_rules >= GOAL_RULE_ENGINE else 'not met'} "
        f"(needs ours <= {us(rule_ns / GOAL_RULE_ENGINE)})"
    )
    print(
        f"ours evaluate() + to_json() / zen-engine: "
        f"{medians['ours+json'] / zen_ns:5.2f}x;  "
        f"evaluate(trace=True) / evaluate(): {medians['trace'] / ours:5.2f}x"
    )
    as_json = medians["ours-bytes"] / medians["zen-bytes"]
    print(
        f"decision as JSON bytes, ours / zen-engine + orjson: {as_json:5.2f}x   goal <= "
        f"{GOAL_JSON_ZEN}x: {'met' if as_json <= GOAL_JSON_ZEN else 'not met'} (ours: due times "
        "on business calendars, roles, charge lines, lifecycle, notes; zen: a 15-row lookup)"
    )


def _where(path: str) -> str:
    for marker in ("site-packages/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def profile_section(ps: policylang.PolicySet, workload: list[dict[str, Any]], rounds: int) -> None:
    """cProfile of evaluate() over the workload: top functions by own time, and by file.

    The profile is taken three times and the least disturbed one (least total time) is shown:
    on a busy machine a descheduling lands on whatever function was running and can make a
    builtin look like a hotspot.
    """
    evaluate = ps.evaluate
    best: tuple[float, dict[Any, Any]] | None = None
    for _attempt in range(3):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(rounds):
            for request in workload:
                evaluate(request)
        profiler.disable()
        found: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        # The denominator is evaluate()'s cumulative time: every share is "% of decision time".
        spent = max(
            value[3]
            for (path, _line, name), value in found.items()
            if name == "evaluate" and path.endswith("policyset.py")
        )
        if best is None or spent < best[0]:
            best = (spent, found)
    assert best is not None
    total, raw = best
    calls = rounds * len(workload)
    print(
        f"\n== profile: cProfile, evaluate() over {calls} requests; {total / calls * 1e6:.1f} µs "
        "per decision under the profiler (its overhead inflates call-heavy code); % of the "
        "time in evaluate()"
    )
    print(f"{'own %':>6} {'cum %':>6} {'calls/dec':>9}  function")
    ranked = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)
    for (path, line, name), (_cc, nc, tt, ct, _callers) in ranked[:20]:
        where = f"{_where(path)}:{line}" if line else "builtin"
        print(f"{tt / total:6.1%} {ct / total:6.1%} {nc / calls:9.2f}  {name} ({where})")
    print("\n   cumulative, policylang functions (what each stage costs, callees included):")
    ours = [
        (key, value)
        for key, value in raw.items()
        if "policylang" in key[0] and value[3] / total >= 0.03
    ]
    for (path, line, name), (_cc, nc, _tt, ct, _callers) in sorted(
        ours, key=lambda kv: kv[1][3], reverse=True
    )[:16]:
        print(f"   {ct / total:6.1%} {nc / calls:6.2f}/dec  {name} ({_where(path)}:{line})")
    by_file = Counter[str]()
    for (path, _line, _name), (_cc, _nc, tt, _ct, _callers) in raw.items():
        by_file[_where(path) if path != "~" else "builtins (C)"] += tt
    print("\n   own time by file:")
    for path, tt in by_file.most_common(10):
        print(f"   {tt / total:6.1%}  {path}")


# ------------------------------------------------------------------ batch


def rss_mb() -> tuple[float, float]:
    """(peak RSS, current RSS) in MiB: ``ru_maxrss`` (KiB on Linux) and /proc/self/statm."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        current = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        current = float("nan")
    return peak, current


def _batch_pass(
    ps: policylang.PolicySet, n: int, seed: int, *, to_json: bool, step: int
) -> tuple[float, float, Counter[Any]]:
    """Evaluate ``n`` generated requests, printing a checkpoint every ``step``.

    Returns (wall s, CPU s, billable counts); nothing else is kept from one request to the next.
    """
    evaluate = ps.evaluate
    billable = Counter[Any]()
    cpu0 = time.process_time()
    began = time.perf_counter()
    for done, request in enumerate(requests(n, seed), 1):
        decision = evaluate(request)
        if to_json:
            decision.to_json()
        billable[decision.billable_value] += 1
        if done % step == 0 or done == n:
            wall = time.perf_counter() - began
            peak, current = rss_mb()
            print(
                f"   {done:>9,}  {wall:7.1f} s  {time.process_time() - cpu0:7.1f} s  "
                f"{done / wall:8,.0f}/s  peak RSS {peak:6.1f} MiB  current {current:6.1f} MiB",
                flush=True,
            )
    return time.perf_counter() - began, time.process_time() - cpu0, billable


def _generation_cpu(n: int, seed: int) -> float:
    """CPU seconds per generated request, measured on up to 200,000 of them."""
    sample = min(n, 200_000)
    cpu0 = time.process_time()
    for _request in requests(sample, seed):
        pass
    return (time.process_time() - cpu0) / sample


def batch_worker(n: int, json_n: int, seed: int, *, pin: bool) -> None:
    """The batch, in this (fresh, single-threaded) process; ``pin`` binds it to one core.

    Times are wall and process CPU time; on a busy machine CPU time is what the code costs.
    The cost of generating the requests is measured apart, on a sample, and taken off the CPU
    time to give evaluate()'s own.
    """
    where = "single-threaded"
    if pin and hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        where += f", pinned to core {core}"
    peak0, _ = rss_mb()
    ps = policylang.load(POLICIES_DIR)
    peak, current = rss_mb()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\n== batch: {n:,} generated requests, evaluate() only (fresh process, {where}; "
        f"load average {load})\n"
        f"   RSS before load: peak {peak0:.1f} MiB; after load (start): peak {peak:.1f} MiB, "
        f"current {current:.1f} MiB"
    )
    header = f"   {'decisions':>9}  {'wall':>9}  {'CPU':>9}  {'rate':>10}"
    print(header)
    step = 100_000 if n >= 500_000 else max(1, n // 5)
    wall, cpu, billable = _batch_pass(ps, n, seed, to_json=False, step=step)
    generation = _generation_cpu(n, seed + 7)
    own = cpu - generation * n
    scale = 1_000_000 / n
    print(
        f"   total {wall:.1f} s wall, {cpu:.1f} s CPU: {n / wall:,.0f} decisions/s wall, "
        f"{n / cpu:,.0f}/s CPU (request generation included)\n"
        f"   generation alone {generation * 1e6:.2f} µs CPU a request; evaluate() alone "
        f"{own:.1f} s CPU ({own / n * 1e6:.2f} µs each)\n"
        f"   goal 1,000,000 under {GOAL_BATCH_S:.0f} s on one core: "
        f"{'met' if cpu * scale < GOAL_BATCH_S else 'not met'} on CPU time ({cpu * scale:.1f} s "
        f"per million with generation, {own * scale:.1f} s evaluate() alone; wall "
        f"{wall * scale:.1f} s)\n"
        f"   billable: {dict(billable)}"
    )
    if json_n:
        print(f"\n== batch: {json_n:,} more generated requests, evaluate() + to_json()")
        print(header)
        step = 100_000 if json_n >= 500_000 else max(1, json_n // 5)
        wall, cpu, _ = _batch_pass(ps, json_n, seed + 1, to_json=True, step=step)
        own = cpu - generation * json_n
        print(
            f"   total {wall:.1f} s wall, {cpu:.1f} s CPU; evaluate() + to_json() alone "
            f"{own / json_n * 1e6:.2f} µs CPU each ({own * 1e6 / json_n:.1f} s per million)"
        )
    peak, current = rss_mb()
    print(f"   end: peak RSS {peak:.1f} MiB, current {current:.1f} MiB")


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small workload, short batch")
    parser.add_argument("--n", type=int, default=None, help="batch size (default 1,000,000)")
    parser.add_argument(
        "--json-n", type=int, default=None, help="batch with to_json() (default 100,000)"
    )
    parser.add_argument("--size", type=int, default=None, help="mixed workload size (2,000)")
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds (10)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile section")
    parser.add_argument("--pin", action="store_true", help="pin the batch process to one core")
    parser.add_argument("--batch-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    quick = args.quick
    args.n = args.n if args.n is not None else (20_000 if quick else 1_000_000)
    args.json_n = args.json_n if args.json_n is not None else (5_000 if quick else 100_000)
    args.size = args.size or (300 if quick else 2_000)
    args.rounds = args.rounds or (3 if quick else 10)
    if args.batch_worker:
        batch_worker(args.n, args.json_n, args.seed, pin=args.pin)
        return

    header(args)
    ps = policylang.load(POLICIES_DIR)
    workload = mixed(args.size, args.seed)
    zen_eval = zen_engine()
    first_match = rule_engine_first_match()
    check_equivalence(ps, workload, zen_eval, first_match)
    medians = time_section(ps, workload, zen_eval, first_match, args.rounds)
    ratios(medians)
    if not args.no_profile:
        profile_section(ps, workload, 1 if quick else 3)
    peak, current = rss_mb()
    print(f"\n(this process: peak RSS {peak:.1f} MiB, current {current:.1f} MiB)")
    if args.n > 0:
        sys.stdout.flush()
        command = [sys.executable, str(Path(__file__).resolve()), "--batch-worker"]
        command += ["--n", str(args.n), "--json-n", str(args.json_n), "--seed", str(args.seed + 1)]
        command += ["--pin"] if args.pin else []
        if Path("/bin/sh").exists():
            # Linux carries ru_maxrss across exec from the spawning process's memory (this one,
            # with the peers and the profile loaded): let a shell fork the worker, so that its
            # peak RSS counts only its own memory.
            command = ["/bin/sh", "-c", '"$0" "$@"; exit $?', *command]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
