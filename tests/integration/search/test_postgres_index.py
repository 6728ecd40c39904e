"""PostgreSQL search's index operations: rebuild, and check with its repair.

The terms are written with the authorities, so an index that fell behind is made
here by hand: one authority's terms deleted (missing), another's saying an older
state (stale), and a third's held while the database is said not to expect it
(extra, since the foreign key would drop the terms of an authority really gone).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from authority.domain import Actor, Authority
from authority.search.model import IndexReport
from authority.service import Register, Services
from authority.storage.database import Database
from authority.storage.search import PostgresSearch
from authority.storage.search import backend as backend_module
from authority.storage.unit_of_work import UnitOfWork
from tests.support import corpus_authorities, truncate


@pytest.fixture
def database(database_url: str, engine: Engine) -> Iterator[Database]:
    truncate(engine)
    database = Database(database_url)
    yield database
    database.close()
    truncate(engine)


@pytest.fixture
def backend(database: Database) -> PostgresSearch:
    return PostgresSearch(database)


@pytest.fixture
def services(database: Database, backend: PostgresSearch) -> Services:
    return Services.over(
        Register(lambda: UnitOfWork(database.sessions), search=backend)
    )


@pytest.fixture
def stored(services: Services) -> list[Authority]:
    """Sixty corpus authorities with headings, stored with their terms."""
    authorities = [a for a in corpus_authorities()[:80] if a.label][:60]
    services.loading.upsert_many(authorities, Actor("test"))
    return list(services.reading.all())


def expected_of(authorities: list[Authority]) -> dict[str, int]:
    return {a.id: a.revision for a in authorities}


def fall_behind(engine: Engine, missing: str, stale: str) -> None:
    """Drop ``missing``'s terms and make ``stale``'s say an older status."""
    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM search_terms WHERE authority_id = :id"), {"id": missing}
        )
        connection.execute(
            text("UPDATE search_terms SET status = 'deleted' WHERE authority_id = :id"),
            {"id": stale},
        )


def test_check_finds_a_missing_a_stale_and_an_extra_authority(
    backend: PostgresSearch, stored: list[Authority], engine: Engine
) -> None:
    assert backend.check(expected_of(stored)).ok
    missing, stale, extra = stored[3], stored[7], stored[11]
    fall_behind(engine, missing.id, stale.id)
    expected = expected_of([a for a in stored if a is not extra])

    report = backend.check(expected)

    assert report.expected == len(stored) - 1
    assert (report.missing, report.stale, report.extra) == (
        [missing.id],
        [stale.id],
        [extra.id],
    )
    assert report.ids_to_repair == [missing.id, stale.id]
    assert missing.id not in backend.lookup(missing.label, ())


def test_index_and_remove_repair_what_check_found(
    backend: PostgresSearch, stored: list[Authority], engine: Engine
) -> None:
    missing, stale, extra = stored[3], stored[7], stored[11]
    fall_behind(engine, missing.id, stale.id)
    expected = expected_of([a for a in stored if a is not extra])
    report = backend.check(expected)

    backend.remove(report.extra)
    backend.index([a for a in stored if a.id in report.ids_to_repair])

    assert backend.check(expected).ok
    assert missing.id in backend.lookup(missing.label, ())
    assert stale.id in backend.lookup(stale.label, ())
    assert extra.id not in backend.lookup(extra.label, ())
    # The database does hold it: against all of it, the removed is now missing.
    assert backend.check(expected_of(stored)).missing == [extra.id]


def test_the_service_repairs_through_the_backend(
    services: Services, stored: list[Authority], engine: Engine
) -> None:
    missing, stale = stored[3], stored[7]
    fall_behind(engine, missing.id, stale.id)

    found = services.index.check(repair=True, batch=1)

    assert (found.missing, found.stale, found.extra) == ([missing.id], [stale.id], [])
    assert services.index.check().ok
    assert missing.id in services.searching.lookup(missing.label)


def test_rebuild_writes_every_authority_in_batches_and_counts_them(
    backend: PostgresSearch,
    stored: list[Authority],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(backend_module, "BATCH", 7)  # 60 = 8 batches of 7 and 4
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM search_terms"))
    assert len(backend.check(expected_of(stored)).missing) == len(stored)

    count = backend.rebuild(a for a in stored)  # a stream, read once

    assert count == len(stored)
    assert backend.check(expected_of(stored)).ok
    assert all(a.id in backend.lookup(a.label, ()) for a in stored[:10])


def test_rebuild_leaves_the_terms_of_authorities_not_given(
    backend: PostgresSearch, stored: list[Authority], engine: Engine
) -> None:
    # A writer's terms are its own transaction's: a rebuild that did not read
    # an authority (created after the stream passed its id) must not drop them.
    assert backend.rebuild(stored[:5]) == 5
    assert backend.check(expected_of(stored)).ok
    assert backend.rebuild([]) == 0


def test_a_repair_keeps_an_authority_created_while_it_checks(
    database: Database, stored: list[Authority]
) -> None:
    latecomer = next(a for a in corpus_authorities()[80:] if a.label)

    class Racing(PostgresSearch):
        """A write commits after the expected ids were read, before the check."""

        def check(self, expected: dict[str, int]) -> IndexReport:
            late.loading.upsert_many([latecomer], Actor("test"))
            return super().check(expected)

    racing = Racing(database)
    late = Services.over(Register(lambda: UnitOfWork(database.sessions), search=racing))

    found = late.index.check(repair=True)

    assert found.extra == [latecomer.id]  # not in the ids read before it was made
    assert latecomer.id in racing.lookup(latecomer.label, ())
    assert late.index.check().ok


def test_terms_without_their_vocabulary_are_stale_and_repaired(
    services: Services, backend: PostgresSearch, engine: Engine
) -> None:
    humord = next(a for a in corpus_authorities() if a.id == "HUME28807")
    services.loading.upsert_many([humord], Actor("test"))
    with engine.begin() as connection:  # as the terms of a register before 0005
        connection.execute(text("UPDATE search_terms SET vocabulary = NULL"))

    found = services.index.check(repair=True)

    assert found.stale == ["HUME28807"]
    assert services.index.check().ok
    with engine.connect() as connection:
        terms = connection.scalars(text("SELECT DISTINCT vocabulary FROM search_terms"))
        assert list(terms) == ["humord"]
