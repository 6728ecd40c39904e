"""Workbench sessions in PostgreSQL (``web_sessions``): started, found, ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from authority.domain.tokens import SignedIn
from authority.storage.models import WebSessionModel


class WebSessionRepository:
    """The workbench sessions of one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, signed_in: SignedIn) -> None:
        """Keep a new session."""
        self.session.add(
            WebSessionModel(
                id=signed_in.id,
                via=signed_in.via,
                key=signed_in.key,
                signed_in=signed_in.signed_in,
            )
        )

    def live(self, session_id: str, since: datetime) -> SignedIn | None:
        """The session ``session_id`` if it began after ``since`` and has not ended."""
        row = self.session.scalar(
            select(WebSessionModel).where(
                WebSessionModel.id == session_id,
                WebSessionModel.ended.is_(None),
                WebSessionModel.signed_in > since,
            )
        )
        return SignedIn(row.id, row.via, row.key, row.signed_in) if row else None

    def end(self, session_id: str, when: datetime) -> None:
        """End a session (signing out); an unknown or ended one stays as it is."""
        self.session.execute(
            update(WebSessionModel)
            .where(WebSessionModel.id == session_id, WebSessionModel.ended.is_(None))
            .values(ended=when)
        )

    def forget_before(self, when: datetime) -> None:
        """Delete the sessions begun before ``when`` (they may last no longer)."""
        self.session.execute(
            delete(WebSessionModel).where(WebSessionModel.signed_in < when)
        )
