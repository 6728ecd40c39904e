"""The Flask extension that holds the services of an app: its database and services.

Flask's extension shape: :class:`AuthorityExtension` is made once (``extension``),
``create_app`` calls ``extension.init_app(app)``, and that puts the app's
:class:`Runtime` in ``app.extensions["authority"]``, where :func:`runtime` and
:func:`services` find it. Building the services opens connections (and may start the
embedded PostgreSQL), so it never happens at import time or in ``init_app``; the
first request or CLI command that needs them does it, and ``Runtime.close`` undoes it.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from authority.search import SearchBackend
from authority.service import LoadingService, Register, Services
from authority.service.tokens import TokenService
from authority.storage.database import Database, data_dir
from authority.storage.embedded import EmbeddedPostgres
from authority.storage.search import PostgresSearch
from authority.storage.unit_of_work import UnitOfWork

EXTENSION = "authority"
"""The key of an app's :class:`Runtime` in ``app.extensions``."""
SECRET_FILE = "secret_key"  # noqa: S105 (a file name)
"""The generated session key's file in the data directory (:func:`local_secret`)."""


class AuthorityExtension:
    """Gives each app it is initialised on its own :class:`Runtime` (built lazily)."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Attach a runtime over ``app.config``; nothing is connected yet."""
        app.extensions[EXTENSION] = Runtime(app.config)


class Runtime:
    """The lazily built database connection and services of one app."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._database: Database | None = None
        self._services: Services | None = None

    @property
    def database(self) -> Database:
        """Connect (or start the embedded server) on first use."""
        with self._lock:
            if self._database is None:
                self._database = Database.from_config(self._config)
            return self._database

    @property
    def services(self) -> Services:
        """The services over :attr:`database`, built once."""
        if self._services is None:
            sessions = self.database.sessions
            read_sessions = self.database.read_sessions
            register = Register(
                lambda: UnitOfWork(sessions),
                short_reads=lambda: UnitOfWork(read_sessions),
                search=search_backend(self._config, self.database),
            )
            self._services = Services.over(register)
        return self._services

    @property
    def has_database(self) -> bool:
        """True when there is a database to connect to, without creating one.

        A configured server is one; the embedded default is one once its data
        directory holds a server (connecting would create one).
        """
        if self._config.get("DATABASE_URL") or self._database is not None:
            return True
        return EmbeddedPostgres.exists(data_dir(self._config))

    @property
    def rehearsal(self) -> LoadingService:
        """Loading whose writes are rolled back: a load's dry run, told all but done.

        Every write goes the whole way (ids minted, batches copied, the database's
        checks run) inside a transaction that is then rolled back, so a dry run
        meets the errors and counts the outcomes of the real run. No search index
        is told anything.
        """
        sessions = self.database.sessions
        read_sessions = self.database.read_sessions
        return LoadingService(
            Register(
                lambda: UnitOfWork(sessions, rehearsal=True),
                short_reads=lambda: UnitOfWork(read_sessions),
            )
        )

    @property
    def tokens(self) -> TokenService:
        """The token service over :attr:`database`."""
        return self.services.tokens

    @property
    def started(self) -> bool:
        """True once the database has been connected."""
        return self._database is not None

    def close(self) -> None:
        """Release connections and stop the embedded server if we started it."""
        with self._lock:
            if self._database is not None:
                self._database.close()
                self._database = None
                self._services = None


def search_backend(config: Mapping[str, Any], database: Database) -> SearchBackend:
    """OpenSearch when ``OPENSEARCH_URL`` is set, else search in PostgreSQL."""
    if config.get("OPENSEARCH_URL"):
        from authority.search.opensearch import OpenSearchBackend

        return OpenSearchBackend(
            config["OPENSEARCH_URL"], config.get("SEARCH_INDEX_PREFIX") or ""
        )
    return PostgresSearch(database)


def dump_dir(config: Mapping[str, Any]) -> Path:
    """Where ``authority dump`` writes and ``/dumps`` serves.

    ``DUMP_DIR``, else ``DATA_DIR/dumps``.
    """
    configured = config.get("DUMP_DIR")
    if configured:
        return Path(configured).expanduser().absolute()
    return data_dir(config) / "dumps"


def local_secret(config: Mapping[str, Any]) -> str:
    """A session-signing key kept in the data directory, made on first use.

    For an embedded deployment that sets no ``SECRET_KEY``: sessions survive a
    restart and every worker signs alike. The file is readable by its owner only.
    """
    folder = data_dir(config)
    path = folder / SECRET_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _create_once(path, secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def _create_once(path: Path, text: str) -> None:
    """Write ``path`` whole, unless another worker already has: then keep theirs.

    The key is written to a temporary file first and linked into place, so a reader
    never sees an empty or half-written key, and of two workers racing here the
    first link wins and the other reads that key back (``os.link`` refuses to
    replace an existing file).
    """
    with tempfile.NamedTemporaryFile(
        "w", encoding="ascii", dir=path.parent, prefix=".secret-", delete=False
    ) as written:
        written.write(text)  # NamedTemporaryFile is made with mode 0600
    try:
        os.link(written.name, path)
    except FileExistsError:
        pass  # another worker made it first: every worker uses that one
    finally:
        os.unlink(written.name)


extension = AuthorityExtension()
"""The one extension object; ``create_app`` initialises every app with it."""


def runtime(app: Flask | None = None) -> Runtime:
    """The runtime of ``app`` (default: the current app)."""
    target = app if app is not None else current_app
    found: Runtime = target.extensions[EXTENSION]
    return found


def services() -> Services:
    """The services of the current app."""
    return runtime().services
