"""How large a v2 decision is, as the HTTP service sends it (issue 18: <= 2 KB for a typical one).

    python bench/decision_size.py                 # compact (the default detail)
    python bench/decision_size.py --detail full   # with the clause and note texts inlined
    python bench/decision_size.py --by-policy     # the figures of each policy too
    python bench/decision_size.py --workload 2000 # bench/workload.py's requests instead
    python bench/decision_size.py --without-empty # what leaving out null / [] keys would give

Asks every request of the bundled policies' test files (``policies/*.tests.yaml``, the cases that
are answered, at their ``as_of``: many leave inputs out on purpose, so their answers list cases),
or with ``--workload N`` the mixed requests ``bench/decide.py`` times (every input a row needs
given: the typical answer of a support tool), and measures each decision's JSON as the service
encodes it (orjson: no spaces, UTF-8). Prints the count, median, p90 and maximum in bytes, and
the share of each top-level part in the median-sized answer: where a byte saved counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/decision_size.py` puts bench/ first on the path, where bench/calendar.py would
# shadow the standard library's calendar module: take it off, and put the repo root first, so
# that policylang and bench.workload come from this checkout.
_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import statistics  # noqa: E402
from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

import orjson  # noqa: E402

import policylang  # noqa: E402
from bench.workload import mixed  # noqa: E402
from policylang.errors import RequestError  # noqa: E402
from policylang.tools.testing.files import load_tests_file  # noqa: E402

#: The target of issue 18 for a typical (median) compact answer.
TARGET = 2048


def _workload(detail: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    """(policy id, decision document) of ``count`` requests of bench/workload.py."""
    policies = policylang.load(ROOT / "policies")
    return [(r["policy"], policies.evaluate(r).to_json(detail)) for r in mixed(count)]


def _answers(detail: str) -> list[tuple[str, dict[str, Any]]]:
    """(policy id, decision document) of every answered case of the bundled test files."""
    policies = policylang.load(ROOT / "policies")
    out = []
    for path in sorted((ROOT / "policies").glob("*.tests.yaml")):
        tests = load_tests_file(path)
        for case in tests.cases:
            if case.problems or case.expect_error is not None:
                continue
            request = {"policy": tests.policy, **case.request}
            try:
                decision = policies.evaluate(request, as_of=case.as_of)
            except RequestError:
                continue  # the v1 cases that required-when-reached now rejects are not answers
            out.append((str(request["policy"]), decision.to_json(detail)))
    return out


def _without_empty(node: Any) -> Any:
    """``node`` without the keys whose value is null or an empty list (not the contract: v2
    keeps every key; this measures what a shape that leaves them out would weigh)."""
    if isinstance(node, dict):
        return {k: _without_empty(v) for k, v in node.items() if v is not None and v != []}
    if isinstance(node, list):
        return [_without_empty(v) for v in node]
    return node


def _p90(sizes: list[int]) -> int:
    return sorted(sizes)[max(0, round(0.9 * len(sizes)) - 1)]


def _summary(sizes: list[int]) -> str:
    return (
        f"n={len(sizes)}  median={statistics.median(sizes):.0f} B  p90={_p90(sizes)} B  "
        f"max={max(sizes)} B"
    )


def main() -> None:
    """Measure and print (see the module doc)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--detail", choices=("compact", "full"), default="compact")
    parser.add_argument("--by-policy", action="store_true")
    parser.add_argument("--workload", type=int, metavar="N", help="N requests of workload.py")
    parser.add_argument("--without-empty", action="store_true", help="leave out null/[] keys")
    args = parser.parse_args()
    answers = _workload(args.detail, args.workload) if args.workload else _answers(args.detail)
    if args.without_empty:
        answers = [(policy, _without_empty(d)) for policy, d in answers]
    sizes = [len(orjson.dumps(d)) for _, d in answers]
    print(f"{args.detail}: {_summary(sizes)}  (target for compact: median <= {TARGET} B)")
    if args.by_policy:
        by_policy: dict[str, list[int]] = defaultdict(list)
        for (policy, _), size in zip(answers, sizes, strict=True):
            by_policy[policy].append(size)
        for policy, found in sorted(by_policy.items()):
            print(f"  {policy:14} {_summary(found)}")
    median = sorted(zip(sizes, range(len(sizes)), strict=True))[len(sizes) // 2][1]
    document = answers[median][1]
    total = sizes[median]
    print(f"the median answer ({answers[median][0]}, {total} B), by part:")
    for key, value in document.items():
        part = len(orjson.dumps(value))
        print(f"  {key:12} {part:6} B  {100 * part / total:5.1f} %")


if __name__ == "__main__":
    main()
