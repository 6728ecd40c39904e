"""The vocabulary columns: every write path sets them, and a set can page by id.

``authorities.vocabulary`` and ``search_terms.vocabulary`` say what
``domain/vocabularies.vocabulary`` says of the stored record, whichever path
wrote it: a cataloguer's create and edit (one by one), a load's batch (COPY), and
an index rebuild (the terms written again).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from authority.domain import Actor, Authority, Field, Kind, Status, Subfield
from authority.service import Services
from authority.storage.bulk import BulkRepository
from authority.storage.repository import AuthorityRepository

ACTOR = Actor("kari", "NO-TrBIB")


def topic(authority_id: str, label: str, code: str | None) -> Authority:
    source = [Subfield("a", "NO-TrBIB")]
    if code is not None:
        source.append(Subfield("f", code))
    fields = (
        Field("040", " ", " ", tuple(source)),
        Field("150", " ", " ", (Subfield("a", label),)),
    )
    return Authority(authority_id, Kind.TOPIC, fields)


def columns(sessions: sessionmaker[Session], authority_id: str) -> set[str | None]:
    """The vocabulary of the authority row and of each of its search terms."""
    with sessions() as session:
        found = session.scalars(
            text(
                "SELECT vocabulary FROM authorities WHERE id = :id UNION ALL "
                "SELECT vocabulary FROM search_terms WHERE authority_id = :id"
            ),
            {"id": authority_id},
        ).all()
    assert len(found) >= 2, f"{authority_id}: no row or no terms"
    return set(found)


def test_one_by_one_create_and_edit_set_the_vocabulary(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    created = services.cataloguing.create(
        topic("HUME90001", "Fjellvandring", " HUMORD "), ACTOR
    )
    assert columns(sessions, "HUME90001") == {"humord"}

    edited = topic("HUME90001", "Fjellvandring", "noraf")  # the name register's
    services.cataloguing.update(edited, created.revision, ACTOR)
    assert columns(sessions, "HUME90001") == {None}


def test_a_loaded_batch_sets_the_vocabulary(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    batch = [
        topic("REAL90001", "Kvantemekanikk", "noubomn"),
        topic("REAL90002", "Uten kode", None),
        topic("REAL90003", "Jus", "noubojur"),
    ]
    services.loading.upsert_many(batch, ACTOR)
    assert columns(sessions, "REAL90001") == {"noubomn"}
    assert columns(sessions, "REAL90002") == {None}
    assert columns(sessions, "REAL90003") == {"noubojur"}

    # A batch that replaces a record writes its new vocabulary.
    services.loading.upsert_many(
        [replace(topic("REAL90001", "Kvantemekanikk", "tekord"), revision=1)], ACTOR
    )
    assert columns(sessions, "REAL90001") == {"tekord"}


def test_terms_written_again_keep_the_vocabulary(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    services.loading.upsert_many([topic("HUME90002", "Seiling", "humord")], ACTOR)
    with sessions.begin() as session:
        session.execute(text("UPDATE search_terms SET vocabulary = NULL"))
    with sessions.begin() as session:
        stored = AuthorityRepository(session).get("HUME90002")
        assert stored is not None
        BulkRepository(session).rewrite_search_terms([stored])
    assert columns(sessions, "HUME90002") == {"humord"}


def test_ids_by_vocabulary_pages_in_id_order_whatever_the_status(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    batch = [topic(f"HUME9{n:04}", f"Emne {n}", "humord") for n in range(5)]
    batch.append(topic("REAL90009", "Annet", "noubomn"))
    batch[2] = replace(batch[2], status=Status.DELETED)
    services.loading.upsert_many(batch, ACTOR)
    with sessions() as session:
        repository = AuthorityRepository(session)
        first = repository.ids_by_vocabulary("humord", limit=3)
        rest = repository.ids_by_vocabulary("humord", after=first[-1], limit=3)
        other = repository.ids_by_vocabulary("noubomn")
    assert first == ["HUME90000", "HUME90001", "HUME90002"]
    assert rest == ["HUME90003", "HUME90004"]
    assert other == ["REAL90009"]
