"""What customer calendar layers cost: loading, one eval, a customer's first request, memory.

Run by hand from the repository root (medians of ``--repeat`` runs; the load average is printed
with every figure, the machine is shared)::

    python bench/customers.py load               # load() with 0 / 2,000 / 5,000 customers
    python bench/customers.py eval               # `policylang eval`, no customer and a layered one
    python bench/customers.py first              # a layered customer's first request vs later ones
    python bench/customers.py rss                # RSS after 5,000 layered customers answered once
    python bench/customers.py all --counts 0,2000,5000 --repeat 3
    python bench/customers.py rss --cache-size 1024   # load(..., variant_cache_size=1024)

The policies are the bundled bpmsoft_care and a ``bench.customers`` file of ``--counts``
customers, customer ``cN`` with ``calendar office { closed DATE "Customer cN closure" }`` (dates
over 2027 and 2028: every layer differs, by its label at least, so each customer has its own
variant). ``load`` and ``rss`` run in a fresh interpreter each time (peak and current RSS are the
process's own); ``eval`` runs the ``policylang`` script beside this interpreter, as a user does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "bpmsoft_care.policy"
#: A request bpmsoft_care answers; `customer` is added for the layered case.
REQUEST = {
    "policy": "bpmsoft_care",
    "opened_at": "2026-03-06T17:20:00+03:00",
    "priority": "critical",
}


#: The variant cache size ``load`` is given (``--cache-size``); None: its default.
CACHE_SIZE: int | None = None


def write_policies(folder: Path, count: int) -> Path:
    """bpmsoft_care and ``count`` customers with distinct closures, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(POLICY, folder / POLICY.name)
    start = dt.date(2027, 1, 1)
    blocks = [
        f"customer c{i} {{\n  policy bpmsoft_care\n  calendar office {{\n"
        f'    closed {(start + dt.timedelta(days=i % 730)).isoformat()} "Customer c{i} closure"\n'
        "  }\n}\n"
        for i in range(count)
    ]
    if blocks:
        (folder / "bench.customers").write_text("\n".join(blocks), encoding="utf-8")
    return folder


def loadavg() -> str:
    """The 1-minute load average, for the reader to judge the figures by."""
    return f"load {os.getloadavg()[0]:.2f}"


#: Run in a fresh interpreter: load, optionally answer each customer once, print JSON figures.
_CHILD = r"""
import json, resource, sys, time
import policylang
folder, answer, first = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
start = time.perf_counter()
size = json.loads(sys.argv[5])
options = {} if size is None else {"variant_cache_size": size}
policies = policylang.load(folder, **options)
out = {"load_s": time.perf_counter() - start, "rss_after_load_mb": rss_mb()}
request = json.loads(sys.argv[4])
customers = sorted(policies.customers.get("bpmsoft_care", {}))
if first:
    firsts, laters = [], []
    for name in customers[:200]:
        one = {**request, "customer": name}
        for times in (firsts, laters):
            t = time.perf_counter()
            policies.evaluate(one).to_json()
            times.append(time.perf_counter() - t)
    firsts.sort(); laters.sort()
    out["first_ms"] = firsts[len(firsts) // 2] * 1000
    out["later_ms"] = laters[len(laters) // 2] * 1000
if answer:
    start = time.perf_counter()
    for name in customers:
        policies.evaluate({**request, "customer": name}).to_json()
    out["answer_all_s"] = time.perf_counter() - start
    out["rss_after_answers_mb"] = rss_mb()
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(folder: Path, *, answer: bool = False, first: bool = False) -> dict[str, float]:
    """The figures of one fresh interpreter's run of `_CHILD`."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(folder),
            str(int(answer)),
            str(int(first)),
            json.dumps(REQUEST),
            json.dumps(CACHE_SIZE),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the runs."""
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def show(label: str, figures: dict[str, float]) -> None:
    """One line of figures."""
    text = ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
    print(f"{label}: {text} ({loadavg()})", flush=True)


def bench_load(base: Path, counts: list[int], repeat: int) -> None:
    """load() in a fresh interpreter, with each count of customers."""
    for count in counts:
        folder = write_policies(base / f"n{count}", count)
        show(f"load, {count} customers", medians([child(folder) for _ in range(repeat)]))


def bench_eval(base: Path, counts: list[int], repeat: int) -> None:
    """`policylang eval` end to end, without a customer and for a layered customer."""
    script = Path(sys.executable).parent / "policylang"
    for count in counts:
        folder = write_policies(base / f"n{count}", count)
        cases = [("no customer", REQUEST)]
        if count:
            cases.append(("layered customer", {**REQUEST, "customer": f"c{count - 1}"}))
        for label, request in cases:
            argv = [str(script), "eval", "--policies", str(folder), "--format", "json"]
            argv += [f"--set={k}={v}" for k, v in request.items()]
            times = []
            for _ in range(repeat + 1):  # the first run fills the parse cache
                start = time.perf_counter()
                subprocess.run(argv, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            show(f"eval, {count} customers, {label}", {"s": statistics.median(times[1:])})


def bench_first(base: Path, counts: list[int], repeat: int) -> None:
    """A layered customer's first request (its variant compiled, when lazy) vs its second."""
    count = max(counts)
    folder = write_policies(base / f"n{count}", count)
    show(f"first vs later request, {count} customers (median of 200 customers)",
         medians([child(folder, first=True) for _ in range(repeat)]))


def bench_rss(base: Path, counts: list[int], repeat: int) -> None:
    """Memory after every layered customer was answered once."""
    count = max(counts)
    folder = write_policies(base / f"n{count}", count)
    show(f"every customer answered once, {count} customers",
         medians([child(folder, answer=True) for _ in range(repeat)]))


def main() -> None:
    """Parse the arguments, run the benches asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["load", "eval", "first", "rss", "all"])
    parser.add_argument("--counts", default="0,2000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-size", type=int, help="load's variant_cache_size")
    args = parser.parse_args()
    global CACHE_SIZE  # noqa: PLW0603 - read by every child run, set once here
    CACHE_SIZE = args.cache_size
    counts = [int(c) for c in args.counts.split(",")]
    benches = {"load": bench_load, "eval": bench_eval, "first": bench_first, "rss": bench_rss}
    with tempfile.TemporaryDirectory(prefix="bench-customers-") as tmp:
        for name, bench in benches.items():
            if args.what in (name, "all"):
                bench(Path(tmp), counts, args.repeat)


if __name__ == "__main__":
    main()
