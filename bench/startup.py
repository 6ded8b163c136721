"""Startup: `policylang eval` against the import floor, and a 10,000-rule policy checked.

Run by hand from the repository root (medians of ``--repeat`` runs, ratios from the same run)::

    python bench/startup.py eval               # the README's first question, vs the floor
    python bench/startup.py eval --profile     # and where an in-process load spends its time
    python bench/startup.py large --rules 10000
    python bench/startup.py eval --against /tmp/main   # also time another checkout, same rounds

``eval`` runs the README's first command as a user does (the ``policylang`` script beside this
interpreter, answering from the bundled policies) and, alternately with it, the *floor*: a fresh
interpreter importing exactly the third-party modules that command loads (found by running it
once in-process and listing ``sys.modules``: click, python-holidays with its country data,
Babel, ..., and Lark when it parses), nothing of ours. Three ways: warm (bytecode and the parse
cache filled, as on every run after the first; a cache of the bench's own, never the user's),
without the parse cache (``POLICYLANG_NO_CACHE=1``, bytecode warm), and cold (an empty
``PYTHONPYCACHEPREFIX`` and an empty parse cache, as on the first run after installing); each
against the floor of the modules it loads. The target is eval <= 2x the floor. Then an
in-process breakdown of one eval, with and without cached trees: imports, parser tables,
read+parse, check, compile, evaluate; ``--profile`` adds cProfile's top functions of the load.

``large`` generates a policy of about ``--rules`` rules (``bench/lint.py``'s generator: types,
categories, SLA, charge, responsibility, obligation and refusal rules) and times
``policylang check FILE`` end to end, then parsing and checking in-process (wall and CPU), the
target being < 3 s.

The load average is printed with every figure: the machine is shared.
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
import cProfile  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from bench.lint import generate  # noqa: E402

#: The README's first question.
QUESTION = (
    "eval",
    "--set",
    "policy=bpmsoft_care",
    "--set",
    "opened_at=2026-03-06T17:20:00+03:00",
    "--set",
    "priority=critical",
)

_LOADED = """
import contextlib, io, json, runpy, sys
before = set(sys.modules)
sys.argv = ["policylang", *json.loads(sys.argv[1])]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        runpy.run_module("policylang", run_name="__main__")
    except SystemExit:
        pass
ours = ("policylang", "__main__", "_distutils_hack", "_sysconfigdata")
print(json.dumps(sorted(
    m for m in set(sys.modules) - before
    if m.split(".")[0] not in sys.stdlib_module_names and not m.startswith(ours)
)))
"""

_PHASES = """
import json, sys, time
marks = [("start", time.perf_counter())]
def mark(name): marks.append((name, time.perf_counter()))
for m in json.loads(sys.argv[1]):
    __import__(m)
mark("third-party imports")
import policylang.cli.evaluate, policylang.compiler.load, policylang.lang.loader
mark("our imports")
from policylang.lang import treecache
if not treecache.enabled():
    from policylang.lang.syntax import parser
    parser._ast_parser()
mark("parser tables")
from policylang.lang.loader import discover, read_and_parse
from policylang.lang.analysis.passes import analyze
from policylang.compiler.policy import compile_file
from policylang.resources import bundled_policies
from policylang.runtime.policyset import PolicySet
files, _ = discover([bundled_policies()])
parsed = [read_and_parse(f)[1] for f in files]
mark("read+parse")
checked = [analyze(p) for p in parsed]
mark("check")
compiled = [compile_file(c) for c in checked]
mark("compile")
request = {"policy": "bpmsoft_care", "opened_at": "2026-03-06T17:20:00+03:00",
           "priority": "critical"}
PolicySet.from_policies(compiled).evaluate(request).to_json()
mark("evaluate")
print(json.dumps([(b[0], b[1] - a[1]) for a, b in zip(marks, marks[1:])]))
"""


#: The environment of every timed run: this one's, but bytecode is written as users' Pythons
#: write it (a shell or a CI image with PYTHONDONTWRITEBYTECODE set would otherwise make every
#: "warm" run compile our modules from source).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min)"


def policylang_script() -> str:
    """The ``policylang`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("policylang")
    if not script.exists():
        raise SystemExit(f"no {script}: install the package (pip install -e .) first")
    return str(script)


def run_script(code: str, argument: object, env: dict[str, str] | None = None) -> Any:
    """What a fresh interpreter running ``code`` (given ``argument`` as JSON) prints, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argument)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=ENVIRONMENT if env is None else env,
    )
    return json.loads(done.stdout)


def third_party_modules(env: dict[str, str]) -> list[str]:
    """The modules outside the standard library and ours that the question loads."""
    return list(run_script(_LOADED, QUESTION, env))


def against(checkout: Path) -> dict[str, str]:
    """The environment that runs another checkout's package (e.g. main's, to compare)."""
    return {**ENVIRONMENT, "PYTHONPATH": str(checkout.resolve())}


#: CPU seconds (user + system) of each command `timed` ran, in order: on a loaded machine the
#: wall time measures the other processes too, the CPU time only ours.
CPU: list[float] = []


def timed(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one run of ``command`` (which must succeed); its CPU time goes to `CPU`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, capture_output=True, check=True, cwd=ROOT, env=ENVIRONMENT if env is None else env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def medians(label: str, floor: list[float], ours: list[float]) -> None:
    ratio = statistics.median(ours) / statistics.median(floor)
    paired = statistics.median(o / f for o, f in zip(ours, floor, strict=True))
    print(
        f"  {label:<8} floor {statistics.median(floor):.3f} s  eval {statistics.median(ours):.3f} s"
        f"  ratio {ratio:.2f}x (median of paired runs {paired:.2f}x; min {min(ours):.3f} vs "
        f"{min(floor):.3f} s)"
    )


def bench_eval(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as cache:
        warm = {**ENVIRONMENT, "POLICYLANG_CACHE_DIR": cache}
        no_cache = {**ENVIRONMENT, "POLICYLANG_NO_CACHE": "1"}
        run_script(_LOADED, QUESTION, warm)  # fills the tree cache
        rounds(args, warm, no_cache)


def rounds(args: argparse.Namespace, warm: dict[str, str], no_cache: dict[str, str]) -> None:
    """Alternate the floors and the question: warm (bytecode and tree cache filled: every run
    after the first), without the tree cache (bytecode warm), and cold (neither: the first run
    after installing). Each is compared with the floor of the modules it loads: a run that
    answers from cached trees loads no Lark."""
    cached_modules, parsing_modules = third_party_modules(warm), third_party_modules(no_cache)
    floors = {
        "cached": [sys.executable, "-c", "import " + ", ".join(cached_modules)],
        "parsing": [sys.executable, "-c", "import " + ", ".join(parsing_modules)],
    }
    question = [policylang_script(), *QUESTION]
    parser_only = sorted(set(parsing_modules) - set(cached_modules))
    print(
        f"floor: {len(cached_modules)} third-party modules with cached trees, "
        f"{len(parsing_modules)} when parsing (+ {', '.join(parser_only[:4])}, ...)"
    )
    print(f"eval: policylang {' '.join(QUESTION)}")
    print(f"{load_average()} before; {args.repeat} runs each, alternating")
    timed(floors["cached"])
    timed(question, warm)  # warm the bytecode and the disk cache
    runs: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}

    def run(label: str, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        runs.setdefault(label, []).append(timed(command, env))
        cpu.setdefault(label, []).append(CPU[-1])

    for _ in range(args.repeat):
        run("warm floor", floors["cached"])
        run("warm eval", question, warm)
        run("no-cache floor", floors["parsing"])
        run("no-cache eval", question, no_cache)
        if args.against:
            run("against", question, against(args.against))
        for label, command in (("cold floor", floors["parsing"]), ("cold eval", question)):
            with tempfile.TemporaryDirectory() as prefix, tempfile.TemporaryDirectory() as trees:
                env = {**ENVIRONMENT, "PYTHONPYCACHEPREFIX": prefix, "POLICYLANG_CACHE_DIR": trees}
                run(label, command, env)
    for times, unit in ((runs, "wall"), (cpu, "CPU (user+system: what the load does not inflate)")):
        print(f" {unit}:")
        medians("warm", times["warm floor"], times["warm eval"])
        medians("no-cache", times["no-cache floor"], times["no-cache eval"])
        medians("cold", times["cold floor"], times["cold eval"])
        if args.against:
            print(f"  {args.against} (bytecode warm, same rounds; the floor when parsing):")
            medians("other", times["no-cache floor"], times["against"])
    print(f"{load_average()} after")
    for label, env, modules in (
        ("cached trees", warm, cached_modules),
        ("no cache", no_cache, parsing_modules),
    ):
        phases: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for name, seconds in run_script(_PHASES, modules, env):
                phases.setdefault(name, []).append(seconds)
        print(f"in-process, one eval, {label} (medians, bytecode warm):")
        for name, times in phases.items():
            print(f"  {name:<20} {statistics.median(times) * 1000:6.1f} ms")
    if args.profile:
        profile_load()


def profile_load() -> None:
    import policylang.cli.evaluate  # noqa: F401  (the command's imports, outside the profile)
    from policylang.compiler.load import load
    from policylang.resources import bundled_policies

    profiler = cProfile.Profile()
    profiler.enable()
    load(bundled_policies())
    profiler.disable()
    print("cProfile of load(bundled policies), in-process, top 15 by own time:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(15)


def bench_large(args: argparse.Namespace) -> None:
    text, rules = generate(args.rules)
    print(f"generated: {rules} rules, {len(text) / 1024:.0f} KiB; {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.policy"
        path.write_text(text, encoding="utf-8")
        command = [policylang_script(), "check", str(path)]
        warm = {**ENVIRONMENT, "POLICYLANG_CACHE_DIR": str(Path(tmp) / "warm")}
        timed(command, warm)  # fills the parse cache
        walls: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as trees:  # cold: parsed, and cached for nothing
                walls.setdefault("cold", []).append(
                    timed(command, {**ENVIRONMENT, "POLICYLANG_CACHE_DIR": trees})
                )
                cpus.setdefault("cold", []).append(CPU[-1])
            walls.setdefault("warm", []).append(timed(command, warm))
            cpus.setdefault("warm", []).append(CPU[-1])
            if args.against:
                walls.setdefault("against", []).append(timed(command, against(args.against)))
                cpus.setdefault("against", []).append(CPU[-1])
        for label, runs in walls.items():
            what = {
                "cold": "parsed (empty parse cache)",
                "warm": "parse cache filled",
                "against": str(args.against),
            }[label]
            print(
                f"  policylang check FILE   median {statistics.median(runs):.2f} s wall, "
                f"{statistics.median(cpus[label]):.2f} s CPU, {what} "
                f"(best {min(runs):.2f} s; {args.repeat} runs)"
            )
        os.environ["POLICYLANG_NO_CACHE"] = "1"  # in-process: parse every time
        in_process(path, text, args.repeat)


def in_process(path: Path, text: str, repeat: int) -> None:
    """Parse, and parse and check, in this process (no interpreter start, no imports)."""
    from policylang.lang.loader import _parse_once, check_paths
    from policylang.lang.source import SourceFile
    from policylang.lang.syntax.parser import _ast_parser, parse

    _ast_parser()
    parse_wall, parse_cpu, check_wall, check_cpu = [], [], [], []
    for _ in range(repeat):
        _parse_once.cache_clear()  # parse again, as a new process would
        wall, cpu = time.perf_counter(), time.process_time()
        parse(SourceFile(str(path), text))
        parse_wall.append(time.perf_counter() - wall)
        parse_cpu.append(time.process_time() - cpu)
        _parse_once.cache_clear()
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_paths([path])
        check_wall.append(time.perf_counter() - wall)
        check_cpu.append(time.process_time() - cpu)
        assert report.ok, [d.message for d in report.errors[:3]]
        del report
    print(
        f"  in-process parse        median {statistics.median(parse_wall):.2f} s wall, "
        f"{statistics.median(parse_cpu):.2f} s CPU\n"
        f"  in-process parse+check  median {statistics.median(check_wall):.2f} s wall, "
        f"{statistics.median(check_cpu):.2f} s CPU (check_paths: what `policylang check` does; "
        f"target < 3 s); {load_average()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("eval", help="policylang eval against the import floor")
    evaluate.add_argument("--repeat", type=int, default=7)
    evaluate.add_argument("--profile", action="store_true", help="cProfile the load too")
    evaluate.add_argument("--against", type=Path, help="also time this checkout (e.g. main's)")
    large = commands.add_parser("large", help="a generated large policy, checked")
    large.add_argument("--rules", type=int, default=10_000)
    large.add_argument("--repeat", type=int, default=5)
    large.add_argument("--against", type=Path, help="also time this checkout (e.g. main's)")
    args = parser.parse_args(argv)
    {"eval": bench_eval, "large": bench_large}[args.command](args)


if __name__ == "__main__":
    main()
