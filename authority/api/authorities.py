"""``/authorities``: authorities by id (JSON now; every format with the read API)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from authority.api.representation import to_json
from authority.runtime import service

blueprint = Blueprint("authorities", __name__)


@blueprint.get("/authorities/<authority_id>")
def get_authority(authority_id: str) -> Response:
    """One authority as JSON; merged ids redirect, deleted ones answer 410."""
    authority = service().get(authority_id)
    response = jsonify(to_json(authority, current_app.config["BASE_URI"]))
    response.set_etag(str(authority.revision))
    if authority.provenance.modified:
        response.last_modified = authority.provenance.modified
    return response
