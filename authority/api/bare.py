"""BARE's read routes, so existing clients keep working after a DNS switch.

``/authority/rest/authorities/v2/<id>?format=json|xml`` answers as BARE did: the
stored record in BARE's JSON (``bare_json.to_bare_json``) or as MARCXchange, for
deleted and merged records too (``deleted: true``, ``replacedBy``), since BARE's
clients read those fields instead of following redirects. ``format`` defaults to
JSON, as it did. ``/authority/rest/authorities/html/<id>`` is the HTML page
(Wikidata's P1015 formatter URL points here).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import BadRequest

from authority.api.authorities import authority_response
from authority.api.negotiation import BY_NAME
from authority.bare_json import to_bare_json
from authority.marc.serialize import to_bytes
from authority.marc.to_marc import marc_output
from authority.runtime import service

blueprint = Blueprint("bare", __name__, url_prefix="/authority/rest/authorities")

BARE_FORMATS = ("json", "xml")


@blueprint.get("/v2/<authority_id>")
def get_record(authority_id: str) -> Response:
    """One record in BARE's JSON or MARCXchange, whatever its status."""
    form = request.args.get("format", "json").lower()
    if form not in BARE_FORMATS:
        raise BadRequest(f"format={form!r}: BARE's formats are json and xml")
    authority = service().read(authority_id).authority
    if form == "xml":
        output = marc_output(
            authority, organization_code=current_app.config["ORGANIZATION_CODE"]
        )
        media_type = BY_NAME["marcxchange"].media_type
        response = Response(to_bytes(output, "marcxchange"), mimetype=media_type)
    else:
        body = json.dumps(to_bare_json(authority))
        response = Response(body, mimetype="application/json")
    response.set_etag(f"{authority.revision}-bare-{form}")
    if authority.provenance.modified:
        response.last_modified = authority.provenance.modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.make_conditional(request)
    return response


@blueprint.get("/html/<authority_id>")
def get_page(authority_id: str) -> Response:
    """The HTML page, as at ``/authorities/<id>.html``."""
    return authority_response(authority_id, "html", None)
