"""OAI-PMH 2.0 at ``/oai`` and at BARE's ``/authority/rest/oai`` (``authority/oai/``).

A few lines: the request's arguments (the query of a GET, the form of a POST) go
to the provider, its document comes back as ``text/xml``. Every answer, errors
included, is an OAI-PMH document with status 200, as the protocol asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request

from authority.api.authorities import uris
from authority.api.contracts.oai import OaiArguments
from authority.api.openapi.declare import documented
from authority.api.openapi.models import form_request
from authority.extension import services
from authority.oai import Deployment, Provider
from authority.oai.formats import Rendering

blueprint = Blueprint("oai", __name__)

PATHS = ("/oai", "/authority/rest/oai")
DOCUMENT = {
    "description": "An OAI-PMH 2.0 document (an error condition is one too).",
    "content": {"text/xml": {"schema": {"type": "string"}}},
}
FORM = form_request(OaiArguments)
"""A missing verb is answered too (badVerb, status 200): the form is optional."""


@blueprint.get(PATHS[0])
@blueprint.get(PATHS[1])
@documented("oaiGet", "oai", {"200": DOCUMENT}, rule=PATHS[0], query=OaiArguments)
@documented("bareOaiGet", "oai", {"200": DOCUMENT}, rule=PATHS[1], query=OaiArguments)
def oai_get() -> Response:
    """OAI-PMH 2.0: the six verbs, with resumption tokens."""
    return _answer(request.args.lists())


@blueprint.post(PATHS[0])
@blueprint.post(PATHS[1])
@documented("oaiPost", "oai", {"200": DOCUMENT}, rule=PATHS[0], body=FORM)
@documented("bareOaiPost", "oai", {"200": DOCUMENT}, rule=PATHS[1], body=FORM)
def oai_post() -> Response:
    """OAI-PMH 2.0 with the arguments in a form (as the protocol allows)."""
    return _answer(request.form.lists())


def _answer(given: Iterable[tuple[str, list[str]]]) -> Response:
    body = provider().respond(dict(given), request.base_url, datetime.now(UTC))
    return Response(body, content_type="text/xml; charset=utf-8")


def provider() -> Provider:
    """The provider over this app's register and settings."""
    c = current_app.config
    deployment = Deployment(
        repository_identifier=c["OAI_REPOSITORY_IDENTIFIER"],
        repository_name=c["OAI_REPOSITORY_NAME"],
        admin_email=c["OAI_ADMIN_EMAIL"],
        page_size=c["OAI_PAGE_SIZE"],
        token_lifetime=c["OAI_TOKEN_LIFETIME"],
        rendering=Rendering(uris(), c["ORGANIZATION_CODE"]),
    )
    return Provider(services().harvesting, deployment)
