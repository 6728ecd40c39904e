"""/openapi.json and /docs: a valid document of every route, and the app keeps to it.

The document is checked three ways: as OpenAPI 3.1 (openapi-spec-validator), against
``app.url_map`` in both directions (a route nobody documented fails here), and by
schemathesis, which generates requests for every operation, sends them to the
corpus-loaded app in-process and checks each answer against the document.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from lxml import html
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator
from schemathesis import checks

from authority.api.negotiation import BY_NAME, BY_SUFFIX, FORMATS
from authority.api.openapi.paths import left_out
from tests.integration.api import conformance
from tests.integration.api.conftest import BASE, DELETED, MERGED

RILKE = "90053126"
CHECKS = [  # for the known states below; generated cases get every check
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.unsupported_method,
]
"""What every generated request is held to."""


@pytest.fixture(scope="module")
def document(corpus_app: Flask) -> dict[str, Any]:
    response = corpus_app.test_client().get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json
    return body


@pytest.fixture(scope="module")
def api_schema(corpus_app: Flask) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi(
        "/openapi.json", corpus_app, config=conformance.config(max_examples=40)
    )


def test_the_document_is_openapi_3_1(
    document: dict[str, Any], api_schema: schemathesis.BaseSchema
) -> None:
    api_schema.validate()  # the structure, as schemathesis reads it
    # and every schema against JSON Schema 2020-12, every $ref resolved
    validate(document, cls=OpenAPIV31SpecValidator)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": BASE.rstrip("/")}]


def _shape(path: str) -> str:
    """A path with every placeholder blanked: ``/a/<path:x>`` and ``/a/{y}`` agree."""
    return re.sub(r"<[^>]*>|\{[^}]*\}", "{}", path)


def test_every_route_is_documented(corpus_app: Flask, document: dict[str, Any]) -> None:
    documented = {_shape(p): item for p, item in document["paths"].items()}
    for rule in corpus_app.url_map.iter_rules():
        if left_out(rule.endpoint):  # static files and workbench pages, on purpose
            continue
        item = documented.get(_shape(rule.rule))
        assert item is not None, f"{rule.rule} is not in /openapi.json"
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        assert methods <= item.keys(), rule.rule


def test_every_documented_path_is_a_route(
    corpus_app: Flask, document: dict[str, Any]
) -> None:
    adapter = corpus_app.url_map.bind("authority.test")
    for path, item in document["paths"].items():
        for method in item:
            concrete = (
                path.replace("{revision}", "1")
                .replace("{number}", "1")  # the feed's pages: whole numbers
                .replace("{id}", "90053126")  # write routes take ids only
                .replace("{", "x")
                .replace("}", "")
            )
            endpoint, _ = adapter.match(concrete, method=method.upper())
            assert endpoint != "static", path


def test_the_format_table_is_the_source(document: dict[str, Any]) -> None:
    get = document["paths"]["/authorities/{id}"]["get"]
    assert get["responses"]["200"]["content"].keys() == {f.media_type for f in FORMATS}
    parameters = document["components"]["parameters"]
    assert set(parameters["Format"]["schema"]["enum"]) == set(BY_NAME)
    assert parameters["Suffix"]["schema"]["enum"] == list(BY_SUFFIX)


def test_the_authority_schema_is_the_published_one(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    published = client.get("/schema/authority.schema.json").json
    del published["$schema"]  # the document's own dialect is 2020-12 already
    embedded = json.dumps(document["components"]["schemas"]["Authority"])
    here = "#/components/schemas/Authority/$defs/"
    assert json.loads(embedded.replace(here, "#/$defs/")) == published


def test_docs_name_every_path(client: FlaskClient, document: dict[str, Any]) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = html.fromstring(response.data)
    text = page.text_content()
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in text, path
    for form in FORMATS:
        assert form.media_type in text
    assert not page.xpath("//script | //link[@rel='stylesheet'] | //img | //iframe")
    assert not [url for url in page.xpath("//@src | //link/@href") if "//" in url], (
        "no external resources"
    )


schema = schemathesis.pytest.from_fixture("api_schema")

GND = "https://d-nb.info/gnd/139205527"
"""Carried by GND's own record and by a foreign copy of it: ambiguous."""
FUTURE = {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
AMBIGUOUS_LABEL = "Ancient philosophy"
"""The heading of a topic in two of the corpus's vocabularies: lookup answers 300."""
NEXT_CURSOR = "bzE"
"""The cursor of a second page of one hit (offset 1), as a next link gives it."""

KNOWN: list[tuple[str, dict[str, Any], int]] = [
    # (path, what to send, the status it answers): what random data rarely reaches
    *[
        ("/authorities/{id}", {"id": RILKE, "query": {"format": f.name}}, 200)
        for f in FORMATS
    ],
    *[
        ("/authorities/{id}.{suffix}", {"id": RILKE, "suffix": s}, 200)
        for s in BY_SUFFIX
    ],
    *[
        ("/authorities/{id}.{suffix}", {"id": DELETED, "suffix": s}, 410)
        for s in BY_SUFFIX
    ],
    ("/authorities/{id}", {"id": DELETED}, 410),
    ("/authorities/{id}", {"id": MERGED}, 301),
    ("/authorities/{id}.{suffix}", {"id": MERGED, "suffix": "ttl"}, 301),
    ("/authorities/{id}", {"id": "x90053126"}, 301),
    ("/authorities/{id}", {"id": "x90053126.ttl"}, 301),
    ("/authorities/{id}", {"id": "(NO-TrBIB)90053126.ttl"}, 301),
    ("/authorities/{id}", {"id": "x90053126", "query": {"format": "bogus"}}, 400),
    ("/authorities/{id}", {"id": GND}, 300),
    ("/authorities/{id}", {"id": RILKE, "headers": FUTURE}, 304),
    ("/authorities/{id}", {"id": RILKE, "headers": {"Accept": "image/png"}}, 406),
    ("/authorities/{id}", {"id": RILKE, "query": {"format": "bogus"}}, 400),
    ("/authorities/{id}.{suffix}", {"id": "12345678901", "suffix": "ttl"}, 404),
    ("/resolve", {"query": {"id": GND}}, 300),
    ("/resolve", {"query": {"id": "x90053126", "format": "ttl"}}, 301),
    ("/resolve", {"query": {"id": ""}}, 400),
    ("/resolve", {"query": {"id": "no such thing"}}, 404),
    *[
        ("/authority/rest/authorities/v2/{id}", {"id": i, "query": {"format": f}}, 200)
        for i in (RILKE, MERGED, DELETED)
        for f in ("json", "xml")
    ],
    ("/authority/rest/authorities/v2/{id}", {"id": RILKE, "headers": FUTURE}, 304),
    ("/authority/rest/authorities/v2/{id}", {"id": "x", "query": {"format": "x"}}, 400),
    ("/authority/rest/authorities/v2/{id}", {"id": "12345678901"}, 404),
    ("/authority/rest/authorities/html/{id}", {"id": RILKE}, 200),
    (
        "/authority/rest/authorities/{id}",
        {"id": RILKE, "query": {"format": "xml"}},
        200,
    ),
    ("/authority/rest/authorities/{id}", {"id": DELETED}, 200),
    ("/authority/rest/authorities/query", {"query": {"q": "rilke"}}, 200),
    ("/authority/rest/authorities/v2/query", {"query": {"q": "rilke"}}, 200),
    ("/authority/rest/authorities/html/{id}", {"id": MERGED}, 301),
    ("/authority/rest/authorities/html/{id}", {"id": DELETED}, 410),
    ("/authority/rest/authorities/html/{id}", {"id": RILKE, "headers": FUTURE}, 304),
    ("/authorities", {"query": {"q": "rilke"}}, 200),
    ("/authorities", {"query": {"q": "a", "status": "all", "size": "1"}}, 200),
    ("/authorities", {"query": {"q": "rilke", "kind": "person,topic"}}, 200),
    ("/authorities", {"query": {"q": "zzzzqqqq"}}, 200),  # no hits, no facets
    ("/authorities", {"query": {"q": "rilke", "cursor": NEXT_CURSOR}}, 200),
    ("/authorities", {"query": {"q": "*"}}, 400),
    ("/authorities", {"query": {"q": "rilke", "size": "0"}}, 400),
    ("/authorities", {"query": {"q": "rilke", "kind": "dragon"}}, 400),
    ("/authorities", {"query": {"q": "rilke", "cursor": "bogus"}}, 400),
    ("/authorities/suggest", {"query": {"q": "ril"}}, 200),
    ("/authorities/suggest", {"query": {"q": "ril", "format": "opensearch"}}, 200),
    ("/authorities/suggest", {"query": {"q": "ril", "format": "xml"}}, 400),
    ("/authorities/browse", {}, 200),
    ("/authorities/browse", {"query": {"from": "rilke", "limit": "3"}}, 200),
    ("/authorities/browse", {"query": {"from": "rilke", "direction": "backward"}}, 200),
    ("/authorities/browse", {"query": {"limit": "0"}}, 400),
    ("/authorities/browse", {"query": {"direction": "sideways"}}, 400),
    ("/authorities/lookup", {"query": {"label": "rilke, rainer maria"}}, 302),
    ("/authorities/lookup", {"query": {"label": AMBIGUOUS_LABEL}}, 300),
    ("/authorities/lookup", {"query": {"label": "no such heading"}}, 404),
    ("/authorities/lookup", {"query": {"label": "!"}}, 400),
    ("/authority/rest/functions/v2/query", {"query": {"q": "rilke"}}, 200),
    (
        "/authority/rest/functions/v2/query",
        {"query": {"q": "rilke authoritytype:person", "start": "2", "max": "1"}},
        200,
    ),
    ("/authority/rest/functions/v2/query", {"query": {"q": "authoritytype:x a"}}, 400),
    ("/authority/rest/functions/v2/query", {"query": {"q": "a", "max": "101"}}, 400),
    ("/authority/rest/functions/v2/query", {"query": {"q": "a", "start": "²"}}, 400),
    # Schemathesis never generates requests for the operation that serves the document.
    ("/openapi.json", {}, 200),
]


@pytest.mark.parametrize(("path", "sent", "status"), KNOWN)
def test_known_states_keep_to_the_document(
    api_schema: schemathesis.BaseSchema, path: str, sent: dict[str, Any], status: int
) -> None:
    sent = dict(sent)
    query, headers = sent.pop("query", {}), sent.pop("headers", {})
    operation = api_schema[path]["GET"]
    case = operation.Case(path_parameters=sent, query=query, headers=headers)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == status, response.content[:300]


@schema.parametrize()
def test_the_app_keeps_to_its_document(case: schemathesis.Case) -> None:
    case.call_and_validate()  # every check schemathesis has (--checks all)


def test_a_405_names_the_allowed_methods(client: FlaskClient) -> None:
    response = client.post("/health")
    assert response.status_code == 405
    assert "GET" in response.headers.get("Allow", "")


def test_the_one_exemption_is_bares_deleted_records(
    api_schema: schemathesis.BaseSchema, client: FlaskClient
) -> None:
    # BARE answered a deleted record with 200 and deleted: true; its clients read
    # that field. Only BARE's routes are spared schemathesis's use_after_free.
    for result in api_schema.get_all_operations():
        operation = result.ok()
        checked = api_schema.config.checks_config_for(operation=operation, phase=None)
        bare = operation.path.startswith("/authority/rest/")
        assert checked.use_after_free.enabled is not bare, operation.path
    assert client.get(f"/authority/rest/authorities/v2/{DELETED}").json["deleted"]
    assert client.get(f"/authority/rest/authorities/{DELETED}").json["deleted"]
    assert client.get(f"/authorities/{DELETED}").status_code == 410
