"""Evaluate a stream of requests: JSONL or CSV in, one JSONL line out per input row.

The input is read one line (CSV: one record) at a time and each answer is written before the next
row is read, so memory stays flat however long the input is. The contract is that rows in equal
rows out, always: a row that cannot be answered — a blank line, malformed JSON, a value of the
wrong type, a bad request — becomes an error object naming its line (``schemas/error.schema.json``)
in the row's place, and every other row becomes its decision (``schemas/decision.schema.json``).

CSV cells are strings; each is converted by the kind the policy declares for its column: ``bool``
from ``true``/``false`` (any case), ``number`` from a decimal, everything else stays a string (dates
and timestamps are parsed by request validation). An empty cell leaves the input out.

A CSV row is a record, which spans lines only through a quoted cell. A record that breaks (a quote
never closed, text after a closing quote, a wrong cell count over several lines) is an error for
its first line, and reading starts again on the next line, so one stray quote costs one row
(:class:`_Records`; the rule is written out in docs/cli.md). Bytes that are not UTF-8 make their
row an error naming the line, the byte and its offset in the file; nothing becomes U+FFFD.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from policylang.errors import PolicylangError, RequestError, RequestProblem
from policylang.model.policy import CompiledPolicy
from policylang.runtime.outcome import Crashed, Decided, Rejected, evaluate_to_json
from policylang.runtime.policyset import PolicySet
from policylang.runtime.request import RESERVED_FIELDS, parse_timestamp

__all__ = [
    "FORMATS",
    "BatchError",
    "BatchSummary",
    "RowError",
    "answer_rows",
    "convert_cell",
    "read_requests",
    "run_batch",
]

#: The input formats ``run_batch`` reads.
FORMATS = ("jsonl", "csv")

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class BatchError(PolicylangError):
    """The input as a whole cannot be read (a CSV header without a column name, say)."""


@dataclass(slots=True)
class BatchSummary:
    """What a batch run produced: rows read, decisions and errors by kind."""

    rows: int = 0
    decisions: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        """How many rows became error objects."""
        return sum(self.errors.values())

    def to_json(self) -> dict[str, Any]:
        """``{"rows", "decisions", "errors", "by_error": {kind: count}}``."""
        return {
            "rows": self.rows,
            "decisions": self.decisions,
            "errors": self.failed,
            "by_error": dict(sorted(self.errors.items())),
        }


def run_batch(
    policies: PolicySet,
    source: Iterable[bytes],
    out: IO[str],
    *,
    input_format: str = "jsonl",
    as_of: dt.date | str | None = None,
    trace: bool = False,
    detail: str = "compact",
    flush: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Answer every row of ``source`` (binary lines) into ``out``, one JSON line per row
    (``detail="full"`` inlines the texts of the clauses and notes each decision cites).

    ``progress`` is called with the number of bytes each row consumed; ``flush`` flushes ``out``
    after every row (for a consumer reading the output as it is written).
    """
    rows = read_requests(policies, source, input_format=input_format, progress=progress)
    return answer_rows(
        policies, rows, out, as_of=as_of, trace=trace, detail=detail, flush=flush
    )


def answer_rows(
    policies: PolicySet,
    rows: Iterable[tuple[int, Any]],
    out: IO[str],
    *,
    as_of: dt.date | str | None = None,
    trace: bool = False,
    detail: str = "compact",
    flush: bool = False,
) -> BatchSummary:
    """Answer rows already read (``(line, request)``, as :func:`read_requests` yields them)."""
    summary = BatchSummary()
    for line, request in rows:
        summary.rows += 1
        answer, error = _answer(policies, line, request, as_of, trace=trace, detail=detail)
        if error is None:
            summary.decisions += 1
        else:
            summary.errors[error] += 1
        out.write(_dumps(answer))
        out.write("\n")
        if flush:
            out.flush()
    return summary


# ---------------------------------------------------------------------------------- rows


def read_requests(
    policies: PolicySet,
    source: Iterable[bytes],
    *,
    input_format: str = "jsonl",
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """Each row of ``source`` as (line number, request), or (line number, :class:`RowError`).

    The request is what the row holds (a JSON value, not yet validated); a CSV row's cells are
    converted to the kinds the policy declares. Every row yields exactly once, in order.
    """
    if input_format not in FORMATS:
        raise ValueError(f"input_format must be one of {FORMATS}, not {input_format!r}")
    if input_format == "jsonl":
        rows = _jsonl_rows(source, progress)
    else:
        rows = _csv_rows(source, progress, _multiline_columns(policies))
    for line, request in rows:
        yield line, _typed(policies, request) if isinstance(request, _CsvRequest) else request


#: A row: its line number, and the request (or the error object's cause) in its place.
_Row = tuple[int, Any]

#: How far a quoted CSV cell may carry a record over the lines after its first: beyond this, the
#: quote is taken to be unbalanced. It bounds what the reader holds back to read again.
MAX_CSV_RECORD_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that is not a request at all (blank, malformed): its kind and message."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class _Line:
    """One physical line of the input, decoded; bytes that are not UTF-8 are kept as escapes."""

    number: int  # 1-based
    offset: int  # of its first byte in the input
    size: int  # in bytes
    text: str
    bad_byte: int | None  # where in the line the first byte that is not UTF-8 stands

    def not_utf8(self) -> str:
        """Where this line stops being UTF-8, for an error message."""
        assert self.bad_byte is not None
        value = self.text.encode("utf-8", "surrogateescape")[self.bad_byte]
        return (
            f"line {self.number} is not UTF-8 text: byte 0x{value:02x} at byte "
            f"{self.bad_byte + 1} of the line (offset {self.offset + self.bad_byte} in the file)"
        )


def _lines(source: Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[_Line]:
    offset = 0
    for number, raw in enumerate(source, start=1):
        if progress is not None:
            progress(len(raw))
        size = len(raw)
        # A UTF-8 byte-order mark, as spreadsheet exports write, is not part of the first row.
        skipped = 3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
        body = raw[skipped:]
        try:
            text, bad = body.decode("utf-8"), None
        except UnicodeDecodeError as error:
            # Decoded anyway, so a CSV record keeps its shape; the row is reported, not read.
            text, bad = body.decode("utf-8", "surrogateescape"), error.start
        yield _Line(number, offset + skipped, size - skipped, text, bad)
        offset += size


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _jsonl_rows(source: Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[_Row]:
    for line in _lines(source, progress):
        number, text = line.number, line.text
        if line.bad_byte is not None:
            yield number, RowError("malformed JSON", line.not_utf8())
            continue
        if not text.strip():
            yield number, RowError("blank line", "a blank line is not a request")
            continue
        try:
            # orjson reads a well-formed row about three times faster; what it refuses (bad
            # JSON, NaN, numbers past 64 bits or beyond a float, lone surrogates, deep nesting)
            # the standard library reads or reports, in its words.
            request: Any = orjson.loads(text)
        except orjson.JSONDecodeError:
            request = _stdlib_row(text)
        yield number, request


def _stdlib_row(text: str) -> Any:
    """A JSONL row as the standard library reads it, or the RowError saying why it cannot."""
    try:
        return json.loads(text.rstrip("\r\n"), parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return RowError("malformed JSON", f"{error.msg} (column {error.colno})")
    except ValueError as error:
        return RowError("malformed JSON", str(error))
    except RecursionError:
        return RowError("malformed JSON", "nested too deeply")


class _RunOn(Exception):
    """A CSV record cannot go on to its next line (its quote is taken to be unbalanced)."""


class _Records:
    """CSV records, one at a time, each with the physical lines it was read from.

    A record spans several lines only when a quoted cell holds line breaks. When a record turns
    out malformed, only its first line is reported and the lines after it are read again as
    records of their own (:meth:`resync`): an unbalanced quote costs one row, not the rest of
    the file. What is held back to read again is bounded by ``MAX_CSV_RECORD_BYTES``.

    Reading again stays linear: a record goes past the end of a line only inside a quoted cell,
    so a line of a broken record that, read again, also leaves a quoted cell open is from then
    on in the very state the broken record was in, and would run on to where it broke. Such a
    line is reported at once instead of being read on, so every line is parsed at most twice.
    """

    def __init__(self, lines: Iterator[_Line]) -> None:
        self._lines = lines
        self._again: deque[_Line] = deque()
        self.lines: list[_Line] = []  # the lines of the record being read
        self._carried = 0  # bytes of those lines after the first
        #: The first and last line of the last broken record.
        self.broken = (0, 0)
        # csv.reader asks for lines only as it needs them, so one reader serves every record.
        self._reader = csv.reader(self, strict=True)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        # csv.reader asks for a line only for a new record, or while a quoted cell is open.
        line = self._again.popleft() if self._again else next(self._lines)
        if self.lines:
            self._carried += line.size
            if self._carried > MAX_CSV_RECORD_BYTES or self.lines[0].number < self.broken[1]:
                self._again.appendleft(line)
                raise _RunOn
        self.lines.append(line)
        return line.text

    def next_record(self) -> list[str] | None:
        """The next record's cells, or None at the end; raises csv.Error, _RunOn."""
        self.lines, self._carried = [], 0
        try:
            return next(self._reader, None)
        except (csv.Error, _RunOn):
            # The reader stopped inside the record: the next one starts in a clean state.
            self._reader = csv.reader(self, strict=True)
            raise

    def resync(self) -> _Line:
        """Give back every line of the current record but its first, and return that one."""
        first, *rest = self.lines
        if rest:
            self.broken = (first.number, rest[-1].number)
        self._again.extendleft(reversed(rest))
        self.lines = [first]
        return first


def _multiline_columns(policies: PolicySet) -> frozenset[str]:
    """The columns whose cells may hold a line break: ``events`` (JSON) and text inputs."""
    return frozenset(
        name
        for versions in policies.versions.values()
        for policy in versions
        for name, spec in policy.inputs.items()
        if spec.kind == "text"
    ) | {"events"}


def _csv_rows(
    source: Iterable[bytes],
    progress: Callable[[int], None] | None,
    multiline: frozenset[str],
) -> Iterator[_Row]:
    records = _Records(_lines(source, progress))
    header = _csv_header(records)
    if header is None:
        return
    while True:
        try:
            cells = records.next_record()
        except (csv.Error, _RunOn) as error:
            message = _quoting(error, records)
            yield records.resync().number, RowError("malformed CSV", message)
            continue
        if cells is None:
            return
        lines = records.lines
        first = lines[0]
        if len(lines) == 1:  # the common case, kept cheap
            bad = first if first.bad_byte is not None else None
            broken = None
        else:
            bad = next((line for line in lines if line.bad_byte is not None), None)
            broken = _run_on(cells, header, lines, multiline)
        if broken is not None:
            # Most likely a quote left open, which swallowed the lines after it: report the
            # line the record began on, and read the others again as rows of their own.
            records.resync()
            yield first.number, RowError("malformed CSV", broken)
        elif bad is not None:
            yield first.number, RowError("malformed CSV", bad.not_utf8())
        elif not cells or cells == [""]:
            yield first.number, RowError("blank line", "a blank line is not a request")
        elif len(cells) != len(header):
            yield first.number, RowError("malformed CSV", _cell_count(cells, header))
        else:
            yield first.number, _CsvRequest((n, c) for n, c in zip(header, cells, strict=True) if c)


def _csv_header(records: _Records) -> list[str] | None:
    """The first record, checked as the header; None when the input is empty."""
    try:
        header = records.next_record()
    except (csv.Error, _RunOn) as error:
        raise BatchError(
            f"line 1: the CSV header cannot be read: {_quoting(error, records)}"
        ) from None
    if header is None:
        return None
    bad = next((line for line in records.lines if line.bad_byte is not None), None)
    if bad is not None:
        raise BatchError(f"the CSV header cannot be read: {bad.not_utf8()}")
    _check_header(header)
    return header


def _cell_count(cells: list[str], header: list[str]) -> str:
    return f"the row has {len(cells)} cells and the header {len(header)} columns"


def _run_on(
    cells: list[str], header: list[str], lines: list[_Line], multiline: frozenset[str]
) -> str | None:
    """Why a record read over several lines cannot be one row, or None when it can be."""
    runs_on = f"a quoted cell runs on to line {lines[-1].number}: is a quote unbalanced?"
    if len(cells) != len(header):
        return f"{_cell_count(cells, header)} ({runs_on})"
    for name, cell in zip(header, cells, strict=True):
        if name not in multiline and ("\n" in cell or "\r" in cell):
            return f"the `{name}` cell holds a line break ({runs_on})"
    return None


def _quoting(error: csv.Error | _RunOn, records: _Records) -> str:
    """A CSV reading error in words: nearly always a quote in the wrong place."""
    if isinstance(error, _RunOn):
        first, last = records.broken
        if first < records.lines[0].number <= last:
            return (
                f"a quoted cell runs on from this line into the broken row of line {first}: "
                "is a quote unbalanced?"
            )
        return (
            f"a quoted cell runs on past {MAX_CSV_RECORD_BYTES:,} bytes of lines: "
            "is a quote unbalanced?"
        )
    text = str(error)
    if "unexpected end of data" in text:
        return "a quote is opened and never closed"
    if "field larger than field limit" in text:
        limit = csv.field_size_limit()
        return f"a cell is longer than {limit:,} characters: is a quote unbalanced?"
    if "expected after" in text:
        return f'text after a closing quote ({text}); double a quote inside a quoted cell: ""'
    return text


def _check_header(header: list[str]) -> None:
    for index, name in enumerate(header, start=1):
        if not name.strip():
            raise BatchError(f"line 1: CSV header column {index} has no name")
    repeated = sorted({n for n in header if header.count(n) > 1})
    if repeated:
        raise BatchError(f"line 1: the CSV header repeats {', '.join(repeated)}")


# ---------------------------------------------------------------------------------- answers


def _answer(
    policies: PolicySet,
    line: int,
    request: Any,
    as_of: dt.date | str | None,
    *,
    trace: bool,
    detail: str,
) -> tuple[dict[str, Any], str | None]:
    """The row's decision and None, or its error object and the error's kind."""
    if isinstance(request, RowError):
        return _error(line, request.kind, [RequestProblem("", request.message)])
    match evaluate_to_json(policies, request, as_of=as_of, trace=trace, detail=detail):
        case Decided(document):
            return document, None
        case Rejected(error):
            return _error(line, "invalid request", error.problems)
        case Crashed(bug):  # one row's bug must not cost the other rows their answers
            message = f"{type(bug).__name__}: {bug}"
            return _error(line, "internal error", [RequestProblem("", message)])


#: Characters JSON leaves raw in strings that line-splitting readers take for line ends (Python's
#: ``str.splitlines``, JavaScript before ES2019, some log shippers): U+2028 LINE SEPARATOR,
#: U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE, as UTF-8 bytes and as JSON escapes.
_LINE_ENDS = (
    (b"\xe2\x80\xa8", b"\\u2028"),
    (b"\xe2\x80\xa9", b"\\u2029"),
    (b"\xc2\x85", b"\\u0085"),
)


def _dumps(value: Any) -> str:
    """A row's JSON text on one line: compact, UTF-8 as it is, with JSON's own escapes and
    U+2028, U+2029 and U+0085 escaped (``\\u2028``...): one row is one line for every reader.

    orjson writes the same text as ``json.dumps(ensure_ascii=False, separators=(",", ":"))``
    (tests/unit/test_batch.py checks it on every bundled policy) about ten times faster: the
    encoding was a third of ``batch``. What orjson refuses (an integer past 64 bits, a key that
    is not a string) is written by the standard library instead, so no row is lost to it.
    """
    try:
        data = orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for raw, escaped in _LINE_ENDS:
        if raw in data:  # rare: a scan of the row's bytes each
            data = data.replace(raw, escaped)
    return data.decode("utf-8")


def _error(line: int, kind: str, problems: Iterable[RequestProblem]) -> tuple[dict[str, Any], str]:
    return {"line": line, "error": kind, "problems": [p.to_json() for p in problems]}, kind


class _CsvRequest(dict[str, str]):
    """A CSV row's cells by column, not yet converted to the policy's input kinds."""


def _typed(policies: PolicySet, cells: Mapping[str, str]) -> dict[str, Any]:
    policy = _policy_for(policies, cells)
    out: dict[str, Any] = dict(cells)
    if "events" in out:
        # A ticket's history in one cell can only be JSON; left a string, it is reported.
        with contextlib.suppress(ValueError, RecursionError):
            out["events"] = json.loads(out["events"], parse_constant=_reject_constant)
    if policy is None:
        return out  # evaluation reports the unknown policy
    for name, cell in cells.items():
        spec = policy.inputs.get(name)
        if spec is not None and name not in RESERVED_FIELDS:
            out[name] = convert_cell(spec.kind, cell)
    return out


def _policy_for(policies: PolicySet, cells: Mapping[str, str]) -> CompiledPolicy | None:
    """The version that will answer the row (the latest when its opening cannot be read)."""
    policy_id = cells.get("policy")
    if policy_id not in policies.versions:
        return None
    assert policy_id is not None
    try:
        opened = parse_timestamp(cells.get("opened_at"), "opened_at")
        return policies.in_force(policy_id, opened)
    except RequestError:
        return policies.latest(policy_id)


def convert_cell(kind: str, cell: str) -> Any:
    """A CSV cell as the JSON value an input of ``kind`` takes; unconvertible cells stay strings.

    A cell left a string where the kind wants another type is then reported by request
    validation, naming the field and what it allows.
    """
    text = cell.strip()
    if kind == "bool":
        folded = text.casefold()
        return {"true": True, "false": False}.get(folded, cell)
    if kind == "number" and _NUMBER.match(text):
        number = float(text)
        if not math.isfinite(number):
            return cell
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else number
    if kind in ("date", "datetime"):
        return text
    return cell
