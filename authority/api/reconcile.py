"""The W3C reconciliation API (0.2) at ``/reconcile``, for OpenRefine and its kin.

A few lines per route: parameters through the contracts (``contracts/reconcile``),
the batch and extension JSON through the protocol package
(``authority/reconciliation``: a bad one is a ``QueryError``, a 400 problem), the
register through ``services().reconciling``, the documents back as JSON. The
preview card is a workbench page (``web/reconcile_preview.py``). CORS is the
API's, as for every route.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from pydantic import ValidationError
from werkzeug.exceptions import BadRequest

from authority.api.authorities import uris
from authority.api.contracts.query import first_problem, parsed
from authority.api.contracts.reconcile import (
    ProposeParameters,
    ReconcileParameters,
    SchemaSuggestParameters,
    SuggestParameters,
)
from authority.api.openapi.declare import documented
from authority.api.openapi.models import form_request
from authority.api.openapi.responses import ref_responses
from authority.api.openapi.writes import refusals
from authority.extension import services
from authority.reconciliation import documents
from authority.reconciliation.queries import batch_from_json, extension_from_json

blueprint = Blueprint("reconcile", __name__)

SCHEMAS = "https://reconciliation-api.github.io/specs/0.2/schemas/"
PREVIEW = "/reconcile/preview/"
"""Where the workbench serves the preview card (``web/reconcile_preview.py``)."""


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": f"{description} (valid against {SCHEMAS}{schema}).",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


ANSWERS = {
    "200": _json(
        "manifest.json",
        "The service manifest without queries or extend; with queries the result "
        "batch (reconciliation-result-batch.json); with extend the data extension "
        "response (data-extension-response.json)",
    ),
    "400": "queries or extend is not JSON, is nested too deep, is too long, names "
    "an unknown type or property, asks for more than 100 queries or candidates, "
    "has limits adding up to more than 1,000 candidates, more than 5 identifier "
    "values in a query or 200 in the batch, or a query has neither text with a "
    "letter or digit nor an identifier.",
    **ref_responses("Unavailable"),
}
POST_ANSWERS = {**ANSWERS, **refusals("413")}
"""A form's texts within their bounds always fit the body limit; a bigger body
(other fields, or texts far too long) is Flask's 413 before the form is read."""


@blueprint.get("/reconcile")
@documented("reconcileGet", "search", ANSWERS, query=ReconcileParameters)
def reconcile_get() -> Response:
    """OpenRefine's reconciliation service: manifest, query batch, data extension.

    Candidates are active authorities, scored 0-100 by name (the register's
    folding: case, accents and punctuation off, inverted names too), dates and
    occupation; an identifier of the query's (ISNI, VIAF, ORCID ...) that the
    candidate holds decides. match is true only when the decision is safe.
    """
    return _answer(parsed(ReconcileParameters))


@blueprint.post("/reconcile")
@documented(
    "reconcilePost",
    "search",
    POST_ANSWERS,
    body=form_request(ReconcileParameters),
)
def reconcile_post() -> Response:
    """The same with queries or extend in a form (for batches too long for a URL)."""
    given = {k: v for k, v in request.form.items() if k in ("queries", "extend")}
    try:
        return _answer(ReconcileParameters.model_validate(given))
    except ValidationError as error:
        raise BadRequest(first_problem(error)) from None


def _answer(asked: ReconcileParameters) -> Response:
    if asked.queries is not None:
        batch = batch_from_json(asked.queries)
        return jsonify(documents.results(services().reconciling.reconcile(batch)))
    if asked.extend is not None:
        extension = extension_from_json(asked.extend)
        properties = [p.id for p in extension.properties]
        found = services().reconciling.extend(extension.ids)
        return jsonify(documents.extension(extension.ids, properties, found))
    return jsonify(manifest())


def manifest() -> dict[str, Any]:
    """This deployment's service manifest."""
    base = uris().base
    endpoints = documents.Endpoints(
        root=f"{base}reconcile",
        identifier_space=f"{base}authorities/",
        schema_space=f"{base}reconcile/types/",
        view=uris().authority("{{id}}"),
        preview=f"{base}{PREVIEW.lstrip('/')}{{{{id}}}}",
        documentation=f"{base}docs",
    )
    name = current_app.config["OAI_REPOSITORY_NAME"]
    return documents.manifest(name, endpoints, _version())


def _version() -> str:
    try:
        return version("authority")
    except PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


@blueprint.get("/reconcile/suggest/entity")
@documented(
    "reconcileSuggestEntity",
    "search",
    {
        "200": _json("suggest-entities-response.json", "Authorities, best first"),
        "400": "prefix is missing, has no letter or digit or is too long; type is "
        "not a kind; or cursor or limit is out of range.",
        **ref_responses("Unavailable"),
    },
    query=SuggestParameters,
)
def suggest_entity() -> Response:
    """Authorities whose heading or variant starts with what the user typed."""
    asked = parsed(SuggestParameters)
    kinds = (asked.type,) if asked.type else ()
    wanted = min(100, asked.cursor + asked.limit)
    found = services().reconciling.suggest(asked.prefix, kinds, wanted)
    return jsonify(documents.suggested_entities(found[asked.cursor :]))


@blueprint.get("/reconcile/suggest/type")
@documented(
    "reconcileSuggestType",
    "search",
    {
        "200": _json("suggest-types-response.json", "The types (kinds) named so"),
        "400": "prefix is too long, or cursor or limit is out of range.",
    },
    query=SchemaSuggestParameters,
)
def suggest_type() -> Response:
    """The types (the register's kinds) whose id or name holds the prefix."""
    asked = parsed(SchemaSuggestParameters)
    found = documents.suggested_types(asked.prefix)
    return jsonify(_paged(found, asked.cursor, asked.limit))


@blueprint.get("/reconcile/suggest/property")
@documented(
    "reconcileSuggestProperty",
    "search",
    {
        "200": _json("suggest-properties-response.json", "The properties named so"),
        "400": "prefix is too long, or cursor or limit is out of range.",
    },
    query=SchemaSuggestParameters,
)
def suggest_property() -> Response:
    """The properties whose id or name holds the prefix (for queries and extension)."""
    asked = parsed(SchemaSuggestParameters)
    found = documents.suggested_properties(asked.prefix)
    return jsonify(_paged(found, asked.cursor, asked.limit))


def _paged(found: dict[str, Any], cursor: int, limit: int) -> dict[str, Any]:
    return {"result": found["result"][cursor : cursor + limit]}


@blueprint.get("/reconcile/extend/propose")
@documented(
    "reconcileProposeProperties",
    "search",
    {
        "200": _json(
            "data-extension-property-proposal.json",
            "The properties a data extension can fetch",
        ),
        "400": "type is not a kind, or limit is out of range.",
    },
    query=ProposeParameters,
)
def propose_properties() -> Response:
    """The properties a data extension can fetch for a type (every type: all)."""
    asked = parsed(ProposeParameters)
    return jsonify(documents.proposed_properties(asked.type, asked.limit))
