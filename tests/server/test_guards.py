"""Who may use the service: the admin token on POST /v1/reload, the Host check (DNS rebinding),
the Origin check and the Content-Type every POST must declare (cross-site requests)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from policylang.server.guards import AllowedHosts
from tests.server.conftest import ADMIN, ADMIN_TOKEN, EXAMPLE, Server, assert_problem, start_server

JSON = {"content-type": "application/json"}


def _port(server: Server) -> int:
    port = urlsplit(server.url).port
    assert port is not None
    return port


# ---------------------------------------------------------------------- the admin token


@pytest.mark.parametrize(
    ("headers", "status", "slug"),
    [
        pytest.param(JSON, 401, "unauthorized", id="no-token"),
        pytest.param(
            {**JSON, "authorization": "Bearer wrong-token-0123456789"},
            401,
            "unauthorized",
            id="wrong-token",
        ),
        pytest.param(
            {**JSON, "authorization": ADMIN_TOKEN}, 401, "unauthorized", id="no-bearer-scheme"
        ),
        pytest.param(
            {**JSON, "authorization": f"Bearer {ADMIN_TOKEN[:-1]}"},
            401,
            "unauthorized",
            id="a-prefix-of-the-token",
        ),
        pytest.param(
            {**ADMIN, "content-type": "text/plain"},
            415,
            "unsupported-media-type",
            id="token-but-text-plain",
        ),
        pytest.param(
            {"authorization": ADMIN["authorization"]},
            415,
            "unsupported-media-type",
            id="token-but-no-content-type",
        ),
    ],
)
def test_reload_is_refused_without_the_token_and_json(
    client: httpx.Client, headers: dict[str, str], status: int, slug: str
) -> None:
    before = client.get("/ready").json()["generation"]
    response = client.post("/v1/reload", headers=headers)
    assert_problem(response, status, slug)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/ready").json()["generation"] == before, "nothing was reloaded"


def test_reload_with_the_token(client: httpx.Client) -> None:
    response = client.post(
        "/v1/reload", headers={**ADMIN, "authorization": f"bearer {ADMIN_TOKEN}"}
    )
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def tokenless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("tokenless"), admin_token=None)
    yield running
    running.stop()


def test_without_a_token_reload_over_http_is_disabled(tokenless: Server) -> None:
    with tokenless.client() as http:
        problem = assert_problem(http.post("/v1/reload", headers=ADMIN), 403, "admin-disabled")
    assert "--admin-token" in problem["detail"]
    assert "POST /v1/reload is disabled" in tokenless.log_text()


def test_without_a_token_the_watcher_still_reloads(tokenless: Server) -> None:
    itc = tokenless.policies / "itc.policy"
    text = itc.read_text(encoding="utf-8")
    partial = itc.with_suffix(".tmp")
    partial.write_text(text.replace('title "Customer support policy"', 'title "Watched"'))
    partial.replace(itc)
    deadline = time.monotonic() + 30
    with tokenless.client() as http:
        while http.get("/ready").json()["generation"] < 2:
            assert time.monotonic() < deadline, "the watcher did not reload"
            time.sleep(0.1)


@pytest.mark.parametrize(
    ("token", "why"),
    [
        pytest.param("short", "at least 16", id="too-short"),
        pytest.param("sixteen chars and spaces", "printable ASCII", id="spaces"),
    ],
)
@pytest.mark.parametrize("through", ["flag", "environment"])
def test_a_weak_token_is_refused_at_startup(
    tmp_path: Path, token: str, why: str, through: str
) -> None:
    command = [sys.executable, "-m", "policylang", "serve", "--port", "0"]
    env = {"PATH": "/usr/bin:/bin"}
    if through == "flag":
        command += ["--admin-token", token]
    else:
        env["POLICYLANG_ADMIN_TOKEN"] = token
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert result.returncode == 2
    assert why in result.stderr
    assert "secrets.token_urlsafe" in result.stderr
    assert token not in result.stdout


# ---------------------------------------------------------------------- Host and Origin


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        pytest.param("127.0.0.1:{port}", True, id="the-bound-address"),
        pytest.param("localhost:{port}", True, id="localhost"),
        pytest.param("LOCALHOST", True, id="case-and-no-port"),
        pytest.param("[::1]:{port}", True, id="ipv6-loopback"),
        pytest.param("attacker.example:{port}", False, id="rebinding-name"),
        pytest.param("127.0.0.1.attacker.example", False, id="lookalike"),
        pytest.param("", False, id="empty"),
    ],
)
@pytest.mark.parametrize(
    "method", ["GET /health", "GET /v1/policies", "POST /v2/decisions", "POST /v1/reload"]
)
def test_host_must_name_this_server(
    server: Server, client: httpx.Client, host: str, allowed: bool, method: str
) -> None:
    verb, path = method.split()
    body = json.dumps(EXAMPLE) if path == "/v2/decisions" else None
    headers = {**ADMIN, "host": host.format(port=_port(server))}
    response = client.request(verb, path, content=body, headers=headers)
    if allowed:
        assert response.status_code == 200, response.text
    else:
        problem = assert_problem(response, 400, "disallowed-host")
        assert "--allowed-host" in problem["detail"]


def test_a_request_without_host_is_refused(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):  # HTTP/1.0: the server closes after its answer
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer[:100]
    assert b"disallowed-host" in answer


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        pytest.param(None, True, id="no-origin-not-a-browser"),
        pytest.param("http://127.0.0.1:{port}", True, id="same-origin"),
        pytest.param("http://localhost:3000", True, id="a-local-page"),
        pytest.param("https://attacker.example", False, id="another-site"),
        pytest.param("http://127.0.0.1.attacker.example", False, id="lookalike"),
        pytest.param("null", False, id="null-sandboxed-or-file"),
    ],
)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_cross_site_posts_are_refused(
    server: Server, client: httpx.Client, origin: str | None, allowed: bool, content_type: str
) -> None:
    headers = {"content-type": content_type}
    if origin is not None:
        headers["origin"] = origin.format(port=_port(server))
    response = client.post("/v2/decisions", content=json.dumps(EXAMPLE), headers=headers)
    if not allowed:
        assert_problem(response, 403, "cross-origin")
    elif content_type == "text/plain":  # the kind of POST a page may send across sites
        assert_problem(response, 415, "unsupported-media-type")
    else:
        assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("allowed_hosts", "host", "ok"),
    [
        pytest.param(["policies.internal"], "policies.internal:8181", True, id="added-name"),
        pytest.param(["policies.internal"], "other.internal", False, id="not-added"),
        pytest.param(["*"], "anything.example", True, id="star"),
    ],
)
def test_allowed_host_option(tmp_path: Path, allowed_hosts: list[str], host: str, ok: bool) -> None:
    args = [a for name in allowed_hosts for a in ("--allowed-host", name)]
    running = start_server(tmp_path, args=args)
    try:
        with running.client() as http:
            status = http.get("/health", headers={"host": host}).status_code
            assert http.get("/health").status_code == 200, "loopback names still work"
    finally:
        running.stop()
    assert status == (200 if ok else 400)


@pytest.mark.parametrize(
    ("bind", "extra", "authority", "allowed"),
    [
        pytest.param("127.0.0.1", (), "127.0.0.1:8181", True, id="loopback-bind"),
        pytest.param("127.0.0.1", (), "[::1]:8181", True, id="ipv6-loopback"),
        pytest.param("10.1.2.3", (), "10.1.2.3:8181", True, id="the-bound-address"),
        pytest.param("0.0.0.0", (), "0.0.0.0:8181", False, id="not-the-wildcard"),
        pytest.param("0.0.0.0", ("Svc.Internal",), "svc.internal", True, id="extra-name"),
        pytest.param("::", ("[fd00::1]",), "[fd00::1]:8181", True, id="ipv6-extra"),
        pytest.param("127.0.0.1", (), "localhost.", False, id="trailing-dot"),
    ],
)
def test_allowed_hosts_table(
    bind: str, extra: tuple[str, ...], authority: str, allowed: bool
) -> None:
    assert AllowedHosts.for_bind(bind, extra).allows(authority) is allowed
