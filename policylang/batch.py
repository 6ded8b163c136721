"""Evaluate a stream of requests: JSONL or CSV in, one JSONL line out per input row.

The input is read one line (CSV: one record) at a time and each answer is written before the next
row is read, so memory stays flat however long the input is. The contract is that rows in equal
rows out, always: a row that cannot be answered — a blank line, malformed JSON, a value of the
wrong type, a bad request — becomes an error object naming its line (``schemas/error.schema.json``)
in the row's place, and every other row becomes its decision (``schemas/decision.schema.json``).

CSV cells are strings; each is converted by the kind the policy declares for its column: ``bool``
from ``true``/``false`` (any case), ``number`` from a decimal, everything else stays a string (dates
and timestamps are parsed by request validation). An empty cell leaves the input out.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from policylang.calendar.errors import CalendarError
from policylang.diagnostics import PolicylangError
from policylang.model import CompiledPolicy
from policylang.policyset import PolicySet
from policylang.request import RESERVED_FIELDS, RequestError, RequestProblem, parse_timestamp

__all__ = [
    "FORMATS",
    "BatchError",
    "BatchSummary",
    "RowError",
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
    flush: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Answer every row of ``source`` (binary lines) into ``out``, one JSON line per row.

    ``progress`` is called with the number of bytes each row consumed; ``flush`` flushes ``out``
    after every row (for a consumer reading the output as it is written).
    """
    summary = BatchSummary()
    encode = _Encoder()
    for line, request in read_requests(
        policies, source, input_format=input_format, progress=progress
    ):
        summary.rows += 1
        answer, error = _answer(policies, line, request, as_of, trace)
        if error is None:
            summary.decisions += 1
        else:
            summary.errors[error] += 1
        out.write(encode(answer) if error is None else _dumps(answer))
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
    rows = _jsonl_rows(source, progress) if input_format == "jsonl" else _csv_rows(source, progress)
    for line, request in rows:
        yield line, _typed(policies, request) if isinstance(request, _CsvRequest) else request


#: A row: its line number, and the request (or the error object's cause) in its place.
_Row = tuple[int, Any]


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that is not a request at all (blank, malformed): its kind and message."""

    kind: str
    message: str


def _lines(source: Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[bytes]:
    first = True
    for raw in source:
        if progress is not None:
            progress(len(raw))
        # A UTF-8 byte-order mark, as spreadsheet exports write, is not part of the first row.
        yield raw[3:] if first and raw.startswith(b"\xef\xbb\xbf") else raw
        first = False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _jsonl_rows(source: Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[_Row]:
    for number, raw in enumerate(_lines(source, progress), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield number, RowError("malformed JSON", f"not UTF-8 text (byte {error.start + 1})")
            continue
        if not text.strip():
            yield number, RowError("blank line", "a blank line is not a request")
            continue
        try:
            yield number, json.loads(text.rstrip("\r\n"), parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            yield number, RowError("malformed JSON", f"{error.msg} (column {error.colno})")
        except ValueError as error:
            yield number, RowError("malformed JSON", str(error))
        except RecursionError:
            yield number, RowError("malformed JSON", "nested too deeply")


def _csv_rows(source: Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[_Row]:
    # newline="" semantics: csv wants the line endings, and quoted cells may span lines.
    text = (raw.decode("utf-8", errors="replace") for raw in _lines(source, progress))
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        raise BatchError(f"line 1: the CSV header cannot be read: {error}") from None
    _check_header(header)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, RowError("malformed CSV", str(error))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not cells or cells == [""]:
            yield line, RowError("blank line", "a blank line is not a request")
        elif len(cells) != len(header):
            yield (
                line,
                RowError(
                    "malformed CSV",
                    f"the row has {len(cells)} cells and the header {len(header)} columns",
                ),
            )
        else:
            yield line, _CsvRequest((n, c) for n, c in zip(header, cells, strict=True) if c)


def _check_header(header: list[str]) -> None:
    for index, name in enumerate(header, start=1):
        if not name.strip():
            raise BatchError(f"line 1: CSV header column {index} has no name")
    repeated = sorted({n for n in header if header.count(n) > 1})
    if repeated:
        raise BatchError(f"line 1: the CSV header repeats {', '.join(repeated)}")


# ---------------------------------------------------------------------------------- answers


def _answer(
    policies: PolicySet, line: int, request: Any, as_of: dt.date | str | None, trace: bool
) -> tuple[dict[str, Any], str | None]:
    """The row's decision and None, or its error object and the error's kind."""
    if isinstance(request, RowError):
        return _error(line, request.kind, [RequestProblem("", request.message)])
    try:
        return policies.evaluate(request, as_of=as_of, trace=trace).to_json(), None
    except RequestError as error:
        return _error(line, "invalid request", error.problems)
    except (PolicylangError, CalendarError, OverflowError) as error:
        # A request the calendars cannot count for (a date centuries away): the row's problem.
        return _error(line, "cannot evaluate", [RequestProblem("", str(error))])
    except Exception as error:  # one row's bug must not cost the other rows their answers
        message = f"{type(error).__name__}: {error}"
        return _error(line, "internal error", [RequestProblem("", message)])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Encoder:
    """``json.dumps`` for decisions, reusing the text of parts that repeat from row to row.

    Half a decision's bytes are its obligations and notes, which depend only on the policy
    version and on which rules applied; encoding them once per distinct shape instead of once
    per row halves the cost of a batch. The output is byte for byte what ``_dumps`` writes.
    The cache is bounded, so memory stays flat on any input.
    """

    LIMIT = 4096

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], str] = {}

    def __call__(self, decision: Mapping[str, Any]) -> str:
        policy = decision["policy"]
        version = (policy["id"], policy["version"])
        parts = []
        for name, value in decision.items():
            key = _shape(name, value)
            if key is None:
                text = _dumps(value)
            else:
                full = (version, name, key)
                cached = self.cache.get(full)
                if cached is None:
                    if len(self.cache) >= self.LIMIT:
                        self.cache.clear()
                    cached = self.cache[full] = _dumps(value)
                text = cached
            parts.append(f"{_dumps(name)}:{text}")
        return "{" + ",".join(parts) + "}"


def _shape(name: str, value: Any) -> tuple[Any, ...] | None:
    """What determines a decision part's JSON, given the policy version; None: not cached."""
    if name == "notes":
        return tuple(note["id"] for note in value)
    if name == "obligations":
        return tuple((o["kind"], o["id"], o["applies"], o["due_at"]) for o in value)
    if name == "refusal":
        return tuple((r["rule"], r["applies"]) for r in value["grounds"] + value["possible"])
    if name in ("handler", "billable"):
        cases = tuple((c["rule"], c["when"]) for c in value.get("cases") or ())
        return (value["rule"], cases, tuple(value.get("depends_on") or ()))
    return None


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
