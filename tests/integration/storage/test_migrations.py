"""The migrations are the schema: one head, reversible, and equal to the models."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from authority.storage import migrate
from authority.storage.models import Base
from tests.conftest import make_database


@pytest.fixture
def scratch_engine(admin_url: str) -> Iterator[Engine]:
    """An empty database of its own, so downgrading does not disturb other tests."""
    engine = create_engine(make_database(admin_url, "authority_migrations"))
    migrate.downgrade(engine, "base") if migrate.current(engine) else None
    yield engine
    engine.dispose()


def test_single_head() -> None:
    assert len(migrate.heads()) == 1


def test_upgrade_downgrade_upgrade(scratch_engine: Engine) -> None:
    migrate.upgrade(scratch_engine)
    assert migrate.is_current(scratch_engine)
    migrate.downgrade(scratch_engine, "base")
    assert migrate.current(scratch_engine) is None
    assert set(inspect(scratch_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(scratch_engine)
    assert migrate.is_current(scratch_engine)


def test_models_match_migrations(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_extensions_and_counter_exist(engine: Engine) -> None:
    with engine.connect() as connection:
        extensions = set(connection.scalars(text("SELECT extname FROM pg_extension")))
        counter = connection.scalar(
            text("SELECT count(*) FROM counters WHERE name = 'change_log'")
        )
    assert {"pg_trgm", "unaccent"} <= extensions
    assert counter == 1
