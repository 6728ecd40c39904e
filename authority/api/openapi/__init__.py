"""``/openapi.json`` and ``/docs``: the read API described from the live tables.

The OpenAPI 3.1 document is built, not written by hand: the contract models
(``api/contracts``) give every query parameter and every body schema, the format
table (``negotiation.FORMATS``) gives the content types of ``/authorities/{id}``
and the suffixes, ``schema/authority.schema.json`` (generated from its model) is
the Authority schema, embedded as published (OpenAPI 3.1 schemas are JSON Schema
2020-12), and ``BASE_URI`` is the server. ``/docs``
renders the same document as a plain HTML page (no scripts, no external
resources), so the page and the document cannot disagree.

This module serves both and assembles the document; its parts are built in
``paths`` (the operations, walked from the app's routes and the views'
declarations, ``declare.documented``), ``parameters``, ``responses`` and ``schemas``
(the components), and ``page`` renders it.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, Flask, Response, current_app

from authority.api.negotiation import FORMATS
from authority.api.openapi.declare import documented, security_schemes
from authority.api.openapi.page import TEMPLATE, to_html
from authority.api.openapi.parameters import parameter_components
from authority.api.openapi.paths import path_items
from authority.api.openapi.references import JSON
from authority.api.openapi.responses import (
    HEADERS,
    header_components,
    published,
    response_components,
)
from authority.api.openapi.schemas import authority_schema, schema_components

__all__ = [
    "DAY",
    "HEADERS",
    "JSON",
    "OPENAPI_MEDIA_TYPE",
    "TEMPLATE",
    "authority_schema",
    "blueprint",
    "docs",
    "document",
    "openapi_document",
    "to_html",
]

blueprint = Blueprint("openapi", __name__)

DAY = 86400
EXTENSION = "authority.openapi"
"""Where an app keeps its document (``app.extensions``): its routes are fixed."""
OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.1"
"""The registered media type of an OpenAPI document (JSON, version 3.1)."""
DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"]}
TAGS = [
    {"name": "authorities", "description": "One authority, every format."},
    {
        "name": "cataloguing",
        "description": "Create, edit, merge, delete; history; duplicates. "
        "Writes need a token.",
    },
    {
        "name": "search",
        "description": "Find authorities: search, suggest, browse, look up.",
    },
    {
        "name": "bare",
        "description": "BARE's read routes, kept for its clients.",
    },
    {
        "name": "sru",
        "description": "SRU 1.1, 1.2 and 2.0 with CQL, at BARE's address too.",
    },
    {"name": "oai", "description": "OAI-PMH 2.0: harvest the register (BARE's too)."},
    {"name": "feed", "description": "The change feed: every change, in order."},
    {"name": "sparql", "description": "SPARQL 1.1 over the register's public graph."},
    {"name": "vocabulary", "description": "Documents our data refers to."},
    {
        "name": "dumps",
        "description": "The whole register to download, and its VoID description.",
    },
    {"name": "service", "description": "Probes and this documentation."},
]
"""The document's tags, in the order the paths are grouped by."""


@blueprint.get("/openapi.json")
@documented(
    "getOpenApi",
    "service",
    {"200": published("This document.", OPENAPI_MEDIA_TYPE, DOCUMENT)},
)
def openapi_document() -> Response:
    """This document."""
    body = json.dumps(document(current_app), ensure_ascii=False)
    return _published(Response(body, content_type=OPENAPI_MEDIA_TYPE))


@blueprint.get("/docs")
@documented(
    "getDocs",
    "service",
    {"200": published("This document as an HTML page.", "text/html")},
)
def docs() -> Response:
    """This document as an HTML page."""
    page = to_html(document(current_app))
    return _published(Response(page, mimetype="text/html"))


def _published(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = DAY
    return response


def document(app: Flask) -> JSON:
    """The OpenAPI document of the read API, built once per app.

    Args:
        app: the app whose routes it describes; its ``BASE_URI`` is the
            document's one server.

    Returns:
        The document, shared between calls: read it, never change it.
    """
    built: JSON | None = app.extensions.get(EXTENSION)
    if built is None:
        built = app.extensions[EXTENSION] = _built(app)
    return built


def _built(app: Flask) -> JSON:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "National authority register API",
            "version": _version(),
            "summary": "Authorities for Norwegian libraries, successor of BIBSYS BARE.",
            "description": _introduction(),
        },
        "servers": [{"url": app.config["BASE_URI"].rstrip("/")}],
        "tags": TAGS,
        "paths": path_items(app, [t["name"] for t in TAGS]),
        "components": {
            "schemas": schema_components(),
            "parameters": parameter_components(),
            "headers": header_components(),
            "responses": response_components(),
            "securitySchemes": security_schemes(),
        },
    }


def _introduction() -> str:
    labels = ", ".join(f.label for f in FORMATS)
    return f"""\
The national authority register of Norwegian research and university libraries: \
persons, families, corporate bodies, meetings, works, topics, places and genre/form \
terms, each in every one of these formats: {labels}.

An authority lives at /authorities/{{id}}. A path suffix (/authorities/{{id}}.ttl) \
chooses its format, else the format query parameter, else the Accept header; JSON \
is the default. A merged authority answers 301 to its survivor, a deleted one 410, \
and every representation carries ETag and Last-Modified for conditional requests.

Every error is application/problem+json (RFC 9457); only a deleted authority asked \
for in MARC or RDF is the deleted record itself. So are the servers' own errors \
(a request line over 65,536 bytes, or one that cannot be parsed): an HTTP/1.1 \
answer with problem+json, whatever the request said. A response showing the private \
view (a request with a token) has Cache-Control exactly private, no-store. Every \
route also answers HEAD, and OPTIONS with CORS: reads are open to every origin."""


def _version() -> str:
    try:
        return version("authority")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"
