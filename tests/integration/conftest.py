"""Fixtures on the real database: isolated services and committed ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from authority.service import Register, Services
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
def services(sessions: sessionmaker[Session]) -> Services:
    """Services whose writes vanish after the test."""
    return Services.over(Register(lambda: UnitOfWork(sessions)))


@pytest.fixture
def committed_services(engine: Engine) -> Iterator[Services]:
    """Services that really commit (for concurrency tests); tables emptied after."""
    truncate(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    yield Services.over(Register(lambda: UnitOfWork(sessions)))
    truncate(engine)
