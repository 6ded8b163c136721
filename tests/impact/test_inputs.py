"""Bad input to `impact` (and the partitioned readers): a clear message, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.proc import run
from tests.conftest import ROOT
from tests.impact.history import tickets, write_jsonl

GOOD = {"policy": "chatops", "opened_at": "2026-03-10T09:00:00+07:00", "type": "guidance"}


def _other_policies(tmp: Path) -> Path:
    """A set holding one policy the bundled set does not: mismatched sides."""
    into = tmp / "other"
    into.mkdir()
    text = (ROOT / "policies" / "itc.policy").read_text(encoding="utf-8")
    (into / "itc2.policy").write_text(text.replace("policy itc {", "policy itc_two {"), encoding="utf-8")
    shutil.copy(ROOT / "policies" / "chatops.policy", into)
    return into


def _tickets(tmp: Path) -> Path:
    return write_jsonl(tmp / "t.jsonl", [GOOD])


def _unknown_file_in_partitions(tmp: Path) -> Path:
    parts = tmp / "parts"
    parts.mkdir()
    write_jsonl(parts / "part-0.jsonl", [GOOD])
    (parts / "notes.txt").write_text("not tickets\n", encoding="utf-8")
    return parts


def _empty_partitions(tmp: Path) -> Path:
    parts = tmp / "parts"
    parts.mkdir()
    (parts / "_SUCCESS").write_text("", encoding="utf-8")
    return parts


def _corrupt_parquet(tmp: Path) -> Path:
    path = tmp / "t.parquet"
    path.write_bytes(b"PAR1 this is no parquet file PAR1")
    return path


Args = Callable[[Path], list[str | Path]]

CASES: list[tuple[str, Args, int, str]] = [
    (
        "missing-tickets",
        lambda t: [ROOT / "policies", ROOT / "policies", "--tickets", t / "nope.jsonl", "--as-of-new", "2027-01-01"],
        1,
        "nope.jsonl: no such file or directory",
    ),
    (
        "missing-policies",
        lambda t: [t / "gone", ROOT / "policies", "--tickets", _tickets(t)],
        2,
        "does not exist",
    ),
    (
        "same-policies-no-dates",
        lambda t: [ROOT / "policies", ROOT / "policies", "--tickets", _tickets(t)],
        1,
        "OLD and NEW are the same policies",
    ),
    (
        "mismatched-policies",
        lambda t: [ROOT / "policies", _other_policies(t), "--tickets", _tickets(t)],
        1,
        "only in ",
    ),
    (
        "unknown-file-among-partitions",
        lambda t: [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01", "--tickets", _unknown_file_in_partitions(t)],
        1,
        "notes.txt: not a partition file",
    ),
    (
        "no-partition-files",
        lambda t: [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01", "--tickets", _empty_partitions(t)],
        1,
        "holds no .jsonl, .ndjson, .csv or .parquet files",
    ),
    (
        "bad-as-of",
        lambda t: [ROOT / "policies", ROOT / "policies", "--as-of-new", "soon", "--tickets", _tickets(t)],
        2,
        "--as-of-new",
    ),
    (
        "bad-partition-size",
        lambda t: [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01", "--tickets", _tickets(t), "--partition-size", "lots"],
        2,
        "is not a size",
    ),
    (
        "scheduler-without-dask",
        lambda t: [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01", "--tickets", _tickets(t), "--scheduler", "tcp://127.0.0.1:1"],
        2,
        "--scheduler and --workers go with --engine dask",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_clear_message(tmp_path: Path, args: Args, code: int, message: str) -> None:
    result = run("impact", *args(tmp_path), "-o", tmp_path / "out", "--no-chart")
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_parquet_file_is_a_clear_message(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    args = [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01"]
    result = run("impact", *args, "--tickets", _corrupt_parquet(tmp_path), "-o", tmp_path / "o")
    assert result.returncode == 1
    assert "t.parquet: not a readable Parquet file" in result.stderr


def test_bad_rows_are_counted_and_listed(tmp_path: Path) -> None:
    rows: list[object] = [GOOD, "{not json", "", {**GOOD, "type": "nonsense"}]
    history = write_jsonl(tmp_path / "t.jsonl", rows)
    args = [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01"]
    result = run("impact", *args, "--tickets", history, "-o", tmp_path / "out", "--no-chart")
    assert result.returncode == 1
    assert "4 tickets, 1 compared, 0 changed, 3 not decided" in result.stderr
    document = json.loads((tmp_path / "out" / "impact.json").read_text(encoding="utf-8"))
    assert [e["where"] for e in document["errors"]] == ["line 2", "line 3", "line 4"]
    assert "nonsense" in document["errors"][2]["message"]


def test_parquet_and_partitions_give_the_jsonl_counts(tmp_path: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    rows = list(tickets(400, seed=7))
    single = write_jsonl(tmp_path / "all.jsonl", rows)
    parts = tmp_path / "parts"
    parts.mkdir()
    write_jsonl(parts / "a.jsonl", rows[:150])
    rest = rows[150:]
    columns = {name: [row.get(name) for row in rest] for name in dict.fromkeys(k for r in rest for k in r)}
    parquet.write_table(pyarrow.Table.from_pydict(columns), parts / "b.parquet", row_group_size=64)
    counts = []
    for source in (single, parts):
        out = tmp_path / source.stem
        args = [ROOT / "policies", ROOT / "policies", "--as-of-new", "2027-01-01"]
        result = run("impact", *args, "--tickets", source, "-o", out, "--no-chart")
        assert result.returncode in (0, 1), result.stderr
        document = json.loads((out / "impact.json").read_text(encoding="utf-8"))
        counts.append({k: document[k] for k in ("tickets", "compared", "changed", "changes", "due_shifts")})
        if source == parts:
            assert {e["where"].split(":")[0] for e in document["errors"]} <= {"a.jsonl", "b.parquet"}
    assert counts[0] == counts[1]
    assert counts[0]["tickets"] == 400


def test_a_100_mb_file_streams_in_flat_memory(tmp_path: Path) -> None:
    """Peak memory for 100 MB of tickets is within a few MB of that for 10 MB."""
    filler = "x" * 10_000
    padded = json.dumps({**GOOD, "remark": filler})  # not an input: neither side decides it
    good = json.dumps(GOOD)

    def write(path: Path, megabytes: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            for _ in range(megabytes * 100):
                out.write(padded + "\n" + good + "\n")
        return path

    peaks = []
    for megabytes in (10, 100):
        path = write(tmp_path / f"{megabytes}.jsonl", megabytes)
        args = ["-m", "policylang", "impact", str(ROOT / "policies"), str(ROOT / "policies")]
        args += ["--as-of-new", "2027-01-01", "--tickets", str(path), "-o", str(tmp_path / "o")]
        probe = (
            "import resource, subprocess, sys; "
            f"done = subprocess.run([sys.executable, *{args!r}], capture_output=True, cwd={str(ROOT)!r}); "
            "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        measured = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
        )
        code, peak_kb = measured.stdout.split()
        assert code == "1"  # the padded tickets are reported, not dropped
        peaks.append(int(peak_kb))
        path.unlink()
    assert peaks[1] - peaks[0] < 16 * 1024, f"peak RSS {peaks[0]} KB -> {peaks[1]} KB"
