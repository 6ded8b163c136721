"""Hot reload under load: a valid change is served, a broken one is reported and the old set
kept, and no request in flight fails — neither on change of the directory nor on POST /v1/reload.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import ADMIN, Server, assert_problem, start_server, validator

ITC = {"policy": "itc", "opened_at": "2026-03-06T10:00:00+07:00", "item": "mail"}
TITLE = 'title "Customer support policy"'
#: A decision names its policy's version (contract v2 has no title in a decision).
VERSION = 'version "1.0"'
#: Every wait here is bounded (the watcher debounces 200 ms; loading takes well under a second).
WAIT = 30.0


@dataclass
class Load:
    """Requests sent continuously from background threads while a test edits the policies."""

    server: Server
    stop: threading.Event = field(default_factory=threading.Event)
    sent: int = 0
    failures: list[str] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for target in (self._singles, self._batches):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=WAIT)

    def _loop(self, send: Callable[[httpx.Client], None]) -> None:
        deadline = time.monotonic() + 120  # a hard bound, whatever the test does
        with self.server.client() as http:
            while not self.stop.is_set() and time.monotonic() < deadline:
                try:
                    send(http)
                except Exception as error:  # any failure at all is what this test looks for
                    self.failures.append(f"{type(error).__name__}: {error}")
                self.sent += 1

    def _singles(self) -> None:
        def send(http: httpx.Client) -> None:
            response = http.post("/v2/decisions", json=ITC)
            if response.status_code != 200:
                self.failures.append(f"{response.status_code}: {response.text[:200]}")
                return
            self.titles.add(response.json()["result"]["policy"]["version"])

        self._loop(send)

    def _batches(self) -> None:
        def send(http: httpx.Client) -> None:
            response = http.post("/v2/decisions/batch", json=[ITC] * 40)
            if response.status_code != 200:
                self.failures.append(f"batch {response.status_code}: {response.text[:200]}")
                return
            items = response.json()
            bad = [item for item in items if "error" in item]
            if bad or len(items) != 40:
                self.failures.append(f"batch items: {bad[:1]}")
                return
            # One snapshot answers a whole batch: never two sets mixed in one answer.
            titles = {item["result"]["policy"]["version"] for item in items}
            if len(titles) != 1:
                self.failures.append(f"a batch mixed two policy sets: {titles}")

        self._loop(send)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path)
    yield running
    running.stop()


def _ready(server: Server) -> dict[str, Any]:
    with server.client() as http:
        body: dict[str, Any] = http.get("/ready").json()
    validator("http.schema.json#/$defs/ready")(body)
    return body


def _wait_for(server: Server, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        body = _ready(server)
        if predicate(body):
            return body
        time.sleep(0.05)
    raise AssertionError(f"/ready never satisfied the condition: {_ready(server)}")


def _write(path: Path, text: str) -> None:
    # Write-then-rename, as editors and deploy tools do: the watcher never sees half a file.
    partial = path.with_suffix(".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def test_reload_on_change_under_load(watched: Server) -> None:
    itc = watched.policies / "itc.policy"
    original = itc.read_text(encoding="utf-8")
    load = Load(watched)
    load.start()
    try:
        time.sleep(0.5)
        # 1. A valid change is picked up, checked and served.
        _write(itc, original.replace(VERSION, 'version "1.0-revised"'))
        body = _wait_for(watched, lambda b: b["generation"] == 2)
        assert body["last_reload"] == {**body["last_reload"], "ok": True, "trigger": "change"}
        time.sleep(0.3)
        with watched.client() as http:
            decided = http.post("/v2/decisions", json=ITC).json()
        assert decided["result"]["policy"]["version"] == "1.0-revised"

        # 2. A broken change is refused: diagnostics in /ready and the log, old set kept.
        _write(itc, original.replace(TITLE, 'title "Customer support policy" colour blue'))
        body = _wait_for(watched, lambda b: b["last_reload"]["ok"] is False)
        assert body["generation"] == 2
        diagnostics = body["last_reload"]["diagnostics"]
        assert diagnostics and diagnostics[0]["file"].endswith("itc.policy")
        assert diagnostics[0]["code"] in watched.log_text()
        with watched.client() as http:
            decided = http.post("/v2/decisions", json=ITC).json()
            assert decided["result"]["policy"]["version"] == "1.0-revised"
            # Asking for a reload now says why it cannot be done.
            problem = assert_problem(
                http.post("/v1/reload", headers=ADMIN), 409, "invalid-policies"
            )
            assert problem["generation"] == 2
            assert problem["diagnostics"][0]["code"] == diagnostics[0]["code"]

        # 3. Fixed again (and a new policy added): the next set is served.
        _write(itc, original)
        body = _wait_for(watched, lambda b: b["generation"] >= 3 and b["last_reload"]["ok"])
        copy = original.replace("policy itc {", "policy itc_copy {")
        _write(watched.policies / "itc_copy.policy", copy)
        _wait_for(watched, lambda b: "itc_copy" in b["policies"])
        time.sleep(0.5)
    finally:
        load.finish()
    assert not load.failures, load.failures[:5]
    assert load.sent > 20, "the load ran across the reloads"
    assert "1.0-revised" in load.titles
    assert "Traceback" not in watched.log_text()


def test_a_customers_file_change_is_served(watched: Server) -> None:
    """A customer's closure added to a customers file is a change the watcher reloads on, as a
    policy edit is: without it, the old answers went on until some policy changed."""
    request = {**ITC, "opened_at": "2026-12-28T10:00:00+07:00", "customer": "acme"}
    with watched.client() as http:
        unknown = http.post("/v2/decisions", json=request)
        assert unknown.status_code == 422
    closure = (
        "customer acme {\n  policy itc\n  calendar staff_guide {\n"
        '    closed 2026-12-28 to 2026-12-31 "Plant closure"\n  }\n}\n'
    )
    _write(watched.policies / "acme.customers", closure)
    body = _wait_for(watched, lambda b: b["generation"] == 2)
    assert body["last_reload"]["ok"] is True
    with watched.client() as http:
        decided = http.post("/v2/decisions", json=request)
    assert decided.status_code == 200, decided.text
    assert decided.json()["result"]["customer"] == "acme"


def test_reload_endpoint_under_load(tmp_path: Path) -> None:
    # Without the watcher, changes wait for POST /v1/reload.
    running = start_server(tmp_path, args=["--no-watch"])
    itc = running.policies / "itc.policy"
    original = itc.read_text(encoding="utf-8")
    load = Load(running)
    load.start()
    try:
        _write(itc, original.replace(VERSION, 'version "1.0-reloaded"'))
        time.sleep(1.0)
        assert _ready(running)["generation"] == 1, "no watcher: nothing changes by itself"
        with running.client() as http:
            for _ in range(3):  # reloads back to back, each a full load and swap
                response = http.post("/v1/reload", headers=ADMIN)
                assert response.status_code == 200, response.text
            assert response.json()["generation"] == 4
            decided = http.post("/v2/decisions", json=ITC).json()
            assert decided["result"]["policy"]["version"] == "1.0-reloaded"
            (running.policies / "broken.policy").write_text("policy broken {", encoding="utf-8")
            assert_problem(http.post("/v1/reload", headers=ADMIN), 409, "invalid-policies")
            assert http.post("/v2/decisions", json=ITC).status_code == 200
        time.sleep(0.3)
    finally:
        load.finish()
        running.stop()
    assert not load.failures, load.failures[:5]
    assert load.sent > 20


# ---------------------------------------------------------------------- failures say no path

OVERNIGHT = "  hours daily 00:00-00:00 overnight"  # passed `check`, crashed the calendar compiler


def _break_syntax(policies: Path) -> None:
    (policies / "vendor").mkdir()
    (policies / "vendor" / "broken.policy").write_text("policy broken {", encoding="utf-8")


def _break_calendar(policies: Path) -> None:
    itc = policies / "itc.policy"
    text = itc.read_text(encoding="utf-8")
    _write(itc, text.replace("  hours mon-fri 08:00-12:00, 13:30-16:30", OVERNIGHT, 1))


def _empty_directory(policies: Path) -> None:
    for path in policies.glob("*.policy"):
        path.unlink()


@pytest.mark.parametrize(
    ("damage", "file"),
    [
        pytest.param(_break_syntax, "vendor/broken.policy", id="syntax-error-in-a-subdirectory"),
        pytest.param(_break_calendar, None, id="calendar-the-compiler-refused"),
        pytest.param(_empty_directory, None, id="no-policy-left"),
    ],
)
def test_a_failed_reload_is_a_409_that_names_no_path(
    tmp_path: Path, damage: Callable[[Path], None], file: str | None
) -> None:
    running = start_server(tmp_path, args=["--no-watch"])
    try:
        damage(running.policies)
        with running.client() as http:
            response = http.post("/v1/reload", headers=ADMIN)
            problem = assert_problem(response, 409, "invalid-policies")
            ready = http.get("/ready")
            assert http.post("/v2/decisions", json=ITC).status_code == 200, "old set served"
        assert problem["generation"] == 1
        assert ready.json()["last_reload"]["ok"] is False
        for text in (response.text, ready.text):
            assert str(tmp_path) not in text
            assert "/tmp" not in text and "\\\\" not in text
        files = [d["file"] for d in problem["diagnostics"] if d["file"] is not None]
        assert all(not f.startswith("/") for f in files), files
        if file is not None:
            assert file in files
        assert "Traceback" not in running.log_text() or "internal error" in running.log_text()
    finally:
        running.stop()
