"""The register as the services see it: units of work over its database, its index.

Every service is built over one :class:`Register`, so they all open their
transactions the same way and tell the same search backend of what they wrote. A
use case that has a unit of work open passes it on (as Invenio's services take
``uow``): what it reads then is read in its own transaction, under its locks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from authority.domain import Authority
from authority.errors import ConfigurationError
from authority.search import SearchBackend
from authority.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Register:
    """Where the services find the authorities: a database and a search backend."""

    unit_of_work: Callable[[], UnitOfWork]
    """A new unit of work: one transaction, for a write or a read that needs one."""
    short_reads: Callable[[], UnitOfWork] | None = None
    """Units of work for reads of one or two statements (autocommit in the app);
    None: :attr:`unit_of_work` serves them too."""
    search: SearchBackend | None = None
    """None: no search (tests of storage alone); else told of every write."""

    @contextmanager
    def read(self, uow: UnitOfWork | None = None) -> Iterator[UnitOfWork]:
        """``uow`` when the caller has one open, else a new one for a short read."""
        if uow is not None:
            yield uow
            return
        with (self.short_reads or self.unit_of_work)() as fresh:
            yield fresh

    def backend(self) -> SearchBackend:
        """The search backend; ConfigurationError when there is none."""
        if self.search is None:
            raise ConfigurationError("this service was built without search")
        return self.search

    def index_on_commit(self, uow: UnitOfWork, written: list[Authority]) -> None:
        """Tell a search backend outside the database, once the data is committed."""
        search = self.search
        if search is None or search.transactional or not written:
            return
        ids = [a.id for a in written]

        # The stored state, read after the commit: it carries the new revisions,
        # which the index takes as versions (an older one never overwrites).
        def index() -> None:
            with self.read() as reading:
                search.index(reading.authorities.get_many(ids))

        uow.on_commit(index)
