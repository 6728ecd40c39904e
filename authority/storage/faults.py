"""A database that cannot be reached, told apart from a statement that failed.

When the server is down, restarting or out of connections, every statement fails
with some psycopg ``OperationalError`` wrapped by SQLAlchemy. Above storage that is
one domain error, :class:`~authority.errors.DatabaseUnavailableError`, which the API
answers with 503 and ``Retry-After`` and the CLI with one line. A statement that is
merely refused (a constraint, a serialization failure, a cancelled query) stays
what it is.
"""

from __future__ import annotations

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from authority.errors import DatabaseUnavailableError

UNAVAILABLE_SQLSTATES = ("57P01", "57P02", "57P03", "53300")
"""admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections."""


def is_unavailable(error: BaseException) -> bool:
    """True when ``error`` says the server is unreachable, not the statement wrong."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig if error.orig is not None else error
    if not isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return False
    sqlstate = getattr(error, "sqlstate", None)
    # No SQLSTATE: the client could not connect or lost the connection.
    return (
        sqlstate is None
        or sqlstate.startswith("08")
        or sqlstate in (UNAVAILABLE_SQLSTATES)
    )


def unavailable(error: BaseException, url: str) -> DatabaseUnavailableError:
    """The domain error for ``error``, naming the server and libpq's first line."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig else error
    lines = str(cause).strip().splitlines()
    reason = lines[0] if lines else type(cause).__name__
    return DatabaseUnavailableError(f"database {url} is unreachable: {reason}")


def translate_unavailable(engine: Engine) -> None:
    """Make ``engine`` raise DatabaseUnavailableError for an unreachable server.

    SQLAlchemy's ``handle_error`` hook sees every failed statement and connection
    attempt of the engine, after it has invalidated a dead connection, so each
    session, repository and the search in PostgreSQL are covered in one place.
    """
    url = engine.url.render_as_string(hide_password=True)

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> BaseException | None:
        error = context.sqlalchemy_exception or context.original_exception
        if context.is_disconnect or is_unavailable(error):
            return unavailable(error, url)
        return None
