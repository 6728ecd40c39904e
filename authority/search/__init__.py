"""Search: one protocol, two backends (PostgreSQL, the default; OpenSearch at scale).

Both index the same terms (``domain/search_terms.py``) and answer the same types
(``search/model.py``); one behavioural test suite runs against both. The OpenSearch
backend is ``search/opensearch.py``; the PostgreSQL one reads storage's tables, so
it lives in storage (``authority.storage.search``), which may import this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from authority.domain import Authority, Kind
from authority.search.model import (
    BrowseEntry,
    IndexReport,
    SearchQuery,
    SearchResults,
    Suggestion,
)


class SearchBackend(Protocol):
    """What the service asks of a search backend."""

    transactional: bool
    """True when the index is written in the database's own transaction
    (PostgreSQL): a write needs no telling after its commit. False when it is
    told after commit (OpenSearch)."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits for free text with filters, ranked or sorted, with facets."""

    def suggest(
        self, query_text: str, kinds: Sequence[Kind], limit: int
    ) -> list[Suggestion]:
        """Left-anchored completions over headings and variants."""

    def browse(
        self, start: str, kinds: Sequence[Kind], limit: int, forward: bool
    ) -> list[BrowseEntry]:
        """The heading index from ``start`` on (or up to it, backwards)."""

    def lookup(self, label: str, kinds: Sequence[Kind]) -> list[str]:
        """Ids of active authorities whose heading or variant is ``label``."""

    def index(self, authorities: Sequence[Authority]) -> None:
        """Make the index reflect these authorities' current state."""

    def remove(self, ids: Sequence[str]) -> None:
        """Drop these ids from the index."""

    def create(self) -> str:
        """Make the (empty) index if there is none; its name."""

    def rebuild(self, authorities: Iterable[Authority]) -> int:
        """The index written again from ``authorities``; how many were written.

        Searches keep working meanwhile: OpenSearch loads a new index and switches
        to it when complete; PostgreSQL rewrites the terms a batch per commit.
        """

    def check(self, expected: Mapping[str, int]) -> IndexReport:
        """The index against ``expected`` (id -> revision in the database).

        What it reports is repaired with :meth:`index` (the missing and stale,
        as stored) and :meth:`remove` (the extra).
        """
