"""BARE's write routes, so existing integrations keep writing after the switch.

BARE's JSON bodies (``barejson.read.from_bare_json``) and ``Authorization: apikey
<key>``, where the key is one of our tokens (api/auth.py takes both schemes).
Answers are BARE's JSON of the stored record.

Every route also answers without the ``v2`` (``/authority/rest/authorities``,
``.../authorities/<id>``), which is what BARE's clients' ``urljoin`` calls.

Two things differ from our own routes, on purpose, because BARE's clients do not
know them: ``If-Match`` is optional (without it a PUT replaces the current
revision), and a create is not held back by the duplicate check (BARE had none;
the check is ours at ``POST /authorities`` and ``POST /authorities/match``).
"""

from __future__ import annotations

from flask import Blueprint, Response, json
from pydantic import ValidationError
from werkzeug.exceptions import BadRequest

from authority.api.auth import require
from authority.api.bodies import invalid, json_object
from authority.api.cataloguing import given_revision
from authority.api.contracts.cataloguing import (
    IdentifierRequest,
    RemoveIdentifierParameters,
)
from authority.api.contracts.query import parsed
from authority.api.headers import keep_private
from authority.api.openapi import writes as doc
from authority.api.openapi.declare import documented
from authority.api.openapi.parameters import BARE_ID, IF_MATCH, SOURCE
from authority.barejson.read import from_bare_json
from authority.barejson.write import to_bare_json
from authority.domain import Authority
from authority.domain.identifiers import Identifier
from authority.domain.tokens import Role
from authority.extension import services

blueprint = Blueprint("bare_writes", __name__)

V2 = "/authority/rest/authorities/v2"
URLJOINED = "/authority/rest/authorities"
"""``urljoin`` on the base ``.../authorities/v2`` without a trailing slash."""
BARE_PATH = {"authority_id": BARE_ID}


@blueprint.post(V2)
@blueprint.post(URLJOINED)
@documented(
    "createBareRecord",
    "bare",
    doc.bare_written("201"),
    body=doc.BARE_RECORD,
    secured=True,
)
def create() -> Response:
    """Create a record from BARE's JSON.

    No duplicate check, as BARE had none.
    """
    token = require(Role.CATALOGUER)
    record = from_bare_json(json_object())
    if record.id:
        raise invalid("a new record has no systemControlNumber", "systemControlNumber")
    saved = services().cataloguing.create_checked(record, token.actor, force=True)
    return _bare(saved.authority, 201)


@blueprint.put(f"{V2}/<id:authority_id>")
@blueprint.put(f"{URLJOINED}/<id:authority_id>")
@documented(
    "replaceBareRecord",
    "bare",
    doc.bare_written(),
    parameters=[IF_MATCH],
    path=BARE_PATH,
    body=doc.BARE_RECORD,
    secured=True,
)
def replace(authority_id: str) -> Response:
    """Replace a record from BARE's JSON.

    If-Match is optional here.
    """
    token = require(Role.CATALOGUER)
    record = from_bare_json(json_object())
    if record.id and record.id != authority_id:
        raise invalid(
            f"the body is {record.id}, the URL {authority_id}", "systemControlNumber"
        )
    current = services().cataloguing.writable(authority_id)
    revision = given_revision() or current.revision
    edited = record.with_envelope(id=authority_id)
    saved = services().cataloguing.edit(edited, revision, token.actor, keep_leader=True)
    return _bare(saved.authority)


@blueprint.delete(f"{V2}/<id:authority_id>")
@blueprint.delete(f"{URLJOINED}/<id:authority_id>")
@documented(
    "deleteBareRecord",
    "bare",
    doc.bare_written(),
    parameters=[IF_MATCH],
    path=BARE_PATH,
    secured=True,
)
def delete(authority_id: str) -> Response:
    """Delete a record (admin)."""  # admins only, as on our own route
    token = require(Role.ADMIN)
    return _bare(
        services().cataloguing.delete(authority_id, given_revision(), token.actor)
    )


@blueprint.post(f"{V2}/<id:authority_id>/identifiers")
@blueprint.post(f"{URLJOINED}/<id:authority_id>/identifiers")
@documented(
    "addBareIdentifier",
    "bare",
    doc.bare_written(),
    path=BARE_PATH,
    body=IdentifierRequest,
    secured=True,
)
def add_identifier(authority_id: str) -> Response:
    """Add an identifier."""  # {"source": "isni", "identifier": "..."}
    token = require(Role.CATALOGUER)
    asked = _identifier_request()
    identifier = Identifier.parse(asked.source.lower(), asked.identifier)
    saved = services().cataloguing.add_identifier(authority_id, identifier, token.actor)
    return _bare(saved.authority)


@blueprint.delete(f"{V2}/<id:authority_id>/identifiers/<source>")
@blueprint.delete(f"{URLJOINED}/<id:authority_id>/identifiers/<source>")
@documented(
    "removeBareIdentifier",
    "bare",
    doc.bare_written(),
    query=RemoveIdentifierParameters,
    path={**BARE_PATH, "source": SOURCE},
    secured=True,
)
def remove_identifier(authority_id: str, source: str) -> Response:
    """Remove identifiers of a scheme."""  # ?identifier= only that one
    token = require(Role.CATALOGUER)
    value = parsed(RemoveIdentifierParameters).identifier
    if value is not None:
        value = Identifier.parse(source.lower(), value).value
    saved = services().cataloguing.remove_identifiers(
        authority_id, source.lower(), value, token.actor
    )
    return _bare(saved.authority)


def _identifier_request() -> IdentifierRequest:
    """The body of a POST .../identifiers, read by its contract; 400 as BARE's."""
    body = json_object()
    try:
        return IdentifierRequest.model_validate(body)
    except ValidationError as error:
        # Only a source of the wrong shape is named; anything else, as BARE said it.
        wrong = {(e["loc"], e["type"]) for e in error.errors()}
        if wrong == {(("source",), "string_pattern_mismatch")}:
            source = body["source"]
            raise BadRequest(
                f"source {source!r} is no scheme name (isni, viaf, orcid ...)"
            ) from None
        raise BadRequest(
            'send {"source": "<scheme>", "identifier": "<value>"}'
        ) from None


def _bare(authority: Authority, status: int = 200) -> Response:
    body = json.dumps(to_bare_json(authority))
    response = Response(body, status, mimetype="application/json")
    response.set_etag(str(authority.revision))
    keep_private(response)  # the private view
    return response
