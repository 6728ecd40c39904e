"""Keeping the search index: made before the first search, rebuilt, checked, repaired.

The index is derived from the database and always rebuildable from it. PostgreSQL's
search terms live in the database itself and are rewritten in its own transactions;
an index outside it (OpenSearch) is rebuilt beside the old one and compared by
revision.
"""

from __future__ import annotations

from authority.domain import Authority
from authority.search.model import IndexReport
from authority.service.reading import ReadingService
from authority.service.register import Register


class IndexService:
    """The search index against the register it is derived from."""

    def __init__(self, register: Register, reading: ReadingService) -> None:
        self._register = register
        self._reading = reading

    def prepare(self) -> str:
        """Make the search index if there is none yet (``serve`` does this first)."""
        return self._register.backend().create()

    def rebuild(self, batch: int = 500) -> int:
        """Write the search index again from the database; how many were indexed."""
        backend = self._register.backend()
        if not backend.transactional:
            return backend.rebuild(self._reading.all(batch=batch))
        count, page = 0, []
        for authority in self._reading.all(batch=batch):
            page.append(authority)
            if len(page) == batch:
                count += self._rewrite_terms(page)
                page = []
        return count + self._rewrite_terms(page)

    def _rewrite_terms(self, authorities: list[Authority]) -> int:
        with self._register.unit_of_work() as uow:
            uow.bulk.rewrite_search_terms(authorities)
            uow.commit()
        return len(authorities)

    def check(self, repair: bool = False) -> IndexReport:
        """The index against the database: missing and stale ids, repaired if asked."""
        backend = self._register.backend()
        if backend.transactional:
            with self._register.read() as uow:
                wrong = uow.authorities.search_term_gaps()
            count = self._reading.count()
            report = IndexReport(count, missing=wrong, stale=[], extra=[])
        else:
            expected = {a.id: a.revision for a in self._reading.all()}
            report = backend.check(expected)
        if repair and report.ids_to_repair:
            stored = list(self._reading.find_many(report.ids_to_repair).values())
            if backend.transactional:
                self._rewrite_terms(stored)
            else:
                backend.index(stored)
                backend.remove(report.extra)
        return report
