"""Absurd requests through the Python API: a RequestError naming the field, never a crash.

`PolicySet.evaluate` is called by code, not only by the HTTP service, so it meets values JSON
cannot even carry (an int of 400 digits, NaN, a key that is not a string, a value that contains
itself) and instants at the ends of time. Each row must end in `RequestError` whose problems
name ``field``: no OverflowError, RecursionError, AttributeError or CalendarError escapes. The same
holds for ``as_of``, the date or instant that picks the policy version.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest

import policylang
from tests.unit.evalfixtures import TOY_REQUEST, write_toy


def _containing_itself() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["again"] = value
    return value


def _nested(depth: int) -> list[Any]:
    return functools.reduce(lambda inner, _: [inner], range(depth), [])


def _nested_tuple(depth: int) -> tuple[Any, ...]:
    return functools.reduce(lambda inner, _: (inner,), range(depth), ())


#: The toy's calendar `office` counts local years 1970 to 2200.
AFTER_THE_CALENDARS = "2201-01-01T00:00:00Z"

HOSTILE: list[tuple[str, dict[Any, Any], str]] = [
    ("number-of-400-digits", {"seats": 10**400}, "seats"),
    ("number-nan", {"seats": float("nan")}, "seats"),
    ("number-infinite", {"seats": float("-inf")}, "seats"),
    ("opened-at-the-end-of-year-9999", {"opened_at": "9999-12-31T23:00:00Z"}, "opened_at"),
    ("offset-past-year-9999", {"opened_at": "9999-12-31T23:59:59-23:59"}, "opened_at"),
    ("datetime-input-before-year-one", {"deadline": "0001-01-01T00:00:00+14:00"}, "deadline"),
    ("opened-after-the-calendars", {"opened_at": AFTER_THE_CALENDARS}, "opened_at"),
    ("judged-after-the-calendars", {"now": AFTER_THE_CALENDARS}, "now"),
    (
        "event-after-the-calendars",
        {"events": [{"type": "responded", "at": AFTER_THE_CALENDARS}]},
        "events",
    ),
    ("key-not-a-string", {7: "seven"}, "7"),
    ("key-a-tuple", {("a", "b"): 1}, "('a', 'b')"),
    ("value-containing-itself", {"note_text": _containing_itself()}, "note_text"),
    ("list-nested-100000-deep", {"note_text": _nested(100_000)}, "note_text"),
    ("date-input-nested-100000-deep", {"go_live": _nested(100_000)}, "go_live"),
    ("key-a-tuple-nested-100000-deep", {_nested_tuple(100_000): 1}, "(((((((...),),),),),),)"),
    ("events-nested-100000-deep", {"events": _nested(100_000)}, "events/0"),
    ("policy-id-a-list", {"policy": ["toy"]}, "policy"),
]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


@pytest.mark.parametrize(
    ("changes", "field"), [(c, f) for _, c, f in HOSTILE], ids=[n for n, _, _ in HOSTILE]
)
@pytest.mark.parametrize("trace", [False, True], ids=["plain", "traced"])
def test_absurd_requests_are_request_errors_naming_the_field(
    toy: policylang.PolicySet, changes: dict[Any, Any], field: str, trace: bool
) -> None:
    request = {**TOY_REQUEST, **changes}
    with pytest.raises(policylang.RequestError) as caught:
        toy.evaluate(request, trace=trace)
    assert field in {p.field for p in caught.value.problems}, caught.value
    assert caught.value.to_json()["problems"]


HOSTILE_AS_OF: list[tuple[str, Any]] = [
    ("last-instant-of-year-9999", dt.datetime.max.replace(tzinfo=dt.UTC)),
    (
        "first-instant-of-year-one",
        dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14))),
    ),
    ("naive-datetime", dt.datetime(2026, 3, 6, 10)),
    ("before-the-first-version", dt.date(2025, 12, 31)),
    ("a-number", 20260306),
    ("a-list", ["2026-03-06"]),
    ("week-date", "2026-W10-5"),
]


@pytest.mark.parametrize("as_of", [a for _, a in HOSTILE_AS_OF], ids=[n for n, _ in HOSTILE_AS_OF])
def test_absurd_as_of_is_a_request_error_on_as_of(toy: policylang.PolicySet, as_of: Any) -> None:
    with pytest.raises(policylang.RequestError) as caught:
        toy.evaluate(TOY_REQUEST, as_of=as_of)
    assert [p.field for p in caught.value.problems] == ["as_of"], caught.value
