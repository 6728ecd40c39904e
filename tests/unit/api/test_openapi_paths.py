"""The document's paths are walked from the routes and the views' declarations.

A route with a declaration is documented from its rule, its docstring and its
contract model; a route without one is named by ``undocumented`` (and is then
missing from /openapi.json, which tests/integration/api/test_openapi.py fails on).
"""

from __future__ import annotations

from flask import Flask, Response

from authority import create_app
from authority.api.contracts.search import LookupParameters
from authority.api.openapi import document
from authority.api.openapi.declare import documented
from authority.api.openapi.parameters import REVISION
from authority.api.openapi.paths import (
    UNDOCUMENTED,
    left_out,
    path_items,
    undocumented,
)

TAGS = ["search"]


def _app() -> Flask:
    return create_app({"BASE_URI": "https://authority.test/"})


def test_every_route_of_the_register_is_declared() -> None:
    app = _app()
    assert undocumented(app) == []
    assert {"static"} == UNDOCUMENTED  # the only route left out, on purpose ...
    assert left_out("web.search") and not left_out("search.search")  # ... and pages


def test_a_declared_route_is_documented_from_its_rule_docstring_and_model() -> None:
    app = Flask(__name__)
    app.url_map.converters.update(_app().url_map.converters)

    @app.post("/things/<id:authority_id>/<int:number>")
    @documented(
        "countThings",
        "search",
        {"200": {"description": "Counted."}, "404": "No such thing."},
        query=LookupParameters,
        path={"number": REVISION},
        secured=True,
    )
    def count(authority_id: str, number: int) -> Response:
        """Count the things.

        Every thing once,
        however named.

        A second paragraph.
        """
        return Response()

    item = path_items(app, TAGS)["/things/{id}/{revision}"]
    assert list(item) == ["post"]
    operation = item["post"]
    assert operation["operationId"] == "countThings"
    assert operation["summary"] == "Count the things"
    assert operation["description"] == (
        "Every thing once, however named.\n\nA second paragraph."
    )
    names = [(p["name"], p["in"]) for p in operation["parameters"]]
    assert names == [
        ("id", "path"), ("revision", "path"), ("label", "query"), ("kind", "query")
    ]  # fmt: skip
    assert operation["parameters"][0]["schema"]["pattern"]  # the id converter's
    assert operation["responses"].keys() == {"200", "404", "500"}
    assert operation["responses"]["404"]["description"] == "No such thing."
    assert operation["security"]


def test_a_route_without_a_declaration_is_named_and_left_out() -> None:
    app = _app()

    @app.get("/forgotten")
    def forgotten() -> Response:
        """Nobody declared this."""
        return Response()

    assert undocumented(app) == ["/forgotten"]
    assert "/forgotten" not in document(app)["paths"]


def test_one_view_may_declare_each_of_its_rules() -> None:
    paths = document(_app())["paths"]
    by_number = paths["/authorities/{id}/history/{revision}"]["get"]
    by_suffix = paths["/authorities/{id}/history/{revision}.{suffix}"]["get"]
    assert (by_number["operationId"], by_suffix["operationId"]) == (
        "getRevision", "getRevisionBySuffix"
    )  # fmt: skip


def test_bare_urljoined_routes_are_copies_of_the_v2_ones() -> None:
    paths = document(_app())["paths"]
    v2 = paths["/authority/rest/authorities/v2/{id}"]["get"]
    joined = paths["/authority/rest/authorities/{id}"]["get"]
    assert joined["operationId"] == v2["operationId"] + "Urljoined"
    assert joined["parameters"] == v2["parameters"]
    query = paths["/authority/rest/authorities/v2/query"]["get"]
    assert query["operationId"] == "queryBareUrljoined1"
