"""What the write routes read and answer, as their declarations name it.

The content types a write reads come from ``api/bodies.py``, the refusals from
what the views and the error table answer. Writes name their security scheme (a
token, as Bearer or as BARE's ``apikey``); reads stay anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable

from authority.api.bodies import MARCJSON_TYPES, MARCXML_TYPES
from authority.api.contracts.bare import BareRecord
from authority.api.contracts.cataloguing import AuthorityInput, History
from authority.api.negotiation import Format
from authority.api.openapi.models import json_body
from authority.api.openapi.references import JSON, ref, schema_ref
from authority.api.openapi.responses import authority_responses, problem

REFUSALS = {
    "400": "The body cannot be read (not JSON, not XML, a DOCTYPE, an If-Match "
    "that names no revision).",
    "401": "No token, or one the register does not know or has revoked.",
    "403": "The token's role may not do this.",
    "404": "No authority has this id.",
    "405": "The path holds no authority id: other references only resolve, for GET.",
    "409": "Merged or deleted (or already so), a likely duplicate (with the "
    "candidates), or an identifier another authority holds.",
    "412": "If-Match names an older revision; the body has the current one.",
    "413": "The body is larger than MAX_CONTENT_LENGTH.",
    "415": "A Content-Type this route does not read.",
    "422": "The record breaks rules: every problem, with its field.",
    "428": "If-Match is missing.",
}
"""Status -> what a write's refusal with it means."""
BARE_REFUSALS = ("400", "401", "403", "404", "405", "409", "412", "413", "415", "422")
"""What each of BARE's write routes may refuse with."""


def refusals(*statuses: str) -> JSON:
    """Status -> problem response, for a write's refusals."""
    return {s: problem(REFUSALS[s]) for s in statuses}


def record_body() -> JSON:
    """The record a write reads: our JSON, MARCXML or MARC-in-JSON."""
    xml: JSON = {"schema": {"type": "string"}}
    return {
        "required": True,
        "description": "The record: our JSON, MARCXML or MARC-in-JSON, chosen by "
        "Content-Type. XML with a DOCTYPE is refused.",
        "content": {
            "application/json": {"schema": schema_ref(AuthorityInput.__name__)},
            **{t: xml for t in MARCXML_TYPES},
            **{t: {"schema": schema_ref("MarcJson")} for t in MARCJSON_TYPES},
        },
    }


def patch_body() -> JSON:
    """A JSON Merge Patch, by either content type."""
    media = ("application/merge-patch+json", "application/json")
    return {
        "required": True,
        "content": {m: {"schema": {"type": "object"}} for m in media},
    }


def written(description: str, status: str = "200") -> JSON:
    """The private JSON view of what a write stored, with its ETag."""
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


def bare_written(status: str = "200") -> JSON:
    """BARE's JSON of the stored record, then every refusal of BARE's writes."""
    answer = {
        **json_body(BareRecord, "BARE's JSON of the stored record."),
        "headers": {"ETag": ref("headers", "ETag")},
    }
    return {status: answer, **refusals(*BARE_REFUSALS)}


BARE_RECORD = {
    "required": True,
    "content": {"application/json": {"schema": {"type": "object"}}},
}
"""What BARE's create and replace read: BARE's JSON."""


def revision_responses(formats: Iterable[Format], *, negotiated: bool) -> JSON:
    """An old revision in the format table's formats: a representation, private.

    As ``/authorities/{id}`` answers, less the redirects and the tombstone; its
    Cache-Control is private when the view is.
    """
    responses = authority_responses(formats, negotiated=negotiated)
    ok = responses["200"]
    ok["headers"] = {
        "ETag": ref("headers", "ETag"),
        "Vary": ref("headers", "Vary"),
        "Cache-Control": ref("headers", "PrivateCacheControl"),
    }
    kept = {s: r for s, r in responses.items() if s in ("400", "404", "406")}
    return {"200": ok, **kept, **refusals("401")}


def history_responses() -> JSON:
    """Every revision, with who changed what."""
    ok = {
        "description": "Every revision, oldest first, with a field-level diff "
        "against the one before (private fields only for a request with a token). "
        "The token's name (actor) only for a request with a token; anyone sees "
        "the institution.",
        "headers": {"Cache-Control": ref("headers", "PrivateCacheControl")},
        "content": {"application/json": {"schema": schema_ref(History.__name__)}},
    }
    return {"200": ok, **refusals("401", "404")}
