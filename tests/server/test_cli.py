"""``policylang serve`` as a command: options, refusing broken policies, a taken port."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.server.conftest import Server

TIMEOUT = 60


def _serve(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylang", "serve", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_help_lists_the_options(tmp_path: Path) -> None:
    result = _serve("--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--policies", "--host", "--port", "--max-body", "--max-batch"):
        assert option in result.stdout
    assert "--decision-log" in result.stdout and "--mask" in result.stdout
    assert "127.0.0.1" in result.stdout and "8181" in result.stdout


def test_broken_policies_exit_1_with_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "bad.policy").write_text("policy bad {\n", encoding="utf-8")
    result = _serve("--policies", str(tmp_path), "--port", "0", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[PL" in result.stderr
    assert "invalid" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_directory(tmp_path: Path) -> None:
    result = _serve("--policies", str(tmp_path / "nowhere"), "--port", "0", cwd=tmp_path)
    assert result.returncode == 1
    assert "PL001" in result.stderr


def test_taken_port_exits_1(server: Server, tmp_path: Path) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    result = _serve("--policies", str(server.policies), "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_binds_loopback_by_default(server: Server) -> None:
    # The shared server was started without --host: it listens on 127.0.0.1 only.
    assert server.url.startswith("http://127.0.0.1:")
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
