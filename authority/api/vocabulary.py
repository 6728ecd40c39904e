"""``/context.jsonld``: the JSON-LD context our JSON-LD documents name."""

from __future__ import annotations

import json

from flask import Blueprint, Response

from authority.linkeddata.jsonld import context

blueprint = Blueprint("vocabulary", __name__)


@blueprint.get("/context.jsonld")
def jsonld_context() -> Response:
    """The context (``schema/context.jsonld``), cacheable and open to every origin."""
    response = Response(
        json.dumps(context(), ensure_ascii=False, indent=2),
        mimetype="application/ld+json",
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
