"""The unit of work: one transaction, then the actions that wait for its commit.

Only the service opens one. Search indexing (a later issue) registers an after-commit
action, so an index is only ever told about data that is really in PostgreSQL, and a
failing index never undoes a committed write (the index check repairs it later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from authority.storage.bulk import BulkRepository
from authority.storage.repository import AuthorityRepository
from authority.storage.snapshots import SnapshotRepository
from authority.storage.tokens import TokenRepository
from authority.storage.web_sessions import WebSessionRepository

log = logging.getLogger(__name__)


class UnitOfWork:
    """``with UnitOfWork(sessions) as uow: ...; uow.commit()`` — rollback otherwise."""

    def __init__(
        self, sessions: sessionmaker[Session], rehearsal: bool = False
    ) -> None:
        self._sessions = sessions
        self._after_commit: list[Callable[[], None]] = []
        self.rehearsal = rehearsal
        """True: ``commit`` only flushes, and the end of the unit rolls it all back."""

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.authorities = AuthorityRepository(self.session)
        self.bulk = BulkRepository(self.session)
        self.tokens = TokenRepository(self.session)
        self.snapshots = SnapshotRepository(self.session)
        self.web_sessions = WebSessionRepository(self.session)
        return self

    def on_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` after a successful commit (never on rollback)."""
        self._after_commit.append(action)

    def commit(self) -> None:
        """Commit, then run the after-commit actions; their failures are only logged.

        A rehearsal (a load's dry run) goes as far as the database's checks and no
        further: the writes are flushed, never committed, and nothing runs after.
        """
        if self.rehearsal:
            self.session.flush()
            self._after_commit.clear()
            return
        self.session.commit()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            try:
                action()
            except Exception:  # boundary: the data is committed whatever happens here
                log.exception("after-commit action %r failed", action)

    def rollback(self) -> None:
        """Undo everything since the unit of work began."""
        self._after_commit.clear()
        self.session.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.session.in_transaction():
            self.rollback()
        self.session.close()
