"""OpenSearch request bodies and the reading of their responses, as pure functions.

Each body is plain data built from the request alone: no client, no cluster, so
the ranking and filtering rules can be read, and tested, on their own.
:mod:`authority.search.opensearch` sends them.

Queries are structured (bool, nested, term, prefix, match): user text is never
parsed as query-string syntax, so ``*``, ``"``, ``OR`` and ``(`` are just characters.
Text is matched through its domain ``search_key``, the same key the PostgreSQL
backend compares, so both backends find the same things.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from authority.domain import Kind, QualityLevel, Status
from authority.domain.search_terms import Form, search_key
from authority.search.documents import Document, to_browse_entries
from authority.search.model import (
    MAX_SIZE,
    NO_VOCABULARY,
    BrowseEntry,
    SearchQuery,
    Sort,
    to_precision,
)

WINDOW = 10_000
"""``index.max_result_window``: OpenSearch refuses ``from + size`` beyond it."""

FACETS = {"kind": 10, "quality": 5, "status": 5, "nationality": 100, "vocabulary": 20}
"""Facet (a keyword field of the document) -> how many values to count."""
MISSING = {"quality": "none", "vocabulary": NO_VOCABULARY}
"""Facets that count the documents without a value, as this value, so that the
counts add up to the total (as the PostgreSQL backend counts them)."""
HIT_FIELDS = [
    "id",
    "kind",
    "label",
    "status",
    "quality",
    "created",
    "modified",
    "disambiguation",
]

# Score tiers: an exact key >> a left-anchored prefix of the key >> all words, in
# any order (BM25) >> all words allowing typos. The constants are far apart so that
# BM25's variation inside a tier does not reorder the tiers.
EXACT, PREFIX, WORDS, TYPOS, AS_TYPED = 100.0, 20.0, 1.0, 0.5, 0.5
HEADING_BONUS = 2.0
"""Added when the term that matched is the heading: headings rank above variants."""
QUALITY_BONUS = {QualityLevel.KAT3: 1.5, QualityLevel.KAT2: 0.75}
"""Small: verified records first among equals, never above a better match."""
TYPO_TOLERANCE = "AUTO:4,8"
"""No edit under 4 letters, one from 4, two from 8."""

NAMES = {"terms": {"terms.form": [Form.HEADING.value, Form.VARIANT.value]}}
"""Headings and variants: what suggest, browse and lookup go by (not the labels
in other languages, which only search finds)."""

SORTS: dict[Sort, list[dict[str, Any]]] = {
    Sort.RELEVANCE: [{"_score": "desc"}, {"sort_key": "asc"}, {"id": "asc"}],
    Sort.HEADING: [{"sort_key": "asc"}, {"id": "asc"}],
    Sort.MODIFIED: [{"modified": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
}
"""Each ends in ``id`` so that equal values page deterministically."""

Query = dict[str, Any]


# Request bodies


def search_body(query: SearchQuery) -> Query | None:
    """The search request, or None when the text cannot match anything."""
    text = query.text.strip()
    key = search_key(text)
    if text and not key:
        return None
    match = _nested_terms(_matching(text, key)) if text else {"match_all": {}}
    offset, size = _window(query.offset, query.size)
    filters = _filters(query.kinds, query.qualities, query.statuses)
    filters += _vocabularies(query.vocabularies) + _modified(query)
    return {
        "query": {"bool": {"must": [match], "filter": filters, "should": _quality()}},
        "sort": SORTS[_wordless_order(query.sort) if not text else query.sort],
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "_source": HIT_FIELDS,
        "aggs": {name: _facet(name, count) for name, count in FACETS.items()},
    }


def _wordless_order(sort: Sort) -> Sort:
    """Without words there is no relevance: its order is the heading order."""
    return Sort.HEADING if sort is Sort.RELEVANCE else sort


def suggest_body(key: str, kinds: Sequence[Kind], size: int) -> Query:
    """Left-anchored completion: every word of ``key`` starts a word of one term."""
    words = {"match": {"terms.key.prefixes": {"query": key, "operator": "and"}}}
    starts = _constant({"prefix": {"terms.key": key}}, PREFIX)  # the term's start
    terms = {"bool": {"filter": [words, NAMES], "should": [starts]}}
    return {
        "query": {
            "bool": {
                "must": [_nested_terms(terms)],
                "filter": _filters(kinds, statuses=(Status.ACTIVE,)),
                "should": _quality(),
            }
        },
        "sort": SORTS[Sort.RELEVANCE],
        "size": size,
        "_source": ["id", "kind", "label", "disambiguation"],
    }


def browse_body(
    start_key: str, kinds: Sequence[Kind], size: int, forward: bool
) -> Query:
    """Documents in index order of their first term at or after ``start_key``.

    Forward: sorted by the smallest of their sort keys >= start (backwards: the
    largest < start). The first ``size`` documents hold the first ``size`` lines,
    since each of them holds a line at least as early as any later document's.
    """
    bound = {"range": {"terms.sort_key": {"gte" if forward else "lt": start_key}}}
    in_range = {"bool": {"filter": [bound, NAMES]}}
    order, mode = ("asc", "min") if forward else ("desc", "max")
    nested_sort = {"path": "terms", "filter": in_range}
    return {
        "query": {
            "bool": {
                "filter": [
                    {"nested": {"path": "terms", "query": in_range}},
                    *_filters(kinds, statuses=(Status.ACTIVE,)),
                ]
            }
        },
        "sort": [
            {"terms.sort_key": {"order": order, "mode": mode, "nested": nested_sort}},
            {"id": order},
        ],
        "size": size,
        "_source": ["id", "label", "terms"],
    }


def lookup_body(key: str, kinds: Sequence[Kind]) -> Query:
    """Active authorities with a heading or variant whose key is ``key``."""
    exact = {"bool": {"filter": [{"term": {"terms.key": key}}, NAMES]}}
    return {
        "query": {
            "bool": {
                "filter": [
                    {"nested": {"path": "terms", "query": exact}},
                    *_filters(kinds, statuses=(Status.ACTIVE,)),
                ]
            }
        },
        "sort": [{"id": "asc"}],
        "size": MAX_SIZE,
        "_source": False,
    }


def page_size(size: int) -> int:
    """``size`` as a request may carry it: not negative, at most a browse page."""
    # The service checks sizes; browse asks one more than a page (MAX_SIZE + 1).
    return max(0, min(size, MAX_SIZE + 1))


# Reading the responses


def hits_of(response: Any) -> Iterator[dict[str, Any]]:
    """The hits of a search response, best (or first in order) first."""
    yield from response["hits"]["hits"]


def matched_term(hit: dict[str, Any]) -> Document | None:
    """The term an inner hit reports (None for a search without text)."""
    inner = hit.get("inner_hits", {}).get("terms", {}).get("hits", {}).get("hits", [])
    return inner[0]["_source"] if inner else None


def facets_of(response: Any) -> dict[str, dict[str, int]]:
    """Facet -> value -> count, from the aggregations of :func:`search_body`."""
    aggregations = response.get("aggregations", {})
    return {
        name: {
            str(b["key"]): int(b["doc_count"]) for b in aggregations[name]["buckets"]
        }
        for name in FACETS
        if name in aggregations
    }


def browse_page(
    documents: Iterable[Document], start_key: str, size: int, forward: bool
) -> list[BrowseEntry]:
    """The ``size`` index lines nearest ``start_key`` among ``documents``' terms.

    In index order: sort key, then id and the term's place in the authority, as
    the PostgreSQL backend orders equal keys.
    """
    lines = [
        (entry.sort_key, entry.id, position, entry)
        for document in documents
        for position, entry in enumerate(to_browse_entries(document))
        if (entry.sort_key >= start_key) == forward
    ]
    lines.sort(key=lambda line: line[:3], reverse=not forward)
    page = [line[3] for line in lines[:size]]
    return page if forward else page[::-1]


# Parts of the bodies


def _matching(text: str, key: str) -> Query:
    """Terms that match: exact key, key prefix, all words, all words with typos.

    The tiers add up (an exact match also matches its words). ``text`` as typed
    goes to the folding analyser, whose preserved originals let "Bjørnson" score
    a little above "Bjornson"; everything else compares the domain's key.
    """
    fields = ["terms.key.words", "terms.label"]
    return {
        "bool": {
            "should": [
                _constant({"term": {"terms.key": key}}, EXACT),
                _constant({"prefix": {"terms.key": key}}, PREFIX),
                _words(key, fields, WORDS),
                _words(key, fields, TYPOS, fuzziness=TYPO_TOLERANCE),
                {
                    "match": {
                        "terms.label": {
                            "query": text,
                            "operator": "and",
                            "boost": AS_TYPED,
                        }
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def _words(
    key: str, fields: list[str], boost: float, fuzziness: str | None = None
) -> Query:
    words: Query = {"query": key, "fields": fields, "operator": "and", "boost": boost}
    if fuzziness:
        # prefix_length 1: a typo in the first letter is rare, and sparing it
        # keeps the fuzzy expansion cheap on a large term dictionary.
        words |= {"fuzziness": fuzziness, "prefix_length": 1}
    return {"multi_match": words}


def _nested_terms(query: Query) -> Query:
    """``query`` over the terms; the best-scoring term comes back as inner hit."""
    heading = _constant({"term": {"terms.form": Form.HEADING.value}}, HEADING_BONUS)
    return {
        "nested": {
            "path": "terms",
            "score_mode": "max",
            "query": {"bool": {"must": [query], "should": [heading]}},
            "inner_hits": {"size": 1},
        }
    }


def _facet(name: str, count: int) -> Query:
    facet: Query = {"field": name, "size": count}
    if name in MISSING:
        facet["missing"] = MISSING[name]
    return {"terms": facet}


def _constant(query: Query, boost: float) -> Query:
    return {"constant_score": {"filter": query, "boost": boost}}


def _quality() -> list[Query]:
    return [
        _constant({"term": {"quality": level.value}}, bonus)
        for level, bonus in QUALITY_BONUS.items()
    ]


def _filters(
    kinds: Sequence[Kind],
    qualities: Sequence[QualityLevel] = (),
    statuses: Sequence[Status] = (),
) -> list[Query]:
    """One ``terms`` filter per non-empty selection (empty: no restriction)."""
    selections = {"kind": kinds, "quality": qualities, "status": statuses}
    return [
        {"terms": {field: [value.value for value in values]}}
        for field, values in selections.items()
        if values
    ]


def _vocabularies(codes: Sequence[str]) -> list[Query]:
    """The vocabulary filter: one of ``codes``; NO_VOCABULARY is having none."""
    if not codes:
        return []
    named = [c for c in codes if c != NO_VOCABULARY]
    either: list[Query] = [{"terms": {"vocabulary": named}}] if named else []
    if NO_VOCABULARY in codes:
        either.append({"bool": {"must_not": [{"exists": {"field": "vocabulary"}}]}})
    if len(either) == 1:
        return either
    return [{"bool": {"should": either, "minimum_should_match": 1}}]


def _modified(query: SearchQuery) -> list[Query]:
    """The modification range, both ends inclusive, to the millisecond."""
    bounds = {
        operator: to_precision(moment).isoformat(timespec="milliseconds")
        for operator, moment in (
            ("gte", query.modified_from),
            ("lte", query.modified_until),
        )
        if moment is not None
    }
    return [{"range": {"modified": bounds}}] if bounds else []


def _window(offset: int, size: int) -> tuple[int, int]:
    """``from`` and ``size`` within the result window (past it: no hits, a total)."""
    offset = max(0, offset)
    if offset >= WINDOW:
        return 0, 0
    return offset, min(page_size(size), WINDOW - offset)
