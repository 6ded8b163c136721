"""Requests: validate what a support tool sends, and normalize it for the evaluator.

A request is a JSON object: ``policy`` (the policy id), ``opened_at`` (RFC 3339 with an offset)
and the inputs the policy declares. Every problem is collected — a missing required field, an
unknown field, a wrong type, a value outside an enum, a naive timestamp — and raised together as
one :class:`RequestError`, each problem naming the field, the allowed values and a close match.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from policylang.errors import MAX_PROBLEMS, RequestError, RequestProblem
from policylang.model.customers import Customer
from policylang.model.inputs import NOT_NAMED, OPENED_DATE, OPENED_TS, InputSpec
from policylang.model.policy import CompiledPolicy
from policylang.runtime.items import bind_item_type
from policylang.runtime.request_kinds import narrow
from policylang.runtime.timeline.events import ABSENT, Timeline, parse_timeline
from policylang.runtime.timestamps import parse_as_of, parse_date, parse_timestamp
from policylang.text.suggestions import closest
from policylang.text.values import describe_kind, shown
from policylang.vocabulary import REQUEST_FIELDS, SEVERITIES, TICKET_KINDS

__all__ = [
    "ASK_PARTS",
    "RESERVED_FIELDS",
    "SEVERITIES",
    "TICKET_KINDS",
    "NormalizedRequest",
    "normalize",
    "parse_as_of",
    "parse_timestamp",
]

#: Fields every request may carry besides the policy's inputs (no policy declares an input of
#: these names: check's PL213); `customer` names a customer layer of the policy.
RESERVED_FIELDS = REQUEST_FIELDS
#: The parts of a decision a request may ``ask`` for (default: all of them).
ASK_PARTS = ("sla", "roles", "charges", "lifecycle", "obligations", "refusal")


class NormalizedRequest(NamedTuple):
    """A validated request: its policy version, opening instant and input values.

    A named tuple rather than a frozen dataclass: one is built per request, and a tuple is
    three times cheaper to build while just as immutable.
    """

    policy: CompiledPolicy
    opened_ts: float
    opened_at: dt.datetime
    values: dict[str, Any]
    raw: Mapping[str, Any]
    #: The ticket's events and ``now``, when the request carries them (ticket timelines).
    timeline: Timeline | None = None
    #: The standard ticket kind and severity the request names, if any.
    kind: str | None = None
    severity: str | None = None
    #: The parts of the decision asked for; None: all of them.
    ask: frozenset[str] | None = None
    #: The required inputs the request left out (a problem only where an asked part needs one).
    missing_required: tuple[str, ...] = ()
    #: The ``type`` / ``priority`` values of each answer the standard kind and severity leave
    #: open (several types of the kind: one answer each, merged); empty when they leave one.
    candidates: tuple[dict[str, str], ...] = ()
    #: The customer the request names, whose facts filled the inputs it left out.
    customer: str | None = None
    #: That customer's layer (its facts, rates), or None.
    layer: Customer | None = None


def field_segment(name: str) -> str:
    """A request key as one segment of a problem's ``field`` path (RFC 6901 escaping)."""
    return name.replace("~", "~0").replace("/", "~1")


def _value(spec: InputSpec, value: Any) -> tuple[Any, RequestProblem | None]:
    """The normalized value of one input, or the problem with it."""
    name = spec.name
    if spec.kind == "enum":
        if not isinstance(value, str):
            return None, RequestProblem(
                name, f"must be one of the names, not {describe_kind(value)}", spec.values
            )
        if value not in spec.values:
            return None, RequestProblem(
                name,
                f"`{value}` is not a value of `{name}`",
                spec.values,
                closest(value, spec.values, cutoff=0.6),
            )
        return value, None
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, RequestProblem(
            name, f"must be true or false, not {describe_kind(value)}", ("true", "false")
        )
    if spec.kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:  # an int of hundreds of digits
                return None, RequestProblem(name, "is too large: numbers go up to about 1.8e308")
            if math.isfinite(number):
                return number, None
            # Only a Python caller can send these: JSON has no NaN or infinity.
            return None, RequestProblem(name, f"must be a finite number, not {value!r}")
        return None, RequestProblem(name, f"must be a number, not {describe_kind(value)}")
    if spec.kind == "text":
        if isinstance(value, str):
            return value, None
        return None, RequestProblem(name, f"must be a string, not {describe_kind(value)}")
    if spec.kind == "date":
        try:
            return parse_date(value, name), None
        except RequestError as error:
            return None, error.problems[0]
    try:
        return parse_timestamp(value, name).timestamp(), None
    except RequestError as error:
        return None, error.problems[0]


def normalize(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    opened: dt.datetime,
    opened_ts: float | None = None,
    *,
    customers: Mapping[str, Customer] | None = None,
    variant: Callable[[CompiledPolicy, Customer], CompiledPolicy] | None = None,
) -> NormalizedRequest:
    """Validate ``request`` against ``policy``'s inputs; collect every problem.

    ``opened_ts`` is ``opened.timestamp()`` when the caller already computed it. ``customers``
    are the policy's customer layers: a request naming one takes its facts for the inputs it
    leaves out, and must not contradict them; one that layers calendars is answered by its
    variant of ``policy`` (the request's ``policy``), which ``variant`` gives (compiling it
    when needed, a `RequestError` when it cannot). Without ``variant``, a customer with layers
    is a ValueError: answering on the policy's own calendars would drop them silently.
    """
    sendable = policy.sendable
    if opened_ts is None:
        opened_ts = opened.timestamp()
    values: dict[str, Any] = dict(policy.defaults)
    problems: list[RequestProblem] | None = None
    for key, raw in request.items():
        spec = sendable.get(key)
        if spec is not None:
            # The common case first: a known enum value needs one set lookup.
            if spec.kind == "enum" and raw.__class__ is str and raw in spec.value_set:
                values[key] = raw
                continue
            value, problem = _value(spec, raw)
            if problem is None:
                values[key] = value
                continue
        elif key in RESERVED_FIELDS:
            continue
        else:
            if problems is not None and len(problems) >= MAX_PROBLEMS:
                raise RequestError(problems, truncated=True)  # unknown keys are not bounded
            problem = _unknown_field(policy, key)
        if problems is None:
            problems = []
        problems.append(problem)
    layer, problems = _customer_facts(policy, request, values, customers or {}, problems)
    if layer is not None and layer.calendars:
        policy, problems = _variant(policy, layer, variant, problems)
    # The item's list gives the type first, so kind narrowing sees it.
    problems = _bind_item_type(policy, values, problems)
    kind, severity, ask, envelope = _envelope(request)
    candidates: tuple[dict[str, str], ...] = ()
    if kind is not None or severity is not None:
        candidates = narrow(
            policy, request, values, kind=kind, severity=severity, problems=envelope
        )
    _from_type(policy, values)
    if "kind" in policy.inputs:
        # A policy without types that tests the kind: a request that names none is of no kind
        # a condition names (a known value), not of an unknown one.
        values["kind"] = NOT_NAMED if kind is None else kind
    # Required when reached: a missing required input is judged after evaluation, and is a
    # problem only when an asked part is undecided because of it (runtime/required.py).
    missing = tuple([n for n in policy.required if n not in values])
    timeline = None
    truncated = False
    if "events" in request or "now" in request:
        try:
            timeline = parse_timeline(
                request.get("events", ABSENT),
                request.get("now", ABSENT),
                int(opened_ts // 1),
                policy.priorities,
            )
        except RequestError as error:
            problems = [*(problems or ()), *error.problems]
            truncated = error.truncated
    if problems or envelope:
        raise RequestError([*(problems or ()), *envelope], truncated=truncated)
    values[OPENED_TS] = opened_ts
    if policy.needs_opened_date:
        values[OPENED_DATE] = opened.astimezone(policy.tz).date()
    return NormalizedRequest(
        policy,
        opened_ts,
        opened,
        values,
        request,
        timeline,
        kind,
        severity,
        ask,
        missing,
        candidates,
        None if layer is None else layer.id,
        layer,
    )


def _closed_name(
    request: Mapping[str, Any],
    name: str,
    allowed: tuple[str, ...],
    what: str,
    problems: list[RequestProblem],
) -> str | None:
    """The value of a field naming one of a closed list (absent: None), or a problem."""
    value = request.get(name)
    if value is None and name not in request:
        return None
    if isinstance(value, str) and value in allowed:
        return value
    text = (
        f"`{value}` is not a standard {what}"
        if isinstance(value, str)
        else f"must be a standard {what} (a string), not {describe_kind(value)}"
    )
    hint = closest(value, allowed, cutoff=0.6) if isinstance(value, str) else None
    problems.append(RequestProblem(name, text, allowed, hint))
    return None


def _ask_problem(parts: Any) -> RequestProblem | None:
    """What is wrong with ``ask`` (a non-empty list of distinct parts), or None."""
    if not isinstance(parts, list):
        return RequestProblem(
            "ask", f"must be a list of parts, not {describe_kind(parts)}", ASK_PARTS
        )
    if not parts:
        return RequestProblem("ask", "must name at least one part", ASK_PARTS)
    for part in parts:
        if not isinstance(part, str) or part not in ASK_PARTS:
            named = f"`{part}`" if isinstance(part, str) else describe_kind(part)
            hint = closest(part, ASK_PARTS, cutoff=0.6) if isinstance(part, str) else None
            return RequestProblem("ask", f"{named} is not a part of a decision", ASK_PARTS, hint)
    twice = next((p for i, p in enumerate(parts) if p in parts[:i]), None)
    if twice is not None:
        return RequestProblem("ask", f"`{twice}` is asked twice", ASK_PARTS)
    return None


def _envelope(
    request: Mapping[str, Any],
) -> tuple[str | None, str | None, frozenset[str] | None, list[RequestProblem]]:
    """The v2 envelope fields ``kind``, ``severity`` and ``ask``, or the problems with them."""
    problems: list[RequestProblem] = []
    if "kind" not in request and "severity" not in request and "ask" not in request:
        return None, None, None, problems
    kind = _closed_name(request, "kind", TICKET_KINDS, "ticket kind", problems)
    severity = _closed_name(request, "severity", SEVERITIES, "severity", problems)
    ask = None
    if "ask" in request:
        problem = _ask_problem(request["ask"])
        if problem is None:
            ask = frozenset(request["ask"])
        else:
            problems.append(problem)
    return kind, severity, ask, problems


def _from_type(policy: CompiledPolicy, values: dict[str, Any]) -> None:
    """Give ``values`` what the request's type implies: its category, and its priority when the
    request names none."""
    type_id = values.get("type")
    type_info = policy.types.get(type_id) if type_id.__class__ is str else None
    if type_info is not None:
        if type_info.category is not None:
            values["category"] = type_info.category
        if "priority" not in values and type_info.priority is not None:
            values["priority"] = type_info.priority


def _customer_facts(
    policy: CompiledPolicy,
    request: Mapping[str, Any],
    values: dict[str, Any],
    customers: Mapping[str, Customer],
    problems: list[RequestProblem] | None,
) -> tuple[Customer | None, list[RequestProblem] | None]:
    """Fill ``values`` with the facts of the customer the request names: the customer
    (None when it names none), and ``problems`` with an unknown customer or a request value
    contradicting a fact, if any."""
    if "customer" not in request:
        return None, problems
    raw = request["customer"]
    found = customers.get(raw) if isinstance(raw, str) else None
    if found is None:
        allowed = tuple(sorted(customers))
        if not isinstance(raw, str):
            message = f"must be a customer id (a string), not {describe_kind(raw)}"
        elif allowed:
            message = f"`{raw}` is not a customer of policy `{policy.id}`"
        else:
            message = f"`{raw}` is not a customer: no customers file names policy `{policy.id}`"
        problem = RequestProblem(
            "customer",
            message,
            allowed,
            closest(raw, allowed, cutoff=0.6) if isinstance(raw, str) else None,
        )
        return None, [*(problems or ()), problem]
    for name, fact in found.facts.items():
        if name not in request:
            values[name] = fact
        elif name in values and values[name] != fact:  # a valid value, and another one
            spelled = found.spelled[name]
            problem = RequestProblem(
                field_segment(name),
                f"{shown(request[name])} contradicts customer `{found.id}`, whose contract "
                f"fixes `{name}` = {spelled}",
                (spelled,),
            )
            problems = [*(problems or ()), problem]
    return found, problems


def _variant(
    policy: CompiledPolicy,
    layer: Customer,
    variant: Callable[[CompiledPolicy, Customer], CompiledPolicy] | None,
    problems: list[RequestProblem] | None,
) -> tuple[CompiledPolicy, list[RequestProblem] | None]:
    """The customer's variant of this version (the same inputs, its calendars layered), or the
    version itself with the problem of layers that do not compile on it."""
    if variant is None:
        raise ValueError(f"customer `{layer.id}` layers calendars: normalize needs `variant`")
    try:
        return variant(policy, layer), problems
    except RequestError as error:
        return policy, [*(problems or ()), *error.problems]


def _bind_item_type(
    policy: CompiledPolicy, values: dict[str, Any], problems: list[RequestProblem] | None
) -> list[RequestProblem] | None:
    """Give ``values`` the type the item's list gives; ``problems`` with the problem an item and
    a type that contradict each other make, if they do (runtime/items.py)."""
    if not policy.item_types:
        return problems
    problem = bind_item_type(policy.item_types, policy.listed_types, values)
    return problems if problem is None else [*(problems or ()), problem]


def _unknown_field(policy: CompiledPolicy, key: Any) -> RequestProblem:
    accepted = list(policy.sendable)
    allowed = tuple(sorted([*RESERVED_FIELDS, *accepted]))
    if not isinstance(key, str):  # only a Python caller can send one: JSON keys are strings
        return RequestProblem(
            field_segment(shown(key)),
            f"a field name is a string, not {describe_kind(key)}",
            allowed,
        )
    if key in policy.inputs:  # derived (category) or the opening instant under another name
        return RequestProblem(key, "is derived from `type` and cannot be sent", allowed)
    return RequestProblem(
        field_segment(str(key)),
        f"is not an input of policy `{policy.id}`",
        allowed,
        closest(key, accepted, cutoff=0.6),
    )
