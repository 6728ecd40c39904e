"""Publishing: the change log as the feed reads it, up to a head it may show.

A feed must never show a number that is later filled in: the head is the change
log's committed counter (``committed_head``), so every entry up to it is committed,
and a page or stream read up to it is read whole. It is read without a lock: a feed
poll (most are 304s) never waits for a writer in flight, nor holds one up.
"""

from __future__ import annotations

from collections.abc import Iterator

from authority.domain.history import Logged, Published
from authority.service.register import Register


class FeedService:
    """The change log with the state each change left, for the change feed."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def head(self) -> int:
        """The highest change number every reader may see now (0: none yet)."""
        with self._register.read() as uow:
            return uow.authorities.committed_head()

    def entries(self, after: int, until: int, limit: int) -> list[Published]:
        """Up to ``limit`` entries ``after < seq <= until``, oldest first (one read)."""
        with self._register.read() as uow:
            return uow.authorities.published(after, until, limit)

    def rows(self, after: int, until: int, limit: int) -> list[Logged]:
        """:meth:`entries` as the log's plain rows (pages and stream read these)."""
        with self._register.read() as uow:
            return uow.authorities.logged(after, until, limit)

    def follow(self, after: int, until: int, batch: int) -> Iterator[list[Logged]]:
        """Every entry ``after < seq <= until`` in bounded memory, batch by batch.

        Each batch is its own short read, so a stream of millions of entries holds
        no transaction open between them; plain rows (``Logged``), for the stream.
        """
        while after < until:
            rows = self.rows(after, until, batch)
            if rows:
                yield rows
            if len(rows) < batch:
                return
            after = rows[-1][0]
