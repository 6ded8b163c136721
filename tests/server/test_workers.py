"""`policylang serve --workers 2`: two processes on one port, each with the limits, each reloading."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import start_server

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for the workers")

REQUEST = {"policy": "bpmsoft_care", "opened_at": "2026-03-06T17:20:00+03:00", "priority": "high"}


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8")
    return [int(p) for p in text.split()]


def _fresh_connections(url: str, path: str, count: int) -> list[httpx.Response]:
    """``count`` requests, each on a new connection (the kernel spreads connections, not requests)."""
    answers = []
    for _ in range(count):
        with httpx.Client(base_url=url, timeout=10.0) as client:
            answers.append(client.get(path))
    return answers


def _until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.2)
    return False


def test_two_workers_share_the_port_keep_the_limits_and_reload(tmp_path: Path) -> None:
    server = start_server(tmp_path, args=["--workers", "2", "--max-header-size", "2048"])
    try:
        assert _until(lambda: len(_children(server.process.pid)) == 2, 15)
        with server.client() as client:
            answer = client.post("/v2/decisions", json=REQUEST)
            assert answer.status_code == 200, answer.text
        # The head-size limit of the custom protocol holds on every connection, whichever
        # worker the kernel hands it to.
        host, port = server.url.removeprefix("http://").split(":")
        for _ in range(12):
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 4096)
                assert sock.recv(64).startswith(b"HTTP/1.1 431")
        # A change of the files reaches both workers: every fresh connection sees it.
        before = {r.json()["generation"] for r in _fresh_connections(server.url, "/ready", 6)}
        path = server.policies / "itc.policy"
        path.write_text(path.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
        assert _until(
            lambda: all(
                r.json()["generation"] > max(before)
                for r in _fresh_connections(server.url, "/ready", 12)
            ),
            30,
        ), server.log_text()
        # A worker that dies is replaced.
        first = _children(server.process.pid)[0]
        os.kill(first, signal.SIGKILL)
        assert _until(
            lambda: len(kids := _children(server.process.pid)) == 2 and first not in kids, 15
        )
        assert all(r.status_code == 200 for r in _fresh_connections(server.url, "/health", 6))
        assert "exited (code -9): restarting it" in server.log_text()
        workers = _children(server.process.pid)
    finally:
        server.stop()
    assert server.process.returncode == 0, server.log_text()
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)
