"""Every endpoint of a real server, answering what the JSON Schemas say it answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

import policylang
from tests.server.conftest import ADMIN, EXAMPLE, Server, assert_problem, validator

DECISION_RESPONSE = validator("http.schema.json#/$defs/decision_response")
BATCH_RESPONSE = validator("http.schema.json#/$defs/batch_response")
BATCH_ITEM = validator("http.schema.json#/$defs/batch_item")


def test_health(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    validator("http.schema.json#/$defs/health")(response.json())


def test_ready_lists_what_is_served(client: httpx.Client) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    validator("http.schema.json#/$defs/ready")(body)
    assert body["status"] == "ready"
    assert set(body["policies"]) == {"bemo_cloud", "bpmsoft_care", "chatops", "clever_ideas", "itc"}
    assert body["last_reload"]["ok"] is True


def test_the_readme_example(client: httpx.Client) -> None:
    response = client.post("/v2/decisions", json=EXAMPLE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    DECISION_RESPONSE(body)
    assert body["result"]["sla"]["response"]["due_at"] == "2026-03-10T08:50:00+03:00"
    assert body["result"]["policy"]["id"] == "bpmsoft_care"


def test_decision_ids_are_unique(client: httpx.Client) -> None:
    ids = {client.post("/v2/decisions", json=EXAMPLE).json()["decision_id"] for _ in range(20)}
    assert len(ids) == 20


def test_content_type_with_charset_and_trace(client: httpx.Client) -> None:
    response = client.post(
        "/v2/decisions?trace=true&as_of=2026-03-06",
        content=json.dumps(EXAMPLE).encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    DECISION_RESPONSE(body)
    assert body["result"]["trace"], "trace=true adds the rules considered"


def test_a_post_without_content_type_is_refused(server: Server) -> None:
    # It was read as JSON; but a web page can send a body of no declared type to another site
    # without asking first (a "simple" cross-site request), never an application/json one.
    request = httpx.Request("POST", server.url + "/v2/decisions", content=json.dumps(EXAMPLE))
    assert "content-type" not in request.headers
    with httpx.Client(timeout=30) as http:
        response = http.send(request)
    problem = assert_problem(response, 415, "unsupported-media-type")
    assert "without Content-Type" in problem["detail"]


def test_batch_json_array_in_order_with_errors(client: httpx.Client) -> None:
    items = [
        EXAMPLE,
        {**EXAMPLE, "priority": "urgnt"},
        {**EXAMPLE, "priority": "low"},
        "not an object",
        {**EXAMPLE, "policy": "nope"},
    ]
    response = client.post("/v2/decisions/batch", json=items)
    assert response.status_code == 200, response.text
    body = response.json()
    BATCH_RESPONSE(body)
    assert [item["index"] for item in body] == [0, 1, 2, 3, 4]
    assert ["error" in item for item in body] == [False, True, False, True, True]
    assert body[1]["error"]["errors"][0]["pointer"] == "/priority"
    assert body[1]["error"]["status"] == 422
    assert body[3]["error"]["errors"][0]["pointer"] == ""
    assert body[4]["error"]["type"].endswith("/unknown-policy")
    assert (
        body[2]["result"]["sla"]["response"]["target"]
        != body[0]["result"]["sla"]["response"]["target"]
    )


def test_batch_ndjson(client: httpx.Client) -> None:
    lines = [json.dumps(EXAMPLE), "", "{broken", json.dumps({**EXAMPLE, "colour": "red"})]
    response = client.post(
        "/v2/decisions/batch",
        content="\n".join(lines) + "\n",
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    items = [json.loads(line) for line in response.text.splitlines()]
    for item in items:
        BATCH_ITEM(item)
    assert [(i["index"], i["line"]) for i in items] == [(0, 1), (1, 3), (2, 4)]
    assert "result" in items[0]
    assert items[1]["error"]["type"].endswith("/malformed-json")
    assert items[2]["error"]["errors"][0]["pointer"] == "/colour"


def test_empty_batch(client: httpx.Client) -> None:
    response = client.post("/v2/decisions/batch", json=[])
    assert response.status_code == 200
    assert response.json() == []


def test_batch_across_chunks(client: httpx.Client) -> None:
    # More items than one streamed chunk (64): the array stays well-formed and ordered.
    response = client.post("/v2/decisions/batch", json=[EXAMPLE] * 50)
    assert response.status_code == 200
    body = response.json()
    assert [item["index"] for item in body] == list(range(50))
    assert len({item["decision_id"] for item in body}) == 50


def test_policies(client: httpx.Client) -> None:
    response = client.get("/v1/policies")
    assert response.status_code == 200
    body = response.json()
    validator("http.schema.json#/$defs/policy_list")(body)
    ids = [p["id"] for p in body["policies"]]
    assert ids == sorted(ids)
    assert "bpmsoft_care" in ids


def test_policy_detail(client: httpx.Client) -> None:
    response = client.get("/v1/policies/bpmsoft_care")
    assert response.status_code == 200
    body = response.json()
    validator("http.schema.json#/$defs/policy_detail")(body)
    inputs = {i["name"]: i for i in body["versions"][-1]["inputs"]}
    assert inputs["priority"]["kind"] == "enum"
    assert inputs["priority"]["required"] is True
    assert [v["value"] for v in inputs["priority"]["values"]][:1] == ["critical"]
    assert inputs["from_authorized_person"]["default"] is True
    assert "opened_at" not in inputs


def test_policy_schema(client: httpx.Client) -> None:
    response = client.get("/v1/policies/bpmsoft_care/schema")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/schema+json"
    schema = response.json()
    validator("http.schema.json#/$defs/json_schema")(schema)
    assert schema["properties"]["policy"]["const"] == "bpmsoft_care"
    # Required when reached: only the envelope is required up front.
    assert schema["required"] == ["policy", "opened_at"]
    assert "Required when reached" in schema["properties"]["priority"]["description"]
    version = client.get("/v1/policies/bpmsoft_care").json()["latest"]
    assert client.get(f"/v1/policies/bpmsoft_care/schema?version={version}").json() == schema


def test_openapi_document(client: httpx.Client) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/v1/decisions",
        "/v1/decisions/batch",
        "/v2/decisions",
        "/v2/decisions/batch",
        "/v2/policies/{policy_id}/catalogue",
        "/v1/policies",
        "/v1/policies/{policy_id}",
        "/v1/policies/{policy_id}/schema",
        "/v1/reload",
        "/health",
        "/ready",
        "/openapi.json",
    }
    schemas = document["components"]["schemas"]
    # Assembled from the shipped files, not restated: the decision schema is there verbatim.
    assert "decision" in schemas
    assert any(k.startswith("request.bpmsoft_care") for k in schemas)
    # Self-contained: every $ref points at a component that exists.
    refs = list(_refs(document))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/").split("/")[0] in schemas, ref


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_head_on_get_endpoints(client: httpx.Client) -> None:
    assert client.head("/health").status_code == 200


def test_reload_endpoint_without_changes(client: httpx.Client) -> None:
    before = client.get("/ready").json()["generation"]
    response = client.post("/v1/reload", headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    validator("http.schema.json#/$defs/reload")(body)
    assert body["ok"] is True
    assert body["trigger"] == "request"
    assert body["generation"] == before + 1


def test_decisions_name_policy_files_relative_to_the_set(server: Server) -> None:
    # They carried the server's absolute path (source.location, trace); now the file name
    # within the policy directory, as a policy author reads it.
    with server.client() as http:
        text = http.post("/v2/decisions?trace=true", json=EXAMPLE).text
    locations = set(re.findall(r'"span":"([^"]*)"', text))
    assert locations
    assert all(re.fullmatch(r"[a-z_]+\.policy:\d+", where) for where in locations), locations
    assert str(server.policies) not in text
    # Without a trace, a decision names no place at all (contract v2: the catalogue does).
    with server.client() as http:
        untraced = http.post("/v2/decisions", json=EXAMPLE).text
    assert ".policy" not in untraced


def test_detail_full_inlines_the_texts_the_catalogue_has(client: httpx.Client) -> None:
    compact = client.post("/v2/decisions", json=EXAMPLE).json()["result"]
    full = client.post("/v2/decisions?detail=full", json=EXAMPLE).json()["result"]
    assert "texts" not in compact
    catalogue = client.get("/v2/policies/bpmsoft_care/catalogue")
    assert catalogue.status_code == 200, catalogue.text
    validator("http.schema.json#/$defs/catalogue")(catalogue.json())
    clauses = full["texts"]["clauses"]
    assert "reaction_critical" in full["sla"]["response"]["clauses"]
    assert clauses["reaction_critical"] == catalogue.json()["clauses"]["reaction_critical"]
    resolved = policylang.resolve_decision(compact, catalogue.json())
    assert {k: v for k, v in full.items() if k != "texts"} == resolved


def test_detail_must_be_compact_or_full(client: httpx.Client) -> None:
    response = client.post("/v2/decisions?detail=verbose", json=EXAMPLE)
    body = assert_problem(response, 400, "invalid-parameter")
    assert body["allowed"] == ["compact", "full"]


def test_catalogue_of_an_unknown_version(client: httpx.Client) -> None:
    response = client.get("/v2/policies/bpmsoft_care/catalogue?version=9.9")
    body = assert_problem(response, 404, "unknown-policy")
    assert body["parameter"] == "version"


@pytest.mark.parametrize("path", ["/v1/decisions", "/v1/decisions/batch"])
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_v1_decision_endpoints_are_retired(client: httpx.Client, path: str, method: str) -> None:
    response = client.request(method, path, json=EXAMPLE)
    body = assert_problem(response, 410, "retired-version")
    assert body["successor"] == path.replace("/v1/", "/v2/")
    assert body["migration"].endswith("/migration-v2/")
    assert body["successor"] in body["detail"]
