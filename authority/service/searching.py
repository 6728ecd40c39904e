"""Searching the register: free text with filters, completions, browsing, lookup.

What is asked is checked here against the bounds of ``search/model.py`` before any
backend sees it, so both backends refuse the same questions the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class BrowsePage:
    """One page of the alphabetical index and where its neighbours start.

    ``next_from`` is where the next page (forward) starts, ``prev_from`` where the
    previous one (backward) ends; None when the index ends that way.
    """

    entries: list[BrowseEntry]
    next_from: str | None
    prev_from: str | None


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

    def browse_page(
        self, start: str, kinds: Sequence[Kind], limit: int, forward: bool
    ) -> BrowsePage:
        """A page of the index from ``start`` that way, and its neighbours' starts.

        One entry more than the page says whether the index goes on that way; the
        API's ``/authorities/browse`` and the workbench's ``/browse`` page alike.
        """
        found = self.browse(start, kinds, limit + 1, forward)
        more = len(found) > limit
        page = found[:limit] if forward else found[-limit:]
        first = page[0].label if page else None
        if forward:  # the next page starts at the first entry not shown
            return BrowsePage(page, found[limit].label if more else None,
                              first if start else None)  # fmt: skip
        # Backward: the next page goes forward from where this one ended.
        return BrowsePage(page, start, first if more else None)

    def lookup(self, label: str, kinds: Sequence[Kind] = ()) -> list[str]:
        """Ids of the active authorities whose heading or variant is ``label``."""
        return self._register.backend().lookup(checked_text(label), kinds)
