"""A rejected request names every problem once: the policy, the opening instant, the version in
force, then the inputs, judged by the latest version when no version could be chosen.

Each row is a request (and ``as_of``) and the fields its RequestError names, in order.
"""

from __future__ import annotations

from typing import Any

import pytest

import policylang
from policylang.errors import RequestError
from tests.unit.evalfixtures import TOY_REQUEST, write_toy

CASES: list[tuple[str, dict[str, Any], str | None, list[str]]] = [
    ("unknown-field", {"bogus": 1}, None, ["bogus"]),
    (
        "bad-opening-and-unknown-field",
        {"opened_at": "Friday", "bogus": 1},
        None,
        ["opened_at", "bogus"],
    ),
    (
        "no-version-in-force-and-unknown-field",
        {"opened_at": "2025-06-01T10:00:00+03:00", "bogus": 1},
        None,
        ["opened_at", "bogus"],
    ),
    ("no-version-at-as-of-and-unknown-field", {"bogus": 1}, "2025-06-01", ["as_of", "bogus"]),
    # A missing required input is a problem only once evaluation finds an asked part needs it
    # (required when reached): a request that cannot be evaluated names only what is wrong.
    ("bad-as-of-and-missing-priority", {"priority": None}, "Friday", ["as_of"]),
    # No policy, no inputs to judge: what they are depends on the policy.
    ("unknown-policy-and-unknown-field", {"policy": "tyo", "bogus": 1}, None, ["policy"]),
]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


@pytest.mark.parametrize(
    ("changes", "as_of", "fields"),
    [(c, a, f) for _, c, a, f in CASES],
    ids=[name for name, *_ in CASES],
)
def test_every_problem_is_named_once(
    toy: policylang.PolicySet, changes: dict[str, Any], as_of: str | None, fields: list[str]
) -> None:
    request = {k: v for k, v in {**TOY_REQUEST, **changes}.items() if v is not None}
    with pytest.raises(RequestError) as caught:
        toy.evaluate(request, as_of=as_of)
    assert [p.field for p in caught.value.problems] == fields
