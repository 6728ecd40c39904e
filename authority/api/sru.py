"""SRU at ``/sru`` and at BARE's ``/authority/rest/sru``: a few lines over ``sru/``.

The parameters go to the protocol package as they came: it answers every request,
a bad one included, with SRU XML (a diagnostic), as SRU clients expect.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from authority.api.authorities import uris
from authority.api.contracts.sru import SruParameters
from authority.api.openapi.declare import documented
from authority.extension import services
from authority.sru import Deployment, Rendering, answer

blueprint = Blueprint("sru", __name__)

BARE_RULE = "/authority/rest/sru"
"""BARE's address: clients configured for BARE change only the host."""

ANSWERS = {
    "200": {
        "description": "An SRU explainResponse, searchRetrieveResponse or"
        " scanResponse (SRW's namespace for 1.1 and 1.2, OASIS's for 2.0); a failure"
        " is a diagnostic inside it (info:srw/diagnostic/1/...).",
        "content": {"application/xml": {"schema": {"type": "string"}}},
    }
}


@blueprint.get("/sru")
@blueprint.get(BARE_RULE)
@documented("sru", "sru", ANSWERS, rule="/sru", query=SruParameters)
@documented("bareSru", "sru", ANSWERS, rule=BARE_RULE, query=SruParameters)
def sru() -> Response:
    """SRU 1.1, 1.2 and 2.0: explain, searchRetrieve and scan, with CQL."""
    deployment = Deployment(
        services=services,
        rendering=Rendering(uris(), current_app.config["ORGANIZATION_CODE"]),
        base_url=request.base_url,
    )
    body, media_type = answer(request.args.to_dict(flat=True), deployment)
    return Response(body, 200, content_type=media_type)
