"""The documents our representations name: the JSON-LD context and the JSON Schema."""

from __future__ import annotations

import json
from functools import cache

from flask import Blueprint, Response

from authority.linkeddata.jsonld import context
from authority.schema_files import schema_file

blueprint = Blueprint("vocabulary", __name__)

DAY = 86400


@blueprint.get("/context.jsonld")
def jsonld_context() -> Response:
    """The context (``schema/context.jsonld``), cacheable and open to every origin."""
    body = json.dumps(context(), ensure_ascii=False, indent=2)
    return _published(Response(body, mimetype="application/ld+json"))


@blueprint.get("/schema/authority.schema.json")
def authority_schema() -> Response:
    """The JSON Schema of our JSON representation (``schema/authority.schema.json``)."""
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
