"""Hostile clients beside normal ones: does ``policylang serve`` keep answering?

Run by hand from the repository root (it starts its own server on a free 127.0.0.1 port unless
``--url`` names one; only loopback addresses are accepted)::

    python bench/hostile.py                                  # every scenario, 15 s each
    python bench/hostile.py --scenarios alone,slow-body --slow-body 2000

Each scenario runs the same normal clients for ``--seconds``: ``--connections`` keep-alive
connections sending the seeded mixed workload of ``bench/workload.py`` open-loop at ``--rate``
requests per second (latency counts from when each request was due, so a stall is not hidden by
a client waiting politely), and a probe asking ``GET /health`` every 20 ms on its own connection.
Beside them, the scenario's attackers, which reconnect as soon as the server closes them:

* ``alone``: no attacker (the reference).
* ``slowloris`` (``--slowloris N``): N connections sending a request line and a header one byte
  every ``--trickle`` seconds, never finishing them.
* ``slow-body`` (``--slow-body N``): N connections sending whole headers for a 1,000 byte body,
  then a few bytes of it, then one byte every ``--trickle`` seconds.
* ``idle`` (``--idle N``): N connections that connect and send nothing.
* ``huge-headers`` (``--huge-headers N``): N clients sending requests with 1 MiB of headers,
  over and over.
* ``huge-fields`` (``--huge-fields N``): N clients sending 1 MiB bodies of ~95,000 unknown fields
  (a "did you mean" each, before the cap) as fast as the answers come.
* ``flood`` (``--flood N``): N clients sending valid requests as fast as the answers come (they
  compete for the CPU: what they cost the normal clients is the price of sharing it).
* ``all``: every attacker above at once.

Reported per scenario: the normal clients' p50/p99 and errors (any status but 200, any
connection closed under them, any answer later than 30 s), ``/health``'s worst latency, and
what each attacker got (connections made, closed by the server, the statuses answered), then
the same as a Markdown table.
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
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Awaitable, Callable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from bench.http import (  # noqa: E402
    Connection,
    Result,
    asyncio_run,
    build_request,
    serving,
)
from bench.workload import mixed  # noqa: E402

#: Every loop of this script ends: a scenario lasts at most this long whatever the arguments say.
MAX_SECONDS_PER_PHASE = 600.0
#: How long an attacker waits for the server to accept or answer before counting it as stalled.
ATTACK_IO_TIMEOUT = 60.0
#: Every scenario, in the order they run by default.
SCENARIOS = (
    "alone", "slowloris", "slow-body", "idle", "huge-headers", "huge-fields", "flood", "all",
)  # fmt: skip


@dataclass
class Target:
    """The server under test, and the signal that tells attackers to stop."""

    host: str
    port: int
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def host_header(self) -> bytes:
        """The Host header line of a request to it."""
        return f"Host: {self.host}:{self.port}\r\n".encode()


@dataclass
class Tally(Result):
    """A :class:`Result` that also says why each failed request failed, and how /health did."""

    failures: Counter[str] = field(default_factory=Counter)
    health: list[float] = field(default_factory=list)
    health_errors: int = 0


@dataclass
class Attack:
    """What one kind of attacker saw."""

    name: str
    connections: int = 0
    closed_by_server: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    held: list[float] = field(default_factory=list)  # seconds each closed connection was held

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        held = sorted(self.held)
        return {
            "attack": self.name,
            "connections": self.connections,
            "closed_by_server": self.closed_by_server,
            "statuses": dict(self.statuses),
            "held_median_s": round(held[len(held) // 2], 1) if held else None,
        }


async def _status_of(reader: asyncio.StreamReader) -> str:
    """The status code of the answer on ``reader`` (or why there is none), reading it whole."""
    try:
        line = await asyncio.wait_for(reader.readline(), ATTACK_IO_TIMEOUT)
    except (TimeoutError, ConnectionError):
        return "no answer"
    if not line:
        return "closed"
    return line.split(b" ", 2)[1].decode() if line.count(b" ") >= 1 else "garbage"


async def _read_answer(reader: asyncio.StreamReader) -> str:
    """Read a whole answer (Content-Length or chunked); its status."""
    status = await _status_of(reader)
    if not status.isdigit():
        return status
    length = None
    chunked = False
    while True:
        line = await asyncio.wait_for(reader.readline(), ATTACK_IO_TIMEOUT)
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value:
            chunked = True
    if length is not None:
        await asyncio.wait_for(reader.readexactly(length), ATTACK_IO_TIMEOUT)
    elif chunked:
        while True:
            size = int((await asyncio.wait_for(reader.readline(), ATTACK_IO_TIMEOUT)), 16)
            await asyncio.wait_for(reader.readexactly(size + 2), ATTACK_IO_TIMEOUT)
            if size == 0:
                break
    return status


async def _connect(
    attack: Attack, target: Target
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A new connection for ``attack``, or None (counted, after a pause) when refused."""
    try:
        streams = await asyncio.wait_for(
            asyncio.open_connection(target.host, target.port), ATTACK_IO_TIMEOUT
        )
    except (OSError, TimeoutError):
        attack.statuses["connect failed"] += 1
        await asyncio.sleep(0.5)
        return None
    attack.connections += 1
    return streams


async def _trickler(
    attack: Attack, target: Target, first: bytes, trickle: bytes, *, every: float
) -> None:
    """One slow connection at a time: send ``first``, then one byte of ``trickle`` every
    ``every`` seconds; when the server closes it, note how it ended and connect again."""
    stop = target.stop
    while not stop.is_set():
        streams = await _connect(attack, target)
        if streams is None:
            continue
        reader, writer = streams
        opened = time.monotonic()
        try:
            writer.write(first)
            for index in range(len(trickle)):
                answered = asyncio.ensure_future(reader.read(1))
                try:
                    await asyncio.wait_for(asyncio.shield(answered), every)
                except TimeoutError:
                    answered.cancel()
                    if stop.is_set():
                        break
                    writer.write(trickle[index : index + 1])
                    await writer.drain()
                    continue
                # The server said something (or closed): note it and start over.
                if answered.result():
                    attack.statuses[await _status_of(reader)] += 1
                else:
                    attack.statuses["closed"] += 1
                attack.closed_by_server += 1
                attack.held.append(time.monotonic() - opened)
                break
        except (ConnectionError, OSError):
            attack.closed_by_server += 1
            attack.statuses["reset"] += 1
            attack.held.append(time.monotonic() - opened)
        finally:
            writer.close()


async def _repeater(attack: Attack, target: Target, raw: bytes) -> None:
    """Send ``raw`` over and over, as fast as the answers come, reconnecting when closed."""
    stop = target.stop
    while not stop.is_set():
        streams = await _connect(attack, target)
        if streams is None:
            continue
        reader, writer = streams
        try:
            while not stop.is_set():
                writer.write(raw)
                status = await _read_answer(reader)
                attack.statuses[status] += 1
                if not status.isdigit():
                    attack.closed_by_server += 1
                    break
        except (ConnectionError, OSError, asyncio.IncompleteReadError, TimeoutError):
            attack.closed_by_server += 1
            attack.statuses["reset"] += 1
        finally:
            writer.close()


def huge_field_body(size: int = 1 << 20) -> bytes:
    """A request of about ``size`` bytes that is nothing but unknown fields."""
    parts = [b'{"policy":"itc","opened_at":"2026-03-06T10:00:00+07:00"']
    total = len(parts[0])
    index = 0
    while total < size - 16:
        part = b',"f%d":1' % index
        parts.append(part)
        total += len(part)
        index += 1
    parts.append(b"}")
    return b"".join(parts)


Runner = Callable[[], Awaitable[None]]


def attackers(
    scenario: str, args: argparse.Namespace, target: Target
) -> tuple[list[Attack], list[Runner]]:
    """The attackers of ``scenario`` (every kind for ``all``), and their tallies."""
    hosthdr = target.host_header
    attacks: list[Attack] = []
    runners: list[Runner] = []

    def add(name: str, count: int, make: Callable[[Attack], Runner]) -> None:
        if count > 0 and scenario in (name, "all"):
            attack = Attack(name)
            attacks.append(attack)
            runners.extend(make(attack) for _ in range(count))

    loris = b"POST /v2/decisions HTTP/1.1\r\n" + hosthdr + b"X-a: "
    add("slowloris", args.slowloris, lambda a: lambda: _trickler(
        a, target, loris, b"b" * 100_000, every=args.trickle))  # fmt: skip
    slow_body = (
        b"POST /v2/decisions HTTP/1.1\r\n" + hosthdr
        + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        + b'{"policy": "itc", '
    )  # fmt: skip
    add("slow-body", args.slow_body, lambda a: lambda: _trickler(
        a, target, slow_body, b" " * 2000, every=args.trickle))  # fmt: skip
    add("idle", args.idle, lambda a: lambda: _trickler(
        a, target, b"", b"G", every=MAX_SECONDS_PER_PHASE))  # fmt: skip
    big = (
        b"GET /health HTTP/1.1\r\n" + hosthdr
        + b"".join(b"X-%d: %s\r\n" % (i, b"v" * 1000) for i in range(1024)) + b"\r\n"
    )  # fmt: skip
    add("huge-headers", args.huge_headers, lambda a: lambda: _repeater(a, target, big))
    fields = build_request(
        target.host, target.port, "/v2/decisions", huge_field_body(), "application/json"
    )
    add("huge-fields", args.huge_fields, lambda a: lambda: _repeater(a, target, fields))
    valid = build_request(
        target.host, target.port, "/v2/decisions", json.dumps(mixed(1)[0]).encode(),
        "application/json",
    )  # fmt: skip
    add("flood", args.flood, lambda a: lambda: _repeater(a, target, valid))
    return attacks, runners


async def scenario_run(
    name: str, target: Target, normal: Sequence[bytes], args: argparse.Namespace
) -> tuple[Tally, list[Attack]]:
    """Run the normal clients and the /health probe for ``--seconds`` beside the attackers."""
    target.stop = asyncio.Event()
    attacks, runners = attackers(name, args, target)
    tasks = [asyncio.ensure_future(runner()) for runner in runners]
    if tasks:
        await asyncio.sleep(args.ramp)  # let the attackers take their positions
    result = Tally(name)
    probe = asyncio.ensure_future(_probe_health(target, result))
    try:
        await _normal_clients(target, normal, args, result)
    finally:
        target.stop.set()
        for task in [*tasks, probe]:
            task.cancel()
        await asyncio.gather(*tasks, probe, return_exceptions=True)
    return result, attacks


async def _probe_health(target: Target, result: Tally) -> None:
    """GET /health every 20 ms on a connection of its own; each answer's latency."""
    raw = b"GET /health HTTP/1.1\r\n" + target.host_header + b"\r\n"
    conn: Connection | None = None
    while not target.stop.is_set():
        began = time.perf_counter()
        try:
            if conn is None or conn.closed:
                conn = await asyncio.wait_for(Connection.open(target.host, target.port), 30)
            status = await conn.roundtrip(raw)
        except (OSError, TimeoutError, RuntimeError):
            status = 0
            conn = None
        result.health.append(time.perf_counter() - began)
        if status != 200:
            result.health_errors += 1
        await asyncio.sleep(0.02)


async def _normal_clients(
    target: Target, normal: Sequence[bytes], args: argparse.Namespace, result: Tally
) -> None:
    """``open_loop`` of bench/http.py, where a connection that breaks is an error counted and
    replaced rather than the end of the run."""
    seconds = min(args.seconds, MAX_SECONDS_PER_PHASE)
    total = int(args.rate * seconds)
    began = time.perf_counter() + 0.05

    async def worker(k: int) -> None:
        conn: Connection | None = None
        for i in range(k, total, args.connections):
            due = began + i / args.rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                if conn is None or conn.closed:
                    conn = await asyncio.wait_for(Connection.open(target.host, target.port), 30)
                status = await conn.roundtrip(normal[i % len(normal)])
            except (OSError, TimeoutError, RuntimeError) as error:  # RuntimeError: uvloop, closed
                status = 0
                result.failures[type(error).__name__] += 1
                if conn is not None:
                    conn.close()
                conn = None
            result.count(status, time.perf_counter() - due)
            if status not in (0, 200):
                result.failures[str(status)] += 1
        if conn is not None:
            conn.close()

    await asyncio.gather(*(worker(k) for k in range(args.connections)))
    result.seconds = time.perf_counter() - began


def main(argv: Sequence[str] | None = None) -> None:
    """Run the scenarios and print the figures (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server (loopback only)")
    parser.add_argument("--policies", default=str(ROOT / "policies"))
    parser.add_argument("--serve-arg", action="append", default=[], help="extra serve option")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated")
    parser.add_argument("--connections", type=int, default=8, help="normal clients")
    parser.add_argument("--rate", type=float, default=200.0, help="normal requests per second")
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario")
    parser.add_argument("--ramp", type=float, default=3.0, help="attackers' head start, s")
    parser.add_argument("--trickle", type=float, default=2.0, help="seconds between bytes")
    parser.add_argument("--slowloris", type=int, default=1000)
    parser.add_argument("--slow-body", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--huge-headers", type=int, default=4)
    parser.add_argument("--huge-fields", type=int, default=4)
    parser.add_argument("--flood", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    unknown = set(args.scenarios.split(",")) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}; known: {', '.join(SCENARIOS)}")

    with serving(args.url, args.policies, "--log-level", "error", *args.serve_arg) as (
        host,
        port,
        _pid,
    ):
        asyncio_run(run(args, host, port))


async def run(args: argparse.Namespace, host: str, port: int) -> None:
    """The scenarios, in order; a table at the end."""
    target = Target(host, port)
    encoded = [json.dumps(r, ensure_ascii=False).encode() for r in mixed(2000)]
    normal = [build_request(host, port, "/v2/decisions", b, "application/json") for b in encoded]
    print(
        f"policylang serve on {host}:{port}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; normal clients: {args.connections} connections at "
        f"{args.rate:.0f}/s, {args.seconds:g} s per scenario; load average "
        f"{os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows = []
    for name in args.scenarios.split(","):
        result, attacks = await scenario_run(name, target, normal, args)
        report(result, attacks)
        rows.append((result, attacks))
    print(f"load average after: {os.getloadavg()[0]:.2f}\n")
    print("| scenario | normal p50 | normal p99 | normal errors | /health max | /health errors |")
    print("|---|---|---|---|---|---|")
    for result, _attacks in rows:
        s = result.summary()
        health = max(result.health, default=float("nan")) * 1000
        print(
            f"| {result.name} | {s['p50_ms']:.2f} ms | {s['p99_ms']:.2f} ms | "
            f"{s['errors']:,} / {s['requests']:,} | {health:.1f} ms | "
            f"{result.health_errors:,} / {len(result.health):,} |"
        )
    if args.json:
        print(
            json.dumps(
                [
                    {
                        **r.summary(),
                        "failures": dict(r.failures),
                        "health_max_ms": round(max(r.health, default=0) * 1000, 1),
                        "health_errors": r.health_errors,
                        "attacks": [a.summary() for a in attacks],
                    }
                    for r, attacks in rows
                ],
                indent=2,
            )
        )


def report(result: Tally, attacks: Sequence[Attack]) -> None:
    """The normal clients' line, then one line per attacker kind."""
    s = result.summary()
    health = sorted(result.health)
    worst = health[-1] * 1000 if health else float("nan")
    print(
        f"{result.name:<13} normal p50 {s['p50_ms']:7.2f} ms  p99 {s['p99_ms']:8.2f} ms  "
        f"max {s['max_ms']:9.2f} ms  {s['requests']} requests, {s['errors']} errors "
        f"{dict(result.failures) or ''}; /health max {worst:.1f} ms, "
        f"{result.health_errors} errors",
        flush=True,
    )
    for attack in attacks:
        a = attack.summary()
        print(
            f"    {a['attack']:<13} {a['connections']:>6} connections, "
            f"{a['closed_by_server']:>6} closed by the server (median held "
            f"{a['held_median_s']} s); answers {a['statuses']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
