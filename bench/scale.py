"""Impact against two batch runs, Dask with 1 and 2 workers, serve with 1 and 2 workers.

Run by hand from the repository root (medians of ``--repeat`` runs, ratios from the same run)::

    python bench/scale.py impact --n 100000     # impact vs two `batch` runs, checked exactly
    python bench/scale.py dask --n 100000       # impact and batch, --engine dask, 1 vs 2 workers
    python bench/scale.py serve --seconds 10    # HTTP round trips, serve --workers 1 vs 2

``impact`` times the commands as users run them: ``policylang batch`` under the old policies,
``policylang batch --policies NEW``, and ``policylang impact OLD NEW`` on the same generated
history (``bench/tickets.py``'s tickets: the mixed workload with event histories) against the
revised copy the tests use (``tests/impact/history.py``: a reaction time shortened, a holiday
added, a fee added). It then checks, from the two batch outputs, that impact reported exactly
the tickets whose answers differ: the brute-force comparison at full size.

``serve`` drives ``bench/http.py``'s closed loop (keep-alive connections, each sending the next
request when the answer arrives) against ``policylang serve --workers N``. The client shares the
machine's cores with the server, so two workers on a 2-core machine compete with it: the load
average is printed with every figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parent
# bench/calendar.py would shadow the standard library's calendar module: import from the root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from bench.http import MAX_REQUESTS, asyncio_run, build_request, closed_loop, serving  # noqa: E402
from bench.tickets import ticket  # noqa: E402
from bench.workload import mixed, requests  # noqa: E402
from tests.impact.history import changed_copy  # noqa: E402


def policylang(*args: str | Path) -> float:
    """Run ``policylang ARGS`` as a user would; its wall time (exit 0 or 1 accepted)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "policylang", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"policylang {' '.join(map(str, args))} failed:\n{done.stderr}")
    return elapsed


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"


def generate(n: int, path: Path) -> Path:
    draw = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        for request in requests(n, 2026):
            out.write(json.dumps(ticket(request, draw)) + "\n")
    return path


def _answers(decision: dict[str, Any]) -> Any:
    """What impact compares, read off one compact batch output line (the brute-force side): a
    rule's facts (teams, action, a line's basis) are the rule's, named by its id."""
    if "error" in decision:
        return ("error",)
    out = []
    for clock in ("response", "resolution"):
        target = decision["sla"][clock]
        fields = ("state", "target", "calendar", "due_at", "lifted_by", "depends_on")
        out.append(tuple(str(target.get(key)) for key in fields))  # each state has its own keys
        status = decision["timeline"]["sla"][clock]
        out.append(status["status"] == "breached" or status["ever_breached"])
    roles = decision["roles"]
    keys = ("rule", "responsible", "performer", "receiver", "assists", "consulted", "depends_on")
    out.append(tuple(str(roles[key]) for key in keys))
    charges = decision["charges"]
    lines = sorted(
        (x["rule"], x["fee"], x["rate"] or "", x["currency"] or "") for x in charges["lines"]
    )
    out.append((charges["billable"], tuple(lines)))
    return tuple(out)


def differing_lines(old: Path, new: Path) -> set[int]:
    with old.open(encoding="utf-8") as a, new.open(encoding="utf-8") as b:
        return {
            number
            for number, (x, y) in enumerate(zip(a, b, strict=True), start=1)
            if _answers(json.loads(x)) != _answers(json.loads(y))
        }


def bench_impact(args: argparse.Namespace, work: Path) -> None:
    history = generate(args.n, work / "tickets.jsonl")
    revised = changed_copy(work / "revised")
    old = ROOT / "policies"
    print(f"impact: {args.n} tickets ({history.stat().st_size / 1e6:.0f} MB); {load()}")
    batches, impacts = [], []
    for round_ in range(args.repeat):
        first = policylang("batch", history, "-o", work / "old.jsonl", "--policies", old)
        second = policylang("batch", history, "-o", work / "new.jsonl", "--policies", revised)
        both = policylang("impact", old, revised, "--tickets", history, "-o", work / "impact")
        batches.append(first + second)
        impacts.append(both)
        print(
            f"  run {round_ + 1}: batch old {first:.1f} s + batch new {second:.1f} s = "
            f"{first + second:.1f} s; impact {both:.1f} s ({both / (first + second):.2f}x); "
            f"{load()}"
        )
    expected = differing_lines(work / "old.jsonl", work / "new.jsonl")
    found = {
        json.loads(line)["line"]
        for line in (work / "impact" / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    }
    verdict = "exactly" if found == expected else f"NOT: {len(found ^ expected)} lines differ"
    print(f"  impact found {len(found)} changed tickets; the two batch outputs differ on "
          f"{len(expected)}: {verdict}")  # fmt: skip
    b, i = statistics.median(batches), statistics.median(impacts)
    print(f"  median: two batch runs {b:.1f} s, impact {i:.1f} s: {i / b:.2f}x (target 1.2x)")


def bench_dask(args: argparse.Namespace, work: Path) -> None:
    history = generate(args.n, work / "tickets.jsonl")
    revised = changed_copy(work / "revised")
    old = ROOT / "policies"
    print(f"dask: {args.n} tickets ({history.stat().st_size / 1e6:.0f} MB), {os.cpu_count()} "
          f"cores; {load()}")  # fmt: skip
    commands = {
        "impact": ["impact", old, revised, "--tickets", history, "--no-chart"],
        "batch": ["batch", history, "--policies", old],
    }
    split = ["--partition-size", args.partition_size]
    for name, command in commands.items():
        if name not in args.commands.split(","):
            continue
        times: dict[str, list[float]] = {"local": [], "1 worker": [], "2 workers": []}
        for round_ in range(args.repeat):
            out = work / f"{name}-{round_}"
            local_out = ["-o", out / "local.jsonl"] if name == "batch" else ["-o", out / "local"]
            out.mkdir()
            times["local"].append(policylang(*command, *local_out))
            for workers in (1, 2):
                dask = ["--engine", "dask", "--workers", str(workers), *split]
                key = "1 worker" if workers == 1 else "2 workers"
                times[key].append(policylang(*command, "-o", out / key.replace(" ", ""), *dask))
            print(f"  {name} run {round_ + 1}: " + ", ".join(
                f"{k} {v[-1]:.1f} s" for k, v in times.items()) + f"; {load()}")  # fmt: skip
        medians = {k: statistics.median(v) for k, v in times.items()}
        print(f"  {name} medians: " + ", ".join(f"{k} {v:.1f} s" for k, v in medians.items())
              + f"; 2 workers / 1 worker: {medians['1 worker'] / medians['2 workers']:.2f}x "
              f"faster")  # fmt: skip


def bench_serve(args: argparse.Namespace) -> None:
    """Single requests by default; with ``--batch-size N``, batches of N (the client then costs
    little per decision, so the figure is the server's, not the load generator's)."""
    encoded = [json.dumps(r).encode() for r in mixed(2000)]
    path, per = "/v2/decisions", 1
    if args.batch_size > 1:
        per = args.batch_size
        encoded = [
            b"[" + b",".join(encoded[i : i + per]) + b"]"
            for i in range(0, len(encoded) - per + 1, per)
        ]
        path = "/v2/decisions/batch"
    print(f"serve: {'single requests' if per == 1 else f'batches of {per}'}, "
          f"{args.connections} connections, {args.seconds:.0f} s each; {load()}")  # fmt: skip
    rates: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(args.repeat):
        for workers in (1, 2):
            options = ("--log-level", "warning", "--workers", str(workers))
            with serving(None, str(ROOT / "policies"), *options) as (host, port, _pid):
                singles = [
                    build_request(host, port, path, body, "application/json") for body in encoded
                ]
                asyncio_run(closed_loop("warmup", host, port, singles, per,
                                        connections=args.connections, seconds=2,
                                        limit=len(singles)))  # fmt: skip
                before = os.getloadavg()[0]
                loop = closed_loop(
                    "measured", host, port, singles, per,
                    connections=args.connections, seconds=args.seconds, limit=MAX_REQUESTS,
                )  # fmt: skip
                result = asyncio_run(loop)
                rate = result.decisions / result.seconds
                rates[workers].append(rate)
                print(f"  run {round_ + 1}, {workers} worker(s): {rate:,.0f} decisions/s, "
                      f"p50 {result.percentile(50):.1f} ms, {result.errors} errors; load average "
                      f"before {before:.2f}, after {os.getloadavg()[0]:.2f}")  # fmt: skip
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(f"  medians: 1 worker {one:,.0f}/s, 2 workers {two:,.0f}/s: {two / one:.2f}x "
          f"(target 1.7x); {os.cpu_count()} cores, {load()}")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["impact", "dask", "serve"])
    parser.add_argument("--n", type=int, default=100_000, help="tickets generated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partition-size", default="4MB", help="dask: byte range per task")
    parser.add_argument("--commands", default="impact,batch", help="dask: which commands to time")
    parser.add_argument("--seconds", type=float, default=10.0, help="serve: per measurement")
    parser.add_argument("--connections", type=int, default=8, help="serve: keep-alive connections")
    parser.add_argument("--batch-size", type=int, default=1, help="serve: decisions per request")
    args = parser.parse_args(argv)
    if args.what == "serve":
        bench_serve(args)
        return
    with tempfile.TemporaryDirectory(prefix="policylang-scale-") as work:
        (bench_impact if args.what == "impact" else bench_dask)(args, Path(work))


if __name__ == "__main__":
    main()
