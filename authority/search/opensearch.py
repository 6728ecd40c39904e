"""The OpenSearch backend: search at scale, and the operations on its index.

Layout (architecture.md): the mapping is ``schema/opensearch/authorities-v1.json``;
one versioned index ``<prefix>authorities-v1-<unix-ts>`` sits behind the alias
``<prefix>authorities``, and every search goes through the alias, so that
:meth:`OpenSearchBackend.rebuild` can load a new index and switch in one atomic step.

Writes come after the database commit (``transactional = False``) and carry the
revision as an ``external_gte`` version: an older revision that arrives late never
overwrites a newer one. While a rebuild loads a new index, writes go there too (the
versions keep that safe), so a change committed during a rebuild is not lost.

Queries are structured (bool, nested, term, prefix, match): user text is never
parsed as query-string syntax, so ``*``, ``"``, ``OR`` and ``(`` are just characters.
Text is matched through its domain ``search_key``, the same key the PostgreSQL
backend compares, so both backends find the same things.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from opensearchpy import OpenSearch, helpers

from authority.domain import Authority, Kind, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.search_terms import Form, search_key
from authority.errors import ConfigurationError
from authority.search.documents import (
    Document,
    to_browse_entries,
    to_document,
    to_hit,
    to_suggestion,
)
from authority.search.model import (
    MAX_SIZE,
    BrowseEntry,
    IndexReport,
    SearchQuery,
    SearchResults,
    Sort,
    Suggestion,
)

SCHEMA = "schema/opensearch/authorities-v1.json"
"""Settings and mappings of the index, relative to the ``authority`` package."""
WINDOW = 10_000
"""``index.max_result_window``: OpenSearch refuses ``from + size`` beyond it."""
CHUNK = 500
"""Documents per bulk request."""
CONFLICT, NOT_FOUND = 409, 404

FACETS = {"kind": 10, "quality": 5, "status": 5, "nationality": 100}
"""Facet (a keyword field of the document) -> how many values to count."""
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


class IndexMissingError(ConfigurationError):
    """The alias has no index behind it yet (``authority index rebuild`` makes one).

    Raised by writes rather than letting OpenSearch auto-create an index under
    the alias's name, with guessed mappings.
    """


class OpenSearchBackend:
    """:class:`authority.search.SearchBackend` over an OpenSearch cluster."""

    transactional = False

    def __init__(self, url: str, prefix: str = "") -> None:
        """A backend on the cluster at ``url``.

        Args:
            url: The cluster, credentials included if it needs them.
            prefix: Start of the index and alias names (config
                ``SEARCH_INDEX_PREFIX``), so environments and tests can share a
                cluster.
        """
        self.client = OpenSearch(hosts=[url])
        self.alias = f"{prefix}authorities"
        self.index_prefix = f"{prefix}authorities-v1-"

    # The SearchBackend protocol

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits for free text with filters, ranked or sorted, with facets."""
        body = search_body(query)
        if body is None:  # text of punctuation only: nothing can match it
            return SearchResults(0, ())
        response = self.client.search(index=self.alias, body=body)
        total = int(response["hits"]["total"]["value"])
        hits = tuple(to_hit(h["_source"], _matched(h)) for h in _hits(response))
        # No matches, no facets: as the PostgreSQL backend answers.
        return SearchResults(total, hits, _facets(response) if total else {})

    def suggest(
        self, query_text: str, kinds: Sequence[Kind], limit: int
    ) -> list[Suggestion]:
        """Active authorities with a heading or variant that the typed words start.

        Each typed word must start a word of the same name, in any order:
        "hamsun, k" and "knut hams" both find Hamsun, Knut.
        """
        key, size = search_key(query_text), _size(limit)
        if not key or not size:
            return []
        body = suggest_body(key, kinds, size)
        response = self.client.search(index=self.alias, body=body)
        return [to_suggestion(h["_source"], _matched(h)) for h in _hits(response)]

    def browse(
        self, start: str, kinds: Sequence[Kind], limit: int, forward: bool
    ) -> list[BrowseEntry]:
        """The heading index from ``start`` on, or the page just before it.

        Both directions answer in index order (ascending). One line per term:
        a heading's own line and a "see" line for each of its variants.
        """
        start_key, size = sort_key(start), _size(limit)
        if not size:
            return []
        body = browse_body(start_key, kinds, size, forward)
        response = self.client.search(index=self.alias, body=body)
        documents = [h["_source"] for h in _hits(response)]
        return browse_page(documents, start_key, size, forward)

    def lookup(self, label: str, kinds: Sequence[Kind]) -> list[str]:
        """Ids of active authorities whose heading or variant is ``label``."""
        key = search_key(label)
        if not key:
            return []
        response = self.client.search(index=self.alias, body=lookup_body(key, kinds))
        return [str(h["_id"]) for h in _hits(response)]

    def index(self, authorities: Sequence[Authority]) -> None:
        """Write these authorities' documents; visible to the next search."""
        if not authorities:
            return
        targets = self._write_targets()
        actions = (
            _index_action(target, authority)
            for authority in authorities
            for target in targets
        )
        self._bulk(actions, ignore=CONFLICT, refresh=True)

    def remove(self, ids: Sequence[str]) -> None:
        """Drop these ids from the index (ids not there are no error)."""
        if not ids:
            return
        targets = self._write_targets()
        actions = (
            {"_op_type": "delete", "_index": target, "_id": id_}
            for id_ in ids
            for target in targets
        )
        self._bulk(actions, ignore=NOT_FOUND, refresh=True)

    # Index operations (the CLI's ``authority index ...``)

    def create(self) -> str:
        """The index behind the alias, made (empty) when there is none."""
        current = self.current()
        if current:
            return current
        name = self._new_index()
        actions = [{"add": {"index": name, "alias": self.alias}}]
        self.client.indices.update_aliases(body={"actions": actions})
        return name

    def rebuild(self, authorities: Iterable[Authority]) -> int:
        """Load a new index from ``authorities``, switch the alias to it, drop the old.

        Searches keep going to the old index until the switch, which is atomic.
        Writes made meanwhile reach both (see the module docstring), so iterate
        ``authorities`` lazily from the database. One rebuild at a time: the
        switch drops every other versioned index. Returns how many were loaded.
        """
        name = self._new_index(loading=True)
        loaded = [0]

        def actions() -> Iterator[dict[str, Any]]:
            for authority in authorities:
                loaded[0] += 1
                yield _index_action(name, authority)

        try:
            self._bulk(actions(), ignore=CONFLICT, refresh=False)
            settings = {"index": {"refresh_interval": None}}  # back to the default
            self.client.indices.put_settings(index=name, body=settings)
            self.client.indices.refresh(index=name)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        self._switch(name)
        return loaded[0]

    def check(self, expected: Mapping[str, int]) -> IndexReport:
        """The index against ``expected`` (id -> revision in the database).

        ``stale`` also lists ids indexed at a *newer* revision than the database
        holds (a database restored from a backup): their versions refuse the
        older revision, so only :meth:`rebuild` puts those right.
        """
        return compare(expected, self._indexed_revisions())

    def repair(self, report: IndexReport, authorities: Iterable[Authority]) -> int:
        """Fix what ``report`` found: index the missing and stale, drop the extra.

        Args:
            report: What :meth:`check` found.
            authorities: The database's authorities for ``report.ids_to_repair``;
                others are skipped, so a stream of all of them will do, slower.

        Returns:
            How many documents were written again.
        """
        self.remove(report.extra)
        wanted = set(report.ids_to_repair)
        written, batch = 0, []
        for authority in (a for a in authorities if a.id in wanted):
            batch.append(authority)
            if len(batch) == CHUNK:
                self.index(batch)
                written, batch = written + len(batch), []
        self.index(batch)
        return written + len(batch)

    def current(self) -> str | None:
        """The index the alias points at (None before :meth:`create`)."""
        names = self._behind_alias()
        return names[0] if names else None

    # Helpers

    def _versioned(self) -> dict[str, bool]:
        """Each versioned index -> whether the alias points at it."""
        found = self.client.indices.get_alias(index=f"{self.index_prefix}*")
        return {name: self.alias in entry["aliases"] for name, entry in found.items()}

    def _behind_alias(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias))

    def _write_targets(self) -> list[str]:
        """The alias, and any versioned index a rebuild is loading.

        The alias, not its index's name: a switch may drop that index at any
        moment, and a write to a dropped name would auto-create a stray index.
        """
        versioned = self._versioned()
        if not any(versioned.values()):
            raise IndexMissingError(
                f"no search index behind {self.alias!r}: run authority index rebuild"
            )
        loading = sorted(name for name, aliased in versioned.items() if not aliased)
        return [self.alias, *loading]

    def _new_index(self, loading: bool = False) -> str:
        stamp = int(time.time())
        while self.client.indices.exists(index=f"{self.index_prefix}{stamp}"):
            stamp += 1  # two in one second (tests, a quick second rebuild)
        name = f"{self.index_prefix}{stamp}"
        body = schema()
        if loading:  # no refreshes while bulk loading; restored before the switch
            body["settings"]["index"]["refresh_interval"] = "-1"
        self.client.indices.create(index=name, body=body)
        return name

    def _switch(self, name: str) -> None:
        """Point the alias at ``name`` and drop every other index, atomically."""
        actions: list[dict[str, Any]] = [{"add": {"index": name, "alias": self.alias}}]
        versioned = self._versioned()
        actions += [
            {"remove_index": {"index": old}} for old in versioned if old != name
        ]
        actions += [
            {"remove": {"index": other, "alias": self.alias}}
            for other in self._behind_alias()
            if other not in versioned  # an index made by hand, left in place
        ]
        self.client.indices.update_aliases(body={"actions": actions})

    def _bulk(
        self, actions: Iterable[dict[str, Any]], ignore: int, refresh: bool
    ) -> None:
        """Send ``actions`` in chunks; raises on any failure but status ``ignore``.

        A 409 on an index action is an older revision meeting a newer one: the
        newer stays, as it should. A 404 on a delete is a document already gone.
        """
        helpers.bulk(
            self.client,
            actions,
            chunk_size=CHUNK,
            ignore_status=(ignore,),
            refresh=refresh,
        )

    def _indexed_revisions(self) -> dict[str, int]:
        hits = helpers.scan(
            self.client,
            index=self.alias,
            query={"_source": False, "version": True},
            size=1000,
        )
        return {str(h["_id"]): int(h["_version"]) for h in hits}


# Request bodies: pure functions of the request

Query = dict[str, Any]


def search_body(query: SearchQuery) -> Query | None:
    """The search request, or None when the text cannot match anything."""
    text = query.text.strip()
    key = search_key(text)
    if text and not key:
        return None
    match = _nested_terms(_matching(text, key)) if text else {"match_all": {}}
    offset, size = _window(query.offset, query.size)
    filters = _filters(query.kinds, query.qualities, query.statuses)
    return {
        "query": {"bool": {"must": [match], "filter": filters, "should": _quality()}},
        "sort": SORTS[query.sort],
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "_source": HIT_FIELDS,
        "aggs": {name: _facet(name, count) for name, count in FACETS.items()},
    }


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


def compare(expected: Mapping[str, int], indexed: Mapping[str, int]) -> IndexReport:
    """What differs between the database's and the index's id -> revision."""
    common = expected.keys() & indexed.keys()
    return IndexReport(
        expected=len(expected),
        missing=sorted(expected.keys() - indexed.keys()),
        stale=sorted(i for i in common if indexed[i] != expected[i]),
        extra=sorted(indexed.keys() - expected.keys()),
    )


@cache
def _schema_text() -> str:
    return files("authority").joinpath(SCHEMA).read_text("utf-8")


def schema() -> dict[str, Any]:
    """``schema/opensearch/authorities-v1.json``, a fresh copy to change freely."""
    body: dict[str, Any] = json.loads(_schema_text())
    return body


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
    if name == "quality":  # counted as "none", so the counts add up to the total
        facet["missing"] = "none"
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


def _window(offset: int, size: int) -> tuple[int, int]:
    """``from`` and ``size`` within the result window (past it: no hits, a total)."""
    offset = max(0, offset)
    if offset >= WINDOW:
        return 0, 0
    return offset, min(_size(size), WINDOW - offset)


def _size(size: int) -> int:
    # The service checks sizes; browse asks one more than a page (MAX_SIZE + 1).
    return max(0, min(size, MAX_SIZE + 1))


def _index_action(index: str, authority: Authority) -> dict[str, Any]:
    return {
        "_op_type": "index",
        "_index": index,
        "_id": authority.id,
        "_source": to_document(authority),
        "version": authority.revision,
        "version_type": "external_gte",
    }


def _hits(response: Any) -> Iterator[dict[str, Any]]:
    yield from response["hits"]["hits"]


def _matched(hit: dict[str, Any]) -> Document | None:
    """The term an inner hit reports (None for a search without text)."""
    inner = hit.get("inner_hits", {}).get("terms", {}).get("hits", {}).get("hits", [])
    return inner[0]["_source"] if inner else None


def _facets(response: Any) -> dict[str, dict[str, int]]:
    aggregations = response.get("aggregations", {})
    return {
        name: {
            str(b["key"]): int(b["doc_count"]) for b in aggregations[name]["buckets"]
        }
        for name in FACETS
        if name in aggregations
    }
