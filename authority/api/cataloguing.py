"""Writes: create, replace, patch, delete, merge, restore, revert; history; match.

Every write needs a token (api/auth.py): cataloguers create, edit and merge;
admins also delete, restore, and revert a merge or a delete. PUT and PATCH need
``If-Match`` with the revision the client read (the ETag of GET's JSON): without
it 428, and 412 with the current revision when another write came first. Each
write is one transaction of the service, and search sees it as the response
leaves. Responses of writes are our JSON representation (the private view) with
``warnings``: problems the stored record had already, in fields the write left
as they were.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, json, request
from werkzeug.exceptions import BadRequest, NotFound, PreconditionRequired
from werkzeug.routing import BaseConverter

from authority.api.auth import current_token, require
from authority.api.authorities import reading_context, uris
from authority.api.bodies import (
    JSON_TYPES,
    from_json,
    invalid,
    json_body,
    json_request,
    record_from_request,
)
from authority.api.contracts.cataloguing import (
    CreateParameters,
    DuplicateCandidates,
    History,
    HistoryEntry,
    MergeRequest,
    RevertRequest,
)
from authority.api.contracts.query import parsed
from authority.api.errors import candidate
from authority.api.headers import keep_private
from authority.api.negotiation import BY_SUFFIX, FORMATS, negotiate
from authority.api.openapi import models
from authority.api.openapi import writes as doc
from authority.api.openapi.declare import documented
from authority.api.openapi.parameters import IF_MATCH, IF_MATCH_REQUIRED, REVISION
from authority.api.openapi.references import ref
from authority.api.render import render
from authority.domain import Authority
from authority.domain.diff import changes
from authority.domain.ids import ID_PATTERN, is_valid_id
from authority.domain.tokens import Role
from authority.errors import Problem
from authority.extension import services
from authority.service.cataloguing import Saved

blueprint = Blueprint("cataloguing", __name__)

MERGE_PATCH = "application/merge-patch+json"
REVISION_RULE = "/authorities/<id:authority_id>/history/<int:number>"
EDITS = ("400", "401", "403", "404", "405", "409", "412", "413", "422", "428")
"""What PUT and PATCH may refuse with (PUT also 415: it reads several types)."""
BODY_EDITS = ("400", "401", "403", "404", "405", "409", "412", "413", "415", "422")
"""What merge and revert may refuse with."""


class IdConverter(BaseConverter):
    """``<id:...>``: the shape of an authority id.

    So that a write route never claims a URL the read routes resolve
    (``/authorities/x/history`` is no id to PUT to).
    """

    regex = ID_PATTERN.pattern.strip("^$")
    """Not ``browse``, ``match`` ...: a PUT there is 405, as ``Allow`` says."""


@blueprint.post("/authorities")
@documented(
    "createAuthority",
    "cataloguing",
    {
        **doc.written("Created.", "201"),
        **doc.refusals("400", "401", "403", "409", "413", "415", "422"),
    },
    query=CreateParameters,
    body=doc.record_body(),
    secured=True,
)
def create() -> Response:
    """Create an authority under a new id.

    A cataloguer's token. The record is checked (MARC shape, check digits, dates,
    relation targets) and compared with the register: a likely duplicate is 409
    with the candidates unless force=true. The comparison and the insert are one
    step: of concurrent creates of one person, one is 201 and the others 409.
    """
    token = require(Role.CATALOGUER)
    record = record_from_request()
    if record.id:
        raise invalid(
            "POST makes a new authority with a new id; to replace one, "
            f"PUT /authorities/{record.id}",
            "id",
        )
    force = parsed(CreateParameters).force
    saved = services().cataloguing.create_checked(record, token.actor, force=force)
    return written(saved, 201)


@blueprint.put("/authorities/<id:authority_id>")
@documented(
    "replaceAuthority",
    "cataloguing",
    {
        **doc.written("Replaced."),
        **doc.refusals(*EDITS, "415"),
    },
    parameters=[IF_MATCH_REQUIRED],
    body=doc.record_body(),
    secured=True,
)
def replace(authority_id: str) -> Response:
    """Replace an authority.

    A full replace of the fields and quality level, from the revision If-Match
    names. Problems the stored record had in fields the edit leaves alone are
    warnings, not refusals. A replace that changes nothing writes nothing: 200 with
    the record at its revision (If-Match must still be current).
    """
    token = require(Role.CATALOGUER)
    revision = expected_revision()
    record = record_from_request(_id(authority_id))
    keep_leader = request.mimetype in JSON_TYPES  # our JSON carries no leader
    return written(
        services().cataloguing.edit(
            record, revision, token.actor, keep_leader=keep_leader
        )
    )


@blueprint.patch("/authorities/<id:authority_id>")
@documented(
    "patchAuthority",
    "cataloguing",
    {**doc.written("Patched."), **doc.refusals(*EDITS)},
    parameters=[IF_MATCH_REQUIRED],
    body=doc.patch_body(),
    secured=True,
)
def patch(authority_id: str) -> Response:
    """Change part of an authority.

    JSON Merge Patch (RFC 7386) on {id, qualityLevel, fields}; fields, an array,
    is replaced whole.
    """
    token = require(Role.CATALOGUER)
    revision = expected_revision()
    if request.mimetype not in (MERGE_PATCH, "application/json"):
        raise BadRequest(f"send the patch as {MERGE_PATCH}")
    body = json_body()
    if not isinstance(body, dict):
        raise BadRequest("the patch must be a well-formed JSON object")
    current = services().cataloguing.writable(_id(authority_id))
    if body.get("id", current.id) != current.id:
        raise invalid("a patch cannot change the id; merge instead", "id")
    document = merge_patch(_editable(current), body)
    record = record_from_json(document, current.id)
    return written(
        services().cataloguing.edit(record, revision, token.actor, keep_leader=True)
    )


@blueprint.delete("/authorities/<id:authority_id>")
@documented(
    "deleteAuthority",
    "cataloguing",
    {
        "204": {"description": "Deleted. No body, so no Content-Type."},
        **doc.refusals("400", "401", "403", "404", "405", "409", "412"),
    },
    parameters=[IF_MATCH],
    secured=True,
)
def delete(authority_id: str) -> Response:
    """Delete an authority (admin).

    A tombstone: GET answers 410 from now on; the record stays in the history and
    the change log. If-Match is optional.
    """
    token = require(Role.ADMIN)
    revision = given_revision()
    services().cataloguing.delete(_id(authority_id), revision, token.actor)
    return Response(status=204)


@blueprint.post("/authorities/<id:authority_id>/restore")
@documented(
    "restoreAuthority",
    "cataloguing",
    {
        **doc.written("Restored."),
        **doc.refusals("401", "403", "404", "405", "409", "412"),
    },
    secured=True,
)
def restore(authority_id: str) -> Response:
    """Undo a delete (admin)."""
    token = require(Role.ADMIN)
    return written(
        Saved(services().cataloguing.restore(_id(authority_id), token.actor))
    )


@blueprint.post("/authorities/<id:authority_id>/merge")
@documented(
    "mergeAuthority",
    "cataloguing",
    {**doc.written("The survivor as it now is."), **doc.refusals(*BODY_EDITS)},
    body=MergeRequest,
    secured=True,
)
def merge(authority_id: str) -> Response:
    """Merge this authority into another.

    This id answers 301 to the survivor for ever. Its heading becomes a see-from of
    the survivor, its identifiers move there, and relations that pointed at it
    point at the survivor.
    """
    token = require(Role.CATALOGUER)
    into = json_request(
        MergeRequest, "'into' must be the id of the authority to merge into", "into"
    ).into
    survivor = services().cataloguing.merge(_id(authority_id), into, token.actor)
    response = written(Saved(survivor))
    response.headers["Location"] = uris().authority(survivor.id)
    return response


@blueprint.post("/authorities/<id:authority_id>/revert")
@documented(
    "revertAuthority",
    "cataloguing",
    {**doc.written("Reverted."), **doc.refusals(*BODY_EDITS)},
    body=RevertRequest,
    secured=True,
)
def revert(authority_id: str) -> Response:
    """A new revision equal to an old one.

    Going back across a merge (or a relink it made), a delete or a restore, as the
    history shows them, needs an admin (403 for a cataloguer); the identifiers a
    merge moved here stay. A revert to what the authority holds now writes
    nothing: 200 with it as it is, at its revision.
    """
    token = require(Role.CATALOGUER)
    number = json_request(
        RevertRequest, "'revision' must be a revision number (1 or more)", "revision"
    ).revision
    admin = token.role.allows(Role.ADMIN)
    reverted = services().cataloguing.revert(
        _id(authority_id), number, token.actor, admin
    )
    return written(Saved(reverted))


@blueprint.get("/authorities/<id:authority_id>/history")
@documented("getHistory", "cataloguing", doc.history_responses())
def history(authority_id: str) -> Response:
    """Who changed what, and when."""
    # A token's name is often a person's name or user id: only a request with a
    # token (any) sees it as actor; anyone sees the institution.
    private = current_token() is not None
    revisions = services().reading.history(_id(authority_id))
    if not revisions:
        raise NotFound(f"no authority with id {authority_id!r}")
    entries, before = [], None
    for r in revisions:
        who = {"actor": r.actor.name} if private else {}
        entries.append(HistoryEntry(
            revision=r.authority.revision,
            action=r.action,
            **who,
            institution=r.actor.institution,
            recorded=r.recorded.isoformat(),
            status=r.authority.status,
            url=f"{uris().authority(authority_id)}/history/{r.authority.revision}",
            changes=changes(before, r.authority, private=private),
        ))  # fmt: skip
        before = r.authority
    body = History(id=authority_id, revisions=entries).body()
    response = Response(json.dumps(body), mimetype="application/json")
    response.vary.add("Authorization")
    if private:  # names and private fields: never in any cache
        keep_private(response)
    return response


@blueprint.get(REVISION_RULE)
@blueprint.get(REVISION_RULE + ".<suffix>")
@documented(
    "getRevision",
    "cataloguing",
    doc.revision_responses(FORMATS, negotiated=True),
    rule=REVISION_RULE,
    parameters=[ref("parameters", "Format")],
    path={"number": REVISION},
)
@documented(
    "getRevisionBySuffix",
    "cataloguing",
    doc.revision_responses(BY_SUFFIX.values(), negotiated=False),
    rule=REVISION_RULE + ".<suffix>",
    path={"number": REVISION},
)
def revision(authority_id: str, number: int, suffix: str | None = None) -> Response:
    """One revision, in any format of the read API."""
    form = negotiate(suffix, request.args.get("format"), request.accept_mimetypes)
    found = [r for r in services().reading.history(_id(authority_id))
             if r.authority.revision == number]  # fmt: skip
    if not found:
        raise NotFound(f"authority {authority_id} has no revision {number}")
    old = found[0].authority
    private = form.name == "json" and current_token() is not None
    context = reading_context(form)
    related = services().reading.find_many(
        [r.target_id for r in old.relations if r.target_id]
    )
    response = Response(render(old, form, context, related, private))
    response.mimetype = form.media_type
    response.set_etag(f"{authority_id}-{number}-{form.name}")
    response.vary.update(("Accept", "Authorization"))
    if private:  # private fields: never in any cache
        keep_private(response)
    return response


@blueprint.post("/authorities/match")
@documented(
    "matchAuthority",
    "cataloguing",
    {
        "200": models.json_body(
            DuplicateCandidates,
            "The candidates, best first, with the signals that matched.",
        ),
        **doc.refusals("400", "401", "413", "415", "422"),
    },
    body=doc.record_body(),
)
def match() -> Response:
    """Which stored authorities a record may duplicate.

    The duplicate check of POST /authorities, read-only; no token needed.
    """
    record = record_from_request()
    found = services().cataloguing.match(record.with_envelope(id=""))
    body = DuplicateCandidates(candidates=[candidate(c) for c in found]).body()
    return Response(json.dumps(body), mimetype="application/json")


# Helpers shared with the BARE routes


def expected_revision() -> int:
    """The revision ``If-Match`` names; 428 without one."""
    revision = given_revision()
    if revision is None:
        raise PreconditionRequired(
            "send If-Match with the revision you edited (the ETag of its JSON, "
            'e.g. If-Match: "3")'
        )
    return revision


def given_revision() -> int | None:
    """The revision ``If-Match`` names, if it names one (``*`` names none)."""
    header = request.headers.get("If-Match")
    if header is None or request.if_match.star_tag:
        return None
    tags = [t for t in request.if_match.as_set() if t]
    head = tags[0].split("-", 1)[0] if len(tags) == 1 else ""
    # Present but empty names nothing: 400, not "no If-Match" (a bare 3 is read as "3").
    if not (head.isascii() and head.isdigit()) or len(head) > 9:
        raise BadRequest(f"If-Match {header!r} does not name one revision of ours")
    return int(head)


def written(saved: Saved, status: int = 200) -> Response:
    """The stored authority as the private JSON view, with ETag and warnings."""
    authority = saved.authority
    form = FORMATS[0]
    reading = services().reading.read(authority.id)
    document = json.loads(
        render(reading.authority, form, reading_context(form), reading.related, True)
    )
    document["warnings"] = [_problem(p) for p in saved.warnings]
    response = Response(json.dumps(document), status, mimetype="application/json")
    response.set_etag(str(reading.authority.revision))
    if status == 201:
        response.headers["Location"] = uris().authority(authority.id)
    keep_private(response)  # the private view
    return response


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge key by key, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def record_from_json(document: dict[str, Any], authority_id: str) -> Authority:
    """A patched representation as an authority (the JSON body reader's rules)."""
    return from_json(document).with_envelope(id=authority_id)


def _editable(authority: Authority) -> dict[str, Any]:
    """What a patch applies to: the writable part of the private JSON view."""
    quality = authority.quality.value if authority.quality else None
    return {"id": authority.id, "qualityLevel": quality,
            "fields": [f.to_dict() for f in authority.fields]}  # fmt: skip


def _problem(p: Problem) -> dict[str, Any]:
    return {"message": p.message, "where": p.where}


def _id(authority_id: str) -> str:
    if not is_valid_id(authority_id):
        raise NotFound(f"{authority_id!r} is not an authority id")
    return authority_id
