"""The search routes as operations: what each says and answers.

``/authorities?q=`` and its companions (suggest, browse, lookup), and BARE's
``functions/v2/query``. Their parameters and bodies are the models of
``api/contracts/search.py``, which the views read and answer with; here are the
summaries, the descriptions and the statuses.
"""

from __future__ import annotations

from authority.api.contracts.bare import BareQueryParameters, BareSearch
from authority.api.contracts.search import (
    BrowsePage,
    BrowseParameters,
    LookupParameters,
    OpenSearchSuggestions,
    SearchParameters,
    SearchResults,
    Suggestions,
    SuggestParameters,
)
from authority.api.openapi import paths  # a module: paths.path_items imports us
from authority.api.openapi.models import json_body, query_parameters
from authority.api.openapi.references import JSON, ref, schema_ref
from authority.api.openapi.responses import candidates, problem, ref_responses
from authority.search.model import MAX_QUERY, MAX_SIZE

SEARCH_DESCRIPTION = """\
A heading, variant or label of the authority starts with q, or has every word of \
q (in any order), or does so with one word of q one typo away (only when those \
give less than a page); case, diacritics and punctuation do not matter \
(bjornson finds Bjørnson). Deleted and merged authorities only when status asks \
for them. facets counts the matches per value, not only the page; when \
totalRelation is gte the search stopped counting (total is a lower bound and \
facets count the matches counted). links.next and links.prev carry the query to \
the neighbouring pages."""


def search_paths() -> JSON:
    """``paths`` of ``/authorities`` (search) and its suggest, browse and lookup."""
    return {
        "/authorities": {"get": _search_operation()},
        "/authorities/suggest": {"get": _suggest_operation()},
        "/authorities/browse": {"get": _browse_operation()},
        "/authorities/lookup": {"get": _lookup_operation()},
    }


def bare_search_paths() -> JSON:
    """``paths`` of BARE's search, ``/authority/rest/functions/v2/query``."""
    return {"/authority/rest/functions/v2/query": {"get": _bare_query_operation()}}


def _search_operation() -> JSON:
    return paths.operation(
        "searchAuthorities",
        "search",
        "Free-text search with filters, facets and paging",
        SEARCH_DESCRIPTION,
        query_parameters(SearchParameters),
        {
            "200": json_body(
                SearchResults, "A page of hits, the total and the facets."
            ),
            "400": problem(
                "q is missing, has no letter or digit, or is longer than "
                f"{MAX_QUERY} characters; a value is not one listed; size is out "
                "of range; or cursor is not one a link gave."
            ),
            **ref_responses("Unavailable"),
        },
    )


def _suggest_operation() -> JSON:
    return paths.operation(
        "suggestAuthorities",
        "search",
        "Completions of what a cataloguer is typing",
        "Active authorities whose heading or variant starts with q, or whose words "
        "start with its words; best first. format=opensearch answers OpenSearch "
        "Suggestions 1.1, for browsers and other tools.",
        query_parameters(SuggestParameters),
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
            "400": problem(
                "q is missing, has no letter or digit, or is too long; kind or "
                "format is not one listed; or limit is out of range."
            ),
            **ref_responses("Unavailable"),
        },
    )


def _browse_operation() -> JSON:
    return paths.operation(
        "browseAuthorities",
        "search",
        "The alphabetical index of headings and see entries",
        "Headings and variants of active authorities in Norwegian alphabetical "
        "order (æ, ø, å after z), from the first at or after from; backward gives "
        "the ones before it. A variant's entry names its heading in see.",
        query_parameters(BrowseParameters),
        {
            "200": json_body(BrowsePage, "A page of the index."),
            "400": problem(
                f"from is longer than {MAX_QUERY} characters, kind or direction is "
                "not one listed, or limit is out of range."
            ),
            **ref_responses("Unavailable"),
        },
    )


def _lookup_operation() -> JSON:
    return paths.operation(
        "lookupAuthority",
        "search",
        "The authority with exactly this heading or variant",
        "The label is compared folded (case, punctuation and diacritics off) with "
        "the headings and variants of the active authorities.",
        query_parameters(LookupParameters),
        {
            "300": {
                **candidates(),
                "description": "Multiple Choices: several authorities have it.",
            },
            "302": {
                "description": "Found: to the one authority that has it (an empty "
                "text/html body).",
                "headers": {"Location": ref("headers", "Location")},
                "content": {"text/html": {}},
            },
            "400": problem(
                "label is missing, has no letter or digit or is too long, or kind "
                "is not one listed."
            ),
            "404": problem("No active authority has this label."),
            **ref_responses("Unavailable"),
        },
    )


def _bare_query_operation() -> JSON:
    return paths.operation(
        "queryBare",
        "bare",
        "BARE's search",
        "Our search (as /authorities?q=, active authorities only) in BARE's "
        "envelope, every hit a whole BARE record.",
        query_parameters(BareQueryParameters),
        {
            "200": json_body(BareSearch, "The hits as BARE's search answered."),
            "400": problem(
                "q is missing, names another authoritytype or has no word to "
                f"search for; start is not 1 to 10000, max not 1 to {MAX_SIZE}; "
                "or format is not json."
            ),
            **ref_responses("Unavailable"),
        },
    )
