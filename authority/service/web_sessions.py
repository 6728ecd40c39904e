"""Workbench sessions: started at sign-in, looked up per request, ended at sign-out.

The workbench's cookie holds only a session's random id; who signed in and when
is kept here, so that signing out ends the session for every copy of the cookie,
and no session outlives its lifetime however its cookie was kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from authority.domain.tokens import SignedIn, new_session_id
from authority.service.register import Register


class WebSessionService:
    """Use cases over the workbench's sessions."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def start(self, via: str, key: str, lifetime: timedelta) -> SignedIn:
        """A new session for ``via``'s ``key``; those past ``lifetime`` are dropped."""
        now = datetime.now(UTC)
        started = SignedIn(new_session_id(), via, key, now)
        with self._register.unit_of_work() as uow:
            uow.web_sessions.forget_before(now - lifetime)
            uow.web_sessions.add(started)
            uow.commit()
        return started

    def live(self, session_id: str, lifetime: timedelta) -> SignedIn | None:
        """The session if it is neither ended nor older than ``lifetime``."""
        since = datetime.now(UTC) - lifetime
        with self._register.read() as uow:
            return uow.web_sessions.live(session_id, since)

    def end(self, session_id: str) -> None:
        """Sign out: the session is refused from now on, whatever holds its id."""
        with self._register.unit_of_work() as uow:
            uow.web_sessions.end(session_id, datetime.now(UTC))
            uow.commit()
