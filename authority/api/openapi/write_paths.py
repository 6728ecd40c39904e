"""The write routes as operations: cataloguing, history, match, BARE's writes.

Written after ``api/cataloguing.py`` and ``api/bare_writes.py``: the content
types a write reads come from ``api/bodies.py``, the statuses from what the views
and the error table answer, the parameters and JSON bodies from the models of
``api/contracts/cataloguing.py``. Writes name their security scheme (a token, as Bearer
or as BARE's ``apikey``); reads stay anonymous.
"""

from __future__ import annotations

from authority.api.bodies import MARCJSON_TYPES, MARCXML_TYPES
from authority.api.contracts.bare import BareRecord
from authority.api.contracts.cataloguing import (
    AuthorityInput,
    CreateParameters,
    DuplicateCandidates,
    History,
    IdentifierRequest,
    MergeRequest,
    RemoveIdentifierParameters,
    RevertRequest,
)
from authority.api.negotiation import BY_SUFFIX, FORMATS
from authority.api.openapi import paths  # a module: paths.path_items imports us
from authority.api.openapi.models import json_body, json_request, query_parameters
from authority.api.openapi.parameters import examples
from authority.api.openapi.references import JSON, ref, schema_ref
from authority.api.openapi.responses import authority_responses, problem
from authority.domain.ids import ID_PATTERN

BEARER: list[JSON] = [{"bearer": []}, {"apikey": []}]
"""Either scheme carries one of our tokens."""

ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The authority's id (another form of reference is no write's "
    "target: those URLs only resolve, for GET).",
    "schema": {"type": "string", "pattern": ID_PATTERN.pattern},
    "examples": examples(id="20000000000000"),
}
REVISION_TAG = {"type": "string", "pattern": r'^("[0-9]{1,9}"|[0-9]{1,9})$'}
"""What If-Match takes: a revision as the JSON's ETag gives it ("3"), or bare (3)."""
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The revision the edit starts from, as GET\'s ETag ("3").',
    "schema": REVISION_TAG,
}
IF_MATCH_REQUIRED = {
    **IF_MATCH,
    "required": True,
    "description": 'The revision the edit starts from, as GET\'s ETag ("3"). Without '
    "it PUT and PATCH answer 428 Precondition Required.",
}


HISTORY = "/authorities/{id}/history"


def security_schemes() -> JSON:
    """``components.securitySchemes``: our token, and BARE's way of sending it."""
    return {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `authority token create`.",
        },
        "apikey": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "BARE's form of the same token: `Authorization: apikey "
            "<token>`.",
        },
    }


def write_paths() -> JSON:
    """``paths`` of the write routes, by path and method (merged with the reads)."""
    return {
        "/authorities": {"post": _create()},
        "/authorities/{id}": {
            "put": _replace(),
            "patch": _patch(),
            "delete": _delete(),
        },
        "/authorities/{id}/merge": {"post": _merge()},
        "/authorities/{id}/restore": {"post": _restore()},
        "/authorities/{id}/revert": {"post": _revert()},
        HISTORY: {"get": _history()},
        "/authorities/{id}/history/{revision}": {"get": _revision(suffix=False)},
        "/authorities/{id}/history/{revision}.{suffix}": {
            "get": _revision(suffix=True)
        },
        "/authorities/match": {"post": _match()},
        **_bare_write_paths(),
    }


def _record_body(required: bool = True) -> JSON:
    xml: JSON = {"schema": {"type": "string"}}
    return {
        "required": required,
        "description": "The record: our JSON, MARCXML or MARC-in-JSON, chosen by "
        "Content-Type. XML with a DOCTYPE is refused.",
        "content": {
            "application/json": {"schema": schema_ref(AuthorityInput.__name__)},
            **{t: xml for t in MARCXML_TYPES},
            **{t: {"schema": schema_ref("MarcJson")} for t in MARCJSON_TYPES},
        },
    }


def _written(description: str, status: str = "200") -> JSON:
    headers = {"ETag": ref("headers", "ETag")}
    if status == "201":
        headers["Location"] = ref("headers", "Location")
    return {
        status: {
            "description": description + " The private JSON view, with warnings.",
            "headers": headers,
            "content": {"application/json": {"schema": schema_ref("Authority")}},
        }
    }


def _errors(*statuses: str) -> JSON:
    says = {
        "400": "The body cannot be read (not JSON, not XML, a DOCTYPE, an If-Match "
        "that names no revision).",
        "401": "No token, or one the register does not know or has revoked.",
        "403": "The token's role may not do this.",
        "404": "No authority has this id.",
        "405": "The path holds no authority id: other references only resolve, for "
        "GET.",
        "409": "Merged or deleted (or already so), a likely duplicate (with the "
        "candidates), or an identifier another authority holds.",
        "412": "If-Match names an older revision; the body has the current one.",
        "413": "The body is larger than MAX_CONTENT_LENGTH.",
        "415": "A Content-Type this route does not read.",
        "422": "The record breaks rules: every problem, with its field.",
        "428": "If-Match is missing.",
    }
    return {s: problem(says[s]) for s in statuses}


def _op(
    operation_id: str, tag: str, summary: str, description: str,
    parameters: list[JSON], responses: JSON, body: JSON | None = None,
    secured: bool = True,
) -> JSON:  # fmt: skip
    built = paths.operation(operation_id, tag, summary, description, parameters,
                            responses)  # fmt: skip
    if body is not None:
        built["requestBody"] = body
    if secured:
        built["security"] = BEARER
    return built


def _create() -> JSON:
    return _op(
        "createAuthority", "cataloguing", "Create an authority under a new id",
        "A cataloguer's token. The record is checked (MARC shape, check digits, "
        "dates, relation targets) and compared with the register: a likely "
        "duplicate is 409 with the candidates unless force=true. The comparison "
        "and the insert are one step: of concurrent creates of one person, one is "
        "201 and the others 409.",
        query_parameters(CreateParameters),
        {**_written("Created.", "201"),
         **_errors("400", "401", "403", "409", "413", "415", "422")},
        _record_body(),
    )  # fmt: skip


def _replace() -> JSON:
    return _op(
        "replaceAuthority", "cataloguing", "Replace an authority",
        "A full replace of the fields and quality level, from the revision If-Match "
        "names. Problems the stored record had in fields the edit leaves alone are "
        "warnings, not refusals. A replace that changes nothing writes nothing: "
        "200 with the record at its revision (If-Match must still be current).",
        [ID, IF_MATCH_REQUIRED],
        {**_written("Replaced."),
         **_errors("400", "401", "403", "404", "405", "409", "412", "413", "415", "422",
                   "428")},
        _record_body(),
    )  # fmt: skip


def _patch() -> JSON:
    body = {
        "required": True,
        "content": {
            media: {"schema": {"type": "object"}}
            for media in ("application/merge-patch+json", "application/json")
        },
    }
    return _op(
        "patchAuthority", "cataloguing", "Change part of an authority",
        "JSON Merge Patch (RFC 7386) on {id, qualityLevel, fields}; fields, an "
        "array, is replaced whole.",
        [ID, IF_MATCH_REQUIRED],
        {**_written("Patched."),
         **_errors("400", "401", "403", "404", "405", "409", "412", "413", "422",
                   "428")},
        body,
    )  # fmt: skip


def _delete() -> JSON:
    return _op(
        "deleteAuthority", "cataloguing", "Delete an authority (admin)",
        "A tombstone: GET answers 410 from now on; the record stays in the "
        "history and the change log. If-Match is optional.",
        [ID, IF_MATCH],
        {"204": {"description": "Deleted. No body, so no Content-Type."},
         **_errors("400", "401", "403", "404", "405", "409", "412")},
    )  # fmt: skip


def _merge() -> JSON:
    return _op(
        "mergeAuthority", "cataloguing", "Merge this authority into another",
        "This id answers 301 to the survivor for ever. Its heading becomes a "
        "see-from of the survivor, its identifiers move there, and relations that "
        "pointed at it point at the survivor.",
        [ID],
        {**_written("The survivor as it now is."),
         **_errors("400", "401", "403", "404", "405", "409", "412", "413", "415",
                   "422")},
        json_request(MergeRequest),
    )  # fmt: skip


def _restore() -> JSON:
    return _op(
        "restoreAuthority", "cataloguing", "Undo a delete (admin)", "", [ID],
        {**_written("Restored."),
         **_errors("401", "403", "404", "405", "409", "412")},
    )  # fmt: skip


def _revert() -> JSON:
    return _op(
        "revertAuthority", "cataloguing", "A new revision equal to an old one",
        "Going back across a merge (or a relink it made), a delete or a restore, "
        "as the history shows them, needs an admin (403 for a cataloguer); the "
        "identifiers a merge moved here stay. A revert to what the authority holds "
        "now writes nothing: 200 with it as it is, at its revision.",
        [ID],
        {**_written("Reverted."),
         **_errors("400", "401", "403", "404", "405", "409", "412", "413", "415",
                   "422")},
        json_request(RevertRequest),
    )  # fmt: skip


def _history() -> JSON:
    ok = {
        "description": "Every revision, oldest first, with a field-level diff "
        "against the one before (private fields only for a request with a token). "
        "The token's name (actor) only for a request with a token; anyone sees "
        "the institution.",
        "headers": {"Cache-Control": ref("headers", "PrivateCacheControl")},
        "content": {"application/json": {"schema": schema_ref(History.__name__)}},
    }
    return _op(
        "getHistory", "cataloguing", "Who changed what, and when", "", [ID],
        {"200": ok, **_errors("401", "404")}, secured=False,
    )  # fmt: skip


def _revision(suffix: bool) -> JSON:
    number = {
        "name": "revision",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
        "description": "The revision number.",
    }
    parameters = [ID, number]
    if suffix:
        parameters.append(ref("parameters", "Suffix"))
        formats = list(BY_SUFFIX.values())
    else:
        parameters.append(ref("parameters", "Format"))
        formats = list(FORMATS)
    responses = authority_responses(formats, negotiated=not suffix)
    ok = responses["200"]
    ok["headers"] = {
        "ETag": ref("headers", "ETag"),
        "Vary": ref("headers", "Vary"),
        "Cache-Control": ref("headers", "PrivateCacheControl"),
    }
    kept = {s: r for s, r in responses.items() if s in ("400", "404", "406")}
    kept["401"] = _errors("401")["401"]
    return _op(
        "getRevision" + ("BySuffix" if suffix else ""), "cataloguing",
        "One revision, in any format of the read API", "", parameters,
        {"200": ok, **kept}, secured=False,
    )  # fmt: skip


def _match() -> JSON:
    ok = json_body(
        DuplicateCandidates,
        "The candidates, best first, with the signals that matched.",
    )
    return _op(
        "matchAuthority", "cataloguing", "Which stored authorities a record may "
        "duplicate", "The duplicate check of POST /authorities, read-only; no token "
        "needed.", [],
        {"200": ok, **_errors("400", "401", "413", "415", "422")},
        _record_body(), secured=False,
    )  # fmt: skip


def _bare_write_paths() -> JSON:
    v2 = "/authority/rest/authorities/v2"
    bare = {"application/json": {"schema": {"type": "object"}}}
    record = {"required": True, "content": bare}
    written = {
        **json_body(BareRecord, "BARE's JSON of the stored record."),
        "headers": {"ETag": ref("headers", "ETag")},
    }
    common = ("400", "401", "403", "404", "405", "409", "412", "413", "415", "422")
    text = {"type": "string"}
    source = {"name": "source", "in": "path", "required": True, "schema": text,
              "description": "The scheme (isni ...)."}  # fmt: skip
    bare_id = {**ID, "description": "The record id (BARE's systemControlNumber)."}
    return {
        v2: {"post": _op(
            "createBareRecord", "bare", "Create a record from BARE's JSON",
            "No duplicate check, as BARE had none.", [],
            {"201": written, **_errors(*common)}, record)},
        f"{v2}/{{id}}": {
            "put": _op("replaceBareRecord", "bare", "Replace a record from BARE's JSON",
                       "If-Match is optional here.", [bare_id, IF_MATCH],
                       {"200": written, **_errors(*common)}, record),
            "delete": _op("deleteBareRecord", "bare", "Delete a record (admin)", "",
                          [bare_id, IF_MATCH], {"200": written, **_errors(*common)}),
        },
        f"{v2}/{{id}}/identifiers": {"post": _op(
            "addBareIdentifier", "bare", "Add an identifier", "", [bare_id],
            {"200": written, **_errors(*common)}, json_request(IdentifierRequest))},
        f"{v2}/{{id}}/identifiers/{{source}}": {"delete": _op(
            "removeBareIdentifier", "bare", "Remove identifiers of a scheme", "",
            [bare_id, source, *query_parameters(RemoveIdentifierParameters)],
            {"200": written, **_errors(*common)})},
    }  # fmt: skip
