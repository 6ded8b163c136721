"""`policylang batch` as a user runs it: files, pipes, a terminal, and every kind of bad row."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.inproc import run
from tests.unit.evalfixtures import TOY_REQUEST, assert_decision, assert_error, write_toy

GOOD = json.dumps(TOY_REQUEST)


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    write_toy(tmp_path / "policies")
    return tmp_path


def answers(text: str) -> list[dict[str, object]]:
    out = [json.loads(line) for line in text.splitlines()]
    for answer in out:
        (assert_error if "error" in answer else assert_decision)(answer)
    return out


def test_jsonl_rows_in_equal_rows_out(toy: Path) -> None:
    rows = [GOOD, "", "{oops", "42", json.dumps({**TOY_REQUEST, "vip": 1}), GOOD]
    (toy / "in.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("batch", "in.jsonl", "-o", "out.jsonl", cwd=toy)
    assert result.returncode == 1, result.stderr
    out = answers((toy / "out.jsonl").read_text(encoding="utf-8"))
    assert len(out) == len(rows)
    assert [a.get("line") for a in out] == [None, 2, 3, 4, 5, None]
    assert result.stderr == (
        "batch: 6 rows -> out.jsonl: 2 decisions, 4 errors "
        "(1 blank line, 2 invalid request, 1 malformed JSON)\n"
    )


def test_all_good_rows_exit_zero(toy: Path) -> None:
    (toy / "in.jsonl").write_text(f"{GOOD}\n{GOOD}\n", encoding="utf-8")
    result = run("batch", "in.jsonl", "-o", "-", cwd=toy)
    assert result.returncode == 0, result.stderr
    assert len(answers(result.stdout)) == 2
    assert result.stderr == "batch: 2 rows -> stdout: 2 decisions, 0 errors\n"


def test_csv_from_a_file_and_from_stdin(toy: Path) -> None:
    csv = (
        "policy,opened_at,priority,channel,vip,seats\n"
        "toy,2026-03-06T17:20:00+03:00,urgent,phone,false,3\n"
        "toy,2026-03-06T17:20:00+03:00,urgent,,true,\n"
        "toy,2026-03-06T17:20:00+03:00,urgent,,maybe,\n"
    )
    (toy / "in.csv").write_text(csv, encoding="utf-8")
    from_file = run("batch", "in.csv", "-o", "-", cwd=toy)
    from_stdin = run("batch", "-", "--input-format", "csv", "-o", "-", cwd=toy, stdin=csv)
    assert from_file.stdout == from_stdin.stdout
    out = answers(from_file.stdout)
    assert len(out) == 3
    assert out[0]["charges"]["billable"] is True  # type: ignore[index]
    assert out[1]["refusal"]["grounds"][0]["rule"] == "vip_only"  # type: ignore[index]
    assert out[2]["line"] == 4 and out[2]["problems"][0]["field"] == "vip"  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["batch", "missing.jsonl", "-o", "out.jsonl"], 1, "missing.jsonl: cannot read"),
        (["batch", "in.jsonl"], 2, "Missing option '-o'"),
        (["batch", "in.jsonl", "-o", "policies"], 2, "is a directory"),
        (["batch", "in.jsonl", "-o", "x", "--input-format", "xml"], 2, "Invalid value"),
        (["batch", "bad.csv", "-o", "out.jsonl"], 1, "bad.csv: line 1: CSV header column 2"),
    ],
    ids=["missing-input", "no-output", "output-is-a-directory", "bad-format", "bad-csv-header"],
)
def test_batch_errors(toy: Path, args: list[str], code: int, message: str) -> None:
    (toy / "in.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    (toy / "bad.csv").write_text("policy,,x\ntoy,1,2\n", encoding="utf-8")
    result = run(*args, cwd=toy)
    assert result.returncode == code
    assert message in result.stderr


def _popen(toy: Path, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "policylang", "batch", *args], cwd=toy, env=env, **kwargs
    )


def _readline(stream: object, timeout: float = 60) -> bytes:
    fd = stream.fileno()  # type: ignore[attr-defined]
    ready, _, _ = select.select([fd], [], [], timeout)
    assert ready, "no answer while the input was still open: batch is not streaming"
    return stream.readline()  # type: ignore[attr-defined,no-any-return]


def test_answers_stream_out_before_the_input_ends(toy: Path) -> None:
    process = _popen(
        toy, "-", "-o", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for _ in range(3):
            process.stdin.write(GOOD.encode() + b"\n")
            process.stdin.flush()
            assert json.loads(_readline(process.stdout))["policy"]["id"] == "toy"
        process.stdin.write(b"not json\n")
        process.stdin.flush()
        assert json.loads(_readline(process.stdout))["line"] == 4
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 1


def test_a_progress_bar_only_on_a_terminal(toy: Path) -> None:
    (toy / "in.jsonl").write_text((GOOD + "\n") * 50, encoding="utf-8")
    quiet = run("batch", "in.jsonl", "-o", "out.jsonl", cwd=toy)
    assert quiet.stderr.splitlines() == ["batch: 50 rows -> out.jsonl: 50 decisions, 0 errors"]

    leader, follower = pty.openpty()
    process = _popen(
        toy,
        "in.jsonl",
        "-o",
        "out.jsonl",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    assert b"evaluating" in seen
    assert b"batch: 50 rows -> out.jsonl: 50 decisions, 0 errors" in seen
