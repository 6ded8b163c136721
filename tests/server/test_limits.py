"""Connection limits against slow and oversized clients: the receive deadline (408), the answer
deadline, the head size limit (431), and legitimate requests answered beside slow connections.

Raw sockets throughout: an HTTP client library would neither trickle bytes nor refuse to read.
The server here has short deadlines (1 s to receive, 3 s to answer) so the tests wait little.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.server.conftest import EXAMPLE, Server, start_server, validator

RECEIVE_TIMEOUT = 1.0
REQUEST_TIMEOUT = 3.0
MAX_HEAD = 16 * 1024  # the default
#: How long a test waits for the server to act on a deadline (the deadline plus slack).
SLACK = 5.0

PROBLEM = validator("http.schema.json#/$defs/problem")


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(
        tmp_path_factory.mktemp("limits"),
        args=[
            "--receive-timeout",
            str(RECEIVE_TIMEOUT),
            "--request-timeout",
            str(REQUEST_TIMEOUT),
        ],
    )
    yield running
    running.stop()


def _connect(server: Server) -> socket.socket:
    parts = urlsplit(server.url)
    return socket.create_connection((parts.hostname, parts.port), timeout=SLACK + 10)


def _host(server: Server) -> bytes:
    return f"Host: {urlsplit(server.url).netloc}\r\n".encode()


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded by the timeout)."""
    chunks = []
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _status_and_body(answer: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def _post_head(server: Server, length: int) -> bytes:
    return (
        b"POST /v2/decisions HTTP/1.1\r\n"
        + _host(server)
        + b"Content-Type: application/json\r\nContent-Length: "
        + str(length).encode()
        + b"\r\n\r\n"
    )


# ---------------------------------------------------------------------- the receive deadline


@pytest.mark.parametrize(
    "partial",
    [
        pytest.param(b"POST /v2/decisions HT", id="request-line"),
        pytest.param(b"POST /v2/decisions HTTP/1.1\r\nHost: x\r\nX-Slow: ", id="headers"),
        pytest.param(None, id="body"),
    ],
)
def test_a_request_that_does_not_arrive_in_time_is_a_408(
    strict: Server, partial: bytes | None
) -> None:
    data = partial if partial is not None else _post_head(strict, 1000) + b'{"policy": "itc",'
    with _connect(strict) as sock:
        began = time.monotonic()
        sock.sendall(data)
        answer = _read_all(sock)  # the server answers, then closes
        held = time.monotonic() - began
    status, body = _status_and_body(answer)
    assert status == 408
    PROBLEM(body)
    assert body["type"] == "https://policylang.dev/problems/request-timeout"
    assert b"connection: close" in answer.lower()
    assert RECEIVE_TIMEOUT * 0.9 <= held < RECEIVE_TIMEOUT + SLACK


def test_trickling_does_not_extend_the_deadline(strict: Server) -> None:
    # One byte every 0.2 s: uvicorn's own keep-alive timer restarts at each byte; this one does
    # not, the request has to be whole within the deadline.
    with _connect(strict) as sock:
        sock.sendall(_post_head(strict, 1000))
        began = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(int((RECEIVE_TIMEOUT + SLACK) / 0.2)):
                sock.sendall(b" ")
                time.sleep(0.2)
                if _closed_or_answered(sock):
                    break
        held = time.monotonic() - began
        assert held < RECEIVE_TIMEOUT + 1.0


def _closed_or_answered(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def test_a_silent_connection_is_closed_without_an_answer(strict: Server) -> None:
    with _connect(strict) as sock:
        began = time.monotonic()
        assert _read_all(sock) == b""
        assert time.monotonic() - began < RECEIVE_TIMEOUT + SLACK


def test_requests_in_time_on_one_connection_are_all_answered(strict: Server) -> None:
    # The deadline is per request: a keep-alive connection used for longer than it is fine, and
    # a pause between requests (within uvicorn's keep-alive timeout) is not a slow request.
    body = json.dumps(EXAMPLE).encode()
    with strict.client() as http:
        for _ in range(3):
            assert http.post("/v2/decisions", content=body, headers=_json()).status_code == 200
            time.sleep(RECEIVE_TIMEOUT * 0.8)


def _json() -> dict[str, str]:
    return {"content-type": "application/json"}


# ---------------------------------------------------------------------- the answer deadline


def test_a_client_that_does_not_read_its_answer_is_cut_off(strict: Server) -> None:
    # A batch answer far larger than the socket buffers, never read: the server drops the
    # connection at the answer deadline instead of holding the answer (and its memory).
    items = [EXAMPLE] * 2000  # about 30 MB of decisions
    body = json.dumps(items).encode()
    with _connect(strict) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        head = _post_head(strict, len(body)).replace(b"/v2/decisions", b"/v2/decisions/batch")
        sock.sendall(head + body)
        time.sleep(REQUEST_TIMEOUT + 1.0)
        received = _read_all(sock)
    assert received.startswith(b"HTTP/1.1 200")
    assert not received.endswith(b"0\r\n\r\n"), "the whole answer was sent: it should not fit"
    assert "was not delivered within" in strict.log_text()
    with strict.client() as http:
        assert http.get("/health").status_code == 200


# ---------------------------------------------------------------------- the head size limit


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(b"X-Big: " + b"v" * MAX_HEAD + b"\r\n", id="one-big-header"),
        pytest.param(b"".join(b"X-%d: v\r\n" % i for i in range(3000)), id="many-headers"),
        pytest.param(b"X-Huge: " + b"v" * (8 << 20) + b"\r\n", id="8-mib"),
    ],
)
def test_headers_over_the_limit_are_a_431(strict: Server, headers: bytes) -> None:
    with _connect(strict) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(b"GET /health HTTP/1.1\r\n" + _host(strict) + headers + b"\r\n")
        answer = _read_all(sock)
    status, body = _status_and_body(answer)
    assert status == 431
    PROBLEM(body)
    assert body["limit"] == MAX_HEAD


def test_headers_just_under_the_limit_are_read(strict: Server) -> None:
    filler = b"v" * (MAX_HEAD - 200)
    with strict.client() as http:
        assert http.get("/health", headers={"x-filler": filler.decode()}).status_code == 200


def test_pipelined_requests_are_not_one_big_head(strict: Server) -> None:
    # Thirty small requests in one write, 30 KB in all: each head is small, none is refused.
    one = b"GET /health HTTP/1.1\r\n" + _host(strict) + b"X-Pad: " + b"p" * 900 + b"\r\n\r\n"
    with _connect(strict) as sock:
        sock.sendall(one * 30)
        answers = b""
        while answers.count(b"HTTP/1.1 200") < 30:
            chunk = sock.recv(65536)
            assert chunk, answers[-300:]
            answers += chunk
    assert b"431" not in answers


# ---------------------------------------------------------------------- slow connections


def test_legitimate_requests_beside_a_thousand_slow_connections(tmp_path: Path) -> None:
    # 1,000 connections holding a half-sent body used to fill the concurrency limit: every
    # other request was a 503 for as long as they held. Default limits here.
    _allow_files(2200)
    running = start_server(tmp_path)
    slow: list[socket.socket] = []
    try:
        partial = _post_head(running, 1000) + b'{"policy": "itc",'
        for _ in range(1000):
            sock = _connect(running)
            sock.sendall(partial)
            slow.append(sock)
        time.sleep(0.5)
        with running.client() as http:
            statuses = [http.post("/v2/decisions", json=EXAMPLE).status_code for _ in range(20)]
            statuses.append(http.get("/health").status_code)
        assert statuses == [200] * 21
    finally:
        for sock in slow:
            sock.close()
        running.stop()


def _allow_files(count: int) -> None:
    """Let this process open ``count`` sockets, or skip the test where the system says no."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count:
        if hard != resource.RLIM_INFINITY and hard < count:
            pytest.skip(f"this system allows {hard} open files; the test needs {count}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (count, hard))


def test_the_server_survives_and_still_answers(strict: Server) -> None:
    # After all of the above on the shared strict server: nothing leaked into a 500.
    with httpx.Client(base_url=strict.url, timeout=10) as http:
        assert http.post("/v2/decisions", json=EXAMPLE).status_code == 200
    assert "Traceback" not in strict.log_text()
