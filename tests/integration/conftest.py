"""Fixtures on the real database: isolated services and committed ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from authority.service import AuthorityService
from authority.storage.unit_of_work import UnitOfWork
from tests.support import truncate


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions inside one outer transaction that is rolled back after the test.

    The service's own commits become savepoint releases (pytest-invenio's recipe), so
    tests see exactly what the service does without leaving anything behind.
    """
    connection = engine.connect()
    outer = connection.begin()
    yield sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
    )
    outer.rollback()
    connection.close()


@pytest.fixture
def service(sessions: sessionmaker[Session]) -> AuthorityService:
    """A service whose writes vanish after the test."""
    return AuthorityService(lambda: UnitOfWork(sessions))


@pytest.fixture
def committed_service(engine: Engine) -> Iterator[AuthorityService]:
    """A service that really commits (for concurrency tests); tables emptied after."""
    truncate(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    yield AuthorityService(lambda: UnitOfWork(sessions))
    truncate(engine)
