"""A request with thousands of problems costs little and reports the first fifty.

A 1 MiB body of ~95,000 unknown fields used to cost seconds (a "did you mean" for each) and an
error of tens of megabytes; validation now stops after MAX_PROBLEMS and says it did.
"""

from __future__ import annotations

from typing import Any

import pytest

from policylang.compiler.load import load
from policylang.errors import MAX_PROBLEMS, RequestError
from policylang.runtime.policyset import PolicySet
from policylang.text.suggestions import closest
from tests.conftest import ROOT

OPENED = "2026-03-06T10:00:00+07:00"


@pytest.fixture(scope="module")
def policies() -> PolicySet:
    return load(ROOT / "policies")


def _event(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "at": OPENED, **extra}


def _unknown_fields(count: int) -> dict[str, Any]:
    return {"policy": "itc", "opened_at": OPENED, **{f"f{i}": 1 for i in range(count)}}


CASES = [
    pytest.param(_unknown_fields(95_000), id="95k-unknown-fields"),
    pytest.param(
        {"policy": "itc", "opened_at": OPENED, "events": [_event(f"x{i}") for i in range(9_000)]},
        id="9k-unknown-event-types",
    ),
    pytest.param(
        {
            "policy": "itc",
            "opened_at": OPENED,
            "events": [_event("responded", **{f"k{i}": 1 for i in range(90_000)})],
        },
        id="an-event-of-90k-unknown-keys",
    ),
    pytest.param(
        {**_unknown_fields(60), "opened_at": "yesterday"}, id="unknown-fields-and-bad-opened-at"
    ),
]


@pytest.mark.parametrize("request_", CASES)
def test_the_first_problems_are_listed_and_the_rest_announced(
    policies: PolicySet, request_: dict[str, Any]
) -> None:
    with pytest.raises(RequestError) as caught:
        policies.evaluate(request_)
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert error.truncated
    assert error.to_json()["truncated"] is True
    assert f"only the first {MAX_PROBLEMS} problems are listed" in str(error)


def test_exactly_the_limit_is_not_truncated(policies: PolicySet) -> None:
    with pytest.raises(RequestError) as caught:
        policies.evaluate(_unknown_fields(MAX_PROBLEMS))
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert not caught.value.truncated
    assert "truncated" not in caught.value.to_json()


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        pytest.param("mial", "mail", id="close"),
        pytest.param("mail" * 3, None, id="too-long-to-reach-the-cutoff"),
        pytest.param("m" * 1_000_000, None, id="a-megabyte"),
    ],
)
def test_no_suggestion_for_words_too_long_to_match(word: str, expected: str | None) -> None:
    assert closest(word, ["mail", "quotation"], cutoff=0.6) == expected
