"""``policylang serve --workers N``: N server processes on one port, each a whole server.

Why not uvicorn's own ``workers=N``: its supervisor starts workers with ``spawn``, which pickles
the configuration, and ours holds the application object and the protocol class built for the
connection limits (:mod:`policylang.server.protocol`), neither of which pickles; an import string
would lose the limits. Here the supervisor *forks* each worker from a process whose configuration
is complete, so every worker keeps the same protocol class, the same limits, the same masks and
admin token: nothing is rebuilt from strings.

Each worker binds its own listening socket to the port with ``SO_REUSEPORT`` (Linux, the BSDs,
macOS), and the kernel spreads new connections across the workers' sockets evenly; a shared
socket instead lets whichever worker is least busy at ``accept`` take most keep-alive
connections, which defeats the point on a loaded machine. The supervisor binds the port first
without listening (so a taken port fails at once, and port 0 picks the one port all workers
use), then watches its workers: one that dies is restarted, at most :data:`MAX_RESTARTS` times a
minute (beyond, it is taken to be a crash loop and everything stops with exit code 1). SIGINT and
SIGTERM go to every worker, which finishes its requests as uvicorn does alone.

Each worker loads the policies and watches them itself, so each reloads on a change of the files.
``POST /v1/reload`` reloads the one worker that answers it; with several workers, rely on the
watcher (or restart). POSIX only (``fork``).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import time
from collections import deque
from typing import Any

__all__ = ["MAX_RESTARTS", "serve_workers"]

_logger = logging.getLogger("policylang.server")

#: Worker restarts allowed in any 60 s before the supervisor gives up.
MAX_RESTARTS = 5
_POLL_SECONDS = 0.2


def _reuse_port_socket(host: str, port: int, *, listen: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if listen:
        sock.listen(2048)
    return sock


def _worker(config: Any, port: int) -> None:
    """One worker: its own socket on the shared port, and a uvicorn server on it."""
    import uvicorn  # noqa: PLC0415 - the serve command imports it; this runs after fork

    # The supervisor's handlers were copied by fork: uvicorn installs its own in run().
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sock = _reuse_port_socket(config.host, port, listen=True)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(config: Any, count: int) -> int:
    """Run ``count`` workers of ``config`` (a ``uvicorn.Config``) until stopped; the exit code."""
    if not hasattr(socket, "SO_REUSEPORT") or not hasattr(os, "fork"):
        _logger.error("--workers needs SO_REUSEPORT and fork (Linux, the BSDs or macOS)")
        return 1
    try:
        # Bound, never listening: it holds the port (and resolves port 0) but takes no client.
        holder = _reuse_port_socket(config.host, config.port, listen=False)
    except OSError as error:
        _logger.error("cannot listen on %s:%s: %s", config.host, config.port, error)
        return 1
    port = holder.getsockname()[1]
    context = multiprocessing.get_context("fork")
    workers: dict[int, Any] = {}
    stopping = False

    def start(slot: int) -> None:
        process = context.Process(target=_worker, args=(config, port), name=f"worker-{slot}")
        process.start()
        workers[slot] = process

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    _logger.info("serving on %s:%d with %d worker processes", config.host, port, count)
    restarts: deque[float] = deque()
    code = 0
    try:
        for slot in range(count):
            start(slot)
        while not stopping and code == 0:
            time.sleep(_POLL_SECONDS)
            code = 0 if stopping else _replace_dead(workers, start, restarts)
    finally:
        _stop_all(list(workers.values()), config.timeout_graceful_shutdown)
        holder.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return code


def _replace_dead(workers: dict[int, Any], start: Any, restarts: deque[float]) -> int:
    """Restart the workers that died; 1 when they die too often (a crash loop), else 0."""
    for slot, process in list(workers.items()):
        if process.is_alive():
            continue
        now = time.monotonic()
        restarts.append(now)
        while restarts and restarts[0] < now - 60:
            restarts.popleft()
        if len(restarts) > MAX_RESTARTS:
            _logger.error("workers keep dying (exit code %s): stopping", process.exitcode)
            return 1
        _logger.warning("worker %d exited (code %s): restarting it", slot, process.exitcode)
        start(slot)
    return 0


def _stop_all(processes: list[Any], grace: float | None) -> None:
    for process in processes:
        if process.is_alive() and process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + (grace or 30) + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(5)
