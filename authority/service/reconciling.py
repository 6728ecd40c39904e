"""Reconciling: names (and identifiers) of a spreadsheet against the register.

The protocol is ``authority/reconciliation/`` (pure: queries, scoring, documents);
this service runs what it needs of the register for a whole batch at once: the
identifier look-ups in one short read, one search per query with words, and one
bulk fetch of every candidate, so that a batch of 100 names costs 100 searches
and three queries more, not 100 fetches.
"""

from __future__ import annotations

from collections.abc import Sequence

from authority.domain import Authority, Kind, Status
from authority.domain.search_terms import search_key
from authority.reconciliation.queries import Query
from authority.reconciliation.scoring import Scored, kinds_filter, scored
from authority.search.model import MAX_SIZE, SearchQuery
from authority.service.reading import ReadingService
from authority.service.register import Register
from authority.service.searching import SearchService

WIDER = 2
"""A search asks for this many times the candidates it answers with (at least
:data:`LEAST`): the scoring, not the search's rank, decides the order, and a
namesake with agreeing dates may rank lower in the search."""
LEAST = 10


class ReconcilingService:
    """The W3C reconciliation API's reads: reconcile, suggest, extend."""

    def __init__(
        self, register: Register, reading: ReadingService, searching: SearchService
    ) -> None:
        self._register = register
        self._reading = reading
        self._searching = searching

    def reconcile(self, batch: dict[str, Query]) -> dict[str, list[Scored]]:
        """Each query's candidates, scored, best first, at most its ``limit``.

        Only active authorities are candidates. Raises SearchQueryError when a
        query's text cannot be searched (no letter or digit in it).
        """
        by_identifier = self._holders(batch)
        found: dict[str, list[str]] = {}
        for key, query in batch.items():
            found[key] = by_identifier.get(key, []) + self._searched(query)
        ids = sorted({i for ids in found.values() for i in ids})
        stored = self._reading.find_many(ids)
        answer = {}
        for key, query in batch.items():
            candidates = [stored[i] for i in dict.fromkeys(found[key]) if i in stored]
            candidates = [a for a in candidates if a.status is Status.ACTIVE]
            answer[key] = scored(query, candidates)[: query.size]
        return answer

    def _holders(self, batch: dict[str, Query]) -> dict[str, list[str]]:
        """Per query, the authorities that hold an identifier it gives."""
        holders: dict[str, list[str]] = {}
        asked = {key: q.identifiers() for key, q in batch.items() if q.identifiers()}
        if not asked:
            return holders
        with self._register.read() as uow:
            for key, identifiers in asked.items():
                holders[key] = [
                    holder
                    for i in identifiers
                    for holder in uow.authorities.ids_by_identifier(i.scheme, i.value)
                ]
        return holders

    def _searched(self, query: Query) -> list[str]:
        kinds = kinds_filter(query)
        if not search_key(query.query) or (
            query.type_strict == "all" and len(kinds) > 1
        ):
            return []  # no words (an identifier query); or no one kind is all kinds
        size = min(MAX_SIZE, max(LEAST, WIDER * query.size))
        results = self._searching.search(
            SearchQuery(text=query.query, kinds=kinds, size=size)
        )
        return [hit.id for hit in results.hits]

    def suggest(
        self, prefix: str, kinds: Sequence[Kind], limit: int
    ) -> list[Authority]:
        """Active authorities a name being typed may mean, best first."""
        suggestions = self._searching.suggest(prefix, kinds, limit)
        stored = self._reading.find_many([s.id for s in suggestions])
        return [stored[s.id] for s in suggestions if s.id in stored]

    def extend(self, ids: Sequence[str]) -> dict[str, Authority]:
        """The active authorities of ``ids``, by id (one query)."""
        stored = self._reading.find_many(list(dict.fromkeys(ids)))
        return {i: a for i, a in stored.items() if a.status is Status.ACTIVE}
