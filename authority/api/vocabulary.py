"""The documents our representations name: the JSON-LD context and the JSON Schema."""

from __future__ import annotations

import json
from functools import cache

from flask import Blueprint, Response

from authority.api.openapi.declare import documented
from authority.api.openapi.responses import published
from authority.linkeddata.jsonld import context
from authority.schema_files import schema_file

blueprint = Blueprint("vocabulary", __name__)

DAY = 86400
JSONLD = "application/ld+json"
CONTEXT = {"type": "object", "required": ["@context"]}
SCHEMA = "The JSON Schema of the JSON representation"


@blueprint.get("/context.jsonld")
@documented(
    "getContext",
    "vocabulary",
    {"200": published("The JSON-LD context of our linked data.", JSONLD, CONTEXT)},
)
def jsonld_context() -> Response:
    """The JSON-LD context of our linked data."""  # schema/context.jsonld
    body = json.dumps(context(), ensure_ascii=False, indent=2)
    return _published(Response(body, mimetype=JSONLD))


@blueprint.get("/schema/authority.schema.json")
@documented(
    "getAuthoritySchema",
    "vocabulary",
    {"200": published(SCHEMA + ".", "application/schema+json", {"type": "object"})},
)
def authority_schema() -> Response:
    """The JSON Schema of the JSON representation."""
    return _published(Response(schema_text(), mimetype="application/schema+json"))


@cache
def schema_text() -> str:
    """``schema/authority.schema.json`` as published."""
    return schema_file("authority.schema.json").read_text("utf-8")


def _published(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = DAY
    return response
