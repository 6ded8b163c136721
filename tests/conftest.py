"""Shared test configuration: the golden-file switch and the repository root."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Parsed trees are cached in a directory of this run's own (and of every process it
    starts), never in the user's cache."""
    os.environ["POLICYLANG_CACHE_DIR"] = tempfile.mkdtemp(prefix="policylang-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("POLICYLANG_CACHE_DIR", ""), ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under its own node id, or the run stops here.

    pytest-xdist schedules by node id: two tests with one id run once. schemathesis names its
    per-operation tests ``test_api[POST /v1/decisions]`` but, on pytest 9.2, their node ids are
    all ``test_api`` (pytest builds the id from the original name and a parametrization
    schemathesis does not use); those get their name back in their id.
    """
    counts = Counter(item.nodeid for item in items)
    for item in items:
        if counts[item.nodeid] > 1 and item.parent is not None:
            item._id = NodeId.parse(f"{item.parent.nodeid}::{item.name}")
    duplicates = [nodeid for nodeid, n in Counter(i.nodeid for i in items).items() if n > 1]
    if duplicates:
        raise pytest.UsageError(f"tests share a node id (run once under xdist): {duplicates}")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def repo_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so paths in output are stable and relative."""
    monkeypatch.chdir(ROOT)
    return ROOT
