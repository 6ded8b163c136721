"""``policylang serve`` against the bare-framework floor, and against itself with more workers.

Run by hand from the repository root::

    python bench/serve_floor.py                  # floor, serve, serve --workers 2; 3 rounds
    python bench/serve_floor.py --rounds 5 --seconds 8

The floor is what any decision service on the same stack pays before deciding anything: a
minimal Starlette app on the same uvicorn settings (uvloop, httptools, no access log) whose
``POST /v2/decisions`` reads the body, parses it with orjson and answers a fixed compact decision
of the workload's median size, encoded by orjson. ``policylang serve`` does that plus the
decision. Both are loaded by ``bench/http.py``'s closed loop (keep-alive connections, each sending
the next request of the seeded mixed workload as soon as the answer arrives), in alternating
order round by round, and the medians are compared: issue 18 asks for serve >= 0.75 of the floor
per worker and >= 1.7x with two workers. On a machine whose cores the load generator shares, two
workers cannot show that scaling: the figure says what this machine gives, not what a server
with a core per worker would.
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
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402

from bench.http import (  # noqa: E402
    asyncio_run,
    build_request,
    closed_loop,
    cpu_seconds,
    free_port,
    wait_ready,
)
from bench.workload import mixed  # noqa: E402

#: The floor app: the same stack as `policylang serve`, answering a fixed document.
FLOOR_APP = """
import orjson, sys
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

ANSWER = orjson.dumps(orjson.loads(sys.argv[1]))

async def decide(request):
    orjson.loads(await request.body())
    return Response(ANSWER, media_type="application/json")

async def health(request):
    return Response(b'{"status":"ok"}', media_type="application/json")

app = Starlette(routes=[Route("/v2/decisions", decide, methods=["POST"]),
                        Route("/health", health), Route("/ready", health)])

import uvicorn
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), loop="uvloop", http="httptools",
            access_log=False, log_level="warning")
"""


def median_decision(requests: Sequence[dict[str, object]]) -> str:
    """A compact decision of the workload's median size (what the floor answers)."""
    import policylang

    policies = policylang.load(ROOT / "policies")
    documents = sorted(
        (json.dumps(policies.evaluate(r).to_json(), ensure_ascii=False) for r in requests[:400]),
        key=len,
    )
    return documents[len(documents) // 2]


@contextlib.contextmanager
def started(command: list[str], port: int) -> Iterator[int]:
    """Run ``command`` (a server on ``port``) until the block ends; yields its pid."""
    server = subprocess.Popen(command, cwd=ROOT)
    try:
        wait_ready(f"http://127.0.0.1:{port}")
        yield server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def children_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its children (a supervisor's workers)."""
    total = cpu_seconds(pid) or 0.0
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += cpu_seconds(int(child)) or 0.0
    return total


def measure(
    command: list[str], port: int, bodies: list[bytes], args: argparse.Namespace
) -> dict[str, float]:
    """Decisions/s and server CPU per request of one server, loaded for ``args.seconds``."""
    singles = [
        build_request("127.0.0.1", port, "/v2/decisions", b, "application/json") for b in bodies
    ]
    with started(command, port) as pid:
        # A short warm-up fills the memos and the allocator, as a running service has them.
        asyncio_run(
            closed_loop(
                "warm",
                "127.0.0.1",
                port,
                singles,
                1,
                connections=args.connections,
                seconds=1.0,
                limit=10**9,
            )
        )
        before = children_cpu(pid)
        result = asyncio_run(
            closed_loop(
                "single",
                "127.0.0.1",
                port,
                singles,
                1,
                connections=args.connections,
                seconds=args.seconds,
                limit=10**9,
            )
        )
        cpu = children_cpu(pid) - before
    ok = result.decisions
    return {
        "per_s": ok / result.seconds if result.seconds else 0.0,
        "cpu_us": cpu / ok * 1e6 if ok else float("nan"),
        "errors": float(result.errors),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6.0, help="per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--distinct", type=int, default=2000)
    args = parser.parse_args(argv)

    requests = mixed(args.distinct)
    bodies = [json.dumps(r, ensure_ascii=False).encode() for r in requests]
    answer = median_decision(requests)
    print(
        f"{os.cpu_count()} cores; {args.connections} connections; {len(bodies)} distinct requests; "
        f"floor answers {len(answer.encode())} B; load average {os.getloadavg()[0]:.2f}"
    )

    def serve(workers: int, port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "policylang",
            "serve",
            "--port",
            str(port),
            "--policies",
            str(ROOT / "policies"),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ]

    servers = {
        "floor (Starlette + orjson)": lambda port: [
            sys.executable,
            "-c",
            FLOOR_APP,
            answer,
            str(port),
        ],
        "policylang serve": lambda port: serve(1, port),
        "policylang serve --workers 2": lambda port: serve(2, port),
    }
    figures: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
    for round_ in range(args.rounds):
        order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
        for name in order:
            port = free_port()
            figures[name].append(measure(servers[name](port), port, bodies, args))
        print(f"round {round_ + 1}: load average {os.getloadavg()[0]:.2f}")

    floor = statistics.median(f["per_s"] for f in figures["floor (Starlette + orjson)"])
    one = statistics.median(f["per_s"] for f in figures["policylang serve"])
    print(f"\n{'server':32} {'decisions/s':>12} {'server CPU µs/req':>18} {'vs floor':>9}")
    for name, runs in figures.items():
        rate = statistics.median(r["per_s"] for r in runs)
        cpu = statistics.median(r["cpu_us"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        note = f"  ({errors:.0f} errors)" if errors else ""
        print(f"{name:32} {rate:12,.0f} {cpu:18.1f} {rate / floor:9.2f}{note}")
    two = statistics.median(f["per_s"] for f in figures["policylang serve --workers 2"])
    print(
        f"\nserve / floor: {one / floor:.2f} (target >= 0.75); two workers / one: {two / one:.2f} "
        "(target >= 1.7, which needs a core per worker beside the load generator's)"
    )


if __name__ == "__main__":
    main()
