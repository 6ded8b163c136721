"""`--engine dask` gives what one process gives, on the same input: batch, report and impact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.proc import run
from tests.conftest import ROOT
from tests.impact.history import changed_copy, tickets, write_jsonl

#: Small byte ranges, so 1,200 tickets make several partitions (the test asserts how many).
SPLIT = ["--partition-size", "64KB"]
DASK = ["--engine", "dask", "--workers", "2", *SPLIT]


def _history(directory: Path, *, identified: bool) -> Path:
    rows: list[object] = list(tickets(1200, seed=3, identified=identified))
    rows[700] = "{not json"  # an error object in a later partition keeps its line number
    return write_jsonl(directory / "tickets.jsonl", rows)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tickets with their ids and customers, for impact."""
    return _history(tmp_path_factory.mktemp("identified"), identified=True)


@pytest.fixture(scope="module")
def requests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tickets as requests alone, for batch and report."""
    return _history(tmp_path_factory.mktemp("requests"), identified=False)


def _parts(directory: Path) -> list[Path]:
    return sorted(directory.glob("part-*.jsonl"))


def test_batch_on_dask_writes_per_partition_what_one_process_writes(
    requests: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    single = tmp_path / "single.jsonl"
    assert run("batch", requests, "-o", single).returncode == 1  # the malformed row
    result = run("batch", requests, "-o", tmp_path / "parts", *DASK)
    assert result.returncode == 1, result.stderr
    parts = _parts(tmp_path / "parts")
    assert len(parts) > 3
    joined = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert joined == single.read_text(encoding="utf-8")
    assert '"line":701' in joined
    assert "1200 rows -> " in result.stderr and "1199 decisions, 1 error" in result.stderr


def test_report_on_dask_equals_the_single_process_report(requests: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    for name, extra in (("single", []), ("dask", DASK)):
        result = run("report", requests, "-o", tmp_path / name, "--no-chart", *extra)
        assert result.returncode == 1, result.stderr
    for page in ("report.json", "report.md"):
        single = (tmp_path / "single" / page).read_text(encoding="utf-8")
        assert (tmp_path / "dask" / page).read_text(encoding="utf-8") == single


def test_impact_on_dask_equals_the_single_process_impact(history: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    revised = changed_copy(tmp_path / "revised")
    base = ["impact", ROOT / "policies", revised, "--tickets", history, "--no-chart"]
    assert run(*base, "-o", tmp_path / "single").returncode == 1
    result = run(*base, "-o", tmp_path / "dask", *DASK)
    assert result.returncode == 1, result.stderr
    for page in ("impact.json", "impact.md"):
        single = (tmp_path / "single" / page).read_text(encoding="utf-8")
        assert (tmp_path / "dask" / page).read_text(encoding="utf-8") == single
    changes = "".join(p.read_text(encoding="utf-8") for p in _parts(tmp_path / "dask" / "changes"))
    assert changes == (tmp_path / "single" / "changes.jsonl").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "single" / "impact.json").read_text())["changed"] > 0


def test_stale_parts_of_another_run_are_not_mixed_in(requests: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "parts"
    out.mkdir()
    (out / "part-00999.jsonl").write_text("{}\n", encoding="utf-8")
    result = run("batch", requests, "-o", out, *DASK)
    assert result.returncode == 1
    assert "part-00999.jsonl from another run" in result.stderr
    assert (out / "part-00999.jsonl").read_text(encoding="utf-8") == "{}\n"


def test_without_dask_the_engine_says_how_to_install_it(requests: Path, tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "distributed.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    result = run(
        "report", requests, "-o", tmp_path / "out", "--engine", "dask", env={"PYTHONPATH": str(shim)}
    )
    assert result.returncode == 1
    assert "pip install 'dask[distributed]' pyarrow" in result.stderr
    assert "Traceback" not in result.stderr
