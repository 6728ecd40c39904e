"""The search routes as operations, with their parameters and body schemas.

``/authorities?q=`` and its companions (suggest, browse, lookup) are written after
``api/search.py``, BARE's ``functions/v2/query`` after ``api/bare.py``: the values
a parameter takes come from the enums the views parse them with (``domain.Kind``,
``QualityLevel``, ``Status``, ``search.model.Sort``) and the bounds from
``search.model``, which the service checks them against. The body schemas are
components, registered by ``schemas.schema_components`` through
:func:`search_schemas`.
"""

from __future__ import annotations

from typing import Any

from authority.api.bare import BARE_KINDS
from authority.api.openapi import paths  # a module: paths.path_items imports us
from authority.api.openapi.parameters import examples
from authority.api.openapi.references import JSON, ref, schema_ref
from authority.api.openapi.responses import candidates, problem, ref_responses
from authority.api.search import STATUS_CHOICES
from authority.domain import Kind, QualityLevel, Status
from authority.search.model import MAX_QUERY, MAX_SIZE, Sort

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
        [
            ref("parameters", "Query"),
            ref("parameters", "Kind"),
            _array_query(
                "quality",
                "Only these cataloguing levels.",
                [q.value for q in QualityLevel],
            ),
            _array_query(
                "status",
                "Which authorities: all is every status.",
                list(STATUS_CHOICES),
                default=["active"],
            ),
            _query(
                "sort",
                "relevance, heading (Norwegian alphabetical order) or modified "
                "(latest first).",
                {"enum": [s.value for s in Sort], "default": Sort.RELEVANCE.value},
            ),
            _size("size", 20, "Hits per page."),
            _query(
                "cursor",
                "Where the page starts: only as a next or prev link gives it.",
                {"type": "string"},
            ),
        ],
        {
            "200": _json("A page of hits, the total and the facets.", "SearchResults"),
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
        [
            ref("parameters", "Query"),
            ref("parameters", "Kind"),
            _size("limit", 10, "Suggestions at most."),
            _query(
                "format",
                "json, or opensearch for OpenSearch Suggestions.",
                {"enum": ["json", "opensearch"], "default": "json"},
            ),
        ],
        {
            "200": {
                "description": "The suggestions, best first.",
                "content": {
                    "application/json": {"schema": schema_ref("Suggestions")},
                    "application/x-suggestions+json": {
                        "schema": schema_ref("OpenSearchSuggestions")
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
        [
            _query(
                "from",
                f"Where to start (at most {MAX_QUERY} characters); empty: the "
                "beginning.",
                {"type": "string", "maxLength": MAX_QUERY, "default": ""},
                examples(name="Rilke"),
            ),
            ref("parameters", "Kind"),
            _size("limit", 20, "Entries per page."),
            _query(
                "direction",
                "forward from from, or backward: the entries before it.",
                {"enum": ["forward", "backward"], "default": "forward"},
            ),
        ],
        {
            "200": _json("A page of the index.", "BrowsePage"),
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
        [
            {
                "name": "label",
                "in": "query",
                "required": True,
                "description": "A heading or variant, with at least one letter or "
                f"digit and at most {MAX_QUERY} characters.",
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY},
                "examples": examples(heading="Rilke, Rainer Maria, 1875-1926"),
            },
            ref("parameters", "Kind"),
        ],
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
    types = "|".join(BARE_KINDS)
    return paths.operation(
        "queryBare",
        "bare",
        "BARE's search",
        "Our search (as /authorities?q=, active authorities only) in BARE's "
        "envelope, every hit a whole BARE record.",
        [
            {
                "name": "q",
                "in": "query",
                "required": True,
                "description": f"Words, and authoritytype:{types} anywhere among "
                "them (any case; conference is meeting) to keep to those types. "
                f"The words must hold a letter or digit, in at most {MAX_QUERY} "
                "characters.",
                "schema": {"type": "string", "minLength": 1},
                "examples": examples(words="rilke authoritytype:person"),
            },
            _query(
                "start",
                "The first row, counted from 1.",
                {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1},
            ),
            _query(
                "max",
                f"Rows at most. BARE took up to 10000; more than {MAX_SIZE} is 400.",
                {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": 10},
            ),
            _query(
                "format",
                "json (in any case): BARE's search answered nothing else.",
                {"enum": ["json"], "default": "json"},
            ),
        ],
        {
            "200": _json("The hits as BARE's search answered.", "BareSearch"),
            "400": problem(
                "q is missing, names another authoritytype or has no word to "
                f"search for; start is not 1 to 10000, max not 1 to {MAX_SIZE}; "
                "or format is not json."
            ),
            **ref_responses("Unavailable"),
        },
    )


def _query(
    name: str, description: str, schema: JSON, named_examples: JSON | None = None
) -> JSON:
    parameter: JSON = {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema,
    }
    if named_examples:
        parameter["examples"] = named_examples
    return parameter


def _array_query(
    name: str, description: str, values: list[str], default: list[str] | None = None
) -> JSON:
    schema: JSON = {"type": "array", "items": {"enum": values}}
    if default is not None:
        schema["default"] = default
    return _query(
        name,
        description + " Repeat the parameter, or separate values by commas.",
        schema,
    )


def _size(name: str, default: int, description: str) -> JSON:
    return _query(
        name,
        f"{description} 1 to {MAX_SIZE}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": default},
    )


def _json(description: str, schema: str) -> JSON:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema_ref(schema)}},
    }


def search_schemas() -> JSON:
    """The component schemas of the search bodies, by name."""
    kinds = [k.value for k in Kind]
    return {
        "SearchResults": _closed(
            {
                "total": {"type": "integer", "minimum": 0},
                "totalRelation": {
                    "enum": ["eq", "gte"],
                    "description": "eq: total and facets count every match; gte: "
                    "the search stopped counting, total is a lower bound and the "
                    "facets count the matches counted.",
                },
                "hits": {"type": "array", "items": schema_ref("Hit")},
                "facets": _facets(kinds),
                "links": _links(),
            },
            description="One page of /authorities?q=.",
        ),
        "Hit": _closed(
            {
                "id": {"type": "string"},
                "uri": _URI,
                "kind": {"enum": kinds},
                "label": {"type": "string", "description": "The heading."},
                "disambiguation": _NULLABLE_STRING,
                "matched": {
                    **_NULLABLE_STRING,
                    "description": "The variant or label it was found by; null: "
                    "the heading.",
                },
                "status": {"enum": [s.value for s in Status]},
                "qualityLevel": {"enum": [*(q.value for q in QualityLevel), None]},
                "created": _NULLABLE_TIME,
                "modified": _NULLABLE_TIME,
            },
            description="One authority found.",
        ),
        "Suggestions": _closed(
            {"suggestions": {"type": "array", "items": _suggestion(kinds)}},
            description="Completions, best first.",
        ),
        "OpenSearchSuggestions": {
            # Not prefixItems: schemathesis rewrites those in response schemas into
            # draft 4's items array, which its 2020-12 validator then rejects.
            "type": "array",
            "description": "OpenSearch Suggestions 1.1: the query (a string), then "
            "three lists in the same order: the headings, their disambiguations "
            "(empty when none) and their URLs.",
            "items": {"type": ["string", "array"], "items": {"type": "string"}},
            "minItems": 4,
            "maxItems": 4,
        },
        "BrowsePage": _closed(
            {
                "entries": {"type": "array", "items": _entry()},
                "links": _links(),
            },
            description="One page of the alphabetical index.",
        ),
        "BareSearch": _closed(
            {
                "q": {"type": "string", "description": "q as sent."},
                "startRow": {**_DIGITS, "description": "start, as a string."},
                "maxRows": {**_DIGITS, "description": "max, as a string."},
                "numFound": {"type": "integer", "minimum": 0},
                "results": {"type": "array", "items": schema_ref("BareRecord")},
            },
            description="BARE's search envelope (functions/v2/query).",
        ),
    }


_NULLABLE_STRING: JSON = {"type": ["string", "null"]}
_NULLABLE_TIME: JSON = {"type": ["string", "null"], "format": "date-time"}
_STRINGS: JSON = {"type": "array", "items": {"type": "string"}}
_URI: JSON = {"type": "string", "format": "uri"}
_DIGITS: JSON = {"type": "string", "pattern": "^[0-9]+$"}


def _closed(properties: JSON, optional: tuple[str, ...] = (), **more: Any) -> JSON:
    """An object of these properties only, each required but the ``optional``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        **more,
    }


def _facets(kinds: list[str]) -> JSON:
    def counts(values: list[str] | None) -> JSON:
        count: JSON = {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 1},
        }
        if values is not None:
            count["propertyNames"] = {"enum": values}
        return count

    qualities = [*(q.value for q in QualityLevel), "none"]
    return _closed(
        {
            "kind": counts(kinds),
            "quality": counts(qualities),
            "status": counts([s.value for s in Status]),
            "nationality": counts(None),
        },
        optional=("kind", "quality", "status", "nationality"),
        description="Facet -> value -> how many matches have it; empty when "
        "nothing matched. quality none: no cataloguing level.",
    )


def _links() -> JSON:
    return _closed(
        {"next": _URI, "prev": _URI},
        optional=("next", "prev"),
        description="The neighbouring pages, where there are any.",
    )


def _suggestion(kinds: list[str]) -> JSON:
    return _closed(
        {
            "id": {"type": "string"},
            "uri": _URI,
            "kind": {"enum": kinds},
            "label": {"type": "string", "description": "The heading."},
            "display": {
                "type": "string",
                "description": "The heading, with its disambiguation after a dash.",
            },
            "disambiguation": _NULLABLE_STRING,
            "matched": {
                **_NULLABLE_STRING,
                "description": "The variant it was found by; null: the heading.",
            },
        }
    )


def _entry() -> JSON:
    return _closed(
        {
            "label": {"type": "string"},
            "id": {"type": "string"},
            "uri": _URI,
            "see": {
                "type": "string",
                "description": "A variant's heading: label, see this.",
            },
        },
        optional=("see",),
    )
