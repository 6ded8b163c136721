"""Real servers for the HTTP tests: ``policylang serve`` processes on free 127.0.0.1 ports.

Every server serves a copy of ``policies/`` in a temporary directory (reload tests edit it), and
every wait is bounded. A server's stderr goes to a file the tests can read (reload diagnostics,
internal-error tracebacks).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from referencing import Registry, Resource

from tests.conftest import ROOT

#: How long a server may take to start (loading and compiling the policies is most of it).
START_TIMEOUT = 60.0

#: The shared server's batch limit: small, so the limit itself is cheap to test.
SHARED_MAX_BATCH = 50

# A request every bundled policy answers, and the README's example.
EXAMPLE = {
    "policy": "bpmsoft_care",
    "opened_at": "2026-03-06T17:20:00+03:00",
    "priority": "critical",
}


#: The TLS settings every client here shares. The servers speak plain HTTP, so it is never used,
#: but httpx builds one per client by default (the CA bundle: ~20 ms of CPU each, several hundred
#: clients in a run).
TLS = ssl.create_default_context()

#: The admin token of the servers started here (given through POLICYLANG_ADMIN_TOKEN).
ADMIN_TOKEN = "test-admin-token-5f3c9a1e7b2d"
#: What an admin request sends: the token, and the Content-Type every POST must declare.
ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}", "content-type": "application/json"}


def free_port() -> int:
    """A port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``policylang serve`` process."""

    process: subprocess.Popen[bytes]
    url: str
    policies: Path
    stderr: Path
    decision_log: Path | None

    def client(self, **kwargs: Any) -> httpx.Client:
        """An HTTP client for this server (bounded timeouts)."""
        kwargs.setdefault("timeout", httpx.Timeout(30.0))
        kwargs.setdefault("verify", TLS)
        return httpx.Client(base_url=self.url, **kwargs)

    def log_text(self) -> str:
        """What the server wrote on stderr so far."""
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def decision_lines(self) -> list[dict[str, Any]]:
        """The decision log, parsed."""
        assert self.decision_log is not None
        text = self.decision_log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]

    def stop(self) -> None:
        """Terminate (SIGTERM: uvicorn shuts down gracefully), then kill if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_server(
    directory: Path,
    *,
    args: Sequence[str] = (),
    decision_log: bool = False,
    admin_token: str | None = ADMIN_TOKEN,
) -> Server:
    """Copy the bundled policies under ``directory`` and serve them; wait until ready.

    ``admin_token`` goes to the server through its environment variable (None: no token)."""
    policies = directory / "policies"
    if not policies.exists():
        shutil.copytree(ROOT / "policies", policies, ignore=shutil.ignore_patterns("*.yaml"))
    stderr = directory / f"server-{time.monotonic_ns()}.log"
    log_path = directory / "decisions.jsonl" if decision_log else None
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between bind(0) and the server's bind
        port = free_port()
        command = [sys.executable, "-m", "policylang", "serve", "--policies", str(policies)]
        command += ["--port", str(port), *args]
        if log_path is not None:
            command += ["--decision-log", str(log_path)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("POLICYLANG_ADMIN_TOKEN", None)
        if admin_token is not None:
            env["POLICYLANG_ADMIN_TOKEN"] = admin_token
        with stderr.open("wb") as sink:
            process = subprocess.Popen(
                command, cwd=directory, stdout=sink, stderr=subprocess.STDOUT, env=env
            )
        server = Server(process, f"http://127.0.0.1:{port}", policies, stderr, log_path)
        if _wait_ready(server):
            return server
        server.stop()
        last_error = server.log_text()
    raise AssertionError(f"the server did not start:\n{last_error}")


def _wait_ready(server: Server) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    with server.client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                return False
            try:
                if http.get("/ready").status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    return False


@contextmanager
def in_process(app: Any) -> Iterator[tuple[str, threading.Thread]]:
    """``app`` on uvicorn in a thread of this process, on a free loopback port: its base URL
    and the thread running its event loop (for tests that patch the engine, or ask which
    thread answered)."""
    import uvicorn  # the server's own dependency: only these tests need it

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", thread
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shared server: default limits except a small batch limit, a masked decision log."""
    directory = tmp_path_factory.mktemp("serve")
    running = start_server(
        directory,
        args=[
            *("--max-batch", str(SHARED_MAX_BATCH)),
            *("--mask", "from_authorized_person", "--mask", "/result/notes"),
        ],
        decision_log=True,
    )
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    """A client of the shared server."""
    with server.client() as http:
        yield http


# ---------------------------------------------------------------------- schema validation


def _registry() -> Registry[Any]:
    resources = []
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        # By $id, and by file name: the v2 ids end in /v2, the $refs name the files.
        resources.append((schema["$id"], resource))
        resources.append((_BASE + path.name, resource))
    return Registry().with_resources(resources)


_BASE = "https://policylang.dev/schemas/"
_REGISTRY = _registry()


def validator(ref: str) -> Callable[[Any], None]:
    """A validator of ``ref`` (``http.schema.json#/$defs/problem``, ``decision.schema.json``)."""
    checker = jsonschema.Draft202012Validator(
        {"$ref": _BASE + ref},
        registry=_REGISTRY,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )

    def validate(document: Any) -> None:
        errors = sorted(checker.iter_errors(document), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(
            f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5]
        )

    return validate


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem of this kind; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    validator("http.schema.json#/$defs/problem")(body)
    assert body["type"] == f"https://policylang.dev/problems/{slug}"
    assert body["status"] == status
    assert body["detail"]
    return body
