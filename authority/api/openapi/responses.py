"""What the read API answers: response objects, their headers and content types.

The 200 of ``/authorities/{id}`` is built from the format table
(``negotiation.FORMATS``): one content type per media type, with a schema for the
JSON bodies. Every error is ``application/problem+json``. The responses and
headers every route shares are components, listed here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from authority.api.contracts.bare import BareRecord
from authority.api.errors import PROBLEM_JSON
from authority.api.negotiation import BY_NAME, Family, Format
from authority.api.openapi.references import JSON, ref, schema_ref

HEADERS: Mapping[str, tuple[str, str, bool]] = {
    "ETag": ("ETag", "The revision, per representation; for If-None-Match.", True),
    "LastModified": ("Last-Modified", "When the authority last changed.", False),
    "CacheControl": (
        "Cache-Control",
        "public, with max-age; exactly private, no-store for the private JSON view "
        "(a request with a token).",
        True,
    ),
    "PrivateCacheControl": (
        "Cache-Control",
        "Exactly private, no-store when the response shows the private view (a "
        "request with a token); absent otherwise.",
        False,
    ),
    "Link": ("Link", "rel=canonical and rel=alternate for every format.", True),
    "Vary": (
        "Vary",
        "Accept, Accept-Language, Authorization; Cookie too for HTML.",
        True,
    ),
    "ContentLanguage": ("Content-Language", "The HTML page's language.", False),
    "Location": ("Location", "Where the authority is.", True),
}
"""Component name -> (header, description, always sent where documented)."""


def header_components() -> JSON:
    """``components.headers``: every header of :data:`HEADERS`."""
    return {
        component: {
            "description": description,
            "required": required,
            "schema": {"type": "string"},
        }
        for component, (_, description, required) in HEADERS.items()
    }


def response_components() -> JSON:
    """``components.responses``: the answers every route may give."""
    return {
        "NotModified": {
            "description": "Not Modified: If-None-Match or If-Modified-Since holds.",
            "headers": {"ETag": ref("headers", "ETag")},
        },
        "ServerError": problem("Unexpected; the problem carries a requestId."),
        "Unavailable": problem("The database is unavailable."),
    }


def ref_responses(*names: str) -> JSON:
    """Status -> reference, for shared responses named by their component."""
    status = {"NotModified": "304", "ServerError": "500", "Unavailable": "503"}
    return {status[name]: ref("responses", name) for name in names}


def authority_responses(formats: Iterable[Format], *, negotiated: bool) -> JSON:
    """200 per content type, then every other status the route answers.

    Args:
        formats: the formats the route can answer in.
        negotiated: True where ``format`` and ``Accept`` choose (no suffix).

    Returns:
        Status -> response object.
    """
    formats = tuple(formats)
    gone = [f for f in formats if f.family in (Family.MARC, Family.RDF)]
    unwritable = "this record cannot be written in the format asked for."
    responses: JSON = {
        "200": {
            "description": "The authority. Link names the canonical URL and every "
            "other representation; ETag differs per representation.",
            "headers": representation_headers(alternates=True),
            "content": _contents(formats),
        },
        "300": candidates(),
        "301": moved(),
        "404": problem(
            "No authority has this id or reference, or the suffix names no format."
        ),
        "406": problem(
            f"Accept names no format we write, or {unwritable}"
            if negotiated
            else unwritable.capitalize()
        ),
        "410": {
            "description": "Deleted. In MARC and RDF the deleted record itself "
            "(leader/05 d, owl:deprecated), else a problem naming the successor.",
            "headers": {"Cache-Control": ref("headers", "CacheControl")},
            "content": {
                PROBLEM_JSON: {"schema": schema_ref("Problem")},
                **_contents(gone),
            },
        },
        **ref_responses("NotModified", "Unavailable"),
    }
    if any(f.family is Family.HTML for f in formats):
        # /authorities/<id>.html is the workbench's record page (web/record.py):
        # an unknown or deleted authority there is its 404 or 410 page.
        for status in ("404", "410"):
            responses[status]["content"]["text/html"] = {}
            responses[status]["description"] += " At .html, the workbench's page."
    if negotiated:
        responses["400"] = problem("format names no format (see supported).")
    return responses


def bare_record_responses() -> JSON:
    """BARE's record: its JSON or MARCXchange (the format table's), any status."""
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


def bare_page_responses() -> JSON:
    """The HTML page at BARE's address: the format table's html, by id only."""
    page = authority_responses([BY_NAME["html"]], negotiated=False)
    page["404"] = problem("No authority has this id.")
    del page["300"], page["406"]
    page["301"] = problem("Merged: to the survivor's page.")
    page["301"]["headers"] = moved()["headers"]
    return page


def _contents(formats: Iterable[Format]) -> JSON:
    """Media type -> media type object, in table order, each type once."""
    contents: JSON = {}
    for form in formats:
        contents.setdefault(form.media_type, _body(form))
    return contents


def _body(form: Format) -> JSON:
    """A media type object: a schema for the JSON bodies, the type says the rest."""
    schemas = {
        "json": schema_ref("Authority"),
        "jsonld": schema_ref("JsonLd"),
        "marcjson": schema_ref("MarcJson"),
    }
    return {"schema": schemas[form.name]} if form.name in schemas else {}


def representation_headers(*, alternates: bool) -> JSON:
    """Validators and caching; /authorities adds its links and Vary."""
    names = ["ETag", "LastModified", "CacheControl"]
    if alternates:
        names += ["Link", "Vary", "ContentLanguage"]
    return {HEADERS[n][0]: ref("headers", n) for n in names}


def published(description: str, media_type: str, schema: JSON | None = None) -> JSON:
    """200 of a published document: its one content type, cacheable."""
    return {
        "description": description,
        "headers": {"Cache-Control": ref("headers", "CacheControl")},
        "content": {media_type: {"schema": schema} if schema else {}},
    }


def candidates() -> JSON:
    """300: the reference names several authorities."""
    return {
        "description": "Multiple Choices: the reference names several authorities.",
        "content": {"application/json": {"schema": schema_ref("Candidates")}},
    }


def moved() -> JSON:
    """301: a merged id to its survivor, any other reference to the canonical URL."""
    return {
        "description": "Moved Permanently: a merged id, to its survivor (keeping "
        "suffix and query; a problem body), or any other reference, to the "
        "canonical URL (an empty text/html body).",
        "headers": {
            "Location": ref("headers", "Location"),
            "Cache-Control": ref("headers", "CacheControl"),
        },
        "content": {PROBLEM_JSON: {"schema": schema_ref("Problem")}, "text/html": {}},
    }


def problem(description: str) -> JSON:
    """A response whose body is a problem (RFC 9457)."""
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": schema_ref("Problem")}},
    }
