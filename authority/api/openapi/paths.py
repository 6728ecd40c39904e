"""Every route of the read API as an operation: the document's ``paths``.

Five groups, in the order the document lists them: one authority
(``/authorities/{id}``, by suffix, ``/resolve``), search (``search_paths``), BARE's
read routes and its search, the vocabulary documents and the service routes
(probes and this documentation).
Every operation answers 500 too, and lists its responses in status order.
"""

from __future__ import annotations

from authority.api.contracts.answers import Health, Readiness
from authority.api.contracts.bare import BareRecord, BareRecordParameters
from authority.api.contracts.cataloguing import ResolveParameters
from authority.api.negotiation import BY_NAME, BY_SUFFIX, FORMATS
from authority.api.openapi.models import json_body, query_parameters
from authority.api.openapi.parameters import examples
from authority.api.openapi.references import JSON, ref, schema_ref
from authority.api.openapi.responses import (
    authority_responses,
    candidates,
    moved,
    problem,
    ref_responses,
    representation_headers,
)
from authority.api.openapi.search_paths import bare_search_paths, search_paths
from authority.api.openapi.write_paths import write_paths

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.1"
"""The registered media type of an OpenAPI document (JSON, version 3.1)."""

AUTHORITY_DESCRIPTION = """\
An id (90517730, HUME28807) answers with the authority: in the format a suffix, \
else the format parameter, else Accept asks for (JSON when nothing does). Any other \
reference (the x-autid x90517730, the linking form (NO-TrBIB)90517730, \
oai:bibsys.no:authority:90517730, an old BARE or data.bibsys.no URL, an external \
identifier such as an ISNI or VIAF URI; percent-encode slashes) answers 301 to the \
authority's URL, 300 when it names several, 404 when it names none. The query and \
a format suffix (x90517730.ttl, (NO-TrBIB)90517730.ttl) are carried to the Location."""

BARE_V2 = "/authority/rest/authorities/v2"
BARE_QUERY = "/authority/rest/functions/v2/query"
URLJOINED = {
    BARE_QUERY: ("/authority/rest/authorities/query", f"{BARE_V2}/query"),
}
"""BARE's search as its clients' ``urljoin`` on ``.../authorities/v2`` reaches it."""


def path_items() -> JSON:
    """``paths``: path -> path item, for every route the app serves."""
    items: JSON = {}
    for group in (_authority_paths(), search_paths(), write_paths(), _bare_paths(),
                  bare_search_paths(), _service_paths()):  # fmt: skip
        for path, item in group.items():
            items.setdefault(path, {}).update(item)  # reads and writes share paths
    return {**items, **_urljoined(items)}


def _urljoined(items: JSON) -> JSON:
    """BARE's routes again without ``v2``, as ``urljoin`` on its base calls them.

    Each copy is the same operation under its own operationId (``...Urljoined``).
    """
    aliases: JSON = {}
    for path, item in items.items():
        if path == BARE_V2 or path.startswith(f"{BARE_V2}/"):
            targets: tuple[str, ...] = (path.replace("/v2", "", 1),)
        else:
            targets = URLJOINED.get(path, ())
        for n, target in enumerate(targets):
            aliases[target] = {
                method: _alias(operation, path, n) for method, operation in item.items()
            }
    return aliases


def _alias(original: JSON, path: str, n: int) -> JSON:
    copy = dict(original)
    copy["operationId"] = f"{original['operationId']}Urljoined{n or ''}"
    note = f"The same as {path}, where BARE's clients' urljoin sends them."
    copy["description"] = " ".join(filter(None, (original["description"], note)))
    return copy


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    parameters: list[JSON],
    responses: JSON,
) -> JSON:
    """An operation object; 500 is added to ``responses``, all sorted by status.

    Args:
        operation_id: the operation's unique name (and the page's anchor).
        tag: the operation's one tag.
        summary: a line.
        description: the rest, perhaps empty.
        parameters: parameter objects or references; none leaves the key out.
        responses: status -> response object or reference.

    Returns:
        The operation object.
    """
    built: JSON = {
        "operationId": operation_id,
        "tags": [tag],
        "summary": summary,
        "description": description,
    }
    if parameters:
        built["parameters"] = parameters
    every = {**responses, **ref_responses("ServerError")}
    built["responses"] = dict(sorted(every.items()))
    return built


def _authority_paths() -> JSON:
    conditional = [ref("parameters", n) for n in ("IfNoneMatch", "IfModifiedSince")]
    language = [ref("parameters", n) for n in ("Lang", "AcceptLanguage")]
    return {
        "/authorities/{id}": {
            "get": operation(
                "getAuthority",
                "authorities",
                "One authority in the negotiated format",
                AUTHORITY_DESCRIPTION,
                [
                    ref("parameters", "Reference"),
                    ref("parameters", "Format"),
                    *language,
                    *conditional,
                ],
                authority_responses(FORMATS, negotiated=True),
            )
        },
        "/authorities/{id}.{suffix}": {
            "get": operation(
                "getAuthorityBySuffix",
                "authorities",
                "One authority in the format its suffix names",
                "The suffix chooses the format; format and Accept are not read. An "
                "id that is not in the id form is resolved as a reference, suffix "
                "and all (see /authorities/{id}).",
                [
                    ref("parameters", "Id"),
                    ref("parameters", "Suffix"),
                    *language,
                    *conditional,
                ],
                authority_responses(BY_SUFFIX.values(), negotiated=False),
            )
        },
        "/resolve": {"get": _resolve_operation()},
    }


def _resolve_operation() -> JSON:
    return operation(
        "resolve",
        "authorities",
        "Resolve any reference to an authority",
        "The id, URL or identifier in id, in any form /authorities/{id} resolves. "
        "Other query parameters are carried to the Location.",
        query_parameters(ResolveParameters),
        {
            "300": candidates(),
            "301": moved(),
            "400": problem("id is missing or empty."),
            "404": problem("No authority has this id, URL or identifier."),
            **ref_responses("Unavailable"),
        },
    )


def _bare_paths() -> JSON:
    conditional = [ref("parameters", n) for n in ("IfNoneMatch", "IfModifiedSince")]
    bare_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The record id (BARE's systemControlNumber).",
        "schema": {"type": "string"},
        "examples": examples(id="90053126"),
    }
    return {
        "/authority/rest/authorities/v2/{id}": {
            "get": operation(
                "getBareRecord",
                "bare",
                "One record as BARE served it",
                "BARE's JSON or MARCXchange, for deleted and merged records too "
                "(deleted: true, replacedBy): BARE's clients read those fields "
                "instead of following redirects.",
                [bare_id, *query_parameters(BareRecordParameters), *conditional],
                _bare_record_responses(),
            )
        },
        "/authority/rest/authorities/html/{id}": {
            "get": operation(
                "getBarePage",
                "bare",
                "The HTML page at BARE's address",
                "As /authorities/{id}.html; Wikidata's formatter URL points here.",
                [
                    bare_id,
                    ref("parameters", "Lang"),
                    ref("parameters", "AcceptLanguage"),
                    *conditional,
                ],
                _bare_page_responses(),
            )
        },
    }


def _bare_record_responses() -> JSON:
    return {
        "200": {
            "description": "The record, whatever its status.",
            "headers": representation_headers(alternates=False),
            "content": {
                "application/json": {"schema": schema_ref(BareRecord.__name__)},
                BY_NAME["marcxchange"].media_type: {},
            },
        },
        **ref_responses("NotModified"),
        "400": problem("format is neither json nor xml."),
        "404": problem("No record has this id."),
        "406": problem("This record cannot be written as MARCXchange."),
        **ref_responses("Unavailable"),
    }


def _bare_page_responses() -> JSON:
    page = authority_responses([BY_NAME["html"]], negotiated=False)
    page["404"] = problem("No authority has this id.")
    del page["300"], page["406"]
    page["301"] = problem("Merged: to the survivor's page.")
    page["301"]["headers"] = moved()["headers"]
    return page


def _service_paths() -> JSON:
    def document_route(
        operation_id: str, tag: str, summary: str, media_type: str, schema: JSON
    ) -> JSON:
        ok = {
            "description": summary + ".",
            "headers": {"Cache-Control": ref("headers", "CacheControl")},
            "content": {media_type: {"schema": schema} if schema else {}},
        }
        return {"get": operation(operation_id, tag, summary, "", [], {"200": ok})}

    health = json_body(Health, "The process answers.")
    readiness = {"application/json": {"schema": schema_ref(Readiness.__name__)}}
    return {
        "/health": {
            "get": operation(
                "health",
                "service",
                "Liveness",
                "Touches nothing but the process.",
                [],
                {"200": health},
            )
        },
        "/ready": {
            "get": operation(
                "ready",
                "service",
                "Readiness",
                "The database is reachable and its schema is at the code's head. "
                "Not ready is 503 with the same body, for probes, not a problem.",
                [],
                {
                    "200": {"description": "Ready.", "content": readiness},
                    "503": {"description": "Not ready.", "content": readiness},
                },
            )
        },
        "/context.jsonld": document_route(
            "getContext",
            "vocabulary",
            "The JSON-LD context of our linked data",
            "application/ld+json",
            {"type": "object", "required": ["@context"]},
        ),
        "/schema/authority.schema.json": document_route(
            "getAuthoritySchema",
            "vocabulary",
            "The JSON Schema of the JSON representation",
            "application/schema+json",
            {"type": "object"},
        ),
        "/openapi.json": document_route(
            "getOpenApi",
            "service",
            "This document",
            OPENAPI_MEDIA_TYPE,
            {"type": "object", "required": ["openapi", "info", "paths"]},
        ),
        "/docs": document_route(
            "getDocs", "service", "This document as an HTML page", "text/html", {}
        ),
    }
