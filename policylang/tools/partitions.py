"""Ticket and request inputs in partitions: a file, a byte range of one, or a directory of them.

``batch``, ``report`` and ``impact`` read the same inputs: JSONL, CSV or Parquet, one file or a
directory of partition files (as Spark, Dask or a warehouse export writes them). A
:class:`Partition` is one unit of work that names where its rows come from; :func:`plan` cuts an
input into partitions, and :func:`read_rows` yields one partition's rows as ``(line, request)``
through the batch readers (:func:`policylang.tools.batch.read_requests`), so a partition read on a
Dask worker gives exactly the rows, line numbers and row errors a single process gives.

Why not ``dask.bytes.read_bytes``: its blocks are cut on newlines as here, but it cannot say on
which line a block starts, and every error object names its row's line. :func:`plan` counts the
newlines before each cut instead (one pass over the bytes, about a gigabyte a second), and a
partition is read as a stream, so a worker holds one row at a time, not a block.

Files in a directory are taken in sorted order, recursively; names starting with ``_`` or ``.``
(``_SUCCESS``, ``.crc`` files) are skipped as the writers of partitioned data sets intend. Any
other file must be ``.jsonl``/``.ndjson``, ``.csv`` or ``.parquet``: an unknown file is an error,
never silently left out.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from policylang.errors import PolicylangError
from policylang.runtime.policyset import PolicySet
from policylang.tools.batch import RowError, read_requests

__all__ = [
    "DEFAULT_SPLIT_BYTES",
    "FORMATS",
    "Partition",
    "PartitionError",
    "format_of",
    "plan",
    "read_rows",
    "total_bytes",
]

#: Every input format, and the suffixes that name each.
FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
_SUFFIXES[".parquet"] = "parquet"

#: The size of a byte range when a JSONL file is split (``--partition-size``'s default).
DEFAULT_SPLIT_BYTES = 64 << 20
_COUNT_CHUNK = 1 << 20

_PARQUET_MISSING = (
    "reading Parquet needs pyarrow (the `scale` extra): python -m pip install pyarrow"
)


class PartitionError(PolicylangError):
    """An input that cannot be read as partitions: missing, empty, or of an unknown kind."""


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: a file, a byte range of a JSONL file, or a Parquet row group."""

    #: Its place in the input: results are merged in this order.
    index: int
    path: str
    #: How its rows are named in messages: the file relative to the input directory, or None for
    #: a single file (rows are then named by their line alone, as ``batch`` always has).
    name: str | None
    format: str
    #: JSONL: the byte range ``[start, end)`` (``end`` None: to the end). Parquet: the row group
    #: ``start`` alone when ``end`` is ``start + 1``, else every group.
    start: int = 0
    end: int | None = None
    #: The line (Parquet: the row) its first row is on.
    first_line: int = 1
    #: Its size in bytes, for progress.
    size: int = 0

    def where(self, line: int) -> str:
        """A row of this partition, for people: ``line 12`` or ``part-3.jsonl:12``."""
        return f"line {line}" if self.name is None else f"{self.name}:{line}"


def format_of(path: str, given: str | None) -> str:
    """The input format: the one given, else by the file's suffix (JSONL when unknown)."""
    if given is not None:
        return given
    return _SUFFIXES.get(Path(path).suffix.lower(), "jsonl")


def plan(
    path: str, *, input_format: str | None = None, split_bytes: int | None = None
) -> list[Partition]:
    """Cut an input into partitions: a file (``-``: stdin), or a directory of partition files.

    With ``split_bytes``, a JSONL file larger than that is cut into byte ranges on line breaks,
    and a Parquet file into its row groups; a CSV file stays whole (a quoted cell may hold a line
    break, so only a full parse can tell where a record ends). Raises :class:`PartitionError`.
    """
    if path == "-":
        return [Partition(0, "-", None, input_format or "jsonl")]
    root = Path(path)
    if root.is_dir():
        files = _partition_files(root)
        named: list[tuple[str, str | None]] = [
            (str(f), f.relative_to(root).as_posix()) for f in files
        ]
    elif root.exists():
        named = [(path, None)]
    else:
        raise PartitionError(f"{path}: no such file or directory")
    partitions: list[Partition] = []
    for file, name in named:
        fmt = format_of(file, input_format if name is None else None)
        for piece in _cut(file, name, fmt, split_bytes):
            partitions.append(_renumbered(piece, len(partitions)))
    return partitions


def total_bytes(partitions: list[Partition]) -> int | None:
    """The bytes all partitions read, for a progress bar (None for stdin or an empty input)."""
    size = sum(p.size for p in partitions)
    return size or None


def _renumbered(partition: Partition, index: int) -> Partition:
    return Partition(
        index,
        partition.path,
        partition.name,
        partition.format,
        partition.start,
        partition.end,
        partition.first_line,
        partition.size,
    )


def _partition_files(root: Path) -> list[Path]:
    files = []
    for found in sorted(root.rglob("*")):
        relative = found.relative_to(root)
        if any(part.startswith(("_", ".")) for part in relative.parts) or not found.is_file():
            continue
        if found.suffix.lower() not in _SUFFIXES:
            raise PartitionError(
                f"{found}: not a partition file (.jsonl, .ndjson, .csv or .parquet); move it out "
                f"of {root} or rename it with a leading `_` to have it skipped"
            )
        files.append(found)
    if not files:
        raise PartitionError(f"{root}: holds no .jsonl, .ndjson, .csv or .parquet files")
    return files


def _cut(file: str, name: str | None, fmt: str, split_bytes: int | None) -> list[Partition]:
    try:
        size = os.stat(file).st_size
    except OSError as error:
        raise PartitionError(f"{file}: cannot read: {error.strerror or error}") from None
    if fmt == "parquet":
        return _parquet_pieces(file, name, size, split=split_bytes is not None)
    if fmt == "csv" or split_bytes is None or size <= split_bytes:
        return [Partition(0, file, name, fmt, size=size)]
    return _byte_ranges(file, name, size, split_bytes)


def _byte_ranges(file: str, name: str | None, size: int, split_bytes: int) -> list[Partition]:
    """Ranges of about ``split_bytes``, each starting at a line's first byte, with its line."""
    starts = [0]
    with open(file, "rb") as handle:
        for guess in range(split_bytes, size, split_bytes):
            if guess <= starts[-1]:
                continue
            handle.seek(guess - 1)
            handle.readline()  # to the end of the line holding the byte before the cut
            if handle.tell() >= size:
                break
            if handle.tell() > starts[-1]:
                starts.append(handle.tell())
        pieces, line = [], 1
        handle.seek(0)
        ends = [*starts[1:], size]
        for start, end in zip(starts, ends, strict=True):
            pieces.append(Partition(0, file, name, "jsonl", start, end, line, end - start))
            line += _newlines(handle, end - start)
    return pieces


def _newlines(handle: Any, length: int) -> int:
    count = 0
    while length > 0:
        chunk = handle.read(min(_COUNT_CHUNK, length))
        if not chunk:
            break
        count += chunk.count(b"\n")
        length -= len(chunk)
    return count


def _parquet_pieces(file: str, name: str | None, size: int, *, split: bool) -> list[Partition]:
    parquet = _pyarrow_parquet()
    try:
        metadata = parquet.ParquetFile(file).metadata
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise PartitionError(f"{file}: not a readable Parquet file: {error}") from None
    groups = metadata.num_row_groups
    if not split or groups <= 1:
        return [Partition(0, file, name, "parquet", 0, None, 1, size)]
    pieces, row = [], 1
    for group in range(groups):
        rows = metadata.row_group(group).num_rows
        share = size * rows // max(metadata.num_rows, 1)
        pieces.append(Partition(0, file, name, "parquet", group, group + 1, row, share))
        row += rows
    return pieces


def _pyarrow_parquet() -> Any:
    try:
        from pyarrow import parquet  # noqa: PLC0415 - optional: the `scale` extra
    except ImportError:
        raise PartitionError(_PARQUET_MISSING) from None
    return parquet


# ---------------------------------------------------------------------------------- reading


def read_rows(
    partition: Partition,
    policies: PolicySet,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """The partition's rows as ``(line, request)`` or ``(line, RowError)``, in order, streaming."""
    if partition.format == "parquet":
        yield from _parquet_rows(partition, progress)
        return
    offset = partition.first_line - 1
    with _open(partition) as lines:
        rows = read_requests(policies, lines, input_format=partition.format, progress=progress)
        for line, request in rows:
            yield line + offset, request


class _Open:
    """A partition's binary lines, as a context manager (stdin is not closed)."""

    def __init__(self, partition: Partition) -> None:
        self.partition = partition
        self.handle: Any = None

    def __enter__(self) -> Iterator[bytes]:
        import sys  # noqa: PLC0415 - only for `-`

        partition = self.partition
        if partition.path == "-":
            return iter(sys.stdin.buffer)
        try:
            self.handle = open(partition.path, "rb")
        except OSError as error:
            raise PartitionError(
                f"{partition.path}: cannot read: {error.strerror or error}"
            ) from None
        if partition.start == 0 and partition.end is None:
            return iter(self.handle)
        self.handle.seek(partition.start)
        return _until(self.handle, partition.end, partition.start)

    def __exit__(self, *_exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _open(partition: Partition) -> _Open:
    return _Open(partition)


def _until(handle: Any, end: int | None, position: int) -> Iterator[bytes]:
    """The lines of ``handle`` that start before ``end`` (the range was cut on line starts)."""
    for raw in handle:
        if end is not None and position >= end:
            return
        position += len(raw)
        yield raw


def _parquet_rows(
    partition: Partition, progress: Callable[[int], None] | None
) -> Iterator[tuple[int, Any]]:
    parquet = _pyarrow_parquet()
    try:
        reader = parquet.ParquetFile(partition.path)
        groups = None if partition.end is None else list(range(partition.start, partition.end))
        batches = reader.iter_batches(batch_size=4096, row_groups=groups)
        rows = max(reader.metadata.num_rows, 1)
    except (OSError, ValueError) as error:
        raise PartitionError(f"{partition.path}: not a readable Parquet file: {error}") from None
    per_row = partition.size // rows if partition.end is None else 0
    line = partition.first_line
    for batch in batches:
        for record in batch.to_pylist():
            if progress is not None and per_row:
                progress(per_row)
            try:
                yield line, {k: _json_value(v) for k, v in record.items() if v is not None}
            except _NotJson as error:
                yield line, RowError("malformed Parquet", str(error))
            line += 1


class _NotJson(ValueError):
    """A Parquet value with no JSON form a request can hold."""


def _json_value(value: Any) -> Any:
    """A Parquet cell as the JSON value a request holds: instants and dates as RFC 3339 text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    raise _NotJson(f"a {type(value).__name__} cell has no JSON form")
