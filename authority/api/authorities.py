"""``/authorities/<id>[.<suffix>]`` and ``/resolve``: one authority, every format.

The lifecycle is HTTP's: a merged id answers 301 to its survivor (same suffix,
same query), a deleted one 410 with its tombstone, an unknown one 404. Every
representation carries ``ETag`` (the revision) and ``Last-Modified``, and answers
``If-None-Match`` / ``If-Modified-Since`` with 304 before anything is rendered.
Any other form of reference under ``/authorities/`` (x-autid, linking form, old
BARE URLs, identifiers ...) resolves with a 301 to the canonical URL, a format
suffix and the query included (``x90067942.ttl`` -> ``90067942.ttl``).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, json, request
from werkzeug.http import is_resource_modified
from werkzeug.routing import PathConverter

from authority.api.auth import current_token
from authority.api.contracts.answers import Candidates, Choice
from authority.api.contracts.cataloguing import ResolveParameters
from authority.api.contracts.query import parsed
from authority.api.errors import problem
from authority.api.headers import CSP, keep_private
from authority.api.languages import chosen_language
from authority.api.negotiation import BY_SUFFIX, FORMATS, Family, Format, negotiate
from authority.api.openapi import responses as answers
from authority.api.openapi.declare import documented
from authority.api.openapi.parameters import CONDITIONAL, LANGUAGE
from authority.api.openapi.references import ref
from authority.api.render import Context, html_pages, link, render
from authority.domain import Authority, Status
from authority.domain.ids import is_valid_id
from authority.errors import NotFoundError
from authority.extension import services
from authority.linkeddata.uris import Uris
from authority.service.reading import Reading

blueprint = Blueprint("authorities", __name__)

_ID_AND_SUFFIX = re.compile(r"^([A-Za-z0-9]{1,40})(?:\.([A-Za-z0-9]{1,20}))?$")


class ReferenceConverter(PathConverter):
    """``<reference:...>``: any form of reference, slashes and all (werkzeug's path).

    Except the paths only written to (``/authorities/match``, ``.../<id>/merge``,
    ``restore``, ``revert``): a GET there is 405 and ``Allow`` names their one
    method, as the OpenAPI document does, instead of a 404 from resolving them.
    """

    regex = (
        r"(?!match$|[A-Za-z0-9]{1,40}/(?:merge|restore|revert)$)" + PathConverter.regex
    )


MAX_REFERENCE = 2000
"""Longest reference we try to resolve (longer ones are no form we know)."""


@blueprint.get("/authorities/<reference:reference>", merge_slashes=False)
@documented(
    "getAuthority",
    "authorities",
    answers.authority_responses(FORMATS, negotiated=True),
    parameters=(ref("parameters", "Format"), *LANGUAGE, *CONDITIONAL),
)
def get_authority(reference: str) -> Response:
    """One authority in the negotiated format.

    An id (90517730, HUME28807) answers with the authority: in the format a
    suffix, else the format parameter, else Accept asks for (JSON when nothing
    does). Any other reference (the x-autid x90517730, the linking form
    (NO-TrBIB)90517730, oai:bibsys.no:authority:90517730, an old BARE or
    data.bibsys.no URL, an external identifier such as an ISNI or VIAF URI;
    percent-encode slashes) answers 301 to the authority's URL, 300 when it names
    several, 404 when it names none. The query and a format suffix (x90517730.ttl,
    (NO-TrBIB)90517730.ttl) are carried to the Location.
    """
    match = _ID_AND_SUFFIX.match(reference)
    if match is None or not is_valid_id(match[1]):
        return resolved(reference, _query_to_carry(), page=True)
    try:
        return authority_response(match[1], match[2], request.args.get("format"))
    except NotFoundError:
        # Sixteen digits may be an ISNI rather than an id of ours.
        return resolved(reference, _query_to_carry(), page=True)


@blueprint.get("/resolve")
@documented(
    "resolve",
    "authorities",
    {
        "300": answers.candidates(),
        "301": answers.moved(),
        "400": "id is missing or empty.",
        "404": "No authority has this id, URL or identifier.",
        **answers.ref_responses("Unavailable"),
    },
    query=ResolveParameters,
)
def resolve() -> Response:
    """Resolve any reference to an authority.

    The id, URL or identifier in id, in any form /authorities/{id} resolves. Other
    query parameters are carried to the Location.
    """
    text = parsed(ResolveParameters).id
    rest = {k: v for k, v in _query_to_carry().items() if k != "id"}
    return resolved(text, rest)


def _query_to_carry() -> dict[str, str]:
    """The query a redirect carries, once its ``format`` is known to be one.

    A bad format is 400 here, as at the target: never a 301 to an error.
    """
    name = request.args.get("format")
    if name is not None:
        negotiate(None, name, request.accept_mimetypes)
    return request.args.to_dict()


def authority_response(
    authority_id: str, suffix: str | None, format_name: str | None
) -> Response:
    """The authority as a response: its representation, a redirect or a tombstone."""
    form = negotiate(suffix, format_name, request.accept_mimetypes)
    return represented(services().reading.read(authority_id), form, suffix)


def represented(reading: Reading, form: Format, suffix: str | None) -> Response:
    """The public answer for an authority read: a representation, 301 or 410.

    Also the record page's answer to an anonymous visitor (``web/record.py``), so
    the page keeps the validators, caching and links of every representation.
    """
    authority = reading.authority
    if authority.status is Status.MERGED and authority.merged_into:
        return moved(authority.merged_into, suffix)
    context = reading_context(form)
    if authority.status is not Status.ACTIVE:
        return tombstone(authority, form, context)
    response = Response(mimetype=form.media_type)
    validators(response, authority, form, context)
    private = form.family is Family.JSON and current_token() is not None
    if private:  # a cataloguer's view: never in any cache
        keep_private(response)
    if not is_resource_modified(
        request.environ,
        etag=response.get_etag()[0],
        last_modified=authority.provenance.modified,
    ):
        response.status_code = 304
        return response
    response.set_data(render(authority, form, context, reading.related, private))
    return response


def reading_context(form: Format) -> Context:
    """What rendering needs from the app and from this request."""
    # The workbench's choice (?lang=, its cookie, Accept-Language), as its pages.
    language = chosen_language() if form.family is Family.HTML else "en"
    return Context(uris(), current_app.config["ORGANIZATION_CODE"], language)


def validators(
    response: Response, authority: Authority, form: Format, context: Context
) -> None:
    """ETag, Last-Modified, caching, Vary and the links to the other formats."""
    tag = str(authority.revision)
    if form.name != "json":
        # One ETag per representation, so caches never confuse two of them; the
        # JSON one is the bare revision, which writes send back in If-Match.
        tag = f"{tag}-{form.name}"
        if form.family is Family.HTML:
            tag = f"{tag}-{context.language}"
            response.content_language.add(context.language)
    response.set_etag(tag)
    if authority.provenance.modified:
        response.last_modified = authority.provenance.modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.vary.update(("Accept", "Accept-Language", "Authorization"))
    if form.family is Family.HTML:
        response.vary.add("Cookie")  # the language the switch remembers
        response.headers["Content-Security-Policy"] = CSP  # the workbench's page
    alternates = [
        f'<{href}>; rel="alternate"; type="{f.media_type}"'
        for f in FORMATS
        if f != form and (href := link(authority.id, f, context.uris))
    ]
    canonical = f'<{context.uris.authority(authority.id)}>; rel="canonical"'
    response.headers["Link"] = ", ".join([canonical, *alternates])


def moved(target_id: str, suffix: str | None) -> Response:
    """301 to the survivor of a merge, keeping the suffix and the query."""
    location = uris().authority(target_id) + (f".{suffix}" if suffix else "")
    if request.query_string:
        location += "?" + request.query_string.decode("latin-1")
    return redirect(location, f"this authority was merged into {target_id}")


def redirect(location: str, detail: str) -> Response:
    """301 to ``location``, with a small problem-shaped body saying why."""
    response = problem(301, "Moved Permanently", detail, location=location)
    response.headers["Location"] = location
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    return response


def tombstone(authority: Authority, form: Format, context: Context) -> Response:
    """410 Gone: the deleted record itself for MARC and RDF, else problem+json.

    Harvesters asking for MARC or RDF get the tombstone in their format (leader/05
    ``d``; ``owl:deprecated``), the way OAI-PMH hands out deleted records.
    """
    if form.family in (Family.MARC, Family.RDF):
        response = Response(render(authority, form, context, {}), 410)
        response.mimetype = form.media_type
    else:
        modified = authority.provenance.modified
        response = problem(
            410,
            "Gone",
            f"authority {authority.id} was deleted",
            id=authority.id,
            deleted=modified.isoformat() if modified else None,
            successor=authority.merged_into,
        )
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    return response


def resolved(text: str, query: dict[str, str], page: bool = False) -> Response:
    """301 to the one authority ``text`` names, 300 for several, else 404.

    A format suffix travels with every form (``x90067942.ttl``,
    ``(NO-TrBIB)90067942.ttl``): it is kept in the redirect. ``page``: the path
    itself was ``/authorities/<text>``, so a ``.html`` that names nothing asked for
    a page and gets the workbench's 404 page; ``/resolve?id=...html`` is a
    question to the API and gets its problem+json.
    """
    ids, suffix = _resolve_with_suffix(text)
    if not ids and page and text.endswith(".html"):
        return html_pages().not_found()  # a page was asked for: a page says so
    if not ids:
        return problem(
            404, "Not Found", "no authority has this id, URL or identifier here"
        )
    if len(ids) > 1:
        return candidates(ids)
    location = uris().authority(ids[0]) + (f".{suffix}" if suffix else "")
    if query:
        location += "?" + urlencode(query)
    return redirect(location, f"this names authority {ids[0]}")


def _resolve_with_suffix(text: str) -> tuple[list[str], str | None]:
    """The ids ``text`` names, and the format suffix it ended with, if any.

    A known suffix is split off first (our own URLs' patterns would swallow it);
    when the rest names nothing, the whole text is tried (a handle may end so).
    """
    if len(text) > MAX_REFERENCE:
        return [], None
    rest, dot, suffix = text.rpartition(".")
    if dot and suffix in BY_SUFFIX and (ids := services().reading.resolve(rest)):
        return ids, suffix
    return services().reading.resolve(text), None


def candidates(ids: list[str]) -> Response:
    """300 Multiple Choices: every authority a reference names, with its label."""
    found = services().reading.find_many(ids)
    body = Candidates(
        title="Multiple Choices",
        status=300,
        detail=f"{len(ids)} authorities carry this identifier",
        candidates=[
            Choice(
                id=i,
                uri=uris().authority(i),
                label=found[i].label if i in found else None,
                status=found[i].status if i in found else None,
            )
            for i in ids
        ],
    )
    return Response(json.dumps(body.body()), 300, mimetype="application/json")


def uris() -> Uris:
    """This deployment's URIs."""
    return Uris(current_app.config["BASE_URI"])
