"""Dumping: the whole register as one consistent snapshot, for ``authority dump``.

A dump reads every authority in one read-only REPEATABLE READ transaction
(``storage/snapshots.py``), so whatever the service writes meanwhile, the dump is
the register as it was at one instant, and the change-log number of that instant
says where a consumer of the dump goes on in the change feed. Worker processes that
write RDF side by side join the same snapshot by its id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from authority.domain import Authority, Kind
from authority.service.register import Register
from authority.storage.unit_of_work import UnitOfWork


class Snapshot:
    """The register as one transaction sees it: read it whole, in id order."""

    def __init__(self, uow: UnitOfWork, snapshot_id: str) -> None:
        self._uow = uow
        self.id = snapshot_id
        """What other processes pass to :meth:`DumpingService.joined`."""
        self.seq = uow.snapshots.head()
        """The change log's newest number in the snapshot: every change up to it
        is in, none after it."""

    def count(self, kind: Kind | None = None) -> int:
        """How many ids the snapshot holds (of one kind), whatever their status."""
        return self._uow.authorities.count(kind)

    def boundaries(self, step: int, kind: Kind | None = None) -> list[str]:
        """Ids that cut the snapshot (of one kind) into ranges of ``step`` ids."""
        return self._uow.authorities.boundaries(step, kind)

    def all(
        self,
        kind: Kind | None = None,
        batch: int = 500,
        after: str = "",
        until: str | None = None,
    ) -> Iterator[Authority]:
        """Every authority (of one kind) in id order, ``after`` < id <= ``until``."""
        while True:
            page = self._uow.authorities.page(after, batch, kind, until)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].id


class DumpingService:
    """Consistent snapshots of the register to dump."""

    def __init__(self, register: Register) -> None:
        self._register = register

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A new snapshot, open (and shareable) until the block ends."""
        with self._register.unit_of_work() as uow:
            yield Snapshot(uow, uow.snapshots.export())

    @contextmanager
    def joined(self, snapshot_id: str) -> Iterator[Snapshot]:
        """The snapshot another transaction exported (while that one is open)."""
        with self._register.unit_of_work() as uow:
            uow.snapshots.join(snapshot_id)
            yield Snapshot(uow, snapshot_id)

    def head(self) -> int:
        """The change log's committed head now.

        A writer in flight is not waited for: its change comes with the next dump.
        """
        with self._register.read() as uow:
            return uow.authorities.committed_head()
