"""Consistent snapshots: one read-only view of the register that several sessions share.

A whole-register dump reads for minutes while the service writes. It reads in one
REPEATABLE READ, READ ONLY transaction, whose snapshot PostgreSQL exports
(``pg_export_snapshot()``) so that worker processes can import it (``SET
TRANSACTION SNAPSHOT``) and see exactly the same register, whatever commits
meanwhile. The exporting transaction must stay open while anyone imports it.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from authority.storage.repository import AuthorityRepository

_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]{1,16}(-[0-9A-Fa-f]{1,16}){1,2}")
"""What ``pg_export_snapshot()`` returns (``00000003-0000001B-1``); SET TRANSACTION
SNAPSHOT takes a literal, not a parameter, so nothing else may reach it."""
_READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


class SnapshotRepository:
    """Snapshots of one session's transaction (each call must begin it)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def export(self) -> str:
        """Make the (new) transaction a read-only snapshot; its id, to share."""
        self.session.execute(text(_READ_ONLY))
        return str(self.session.scalar(text("SELECT pg_export_snapshot()")))

    def join(self, snapshot: str) -> None:
        """Make the (new) transaction see the exported snapshot ``snapshot``."""
        if not _SNAPSHOT_ID.fullmatch(snapshot):
            raise ValueError(f"not a snapshot id: {snapshot!r}")
        self.session.execute(text(_READ_ONLY))
        self.session.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))

    def head(self) -> int:
        """The change log's highest number as the snapshot sees it (0 when empty).

        It is the snapshot's committed head: every change up to it is in the snapshot.
        """
        return AuthorityRepository(self.session).committed_head()
