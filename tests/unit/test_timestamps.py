"""The request schema and the one timestamp (and date) parser accept exactly the same texts.

Each row is a text and what both must say of it. The schema side is the pattern the generated
request schema publishes (validated as a JSON Schema validator does); the parser side is
`parse_timestamp` / `parse_date`, and `PolicySet.evaluate` on a real request, through its fast
path and its careful one (``as_of``). Rows marked ``VALUE`` have the right shape but name no
instant (30 February, year 0000, the last day of year 9999): the pattern cannot see that, the
schema states it as ``format: date-time`` / ``format: date``, and the parser refuses them.

A Hypothesis property then checks the parser against a validator that asserts formats too, on
timestamps drawn part by part (one part wrong, or none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, ValidationError, validators

import policylang
from policylang.errors import RequestError
from policylang.runtime.schema import request_schema
from policylang.runtime.timestamps import (
    DATE_PATTERN,
    TIMESTAMP_PATTERN,
    parse_date,
    parse_timestamp,
)
from tests.unit.evalfixtures import TOY_REQUEST, write_toy

ACCEPT, REJECT, VALUE = "accept", "reject", "value"

TIMESTAMPS: list[tuple[str, str, str]] = [
    ("canonical", "2026-03-06T17:20:00+03:00", ACCEPT),
    ("utc-z", "2026-03-06T14:20:00Z", ACCEPT),
    ("fraction", "2026-03-06T17:20:00.5+03:00", ACCEPT),
    ("long-fraction", "2026-03-06T17:20:00.123456789-05:30", ACCEPT),
    ("negative-zero-offset", "2026-03-06T14:20:00-00:00", ACCEPT),
    ("largest-offset", "2026-03-06T17:20:00+23:59", ACCEPT),
    ("week-date", "2026-W10-5T17:20+01:00", REJECT),
    # RFC 3339 (`format: date-time`) requires the seconds; the parser took them as optional.
    ("seconds-left-out", "2026-03-06T17:20+03:00", REJECT),
    ("ordinal-date", "2026-065T17:20:00+03:00", REJECT),
    ("space-for-t", "2026-03-06 17:20:00+03:00", REJECT),
    ("lower-case-t", "2026-03-06t17:20:00+03:00", REJECT),
    ("lower-case-z", "2026-03-06T14:20:00z", REJECT),
    ("compact", "20260306T172000+0300", REJECT),
    ("offset-without-colon", "2026-03-06T17:20:00+0300", REJECT),
    ("offset-with-seconds", "2026-03-06T17:20:00+03:00:30", REJECT),
    ("offset-hours-only", "2026-03-06T17:20:00+03", REJECT),
    ("naive", "2026-03-06T17:20:00", REJECT),
    ("date-only", "2026-03-06", REJECT),
    ("offset-of-a-day", "2026-03-06T17:20:00+24:00", REJECT),
    ("hour-24", "2026-03-06T24:00:00Z", REJECT),
    ("minute-60", "2026-03-06T17:60:00Z", REJECT),
    ("leap-second", "2026-12-31T23:59:60Z", REJECT),
    ("month-13", "2026-13-06T17:20:00Z", REJECT),
    ("one-digit-hour", "2026-03-06T7:20:00+03:00", REJECT),
    ("empty-fraction", "2026-03-06T17:20:00.+03:00", REJECT),
    ("trailing-newline", "2026-03-06T17:20:00+03:00\n", REJECT),
    ("leading-space", " 2026-03-06T17:20:00+03:00", REJECT),
    ("arabic-indic-digits", "٢٠٢٦-03-06T17:20:00+03:00", REJECT),
    ("thirtieth-of-february", "2026-02-30T10:00:00Z", VALUE),
    ("year-zero", "0000-01-01T00:00:00Z", VALUE),
    ("end-of-year-9999", "9999-12-31T12:00:00Z", VALUE),
]

DATES: list[tuple[str, str, str]] = [
    ("canonical", "2026-03-06", ACCEPT),
    ("compact", "20260306", REJECT),
    ("week-date", "2026-W10-5", REJECT),
    ("ordinal-date", "2026-065", REJECT),
    ("no-zero-padding", "2026-3-6", REJECT),
    ("timestamp", "2026-03-06T00:00:00Z", REJECT),
    ("trailing-newline", "2026-03-06\n", REJECT),
    ("month-13", "2026-13-06", REJECT),
    ("thirtieth-of-february", "2026-02-30", VALUE),
    ("year-zero", "0000-01-01", VALUE),
]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema defines it (ECMA 262): ``$`` is the end of the text. Python's
    ``re``, which jsonschema uses as it is, also lets ``$`` match before a final newline."""
    if isinstance(instance, str) and not re.search(pattern.removesuffix("$") + r"\Z", instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: A draft 2020-12 validator that reads patterns as the specification says.
EcmaValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]


def _schema_accepts(toy: policylang.PolicySet, field: str, text: str) -> bool:
    """What a JSON Schema validator says of the field's value alone (the pattern, no format)."""
    subschema = request_schema(toy.latest("toy"))["properties"][field]
    return bool(EcmaValidator(subschema).is_valid(text))


def _parser_accepts(parse: Any, text: str) -> bool:
    try:
        parse(text, "field")
    except RequestError as error:
        assert [p.field for p in error.problems] == ["field"]
        return False
    return True


def test_the_schema_publishes_the_parser_patterns(toy: policylang.PolicySet) -> None:
    properties = request_schema(toy.latest("toy"))["properties"]
    assert properties["opened_at"]["pattern"] == TIMESTAMP_PATTERN
    assert properties["now"]["pattern"] == TIMESTAMP_PATTERN
    assert properties["deadline"]["pattern"] == TIMESTAMP_PATTERN
    assert properties["go_live"]["pattern"] == DATE_PATTERN


@pytest.mark.parametrize(
    ("text", "verdict"), [(t, v) for _, t, v in TIMESTAMPS], ids=[n for n, _, _ in TIMESTAMPS]
)
def test_timestamps_both_ways(toy: policylang.PolicySet, text: str, verdict: str) -> None:
    assert _schema_accepts(toy, "opened_at", text) == (verdict != REJECT)
    assert _schema_accepts(toy, "deadline", text) == (verdict != REJECT)
    assert _parser_accepts(parse_timestamp, text) == (verdict == ACCEPT)
    request = {**TOY_REQUEST, "opened_at": text}
    for as_of in (None, "2026-03-06"):  # the fast path, then the careful one
        if verdict == ACCEPT:
            toy.evaluate(request, as_of=as_of)
        else:
            with pytest.raises(RequestError) as caught:
                toy.evaluate(request, as_of=as_of)
            assert "opened_at" in {p.field for p in caught.value.problems}


@pytest.mark.parametrize(
    ("text", "verdict"), [(t, v) for _, t, v in DATES], ids=[n for n, _, _ in DATES]
)
def test_dates_both_ways(toy: policylang.PolicySet, text: str, verdict: str) -> None:
    assert _schema_accepts(toy, "go_live", text) == (verdict != REJECT)
    assert _parser_accepts(parse_date, text) == (verdict == ACCEPT)
    request = {**TOY_REQUEST, "go_live": text}
    if verdict == ACCEPT:
        toy.evaluate(request)
    else:
        with pytest.raises(RequestError) as caught:
            toy.evaluate(request)
        assert [p.field for p in caught.value.problems] == ["go_live"]


@pytest.mark.parametrize(
    ("as_of", "accepted"),
    [
        ("2026-03-06", True),
        ("2026-03-06T10:00:00+03:00", True),
        ("2026-W10-5", False),
        ("20260306", False),
        ("2026-03-06 10:00:00+03:00", False),
    ],
    ids=["date", "timestamp", "week-date", "compact-date", "space-for-t"],
)
def test_as_of_takes_a_date_or_a_timestamp_of_the_same_shapes(
    toy: policylang.PolicySet, as_of: str, accepted: bool
) -> None:
    if accepted:
        toy.evaluate(TOY_REQUEST, as_of=as_of)
    else:
        with pytest.raises(RequestError) as caught:
            toy.evaluate(TOY_REQUEST, as_of=as_of)
        assert [p.field for p in caught.value.problems] == ["as_of"]


def _two_digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


#: Each part of a timestamp: what it may be, and what it may wrongly be. The years at the ends
#: of the horizon are drawn often; the seconds and their fraction may be present or not.
_PARTS: list[tuple[st.SearchStrategy[str], st.SearchStrategy[str]]] = [
    (
        st.sampled_from(["0000", "0001", "1969", "1970", "2024", "9998", "9999"])
        | st.from_regex(r"\A[0-9]{4}\Z"),
        st.sampled_from(["", "26", "02026", "٢٠٢٦", "-2026"]),
    ),
    (st.just("-"), st.sampled_from(["", "/", "W10-"])),
    (_two_digits(1, 12), st.sampled_from(["00", "13", "1", "3", ""])),
    (st.just("-"), st.sampled_from(["", "/"])),
    (_two_digits(1, 31), st.sampled_from(["00", "32", "6", ""])),
    (st.just("T"), st.sampled_from(["t", " ", "", "TT"])),
    (_two_digits(0, 23), st.sampled_from(["24", "7", ""])),
    (st.just(":"), st.just("")),
    (_two_digits(0, 59), st.sampled_from(["60", "7", ""])),
    (
        st.sampled_from(["", ":00"]) | _two_digits(0, 59).map(":".__add__),
        st.sampled_from([":60", ":7", "00", ":"]),
    ),
    (
        st.just("") | st.from_regex(r"\A\.[0-9]{1,12}\Z"),
        st.sampled_from([".", ",5", ".5.5"]),
    ),
    (
        st.just("Z")
        | st.tuples(st.sampled_from("+-"), _two_digits(0, 23), _two_digits(0, 59)).map(
            lambda sign_hours_minutes: "{}{}:{}".format(*sign_hours_minutes)
        ),
        st.sampled_from(["z", "", "+24:00", "+0300", "+03", "+03:00:30", "\n", " "]),
    ),
]


@st.composite
def _near_timestamps(draw: st.DrawFn) -> str:
    """A timestamp drawn part by part: half of them right, the others with one part wrong."""
    wrong = draw(st.none() | st.integers(0, len(_PARTS) - 1))
    return "".join(
        draw(bad if index == wrong else good) for index, (good, bad) in enumerate(_PARTS)
    )


@pytest.fixture(scope="module")
def asserting_validator(toy: policylang.PolicySet) -> jsonschema_rs.Validator:
    """The request schema's `opened_at` as a validator that asserts formats checks it: the
    pattern (ECMA 262) and `format: date-time` (RFC 3339), as support tools may."""
    subschema = request_schema(toy.latest("toy"))["properties"]["opened_at"]
    return jsonschema_rs.Draft202012Validator(subschema, validate_formats=True)


@settings(max_examples=400, deadline=None)
@given(
    text=_near_timestamps()
    | st.datetimes(timezones=st.timezones()).map(lambda stamp: stamp.isoformat())
    | st.text(max_size=40)
)
def test_the_parser_and_the_schema_validator_agree(
    asserting_validator: jsonschema_rs.Validator, text: str
) -> None:
    """Whatever the text, the parser accepts it exactly when the schema's validator does, but
    for what no schema keyword states: instants within a day of the ends of years 1 and 9999
    (year 0000 included, which RFC 3339 writes but no calendar counts), which only the parser
    refuses."""
    schema_accepts = asserting_validator.is_valid(text)
    parser_accepts = _parser_accepts(parse_timestamp, text)
    if schema_accepts and not parser_accepts:
        assert text[:4] in ("0000", "0001", "9999"), text
    else:
        assert parser_accepts == schema_accepts, text
