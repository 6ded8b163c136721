"""Load generator for ``policylang serve``: decisions/s and latency percentiles over HTTP.

Run by hand from the repository root (it starts its own server on a free 127.0.0.1 port unless
``--url`` names one; only loopback addresses are accepted)::

    python bench/http.py                       # single, batch, and single at half the max rate
    python bench/http.py --soak 1000000        # + a million single requests, server RSS sampled

Scenarios, each bounded in time and in requests:

* **single, max** — closed loop: ``--connections`` keep-alive connections, each sending the next
  ``POST /v2/decisions`` as soon as the previous answer arrives. Throughput is the capacity.
* **batch, max** — the same with ``POST /v2/decisions/batch`` of ``--batch-size`` requests;
  decisions/s counts items. Latency is per HTTP request.
* **single, paced** — open loop at a fixed rate (default: half of the measured single capacity).
  Latency is measured from when each request was *due* to be sent, not when it was, so a stall
  of the server is not hidden by the client waiting politely (coordinated omission).
* **soak** (``--soak N``) — N single requests, closed loop; the server's resident memory is
  sampled from ``/proc`` as it goes.

The client is asyncio on raw sockets (uvloop when installed), HTTP/1.1 with keep-alive: a Python
client costs far less per request than httpx, but it shares the machine's two cores with the
server, so the figures are a floor for what the server does on a core of its own. The requests
are the seeded mixed workload of ``bench/workload.py`` (valid requests over the five policies).
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
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import ipaddress  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from array import array  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from bench.workload import mixed  # noqa: E402

#: Hard caps whatever the arguments say: every loop of this script ends.
MAX_SECONDS_PER_SCENARIO = 900.0
MAX_REQUESTS = 5_000_000


@dataclass
class Result:
    """What one scenario measured."""

    name: str
    requests: int = 0
    decisions: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: array[float] = field(default_factory=lambda: array("d"))
    rss_kib: list[tuple[int, int]] = field(default_factory=list)  # (requests done, RSS KiB)
    server_cpu: float | None = None  # seconds of CPU the server used during the scenario

    def count(self, status: int, latency: float, decisions: int = 1) -> None:
        """One answer: its status (200 counts ``decisions``, anything else an error)."""
        self.latencies.append(latency)
        self.requests += 1
        if status == 200:
            self.decisions += decisions
        else:
            self.errors += 1

    def percentile(self, q: float) -> float:
        """The q-th percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] * 1000

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        out: dict[str, Any] = {
            "scenario": self.name,
            "requests": self.requests,
            "decisions": self.decisions,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds) if self.seconds else 0,
            "decisions_per_s": round(self.decisions / self.seconds) if self.seconds else 0,
            "p50_ms": round(self.percentile(50), 3),
            "p99_ms": round(self.percentile(99), 3),
            "max_ms": round(max(self.latencies, default=0) * 1000, 3),
        }
        if self.server_cpu is not None and self.decisions:
            out["server_cpu_s"] = round(self.server_cpu, 2)
            out["server_cpu_us_per_decision"] = round(self.server_cpu / self.decisions * 1e6, 1)
        if self.rss_kib:
            out["rss_mib"] = [(n, round(kib / 1024, 1)) for n, kib in self.rss_kib]
        return out


class _Client(asyncio.Protocol):
    """The socket side of a :class:`Connection`: counts bytes until a whole answer is in.

    A protocol rather than StreamReader: reading a 15 KB answer through readuntil/readexactly
    costs several futures per request, and this client shares two cores with the server.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[int] | None = None
        self.status = 0
        self.need = -1  # bytes of the whole answer (head + body); -1: head not complete yet
        self.chunked = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.need < 0:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            self.status = int(head[9:12])
            marker = head.find(b"content-length:")
            if marker >= 0:
                stop = head.find(b"\r\n", marker)
                length = int(head[marker + 15 : stop if stop >= 0 else len(head)])
                self.need = end + 4 + length
            else:
                self.chunked = True
                self.need = end + 4
        if self.chunked:
            # The last chunk of a chunked body is "0\r\n\r\n" (no trailers from uvicorn).
            if not self.buffer.endswith(b"\r\n0\r\n\r\n") and self.buffer[self.need :] != (
                b"0\r\n\r\n"
            ):
                return
        elif len(self.buffer) < self.need:
            return
        waiter = self.waiter
        self.buffer.clear()
        self.need = -1
        self.chunked = False
        if waiter is not None and not waiter.done():
            waiter.set_result(self.status)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc or ConnectionError("the server closed the connection"))


class Connection:
    """One keep-alive HTTP/1.1 connection that sends prebuilt requests and reads the answers."""

    def __init__(self, client: _Client):
        self.client = client

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        """Connect (loopback only)."""
        loop = asyncio.get_running_loop()
        _, client = await loop.create_connection(_Client, host, port)
        return cls(client)

    async def roundtrip(self, raw: bytes) -> int:
        """Send one request and wait for its whole answer; the status code."""
        client = self.client
        assert client.transport is not None
        client.waiter = asyncio.get_running_loop().create_future()
        client.transport.write(raw)
        return await asyncio.wait_for(client.waiter, timeout=30)

    @property
    def closed(self) -> bool:
        """Whether the server (or this client) closed the connection."""
        transport = self.client.transport
        return transport is None or transport.is_closing()

    def close(self) -> None:
        """Close the socket."""
        if self.client.transport is not None:
            self.client.transport.close()


def build_request(host: str, port: int, path: str, body: bytes, content_type: str) -> bytes:
    """A complete HTTP/1.1 request, ready to write."""
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def closed_loop(
    name: str,
    host: str,
    port: int,
    bodies: Sequence[bytes],
    per_request: int,
    *,
    connections: int,
    seconds: float,
    limit: int,
    sample: Callable[[int], None] | None = None,
) -> Result:
    """Each connection sends as fast as answers come, until ``seconds`` or ``limit`` requests."""
    result = Result(name)
    deadline = time.perf_counter() + min(seconds, MAX_SECONDS_PER_SCENARIO)
    limit = min(limit, MAX_REQUESTS)
    issued = 0
    sample_every = max(1, limit // 20)

    async def worker() -> None:
        nonlocal issued
        conn = await Connection.open(host, port)
        try:
            while issued < limit and time.perf_counter() < deadline:
                raw = bodies[issued % len(bodies)]
                issued += 1
                start = time.perf_counter()
                status = await conn.roundtrip(raw)
                result.count(status, time.perf_counter() - start, per_request)
                if sample is not None and result.requests % sample_every == 0:
                    sample(result.requests)
        finally:
            conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    result.seconds = time.perf_counter() - began
    return result


async def open_loop(
    name: str,
    host: str,
    port: int,
    bodies: Sequence[bytes],
    *,
    rate: float,
    connections: int,
    seconds: float,
) -> Result:
    """Requests due at a fixed ``rate``; latency from the due time (no coordinated omission)."""
    result = Result(name)
    total = min(int(rate * min(seconds, MAX_SECONDS_PER_SCENARIO)), MAX_REQUESTS)
    began = time.perf_counter() + 0.05

    async def worker(k: int) -> None:
        conn = await Connection.open(host, port)
        try:
            for i in range(k, total, connections):
                due = began + i / rate
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                status = await conn.roundtrip(bodies[i % len(bodies)])
                result.count(status, time.perf_counter() - due)
        finally:
            conn.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    result.seconds = time.perf_counter() - began
    return result


# ---------------------------------------------------------------------- the server under test


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(url: str, timeout: float = 30.0) -> None:
    """Poll ``/ready`` until it answers 200 (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "/ready", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.1)
    raise SystemExit(f"the server at {url} did not become ready in {timeout:.0f} s")


def cpu_seconds(pid: int | None) -> float | None:
    """User plus system CPU time process ``pid`` has used, in seconds (Linux)."""
    if pid is None:
        return None
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    """The resident set size of process ``pid``, in KiB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def check_loopback(host: str) -> None:
    """Refuse any target that is not this machine."""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"refusing to load {host}: this benchmark targets loopback only")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the scenarios and print the figures (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server (loopback only)")
    parser.add_argument("--server-pid", type=int, help="its pid, to sample its memory")
    parser.add_argument("--policies", default=str(ROOT / "policies"))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--rate", type=float, help="paced single rate (default: half the max)")
    parser.add_argument("--soak", type=int, default=0, help="single requests in the soak")
    parser.add_argument("--distinct", type=int, default=2000, help="distinct requests cycled")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--priority",
        type=int,
        help="renice the server and this client (e.g. -10; negative needs root): on a shared "
        "machine, other tenants' jobs otherwise decide the tail latency",
    )
    args = parser.parse_args(argv)

    with serving(args.url, args.policies, "--log-level", "warning") as (host, port, started):
        pid = started if args.url is None else args.server_pid
        if args.priority is not None:
            os.setpriority(os.PRIO_PROCESS, 0, args.priority)
            if pid is not None:
                os.setpriority(os.PRIO_PROCESS, pid, args.priority)
        asyncio_run(run(args, host, port, pid))


@contextlib.contextmanager
def serving(url: str | None, policies: str, *options: str) -> Iterator[tuple[str, int, int | None]]:
    """The server to load: the one at ``url`` (loopback only), or ``policylang serve`` started
    here on a free port with ``options`` and stopped afterwards. Yields its host, port and the
    pid of the process started (None for ``url``), once it is ready."""
    server: subprocess.Popen[bytes] | None = None
    if url is None:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "policylang", "serve", "--port", str(port)]
        command += ["--policies", policies, *options]
        server = subprocess.Popen(command, cwd=ROOT)
    url = url.rstrip("/")
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    try:
        check_loopback(host)
        wait_ready(url)
        yield host, port, None if server is None else server.pid
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def asyncio_run(coroutine: Any) -> Any:
    """Run on uvloop when it is installed (the client must cost as little as it can)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


async def run(args: argparse.Namespace, host: str, port: int, pid: int | None) -> None:
    """The scenarios, in order."""
    requests = mixed(args.distinct)
    encoded = [json.dumps(r, ensure_ascii=False).encode() for r in requests]
    singles = [build_request(host, port, "/v2/decisions", b, "application/json") for b in encoded]
    batches = []
    for start in range(0, len(encoded), args.batch_size):
        chunk = encoded[start : start + args.batch_size]
        if len(chunk) == args.batch_size:
            body = b"[" + b",".join(chunk) + b"]"
            batches.append(
                build_request(host, port, "/v2/decisions/batch", body, "application/json")
            )
    print(
        f"policylang serve on {host}:{port}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {args.connections} connections; {len(encoded)} distinct "
        f"requests; load average {os.getloadavg()[0]:.2f}; "
        f"priority {os.getpriority(os.PRIO_PROCESS, 0)}"
    )
    results: list[Result] = []

    # Warm up: memoized selections, calendar year plans, the allocator.
    await closed_loop("warmup", host, port, singles, 1, connections=args.connections,
                      seconds=3, limit=len(singles) * 2)  # fmt: skip

    single = await measured(pid, closed_loop(
        "single, max", host, port, singles, 1,
        connections=args.connections, seconds=args.seconds, limit=MAX_REQUESTS,
    ))  # fmt: skip
    results.append(single)
    report(single)

    batch = await measured(pid, closed_loop(
        f"batch of {args.batch_size}, max", host, port, batches, args.batch_size,
        connections=max(2, args.connections // 4), seconds=args.seconds, limit=MAX_REQUESTS,
    ))  # fmt: skip
    results.append(batch)
    report(batch)

    rate = args.rate or max(1.0, single.decisions / single.seconds / 2)
    paced = await measured(pid, open_loop(
        f"single, paced at {rate:.0f}/s", host, port, singles,
        rate=rate, connections=args.connections, seconds=args.seconds,
    ))  # fmt: skip
    results.append(paced)
    report(paced)

    if args.soak:
        soak = Result("soak")
        if pid is not None:
            soak.rss_kib.append((0, rss_kib(pid)))

        def sample(done: int) -> None:
            if pid is not None:
                soak.rss_kib.append((done, rss_kib(pid)))

        ran = await measured(pid, closed_loop(
            f"soak, {args.soak} single", host, port, singles, 1,
            connections=args.connections, seconds=MAX_SECONDS_PER_SCENARIO, limit=args.soak,
            sample=sample,
        ))  # fmt: skip
        ran.rss_kib = soak.rss_kib
        results.append(ran)
        report(ran)
    if args.json:
        print(json.dumps([r.summary() for r in results], indent=2))


async def measured(pid: int | None, scenario: Any) -> Result:
    """Run one scenario, recording the server's CPU time over it."""
    before = cpu_seconds(pid)
    result: Result = await scenario
    after = cpu_seconds(pid)
    if before is not None and after is not None:
        result.server_cpu = after - before
    return result


def report(result: Result) -> None:
    """One line per scenario."""
    s = result.summary()
    line = (
        f"{s['scenario']:<28} {s['decisions_per_s']:>8} decisions/s  {s['requests_per_s']:>7} req/s"
        f"  p50 {s['p50_ms']:7.2f} ms  p99 {s['p99_ms']:7.2f} ms  max {s['max_ms']:8.2f} ms"
        f"  ({s['requests']} requests, {s['errors']} errors, {s['seconds']} s)"
    )
    if "server_cpu_us_per_decision" in s:
        per = s["server_cpu_us_per_decision"]
        line += f"\n    server CPU {per} us/decision: {1e6 / per:.0f} decisions/s per core"
    print(line, flush=True)
    if result.rss_kib:
        shown = ", ".join(f"{n}: {mib} MiB" for n, mib in s["rss_mib"])
        print(f"    server RSS by requests done: {shown}", flush=True)


if __name__ == "__main__":
    main()
