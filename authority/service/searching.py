"""Searching the register: free text with filters, completions, browsing, lookup.

What is asked is checked here against the bounds of ``search/model.py`` before any
backend sees it, so both backends refuse the same questions the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from authority.domain import Kind
from authority.search.model import (
    MAX_SIZE,
    BrowseEntry,
    SearchQuery,
    SearchResults,
    Suggestion,
    checked,
    checked_size,
    checked_text,
)
from authority.service.register import Register


class SearchService:
    """Questions to the register's search backend."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def search(self, query: SearchQuery) -> SearchResults:
        """Authorities matching free text and filters; raises SearchQueryError."""
        return self._register.backend().search(checked(query))

    def suggest(
        self, text: str, kinds: Sequence[Kind] = (), limit: int = 10
    ) -> list[Suggestion]:
        """Completions of the start of a heading or variant."""
        backend = self._register.backend()
        return backend.suggest(checked_text(text), kinds, checked_size(limit))

    def browse(
        self,
        start: str,
        kinds: Sequence[Kind] = (),
        limit: int = 20,
        forward: bool = True,
    ) -> list[BrowseEntry]:
        """The alphabetical heading index from ``start``."""
        start = checked_text(start, empty=True)
        # One more than a page: the API asks for it to know whether more follow.
        limit = checked_size(limit, most=MAX_SIZE + 1)
        return self._register.backend().browse(start, kinds, limit, forward)

    def lookup(self, label: str, kinds: Sequence[Kind] = ()) -> list[str]:
        """Ids of the active authorities whose heading or variant is ``label``."""
        return self._register.backend().lookup(checked_text(label), kinds)
