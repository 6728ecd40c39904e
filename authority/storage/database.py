"""The database connection: a configured server, or the embedded default."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from authority.errors import ConfigurationError, DatabaseUnavailableError
from authority.storage import migrate
from authority.storage.embedded import EmbeddedPostgres, sqlalchemy_url
from authority.storage.faults import translate_unavailable

DEFAULT_DATA_DIR = "authority-data"
CONNECT_ARGS = {"connect_timeout": 5}
"""Seconds to wait for a server to accept a connection before calling it down."""


class Database:
    """An engine and session factory, plus the embedded server when we started one."""

    def __init__(
        self, url: str, embedded: EmbeddedPostgres | None = None, echo: bool = False
    ) -> None:
        self.url = url
        self.embedded = embedded
        # libpq waits for ever for a host that does not answer: a request would
        # hang instead of getting its 503 (a URL's own connect_timeout wins).
        connect_args = {} if "connect_timeout" in url else CONNECT_ARGS
        self.engine: Engine = create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            connect_args=connect_args,
        )
        self.sessions: sessionmaker[Session] = sessionmaker(
            self.engine, expire_on_commit=False
        )
        # The read API's reads are one or two statements and need no transaction:
        # connections of their own in autocommit save the BEGIN and ROLLBACK round
        # trips of every GET (switching a shared connection's mode costs more).
        self.read_engine: Engine = create_engine(
            url,
            echo=echo,
            isolation_level="AUTOCOMMIT",
            pool_pre_ping=True,
            pool_reset_on_return=None,  # autocommit: nothing to roll back
            pool_size=10,
            max_overflow=20,
            connect_args=connect_args,
        )
        self.read_sessions: sessionmaker[Session] = sessionmaker(
            self.read_engine, expire_on_commit=False
        )
        # A server that goes away (and comes back) is one domain error, never a
        # 500: pre-ping drops the pool's dead connections once it is back.
        translate_unavailable(self.engine)
        translate_unavailable(self.read_engine)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Database:
        """Connect to ``DATABASE_URL``, or start the embedded server in ``DATA_DIR``."""
        url = config.get("DATABASE_URL")
        if url:
            database = cls(sqlalchemy_url(url), echo=bool(config.get("SQL_ECHO")))
        else:
            embedded = EmbeddedPostgres(data_dir(config))
            database = cls(
                embedded.start(), embedded, echo=bool(config.get("SQL_ECHO"))
            )
        database.check_reachable()
        return database

    def check_reachable(self) -> None:
        """Fail with a one-line error (DatabaseUnavailableError) when it cannot."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def upgrade(self) -> None:
        """Run the migrations to head."""
        migrate.upgrade(self.engine)

    def is_ready(self) -> tuple[bool, str]:
        """(ready?, why) — reachable and migrated to head."""
        try:
            current = migrate.current(self.engine)
        except DatabaseUnavailableError as error:
            return False, str(error)
        except SQLAlchemyError as error:
            return False, f"database unusable: {type(error).__name__}"
        if current not in migrate.heads():
            return False, f"schema at {current}, code expects {migrate.heads()}"
        return True, f"schema at {current}"

    def close(self) -> None:
        """Dispose of the pool and stop the embedded server if we started it."""
        self.engine.dispose()
        self.read_engine.dispose()
        if self.embedded is not None:
            self.embedded.stop()


def data_dir(config: Mapping[str, Any]) -> Path:
    """The data directory: ``DATA_DIR``, else ``./authority-data``."""
    configured = config.get("DATA_DIR") or DEFAULT_DATA_DIR
    path = Path(configured).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise ConfigurationError(f"data dir {path} exists and is not a directory")
    return path
