"""Reconciling: names (and identifiers) of a spreadsheet against the register.

The protocol is ``authority/reconciliation/`` (pure: queries, scoring, documents);
this service runs what it needs of the register for a whole batch at once: the
identifier and exact-name look-ups in one short read of two statements (the name
keys the duplicate check uses: a name that is a heading or variant, its dates left
off; every identifier value of the batch at once), a search only for the queries
those found nothing for, and one bulk fetch of every candidate. The batch's bounds
(``reconciliation/queries.py``) keep the candidates to some 1,500.
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

EXTRA = 5
"""Candidates a look-up or search asks for beyond the query's ``limit``: the
scoring, not the search's rank, decides the order, and a namesake with agreeing
dates may rank a little lower in the search. Few, since every candidate is read
whole and scored (the profile of bench/reconcile_bench.py: reading and scoring
the candidates is most of a batch's time)."""


HOLDERS = 10
"""Holders of one identifier value read at most: most values have one (a foreign
copy of a record may share it); a value held by thousands floods nothing."""


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

        Only active authorities are candidates. A query whose name is a heading
        or variant (with or without the dates that follow it) takes those as its
        candidates, read from the register's name keys in one short read for the
        whole batch (a lookup costs a fraction of a search); only the others are
        searched (words in another order, typos, parts of a name).
        """
        found = self._by_keys(batch)
        for key, query in batch.items():
            if not found[key][1]:  # no name matched exactly: ask the search
                found[key][1].extend(self._searched(query))
        ids = sorted({i for pair in found.values() for part in pair for i in part})
        stored = self._reading.find_many(ids)
        answer = {}
        for key, query in batch.items():
            held, named = found[key]
            unique = dict.fromkeys(held + named)
            candidates = [stored[i] for i in unique if i in stored]
            candidates = [a for a in candidates if a.status is Status.ACTIVE]
            answer[key] = scored(query, candidates)[: query.size]
        return answer

    def _by_keys(
        self, batch: dict[str, Query]
    ) -> dict[str, tuple[list[str], list[str]]]:
        """Per query, the holders of its identifiers and the exact name matches."""
        named = {
            key: (search_key(q.query), kinds_filter(q))
            for key, q in batch.items()
            if search_key(q.query) and _searchable(q)
        }
        size = max((_wider(batch[key]) for key in named), default=0)
        asked = {key: q.identifiers() for key, q in batch.items()}
        pairs = list(
            dict.fromkeys((i.scheme, i.value) for ids in asked.values() for i in ids)
        )
        with self._register.read() as uow:
            by_name = uow.authorities.ids_by_name_keys(list(named.values()), size)
            by_value = uow.authorities.ids_by_identifiers(pairs, HOLDERS)
        names = dict(zip(named, by_name, strict=True))
        holders = dict(zip(pairs, by_value, strict=True))
        found: dict[str, tuple[list[str], list[str]]] = {}
        for key, query in batch.items():
            held = [h for i in asked[key] for h in holders[(i.scheme, i.value)]]
            wider = _wider(query)
            found[key] = (list(dict.fromkeys(held))[:wider], names.get(key, [])[:wider])
        return found

    def _searched(self, query: Query) -> list[str]:
        if not search_key(query.query) or not _searchable(query):
            return []  # no words (an identifier query); or no one kind is all kinds
        asked = SearchQuery(query.query, kinds_filter(query), size=_wider(query))
        return [hit.id for hit in self._searching.search(asked).hits]

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


def _searchable(query: Query) -> bool:
    """False when no kind can be every kind asked for (``all`` of several)."""
    return not (query.type_strict == "all" and len(query.kinds) > 1)


def _wider(query: Query) -> int:
    return min(MAX_SIZE, query.size + EXTRA)
