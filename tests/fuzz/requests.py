"""Requests for the fuzz tests: valid ones drawn from a policy's request schema, and hostile ones.

`valid_requests` reads ``request_schema(policy)``, the JSON Schema `policylang schema` prints,
and draws objects it accepts (every draw is checked against the schema, so the strategy cannot
drift from it): required fields always, optional ones sometimes, enums from their values,
timestamps in the pattern's shape with offsets in hours and minutes, often near the policy's
effective date and at the edges of the years the calendars count.

`hostile_requests` starts from such a request and breaks it: values of the wrong type, NaN, an
int of 400 digits, deeply nested lists, timestamps in the shapes the schema forbids or at the
ends of time, unknown and non-string keys, a policy id that is not a string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from policylang.model.policy import CompiledPolicy
from policylang.runtime.schema import request_schema

__all__ = ["Ask", "Named", "hostile_requests", "requests_for", "valid_requests"]

_UTC = dt.UTC
#: The latest instant drawn: a day before the end of year 9999, so any offset can show it.
_LAST = dt.datetime(9999, 12, 29, tzinfo=_UTC)
_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timedelta(minutes=m))


def _stamp(moment: dt.datetime, offset: dt.timedelta, zulu: bool) -> str:
    local = moment.astimezone(dt.timezone(offset))
    text = local.isoformat(timespec="seconds")  # RFC 3339 requires the seconds
    return text.replace("+00:00", "Z") if offset == dt.timedelta(0) and zulu else text


@st.composite
def _timestamps(draw: st.DrawFn, around: dt.datetime) -> str:
    """An RFC 3339 timestamp in the request pattern's shape."""
    after = st.integers(0, 40 * 86400) | st.integers(-86400, 400 * 86400)
    near = after.map(
        lambda s: (
            min(around.astimezone(_UTC), _LAST - dt.timedelta(seconds=s)) + dt.timedelta(seconds=s)
        )
    )
    edges = st.sampled_from(
        [
            dt.datetime(1970, 1, 2, tzinfo=_UTC),
            dt.datetime(1990, 12, 31, 23, 59, tzinfo=_UTC),
            dt.datetime(2100, 12, 31, 23, 59, tzinfo=_UTC),
            dt.datetime(2200, 12, 31, 23, 59, tzinfo=_UTC),
            dt.datetime(2201, 1, 1, tzinfo=_UTC),
            _LAST,
        ]
    )
    anywhere = st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2300, 1, 1),
        timezones=st.just(_UTC),
    )
    moment = draw(near | near | edges | anywhere)
    return _stamp(moment, draw(_OFFSETS), draw(st.booleans()))


def _value(draw: st.DrawFn, schema: dict[str, Any], around: dt.datetime) -> Any:
    """A value the property ``schema`` accepts."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    kind = schema.get("type")
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "number":
        return draw(
            st.integers(-(10**6), 10**6)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.sampled_from([0, 0.5, 30, 1e308, -1e308])
        )
    if kind == "array":
        items = schema["items"]
        if "enum" in items:  # `ask`: distinct parts, as many as the schema asks for
            return draw(
                st.lists(
                    st.sampled_from(items["enum"]),
                    min_size=schema.get("minItems", 0),
                    unique=schema.get("uniqueItems", False),
                )
            )
        return [_object(draw, items, around) for _ in range(draw(st.integers(0, 4)))]
    if kind == "string":
        if schema.get("format") == "date-time":
            return draw(_timestamps(around))
        if schema.get("format") == "date":
            day = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)) | st.just(around.date()))
            return day.isoformat()
        return draw(st.text(max_size=20))
    raise AssertionError(f"the request schema grew a shape the fuzz tests cannot draw: {schema}")


def _object(draw: st.DrawFn, schema: dict[str, Any], around: dt.datetime) -> dict[str, Any]:
    """An object the ``schema`` accepts: its required properties, some optional ones, and
    those its ``if`` / ``then`` / ``else`` asks for (or forbids)."""
    properties = schema["properties"]
    required = schema.get("required", ())
    out = {
        name: _value(draw, prop, around)
        for name, prop in properties.items()
        # `"not": {}` accepts no value (`customer` of a policy without customers): never sent.
        if prop.get("not") != {} and (name in required or draw(st.integers(0, 2)) == 0)
    }
    if "if" in schema:
        branch = (
            schema["then"] if Draft202012Validator(schema["if"]).is_valid(out) else schema["else"]
        )
        for name in branch.get("required", ()):
            out.setdefault(name, _value(draw, properties[name], around))
        for name in branch.get("not", {}).get("required", ()):
            out.pop(name, None)
    return out


class Named:
    """A compiled policy that prints as its key: Hypothesis builds the repr of every strategy
    it draws from, and a CompiledPolicy's runs to tens of kilobytes."""

    __slots__ = ("policy",)

    def __init__(self, policy: CompiledPolicy) -> None:
        self.policy = policy

    def __repr__(self) -> str:
        return f"<policy {self.policy.key}>"


@st.composite
def valid_requests(draw: st.DrawFn, named: Named) -> dict[str, Any]:
    """A request valid against the policy's request schema."""
    policy = named.policy
    schema = request_schema(policy)
    effective = dt.datetime.combine(policy.effective, dt.time(10), policy.tz)
    opened = draw(_timestamps(effective))
    # The other instants (events, `now`, datetime inputs) mostly in the weeks after the opening.
    request = _object(draw, schema, dt.datetime.fromisoformat(opened))
    request["opened_at"] = opened
    errors = list(Draft202012Validator(schema).iter_errors(request))
    assert not errors, f"the fuzz strategy drew an invalid request: {errors[0].message}"
    return request


def _nested(depth: int) -> list[Any]:
    """``[[[...]]]``, ``depth`` levels deep."""
    out: list[Any] = []
    for _ in range(depth):
        out = [out]
    return out


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)

_BAD_STAMPS = st.sampled_from(
    [
        "2026-W10-5T17:20+01:00",
        "2026-03-06 17:20:00+03:00",
        "2026-03-06T17:20:00+03:00:30",
        "20260306T172000Z",
        "2026-03-06T17:20:00",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+14:00",
        "0000-01-01T00:00:00Z",
        "2026-02-30T10:00:00Z",
        "",
    ]
)

_ABSURD = (
    _JSON
    | _BAD_STAMPS
    | st.sampled_from([10**400, -(10**400), float("nan"), float("inf"), True, 1e308, [], {}])
    | st.integers(0, 6).map(lambda d: _nested(d * 1000))
)


@st.composite
def hostile_requests(draw: st.DrawFn, named: Named) -> Any:
    """A request broken in one to three places, or not a request at all."""
    request: Any = dict(draw(valid_requests(named)))
    fields = [*request_schema(named.policy)["properties"], "unknown", 7, ("a", 1)]
    for _ in range(draw(st.integers(1, 3))):
        field = draw(st.sampled_from(fields))
        if draw(st.integers(0, 4)) == 0:
            request.pop(field, None)
        else:
            request[field] = draw(_ABSURD)
    return draw(st.just(request) | st.sampled_from([None, [], "policy", 42]) | st.just(request))


def requests_for(
    draw: Callable[[st.SearchStrategy[Any]], Any], policy: CompiledPolicy
) -> list[Any]:
    """What the fuzz tests send a compiled policy: one to three valid requests, one hostile,
    each with an ``as_of`` now and then (a date or instant, or a hostile value)."""
    named = Named(policy)
    valid = draw(st.lists(valid_requests(named), min_size=1, max_size=3))
    return [Ask(r, draw(_AS_OF)) for r in [*valid, draw(hostile_requests(named))]]


class Ask(NamedTuple):
    """One call of ``PolicySet.evaluate``: the request and its ``as_of`` (None: none given)."""

    request: Any
    as_of: Any = None


#: ``as_of``: mostly none, else a date (as text or a ``date``) or a value it must refuse.
_AS_OF: st.SearchStrategy[Any] = (
    st.sampled_from([None] * 6)
    | st.dates().map(str)
    | st.dates()
    | (
        st.sampled_from(
            [
                dt.datetime.max.replace(tzinfo=_UTC),
                dt.datetime(2026, 3, 6, 10),
                "2026-W10-5",
                "2026-03-06T10:00:00+03:00",
                20260306,
            ]
        )
    )
)
