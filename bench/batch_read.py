"""Stream a large CSV with one broken row through the batch reader: time, rows, peak memory.

    python bench/batch_read.py --mb 100            # read_requests only (the reader's cost)
    python bench/batch_read.py --mb 10 --batch     # the whole `policylang batch` command

Writes a CSV of ``--mb`` megabytes of bpmsoft_care requests to a temporary directory, twice:
clean, and with an unbalanced quote in the row in the middle (``--damage`` picks another kind of
damage). Each file is read in a fresh process, so ``ru_maxrss`` is that run's own peak. Rows in
must equal rows out, and the damaged file must cost exactly one row; peak memory must not grow
with the file (compare ``--mb 10`` with ``--mb 100``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/batch_read.py` puts bench/ first on the path, where bench/calendar.py would
# shadow the standard library's calendar module: take it off before importing anything else.
_HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == _HERE:
    sys.path.pop(0)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = _HERE.parent
HEADER = b"policy,opened_at,priority\n"
ROW = b"bpmsoft_care,2026-03-06T17:20:00+03:00,critical\n"
DAMAGES = {
    "quote": b'bpmsoft_care,"2026-03-06T17:20:00+03:00,critical\n',
    "utf8": b"bpmsoft_care,2026-03-06T17:20:00+03:00,crit\xe9cal\n",
}


def write(path: Path, megabytes: float, damage: bytes | None) -> int:
    """Write the file; return how many rows it holds."""
    rows = int(megabytes * 1_000_000) // len(ROW)
    chunk = ROW * 10_000
    with path.open("wb") as out:
        out.write(HEADER)
        written = 0
        while written < rows:
            if damage is not None and written <= rows // 2 < written + 10_000:
                before = rows // 2 - written
                out.write(ROW * before + damage + ROW * (9_999 - before))
            else:
                out.write(chunk[: len(ROW) * min(10_000, rows - written)])
            written += 10_000
    return rows


def reader(path: str) -> None:
    """In a fresh process: read every row, print rows, errors and peak memory as JSON."""
    import policylang
    from policylang.tools.batch import RowError, read_requests

    policies = policylang.load(ROOT / "policies")
    start = time.perf_counter()
    rows = errors = 0
    with open(path, "rb") as source:
        for _line, request in read_requests(policies, source, input_format="csv"):
            rows += 1
            errors += isinstance(request, RowError)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "errors": errors, "seconds": seconds, "peak_mib": peak}))


def batch(path: str) -> dict[str, float]:
    """The whole command in a child process: rows out, wall time, the child's peak memory."""
    out = Path(path).with_suffix(".jsonl")
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "policylang",
            "batch",
            path,
            "-o",
            str(out),
            "--policies",
            str(ROOT / "policies"),
        ],
        check=False,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with out.open("rb") as answers:
        lines = errors = 0
        for line in answers:
            lines += 1
            errors += line.startswith(b'{"line"')
    out.unlink()
    return {"rows": lines, "errors": errors, "seconds": seconds, "peak_mib": peak}


def measure(path: Path, whole: bool) -> dict[str, float]:
    if whole:
        command = [sys.executable, __file__, "--measure-batch", str(path)]
    else:
        command = [sys.executable, __file__, "--read", str(path)]
    result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="file size in MB")
    parser.add_argument("--batch", action="store_true", help="run the whole batch command")
    parser.add_argument("--damage", choices=sorted(DAMAGES), default="quote")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    parser.add_argument("--measure-batch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        reader(args.read)
        return
    if args.measure_batch:
        print(json.dumps(batch(args.measure_batch)))
        return
    print(f"load average {os.getloadavg()[0]:.2f}; {args.mb:g} MB; damage: {args.damage}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, damage in (("clean", None), ("damaged", DAMAGES[args.damage])):
            path = Path(tmp) / f"{label}.csv"
            rows = write(path, args.mb, damage)
            size = path.stat().st_size / 1e6
            got = measure(path, args.batch)
            ok = got["rows"] == rows and got["errors"] == (damage is not None)
            print(
                f"{label:8} {size:7.1f} MB  rows in {rows:,}  out {int(got['rows']):,}  "
                f"errors {int(got['errors'])}  {got['seconds']:.1f} s  "
                f"({rows / got['seconds']:,.0f} rows/s)  peak {got['peak_mib']:.0f} MiB  "
                f"{'ok' if ok else 'ROWS LOST'}"
            )


if __name__ == "__main__":
    main()
