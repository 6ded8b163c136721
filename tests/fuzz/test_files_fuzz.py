"""Fuzzing the readers of what users hand over as files: tests files and batch input.

A tests file is read by `load_tests_file` (the ``test`` command) and by the pages' worked examples
(`examples_section`, the ``docs`` command), which also evaluate each case's request; batch input
is read row by row (`run_batch`, JSONL and CSV). Whatever the bytes, the only exceptions are the
documented ones (`TestFileError`, `ExamplesError`, `BatchError`), and batch writes one JSON line
per row it read. Texts are drawn near the real shape (the keys and values the readers look for,
YAML dumped from drawn values) and far from it (arbitrary text and bytes).

A crash found here was real: ``docs`` read tests files on its own and ended in an internal error
on a file that is a list, or a case that is a string (regression table in
tests/docgen/test_output_dir.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from policylang.runtime.policyset import PolicySet
from policylang.tools.batch import BatchError, run_batch
from policylang.tools.docgen.examples import ExamplesError, examples_section
from policylang.tools.docgen.loaded import Documented, load_documented
from policylang.tools.testing.files import TestFileError, load_tests_file
from tests.fuzz.conftest import profile
from tests.unit.evalfixtures import write_toy

#: Keys and values the readers look for, so drawn documents reach past the first check (the v1
#: decision's keys too, which a tests file refuses by name).
KEYS = (
    "policy", "cases", "name", "request", "expect", "expect_error", "as_of", "opened_at",
    "priority", "channel", "vip", "type", "sla", "response", "due_at", "charges", "roles",
    "state", "lines", "lifecycle", "obligations", "rule", "events", "now", "trace", "billable",
    "handler", "commitment", "id",
)  # fmt: skip
WORDS = (
    "toy", "urgent", "normal", "phone", "email", "2026-03-06T17:20:00+03:00", "2026-03-06",
    "2026-13-45T99:00:00Z", "", "\u0000", "\ud7ff" * 3, "x" * 300,
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=30,
)


def _case() -> st.SearchStrategy[Any]:
    """A case close to the real shape: a name, a request for the toy policy, an expectation."""
    request = st.fixed_dictionaries(
        {"opened_at": SCALARS},
        optional={"priority": SCALARS, "channel": SCALARS, "vip": SCALARS, "events": VALUES},
    )
    expect = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4)
    return st.one_of(
        st.fixed_dictionaries({"name": st.text(max_size=10), "request": request, "expect": expect}),
        st.fixed_dictionaries(
            {"name": st.text(max_size=10), "request": request, "expect_error": VALUES}
        ),
        VALUES,
    )


def _tests_texts() -> st.SearchStrategy[str]:
    near = st.fixed_dictionaries(
        {"policy": st.one_of(st.just("toy"), SCALARS), "cases": st.lists(_case(), max_size=4)}
    )
    dumped = st.one_of(near, VALUES).map(lambda value: yaml.safe_dump(value, allow_unicode=True))
    return st.one_of(dumped, st.text(max_size=200))


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Documented, PolicySet]]:
    directory = tmp_path_factory.mktemp("toy")
    write_toy(directory)
    documented, policies = load_documented([directory])
    yield directory / "toy.tests.yaml", documented[0], policies


@profile(default=150, thorough=50_000)
@given(text=_tests_texts())
def test_tests_files_are_read_or_refused_and_their_examples_told(
    toy: tuple[Path, Documented, PolicySet], text: str
) -> None:
    path, doc, policies = toy
    path.write_text(text, encoding="utf-8")
    try:
        tests = load_tests_file(path)
    except TestFileError as error:
        assert error.problems, "a refusal says why"
    else:
        assert all(case.problems or case.request is not None for case in tests.cases)
    try:
        lines = examples_section(doc, policies)
    except ExamplesError as error:
        assert str(error).startswith(f"{path}: its cases cannot be read")
    else:
        assert all(isinstance(line, str) for line in lines)


def _rows(fmt: str) -> st.SearchStrategy[bytes]:
    json_row = VALUES.map(lambda value: json.dumps(value).encode())
    request_row = st.fixed_dictionaries(
        {"policy": st.one_of(st.just("toy"), SCALARS), "opened_at": SCALARS},
        optional={"priority": SCALARS, "channel": SCALARS, "vip": SCALARS},
    ).map(lambda value: json.dumps(value).encode())
    csv_row = st.lists(
        st.one_of(SCALARS.map(str), st.sampled_from(['"', '""', ",", '"a\nb"', "\r"])), max_size=5
    ).map(lambda cells: ",".join(cells).encode("utf-8", "surrogatepass"))
    garbage = st.binary(max_size=40)
    rows = (request_row, json_row, garbage) if fmt == "jsonl" else (csv_row, garbage)
    row = st.one_of(*rows)
    header = st.just(b"policy,opened_at,priority,channel,vip\n") if fmt == "csv" else st.just(b"")
    return st.tuples(header, st.lists(row, max_size=8)).map(
        lambda parts: parts[0] + b"\n".join(line.replace(b"\n", b" ") for line in parts[1])
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@profile(default=100, thorough=50_000)
@given(data=st.data())
def test_batch_answers_every_row_it_reads_with_one_json_line(
    toy: tuple[Path, Documented, PolicySet], fmt: str, data: st.DataObject
) -> None:
    _, _, policies = toy
    source = data.draw(_rows(fmt))
    out = io.StringIO()
    try:
        summary = run_batch(policies, io.BytesIO(source), out, input_format=fmt)
    except BatchError as error:
        assert str(error)
        return
    # JSON Lines end at "\n" only: a decision may hold U+0085 or U+2028 unescaped, which
    # str.splitlines() would take for line ends.
    lines = out.getvalue().split("\n")
    assert lines.pop() == ""
    assert len(lines) == summary.rows == summary.decisions + sum(summary.errors.values())
    for line in lines:
        assert isinstance(json.loads(line), dict)
    if fmt == "jsonl":  # rows in equal rows out
        assert summary.rows == len(io.BytesIO(source).readlines())
