"""The OpenSearch backend: search at scale, and the operations on its index.

Layout (architecture.md): the mapping is ``schema/opensearch/authorities-v1.json``;
one versioned index ``<prefix>authorities-v1-<unix-ts>`` sits behind the alias
``<prefix>authorities``, and every search goes through the alias, so that
:meth:`OpenSearchBackend.rebuild` can load a new index and switch in one atomic step.

Writes come after the database commit (``transactional = False``) and carry the
revision as an ``external_gte`` version: an older revision that arrives late never
overwrites a newer one. While a rebuild loads a new index, writes go there too (the
versions keep that safe), so a change committed during a rebuild is not lost.

What the requests say (queries, sorts, facets) is :mod:`authority.search.queries`;
this module sends them and looks after the index.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as UnreachableError

from authority.domain import Authority, Kind
from authority.domain.collation import sort_key
from authority.domain.search_terms import search_key
from authority.errors import ConfigurationError, SearchUnavailableError
from authority.schema_files import schema_file
from authority.search.documents import to_document, to_hit, to_suggestion
from authority.search.model import (
    BrowseEntry,
    IndexReport,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from authority.search.queries import (
    browse_body,
    browse_page,
    facets_of,
    hits_of,
    lookup_body,
    matched_term,
    page_size,
    search_body,
    suggest_body,
)

SCHEMA = "opensearch/authorities-v1.json"
"""Settings and mappings of the index, in ``schema/``."""
CHUNK = 500
"""Documents per bulk request."""
CONFLICT, NOT_FOUND = 409, 404


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
        response = self._search(body)
        total = int(response["hits"]["total"]["value"])
        exact = response["hits"]["total"].get("relation", "eq") == "eq"
        hits = tuple(to_hit(h["_source"], matched_term(h)) for h in hits_of(response))
        # No matches, no facets: as the PostgreSQL backend answers.
        facets = facets_of(response) if total else {}
        return SearchResults(total, hits, facets, exact)

    def suggest(
        self, query_text: str, kinds: Sequence[Kind], limit: int
    ) -> list[Suggestion]:
        """Active authorities with a heading or variant that the typed words start.

        Each typed word must start a word of the same name, in any order:
        "hamsun, k" and "knut hams" both find Hamsun, Knut.
        """
        key, size = search_key(query_text), page_size(limit)
        if not key or not size:
            return []
        body = suggest_body(key, kinds, size)
        response = self._search(body)
        return [to_suggestion(h["_source"], matched_term(h)) for h in hits_of(response)]

    def browse(
        self, start: str, kinds: Sequence[Kind], limit: int, forward: bool
    ) -> list[BrowseEntry]:
        """The heading index from ``start`` on, or the page just before it.

        Both directions answer in index order (ascending). One line per term:
        a heading's own line and a "see" line for each of its variants.
        """
        start_key, size = sort_key(start), page_size(limit)
        if not size:
            return []
        body = browse_body(start_key, kinds, size, forward)
        response = self._search(body)
        documents = [h["_source"] for h in hits_of(response)]
        return browse_page(documents, start_key, size, forward)

    def lookup(self, label: str, kinds: Sequence[Kind]) -> list[str]:
        """Ids of active authorities whose heading or variant is ``label``."""
        key = search_key(label)
        if not key:
            return []
        response = self._search(lookup_body(key, kinds))
        return [str(h["_id"]) for h in hits_of(response)]

    def _search(self, body: dict[str, Any]) -> Any:
        """One search on the alias; an unreachable cluster is SearchUnavailableError."""
        try:
            return self.client.search(index=self.alias, body=body)
        except UnreachableError as error:  # refused, reset, timed out
            raise SearchUnavailableError(
                f"search cluster is unreachable: {error.error}"
            ) from error

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
        """The index behind the alias, made (empty) when there is none.

        An index made by an older release gets the fields the mapping has gained
        since (``vocabulary``): a strict mapping would refuse every document that
        carries one. Its documents have them after ``authority index rebuild``.
        """
        current = self.current()
        if current:
            mappings = schema()["mappings"]
            fields = {"properties": mappings["properties"]}
            self.client.indices.put_mapping(index=current, body=fields)
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


# The index's own data: its schema, its actions, its check


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
    return schema_file(SCHEMA).read_text("utf-8")


def schema() -> dict[str, Any]:
    """``schema/opensearch/authorities-v1.json``, a fresh copy to change freely."""
    body: dict[str, Any] = json.loads(_schema_text())
    return body


def _index_action(index: str, authority: Authority) -> dict[str, Any]:
    return {
        "_op_type": "index",
        "_index": index,
        "_id": authority.id,
        "_source": to_document(authority),
        "version": authority.revision,
        "version_type": "external_gte",
    }
