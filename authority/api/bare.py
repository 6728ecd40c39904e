"""BARE's read routes, so existing clients keep working after a DNS switch.

``/authority/rest/authorities/v2/<id>?format=json|xml`` answers as BARE did: the
stored record in BARE's JSON (``barejson.write.to_bare_json``) or as MARCXchange, for
deleted and merged records too (``deleted: true``, ``replacedBy``), since BARE's
clients read those fields instead of following redirects. ``format`` defaults to
JSON, as it did. ``/authority/rest/authorities/html/<id>`` is the HTML page
(Wikidata's P1015 formatter URL points here).

BARE's clients build their URLs with ``urljoin(".../authorities/v2", id)``, which
drops the ``v2``: ``/authority/rest/authorities/<id>`` and ``.../authorities/query``
answer exactly as ``.../v2/<id>`` and ``/authority/rest/functions/v2/query``
(``.../authorities/v2/query`` too).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, json, request

from authority.api.authorities import authority_response
from authority.api.contracts.bare import (
    BareQueryParameters,
    BareRecordParameters,
    BareSearch,
)
from authority.api.contracts.query import parsed
from authority.api.negotiation import BY_NAME
from authority.api.openapi.declare import documented
from authority.api.openapi.models import json_body
from authority.api.openapi.parameters import BARE_READ_ID, CONDITIONAL, LANGUAGE
from authority.api.openapi.responses import (
    bare_page_responses,
    bare_record_responses,
    ref_responses,
)
from authority.barejson.write import to_bare_json
from authority.extension import services
from authority.marc.serialize import to_bytes
from authority.marc.to_marc import marc_output
from authority.search.model import MAX_SIZE, SearchQuery

blueprint = Blueprint("bare", __name__)

REST = "/authority/rest"
URLJOINED = f"{REST}/authorities"
"""What ``urljoin`` makes of BARE's ``.../authorities/v2`` base: ``v2`` is gone."""


@blueprint.get(f"{REST}/authorities/v2/<authority_id>")
@blueprint.get(f"{URLJOINED}/<id:authority_id>")  # not .../query
@documented(
    "getBareRecord",
    "bare",
    bare_record_responses(),
    query=BareRecordParameters,
    parameters=CONDITIONAL,
    path={"authority_id": BARE_READ_ID},
)
def get_record(authority_id: str) -> Response:
    """One record as BARE served it.

    BARE's JSON or MARCXchange, for deleted and merged records too (deleted: true,
    replacedBy): BARE's clients read those fields instead of following redirects.
    """
    form = parsed(BareRecordParameters).format
    authority = services().reading.read(authority_id).authority
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


@blueprint.get(f"{REST}/authorities/html/<authority_id>")
@documented(
    "getBarePage",
    "bare",
    bare_page_responses(),
    parameters=(*LANGUAGE, *CONDITIONAL),
    path={"authority_id": BARE_READ_ID},
)
def get_page(authority_id: str) -> Response:
    """The HTML page at BARE's address.

    As /authorities/{id}.html; Wikidata's formatter URL points here.
    """
    return authority_response(authority_id, "html", None)


@blueprint.get(f"{REST}/functions/v2/query")
@blueprint.get(f"{URLJOINED}/query")
@blueprint.get(f"{URLJOINED}/v2/query")
@documented(
    "queryBare",
    "bare",
    {
        "200": json_body(BareSearch, "The hits as BARE's search answered."),
        "400": "q is missing, names another authoritytype or has no word to search "
        f"for; start is not 1 to 10000, max not 1 to {MAX_SIZE}; or format is not "
        "json.",
        **ref_responses("Unavailable"),
    },
    query=BareQueryParameters,
)
def query() -> Response:
    """BARE's search.

    Our search (as /authorities?q=, active authorities only) in BARE's envelope,
    every hit a whole BARE record.
    """
    asked = parsed(BareQueryParameters)
    start, most = asked.start, asked.most
    results = services().searching.search(
        SearchQuery(text=asked.text, kinds=asked.kinds, size=most, offset=start - 1)
    )
    found = services().reading.find_many([h.id for h in results.hits])
    # The envelope BareSearch declares, written as BARE wrote it; each record is
    # to_bare_json's, as GET gives it, and is not validated again on the way out
    # (a legacy date the contract does not foresee must not make the search a 500).
    body = {
        "q": asked.q,
        "startRow": str(start),
        "maxRows": str(most),
        "numFound": results.total,
        "results": [to_bare_json(found[h.id]) for h in results.hits if h.id in found],
    }
    return Response(json.dumps(body), mimetype="application/json")
