"""The request schema `policylang schema` prints agrees with request validation.

For each kind of bad request the issue names, the generated schema and `evaluate` both reject it,
and `evaluate`'s error names the field; valid requests pass both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import policylang
from policylang.runtime.schema import request_schema
from tests.conftest import ROOT
from tests.unit.evalfixtures import TOY_REQUEST, write_toy

BUNDLED = policylang.load(ROOT / "policies")


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> policylang.PolicySet:
    return policylang.load(write_toy(tmp_path_factory.mktemp("toy")))


def validator(policies: policylang.PolicySet, policy_id: str) -> Draft202012Validator:
    schema = request_schema(policies.latest(policy_id))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("policy_id", BUNDLED.ids)
def test_bundled_schemas_are_valid_and_closed(policy_id: str) -> None:
    schema = request_schema(BUNDLED.latest(policy_id))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert {"policy", "opened_at"} <= set(schema["required"])
    assert schema["properties"]["policy"] == {"description": "The policy id.", "const": policy_id}
    assert "category" not in schema["properties"], "derived from the type, never sent"


def test_every_reserved_field_is_described(toy: policylang.PolicySet) -> None:
    from policylang.runtime.request import RESERVED_FIELDS

    assert set(RESERVED_FIELDS) <= set(request_schema(toy.latest("toy"))["properties"])


def test_the_schema_follows_the_declared_inputs(toy: policylang.PolicySet) -> None:
    properties = request_schema(toy.latest("toy"))["properties"]
    assert properties["channel"]["enum"] == ["email", "portal", "phone"]
    assert properties["channel"]["x-labels"] == {"email": "E-mail"}
    assert properties["channel"]["description"].startswith("How the request came in.")
    assert properties["seats"] == {"type": "number", "default": 5}
    assert properties["vip"] == {"type": "boolean", "default": False}
    assert properties["go_live"]["format"] == "date"
    assert properties["deadline"]["format"] == "date-time"
    assert properties["note_text"]["type"] == "string"
    # Required when reached: only the envelope is required up front; the description says so.
    assert request_schema(toy.latest("toy"))["required"] == ["policy", "opened_at"]
    assert "Required when reached" in properties["priority"]["description"]


GOOD: list[tuple[str, dict[str, Any]]] = [
    ("minimal", {}),
    (
        "every-input",
        {
            "channel": "phone",
            "seats": 12,
            "note_text": "hi",
            "go_live": "2026-01-10",
            "deadline": "2026-03-09T12:00:00Z",
            "vip": True,
        },
    ),
    ("fractional-number", {"seats": 2.5}),
    ("utc-z", {"opened_at": "2026-03-06T14:20:00Z"}),
    (
        "events-and-now",
        {
            "events": [
                {"type": "responded", "at": "2026-03-09T10:00:00+03:00"},
                {
                    "type": "priority_changed",
                    "at": "2026-03-09T11:00:00+03:00",
                    "priority": "normal",
                },
            ],
            "now": "2026-03-10T12:00:00+03:00",
        },
    ),
]

BAD: list[tuple[str, dict[str, Any], str]] = [
    ("missing-opened-at", {"opened_at": None}, "opened_at"),
    ("unknown-field", {"chanel": "phone"}, "chanel"),
    ("outside-enum", {"priority": "urgnt"}, "priority"),
    ("enum-wrong-type", {"channel": 3}, "channel"),
    ("bool-as-string", {"vip": "yes"}, "vip"),
    ("number-as-string", {"seats": "12"}, "seats"),
    ("number-as-bool", {"seats": True}, "seats"),
    ("text-as-number", {"note_text": 7}, "note_text"),
    ("date-not-a-date", {"go_live": "10/01/2026"}, "go_live"),
    ("naive-timestamp", {"opened_at": "2026-03-06T17:20:00"}, "opened_at"),
    ("naive-datetime-input", {"deadline": "2026-03-09T12:00:00"}, "deadline"),
    ("timestamp-as-number", {"opened_at": 1772806800}, "opened_at"),
    ("derived-category", {"category": "x"}, "category"),
    ("events-not-a-list", {"events": {"type": "responded"}}, "events"),
    (
        "unknown-event",
        {"events": [{"type": "answered", "at": "2026-03-09T10:00:00Z"}]},
        "events/0/type",
    ),
    (
        "naive-event",
        {"events": [{"type": "responded", "at": "2026-03-09T10:00:00"}]},
        "events/0/at",
    ),
    (
        "event-field",
        {"events": [{"type": "responded", "at": "2026-03-09T10:00:00Z", "by": "x"}]},
        "events/0/by",
    ),
    (
        "priority-on-other-event",
        {"events": [{"type": "responded", "at": "2026-03-09T10:00:00Z", "priority": "normal"}]},
        "events/0/priority",
    ),
    (
        "priority-change-without-priority",
        {"events": [{"type": "priority_changed", "at": "2026-03-09T10:00:00Z"}]},
        "events/0/priority",
    ),
    ("naive-now", {"now": "2026-03-10T12:00:00"}, "now"),
]


def _request(changes: dict[str, Any]) -> dict[str, Any]:
    request = {**TOY_REQUEST, **changes}
    return {k: v for k, v in request.items() if v is not None}


@pytest.mark.parametrize(("changes"), [c for _, c in GOOD], ids=[n for n, _ in GOOD])
def test_valid_requests_pass_both(toy: policylang.PolicySet, changes: dict[str, Any]) -> None:
    request = _request(changes)
    assert validator(toy, "toy").is_valid(request)
    toy.evaluate(request)


def test_a_required_input_is_required_when_reached(toy: policylang.PolicySet) -> None:
    """The schema lets a required input be left out; the engine rejects the request when an
    asked part needs it, naming the part and a rule that reads it, and answers it when the
    parts asked do not."""
    request = _request({"priority": None})
    assert validator(toy, "toy").is_valid(request)
    with pytest.raises(policylang.RequestError) as caught:
        toy.evaluate(request)
    (problem,) = caught.value.problems
    assert problem.field == "priority"
    assert problem.message.startswith("is required to answer sla (sla-response rule")
    assert toy.evaluate({**request, "ask": ["charges"]}).to_json()["sla"] is None


@pytest.mark.parametrize(
    ("changes", "field"), [(c, f) for _, c, f in BAD], ids=[n for n, _, _ in BAD]
)
def test_bad_requests_fail_both(
    toy: policylang.PolicySet, changes: dict[str, Any], field: str
) -> None:
    request = _request(changes)
    assert not validator(toy, "toy").is_valid(request)
    with pytest.raises(policylang.RequestError) as caught:
        toy.evaluate(request)
    assert field in {p.field for p in caught.value.problems}


@pytest.mark.parametrize(
    ("changes", "field", "allowed", "suggestion"),
    [
        ({"priority": "urgnt"}, "priority", ("urgent", "normal"), "urgent"),
        ({"chanel": "phone"}, "chanel", None, "channel"),
        ({"channel": "fax"}, "channel", ("email", "portal", "phone"), None),
        ({"vip": "yes"}, "vip", ("true", "false"), None),
    ],
    ids=["enum-close-match", "unknown-field-close-match", "enum-no-match", "bool"],
)
def test_errors_name_allowed_values_and_a_close_match(
    toy: policylang.PolicySet,
    changes: dict[str, Any],
    field: str,
    allowed: tuple[str, ...] | None,
    suggestion: str | None,
) -> None:
    with pytest.raises(policylang.RequestError) as caught:
        toy.evaluate(_request(changes))
    (problem,) = caught.value.problems
    assert problem.field == field
    if allowed is not None:
        assert problem.allowed == allowed
    assert problem.suggestion == suggestion


def test_versions_have_their_own_schema(tmp_path: Path) -> None:
    write_toy(tmp_path, "toy_v1.policy")
    write_toy(tmp_path, "toy_v2.policy", version="2", effective="2026-06-01")
    policies = policylang.load(tmp_path)
    first, second = policies.versions["toy"]
    assert request_schema(first)["$id"].endswith("/toy/1.json")
    assert request_schema(second)["$id"].endswith("/toy/2.json")


@pytest.mark.parametrize("policy_id", BUNDLED.ids)
@pytest.mark.parametrize("field", ["kind", "severity"])
def test_the_schema_names_the_kinds_and_severities_a_policy_has(policy_id: str, field: str) -> None:
    """Each standard kind (severity) passes the policy's schema exactly when the engine takes
    it: the kinds of its types, the severities of its priorities (or types), or any when the
    policy states none (recorded only)."""
    from policylang.runtime.request import SEVERITIES, TICKET_KINDS

    check = validator(BUNDLED, policy_id)
    opened = f"{BUNDLED.latest(policy_id).effective.isoformat()}T12:00:00+00:00"
    for value in TICKET_KINDS if field == "kind" else SEVERITIES:
        request = {"policy": policy_id, "opened_at": opened, field: value, "ask": ["lifecycle"]}
        try:
            BUNDLED.evaluate(request)
            taken = True
        except policylang.RequestError as error:
            taken = field not in {p.field for p in error.problems}
        assert check.is_valid(request) is taken, value
