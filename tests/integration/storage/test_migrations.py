"""The migrations are the schema: one head, reversible, and equal to the models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.orm import sessionmaker

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.domain.vocabularies import vocabulary
from authority.service import Register, Services
from authority.storage import migrate
from authority.storage.models import Base
from authority.storage.unit_of_work import UnitOfWork
from tests.conftest import make_database
from tests.support import corpus_authorities


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


CODES = [
    None,  # no 040 at all
    [],  # a 040 without $f: the next 040's $f (realfagstermer) is the first
    ["humord"],
    [" NouBoMN\t"],  # trimmed and lowered as the domain does
    ["noraf"],  # the name register's own code
    ["bare"],
    ["  "],  # empty once trimmed: no vocabulary
    ["", "humord"],  # the first $f decides, even empty
    ["tekord", "humord"],
    ["LCGFT\x1f"],  # ASCII whitespace that SQL's btrim would keep by default
    ["\u00a0İstanbul\u3000"],  # Unicode whitespace and case: Python's answer
    ["ÅRSTID"],
]


def _backfill_authority(number: int, codes: list[str] | None) -> Authority:
    fields = [Field("150", " ", " ", (Subfield("a", f"Emne {number}"),))]
    if codes is not None:
        source = [Subfield("a", "NO-TrBIB"), *(Subfield("f", c) for c in codes)]
        fields.insert(0, Field("040", " ", " ", tuple(source)))
        # A second 040 after the first: only the first one's $f counts.
        fields.append(Field("040", " ", " ", (Subfield("f", "realfagstermer"),)))
    return Authority(f"V{number:03}", Kind.TOPIC, tuple(fields))


def test_0005_backfills_the_vocabulary_as_the_domain_says(
    scratch_engine: Engine,
) -> None:
    migrate.upgrade(scratch_engine, "0004")
    authorities = [_backfill_authority(n, c) for n, c in enumerate(CODES)]
    with scratch_engine.begin() as connection:
        for a in authorities:
            connection.execute(
                text(
                    "INSERT INTO authorities (id, kind, status, content, "
                    "content_hash, heading, sort_key, revision) VALUES (:id, "
                    "'topic', 'active', CAST(:content AS jsonb), 'h', :label, "
                    ":label, 1)"
                ),
                {"id": a.id, "content": a.content_json, "label": a.label},
            )
            connection.execute(
                text(
                    "INSERT INTO search_terms (authority_id, position, form, label, "
                    "key, sort_key, kind, status, heading, nationalities) VALUES "
                    "(:id, 0, 'heading', :label, :label, :label, 'topic', "
                    "'active', :label, '{}')"
                ),
                {"id": a.id, "label": a.label},
            )

    migrate.upgrade(scratch_engine)

    with scratch_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.id, a.vocabulary, t.vocabulary AS term FROM authorities a "
                "JOIN search_terms t ON t.authority_id = a.id ORDER BY a.id"
            )
        ).all()
    expected = [(a.id, vocabulary(a), vocabulary(a)) for a in authorities]
    assert [tuple(r) for r in rows] == expected
    assert [v for _, v, _ in expected].count(None) == 5  # the cases above say so
    assert "i̇stanbul" in {v for _, v, _ in expected}


JOINED = text(
    # What the feed read before 0007: each change joined with the revision it
    # wrote and the one before it.
    "SELECT c.seq, r.status, r.merged_into, p.status FROM change_log c "
    "JOIN authority_revisions r "
    "ON r.authority_id = c.authority_id AND r.revision = c.revision "
    "LEFT JOIN authority_revisions p "
    "ON p.authority_id = c.authority_id AND p.revision = c.revision - 1 "
    "ORDER BY c.seq"
)
KEPT = text(
    "SELECT seq, status, merged_into, status_before FROM change_log ORDER BY seq"
)


def _write_every_kind_of_change(services: Services) -> None:
    """Loads (the batch path, new and changed) and every one-by-one write."""
    corpus = [a for a in corpus_authorities() if a.kind is Kind.PERSON][:40]
    loaded = services.loading.upsert_many(corpus[:30], Actor("load"))
    assert not [r for r in loaded if isinstance(r, Exception)]
    actor = Actor("kari.nordmann", "UiO")
    made = [services.cataloguing.create(a, actor) for a in corpus[30:]]
    first, second, third, fourth = (services.reading.get(a.id) for a in corpus[:4])
    services.cataloguing.update(first, first.revision, actor)
    services.cataloguing.delete(second.id, None, actor)
    services.cataloguing.restore(second.id, actor)
    services.cataloguing.delete(second.id, None, actor)
    services.cataloguing.merge(third.id, fourth.id, actor)
    services.cataloguing.revert(first.id, 1, actor, admin=True)
    services.cataloguing.delete(made[0].id, None, actor)
    # A reload that changes records: the batch path writes later revisions, one
    # of them of a deleted authority.
    changed = [
        replace(a, fields=(*a.fields, Field("667", " ", " ", (Subfield("a", "x"),))))
        for a in (corpus[0], corpus[1], *corpus[4:8])
    ]
    reloaded = services.loading.upsert_many(changed, Actor("load"))
    assert not [r for r in reloaded if isinstance(r, Exception)]


def test_0007_keeps_in_the_change_log_what_the_join_gave(
    scratch_engine: Engine,
) -> None:
    """Writers (one by one and in batches) store what the feed used to join, and
    the backfill gives the same for a log written before the migration."""
    migrate.upgrade(scratch_engine)
    sessions = sessionmaker(scratch_engine, expire_on_commit=False)
    services = Services.over(Register(lambda: UnitOfWork(sessions)))
    _write_every_kind_of_change(services)
    with scratch_engine.connect() as connection:
        joined = [tuple(r) for r in connection.execute(JOINED)]
        written = [tuple(r) for r in connection.execute(KEPT)]
    published = services.feed.entries(0, services.feed.head(), 10_000)
    assert written == joined
    assert len(joined) == services.feed.head() > 50
    statuses = {(s, b) for _, s, _, b in joined}
    assert {("active", None), ("active", "active"), ("deleted", "active")} <= statuses
    assert {("active", "deleted"), ("merged", "active")} <= statuses
    assert any(m for _, _, m, _ in joined)  # a survivor

    migrate.downgrade(scratch_engine, "0006")  # the log as it was: no such columns
    migrate.upgrade(scratch_engine)  # the backfill
    with scratch_engine.connect() as connection:
        assert [tuple(r) for r in connection.execute(KEPT)] == joined
    assert services.feed.entries(0, services.feed.head(), 10_000) == published
