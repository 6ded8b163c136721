"""`policylang.batch` readers: a malformed CSV row or a line that is not UTF-8 costs that row only.

Each case is a generated CSV file of good rows with one damaged row (or line) in it; the reader
must answer every row in order, the damaged one as an error naming its line, and every row after
it as a decision.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import policylang
from policylang.tools import batch
from policylang.tools.batch import BatchError, read_requests, run_batch
from tests.unit.evalfixtures import write_toy

HEADER = b"policy,opened_at,priority,note_text\n"
GOOD = b"toy,2026-03-06T17:20:00+03:00,urgent,\n"


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


def answers(policies: policylang.PolicySet, data: bytes, fmt: str = "csv") -> list[dict[str, Any]]:
    out = io.StringIO()
    run_batch(policies, io.BytesIO(data), out, input_format=fmt)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@dataclass(frozen=True)
class Damage:
    """A CSV file: ``before`` good rows, the ``bad`` lines, ``after`` good rows.

    ``errors`` maps each line that must come back as an error to a pattern its message matches;
    every other row must be a decision.
    """

    bad: bytes
    errors: dict[int, str]
    before: int = 250
    after: int = 250
    #: How many rows the damaged lines are (default: one per line).
    bad_rows: int | None = None

    def data(self) -> bytes:
        return HEADER + GOOD * self.before + self.bad + GOOD * self.after

    def rows(self) -> int:
        """How many rows the file holds."""
        bad = self.bad.count(b"\n") if self.bad_rows is None else self.bad_rows
        return self.before + bad + self.after


FIRST_BAD = 2 + 250  # the header is line 1, then 250 good rows

DAMAGES = {
    # The file: one unbalanced quote, 502 rows in, 2 rows out.
    "quote-never-closed": Damage(
        b'toy,"2026-03-06T17:20:00+03:00,urgent,\n', {FIRST_BAD: "never closed"}
    ),
    # The quote closes lines later, leaving a record with the wrong number of cells...
    "quote-closed-below-wrong-count": Damage(
        b'toy,2026-03-06T17:20:00+03:00,"urgent\n' + GOOD * 3 + b'x",urgent,extra,\n',
        {FIRST_BAD: r"the row has 6 cells .* runs on to line 256", FIRST_BAD + 4: '`x"'},
    ),
    # ... or with the right number, but a line break in a cell that cannot hold one.
    "quote-closed-below-in-a-timestamp": Damage(
        b'toy,"2026-03-06,urgent,\n' + GOOD * 3 + b'toy,2026",urgent,\n',
        {FIRST_BAD: r"the `opened_at` cell holds a line break .* line 256", FIRST_BAD + 4: "2026"},
    ),
    # A text input may hold a line break: that record is one row, as CSV says.
    "line-break-in-a-text-cell": Damage(
        b'toy,2026-03-06T17:20:00+03:00,urgent,"two\nlines"\n',
        {},
        bad_rows=1,
    ),
    "text-after-closing-quote": Damage(
        b'toy,"2026-03-06"T17:20,urgent,\n', {FIRST_BAD: "text after a closing quote"}
    ),
    "stray-carriage-return": Damage(b"toy,2026\r-03-06,urgent,\n", {FIRST_BAD: "new-line"}),
    "not-utf8": Damage(
        b"toy,2026-03-06T17:20:00+03:00,urg\xe9nt,\n",
        {FIRST_BAD: r"line 252 is not UTF-8 text: byte 0xe9 at byte 34 of the line \(offset \d+"},
    ),
    # A legitimate quoted line break, with a bad byte on the record's second line.
    "not-utf8-inside-a-quoted-cell": Damage(
        b'toy,2026-03-06T17:20:00+03:00,urgent,"two\n\xff"\n',
        {FIRST_BAD: "line 253 is not UTF-8 text: byte 0xff at byte 1 of the line"},
        bad_rows=1,
    ),
    "truncated-utf8-sequence": Damage(
        b"toy,2026-03-06T17:20:00+03:00,urgent,\xd0\n", {FIRST_BAD: "byte 0xd0 at byte 38"}
    ),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_row_costs_that_row_only(toy: policylang.PolicySet, damage: Damage) -> None:
    out = answers(toy, damage.data())
    assert len(out) == damage.rows()
    lines = [a.get("line") for a in out if "error" in a]
    assert lines == sorted(damage.errors), [a for a in out if "error" in a]
    for answer in out:
        if "error" in answer:
            pattern = damage.errors[answer["line"]]
            message = answer["problems"][0]["message"]
            assert re.search(pattern, message), message
            assert "\ufffd" not in json.dumps(answer, ensure_ascii=False)
        else:
            assert answer["sla"]["response"]["rule"] == "urgent"


def test_the_offset_is_the_bad_byte_s_place_in_the_file(toy: policylang.PolicySet) -> None:
    data = "\ufeff".encode() + HEADER + GOOD + b"toy,x,y,\x80\n"
    (error,) = [a for a in answers(toy, data) if "error" in a]
    offset = int(re.search(r"offset (\d+)", error["problems"][0]["message"]).group(1))
    assert data[offset] == 0x80


def test_jsonl_lines_that_are_not_utf8_name_line_and_offset(toy: policylang.PolicySet) -> None:
    request = json.dumps({"policy": "toy", "opened_at": "2026-03-06T17:20:00+03:00"})[:-1]
    request += ', "priority": "urgent"}'
    request = request.encode()
    data = request + b"\n" + request[:-2] + b'\xc3("}\n' + request + b"\n"
    out = answers(toy, data, "jsonl")
    assert [a.get("error") for a in out] == [None, "malformed JSON", None]
    message = out[1]["problems"][0]["message"]
    assert message.startswith("line 2 is not UTF-8 text: byte 0xc3 at byte")
    offset = int(re.search(r"offset (\d+)", message).group(1))
    assert data[offset] == 0xC3


def test_a_run_on_quote_is_given_up_within_the_bound(
    toy: policylang.PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_CSV_RECORD_BYTES", 10 * len(GOOD))
    damage = Damage(b'toy,"2026,urgent,\n', {FIRST_BAD: "runs on past"}, before=2, after=40)
    out = answers(toy, damage.data())
    assert len(out) == damage.rows()
    assert [a["line"] for a in out if "error" in a] == [4]


def test_the_header_must_be_utf8(toy: policylang.PolicySet) -> None:
    with pytest.raises(BatchError, match=r"header .*line 1 is not UTF-8 text: byte 0xff"):
        answers(toy, b"policy,\xffopened_at\n" + GOOD)


class CountingSource:
    """A generated CSV stream that records how far ahead of the answers its reader got."""

    def __init__(self, rows: int, bad_at: int) -> None:
        self.rows, self.bad_at, self.read = rows, bad_at, 0

    def __iter__(self) -> Iterator[bytes]:
        yield HEADER
        for number in range(self.rows):
            self.read += 1
            yield b'toy,"2026-03-06T17:20:00+03:00,urgent,\n' if number == self.bad_at else GOOD


def test_reading_stays_a_few_lines_ahead_through_a_broken_quote(
    toy: policylang.PolicySet,
) -> None:
    """Streaming: after each row is answered, the reader has read at most the bound's worth of
    lines past it (here, with 20,000 rows and the broken quote in the middle)."""
    source = CountingSource(20_000, bad_at=10_000)
    ahead = 0
    for count, (_line, _request) in enumerate(read_requests(toy, source, input_format="csv"), 1):
        ahead = max(ahead, source.read - count)
    assert count == 20_000
    assert ahead <= batch.MAX_CSV_RECORD_BYTES // len(GOOD) + 1


def test_rereading_after_a_broken_row_stays_linear(
    toy: policylang.PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line closes a quoted cell and opens another: read again from any of them, a record
    runs on to the end of the file. Every line must still be parsed at most twice (and handed
    out a third time only to be put back at once)."""
    reads = 0
    next_line = batch._Records.__next__

    def counting(self: batch._Records) -> str:
        nonlocal reads
        reads += 1
        return next_line(self)

    monkeypatch.setattr(batch._Records, "__next__", counting)
    rows = 5_000
    out = answers(toy, HEADER + b'toy,a",b,"c\n' * rows)
    assert len(out) == rows
    assert {a["error"] for a in out} == {"malformed CSV"}
    assert "never closed" in out[0]["problems"][0]["message"]
    assert "into the broken row of line 2" in out[1]["problems"][0]["message"]
    assert reads <= 3 * (rows + 1) + 2
