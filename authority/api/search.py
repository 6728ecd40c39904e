"""Search routes: /authorities?q=, suggest, browse, lookup, and BARE's query.

The views read their parameters as contract models (``api/contracts/search.py``:
an unknown or unreadable value is a 400 problem naming it and what is allowed),
call the service, and answer with the contract's bodies; what is matched and how
it ranks is the backend's (authority/search/).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

import authority.search.model as found
from authority.api.authorities import candidates, uris
from authority.api.contracts.query import cursor, parsed
from authority.api.contracts.search import (
    BrowseEntry,
    BrowsePage,
    BrowseParameters,
    Facets,
    Hit,
    Links,
    LookupParameters,
    OpenSearchSuggestions,
    SearchParameters,
    SearchResults,
    Suggestion,
    Suggestions,
    SuggestParameters,
)
from authority.api.errors import problem
from authority.api.openapi.declare import documented
from authority.api.openapi.models import json_body
from authority.api.openapi.references import ref, schema_ref
from authority.api.openapi.responses import candidates as candidates_answer
from authority.api.openapi.responses import ref_responses
from authority.extension import services
from authority.search.model import MAX_QUERY

blueprint = Blueprint("search", __name__)


@blueprint.get("/authorities")
@documented(
    "searchAuthorities",
    "search",
    {
        "200": json_body(SearchResults, "A page of hits, the total and the facets."),
        "400": "q is missing, has no letter or digit, or is longer than "
        f"{MAX_QUERY} characters; a value is not one listed; size is out of range; "
        "cursor is not one a link gave; vocabulary is not a code; or modifiedFrom "
        "or modifiedUntil is not an ISO 8601 date or date-time, or they are the "
        "wrong way round.",
        **ref_responses("Unavailable"),
    },
    query=SearchParameters,
)
def search() -> Response:
    """Free-text search with filters, facets and paging.

    A heading, variant or label of the authority starts with q, or has every word
    of q (in any order), or does so with one word of q one typo away (only when
    those give less than a page); case, diacritics and punctuation do not matter
    (bjornson finds Bjørnson). Deleted and merged authorities only when status asks
    for them. vocabulary filters by subject vocabulary, modifiedFrom and
    modifiedUntil by the date of the last change (both inclusive; a date is the
    whole day, in Oslo). facets counts the matches per value, not only the page;
    when totalRelation is gte the search stopped counting (total is a lower bound
    and facets count the matches counted). links.next and links.prev carry the
    query to the neighbouring pages.
    """
    asked = parsed(SearchParameters)
    size, offset = asked.size, asked.offset
    results = services().searching.search(asked.query(offset))
    links: dict[str, str] = {}
    if offset + size < results.total:
        links["next"] = _page_url(offset + size)
    if offset > 0:
        links["prev"] = _page_url(max(0, offset - size))
    return _answer(
        SearchResults(
            total=results.total,
            total_relation="eq" if results.exact else "gte",
            hits=[_hit(h) for h in results.hits],
            facets=Facets.model_validate(results.facets),
            links=Links(**links),
        )
    )


@blueprint.get("/authorities/suggest")
@documented(
    "suggestAuthorities",
    "search",
    {
        "200": {
            "description": "The suggestions, best first.",
            "content": {
                "application/json": {"schema": schema_ref(Suggestions.__name__)},
                "application/x-suggestions+json": {
                    "schema": schema_ref(OpenSearchSuggestions.__name__)
                },
            },
        },
        "400": "q is missing, has no letter or digit, or is too long; kind or format "
        "is not one listed; or limit is out of range.",
        **ref_responses("Unavailable"),
    },
    query=SuggestParameters,
)
def suggest() -> Response:
    """Completions of what a cataloguer is typing.

    Active authorities whose heading or variant starts with q, or whose words start
    with its words; best first. format=opensearch answers OpenSearch Suggestions
    1.1, for browsers and other tools.
    """
    asked = parsed(SuggestParameters)
    text = asked.q
    suggestions = services().searching.suggest(text, asked.kind, asked.limit)
    if asked.format == "opensearch":
        # OpenSearch Suggestions 1.1: [query, completions, descriptions, urls].
        body = [
            text,
            [s.label for s in suggestions],
            [s.disambiguation or "" for s in suggestions],
            [uris().authority(s.id) for s in suggestions],
        ]
        response = jsonify(body)
        response.mimetype = "application/x-suggestions+json"
        return response
    return _answer(Suggestions(suggestions=[_suggestion(s) for s in suggestions]))


@blueprint.get("/authorities/browse")
@documented(
    "browseAuthorities",
    "search",
    {
        "200": json_body(BrowsePage, "A page of the index."),
        "400": f"from is longer than {MAX_QUERY} characters, kind or direction is "
        "not one listed, or limit is out of range.",
        **ref_responses("Unavailable"),
    },
    query=BrowseParameters,
)
def browse() -> Response:
    """The alphabetical index of headings and see entries.

    Headings and variants of active authorities in Norwegian alphabetical order
    (æ, ø, å after z), from the first at or after from; backward gives the ones
    before it. A variant's entry names its heading in see.
    """
    asked = parsed(BrowseParameters)
    forward = asked.direction == "forward"
    page = services().searching.browse_page(
        asked.start, asked.kind, asked.limit, forward
    )
    links = {}
    if page.next_from is not None:
        links["next"] = _browse_url(page.next_from)
    if page.prev_from is not None:
        links["prev"] = _browse_url(page.prev_from, backward=True)
    entries = [_entry(e) for e in page.entries]
    return _answer(BrowsePage(entries=entries, links=Links(**links)))


@blueprint.get("/authorities/lookup")
@documented(
    "lookupAuthority",
    "search",
    {
        "300": {
            **candidates_answer(),
            "description": "Multiple Choices: several authorities have it.",
        },
        "302": {
            "description": "Found: to the one authority that has it (an empty "
            "text/html body).",
            "headers": {"Location": ref("headers", "Location")},
            "content": {"text/html": {}},
        },
        "400": "label is missing, has no letter or digit or is too long, or kind is "
        "not one listed.",
        "404": "No active authority has this label.",
        **ref_responses("Unavailable"),
    },
    query=LookupParameters,
)
def lookup() -> Response:
    """The authority with exactly this heading or variant.

    The label is compared folded (case, punctuation and diacritics off) with the
    headings and variants of the active authorities.
    """
    asked = parsed(LookupParameters)
    ids = services().searching.lookup(asked.label, asked.kind)
    if not ids:
        return problem(404, "Not Found", "no active authority has this label")
    if len(ids) > 1:
        return candidates(ids)
    response = Response(status=302, headers={"Location": uris().authority(ids[0])})
    return response


def _answer(body: SearchResults | Suggestions | BrowsePage) -> Response:
    return jsonify(body.body())


def _page_url(offset: int) -> str:
    return _url_with(("cursor",), [("cursor", cursor(offset))])


def _browse_url(start: str, backward: bool = False) -> str:
    changed = [("from", start)] + ([("direction", "backward")] if backward else [])
    return _url_with(("from", "direction"), changed)


def _url_with(replaced: tuple[str, ...], values: list[tuple[str, str]]) -> str:
    """This request's URL with ``replaced`` parameters set to ``values``.

    Repeated parameters (``kind=person&kind=topic``) travel along, every value.
    """
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in replaced]
    return f"{request.base_url}?{urlencode(kept + values)}"


def _hit(hit: found.Hit) -> Hit:
    return Hit(
        id=hit.id,
        uri=uris().authority(hit.id),
        kind=hit.kind,
        label=hit.label,
        disambiguation=hit.disambiguation,
        matched=hit.matched,
        status=hit.status,
        quality_level=hit.quality,
        created=hit.created.isoformat() if hit.created else None,
        modified=hit.modified.isoformat() if hit.modified else None,
    )


def _suggestion(s: found.Suggestion) -> Suggestion:
    display = f"{s.label} — {s.disambiguation}" if s.disambiguation else s.label
    return Suggestion(
        id=s.id,
        uri=uris().authority(s.id),
        kind=s.kind,
        label=s.label,
        display=display,
        disambiguation=s.disambiguation,
        matched=s.matched,
    )


def _entry(e: found.BrowseEntry) -> BrowseEntry:
    see = {"see": e.heading} if e.see else {}
    return BrowseEntry(label=e.label, id=e.id, uri=uris().authority(e.id), **see)
