"""Keeping the search index: made before the first search, rebuilt, checked, repaired.

The index is derived from the database and always rebuildable from it. Every
backend keeps the whole protocol (rebuild, check, index, remove), so nothing here
asks which backend it is: PostgreSQL rewrites its search terms in its own
transactions, OpenSearch builds a new index beside the old one.
"""

from __future__ import annotations

from authority.search import SearchBackend
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
        """Write the search index again from the database; how many were indexed.

        The index in use is prepared first: one an older release made learns the
        fields its documents gain (a rebuild after an upgrade), so that the writes
        made while the rebuild runs, which reach it too, are not refused.
        """
        backend = self._register.backend()
        backend.create()
        return backend.rebuild(self._reading.all(batch=batch))

    def check(self, repair: bool = False, batch: int = 500) -> IndexReport:
        """The index against the database: missing, stale and extra ids.

        With ``repair``, the missing and stale are indexed again as stored (``batch``
        at a time) and the extra removed; the report is what was found before.
        """
        backend = self._register.backend()
        with self._register.read() as uow:
            expected = uow.authorities.revisions()
        report = backend.check(expected)
        if repair:
            self._repair(backend, report, batch)
        return report

    def _repair(self, backend: SearchBackend, report: IndexReport, batch: int) -> None:
        # An id the index holds beyond what was expected may be an authority
        # created since the expected ids were read: it is indexed, not removed.
        for start in range(0, len(report.extra), batch):
            extra = report.extra[start : start + batch]
            created = self._reading.find_many(extra)
            backend.remove([i for i in extra if i not in created])
            if created:
                backend.index(list(created.values()))
        ids = report.ids_to_repair
        for start in range(0, len(ids), batch):
            stored = self._reading.find_many(ids[start : start + batch])
            backend.index(list(stored.values()))
