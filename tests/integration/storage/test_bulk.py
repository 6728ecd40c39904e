"""The bulk path (``loading.upsert_many``): the same results as one record at a time.

Every row the one-by-one path writes — the authority, identifiers, redirect, history
and change log — the batch writes too; each record's own refusal costs only itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine

from authority.domain import (
    Actor,
    Authority,
    Field,
    Kind,
    Provenance,
    Status,
    Subfield,
)
from authority.errors import DuplicateIdentifierError, ValidationError
from authority.service import Outcome, Services
from tests.support import corpus_authorities, table_rows, truncate

LOADER = Actor("load:test")


def person(authority_id: str, name: str, *extra: Field) -> Authority:
    heading = Field("100", "1", " ", (Subfield("a", name),))
    return Authority(authority_id, Kind.PERSON, (heading, *extra))


def autid(value: str) -> Field:
    return Field("024", "7", " ", (Subfield("a", value), Subfield("2", "NO-TrBIB")))


def merged(authority_id: str, into: str) -> Authority:
    return replace(
        person(authority_id, f"Merged {authority_id}"),
        status=Status.MERGED,
        merged_into=into,
    )


def test_a_batch_of_the_corpus_is_stored_as_one_by_one_would(
    services: Services,
) -> None:
    authorities = [a for a in corpus_authorities() if a.id][:600]

    results = services.loading.upsert_many(authorities, LOADER)

    assert results == [Outcome.CREATED] * len(authorities)
    for authority in authorities[::37]:
        stored = services.reading.find(authority.id)
        assert stored is not None
        assert stored.fields == authority.fields
        assert (stored.kind, stored.status, stored.revision) == (
            authority.kind,
            authority.status,
            1,
        )
        assert stored.merged_into == authority.merged_into
        [revision] = services.reading.history(authority.id)
        assert (revision.action, revision.actor) == ("create", LOADER)
    changes = services.reading.changes(limit=10_000)
    assert [c.seq for c in changes] == list(range(1, len(authorities) + 1))
    assert {c.authority_id for c in changes} == {a.id for a in authorities}


def test_a_second_batch_of_the_same_records_changes_nothing(
    services: Services,
) -> None:
    authorities = [a for a in corpus_authorities() if a.id][:200]
    services.loading.upsert_many(authorities, LOADER)
    before = len(services.reading.changes(limit=10_000))

    again = services.loading.upsert_many(authorities, LOADER)

    assert again == [Outcome.UNCHANGED] * len(authorities)
    assert len(services.reading.changes(limit=10_000)) == before


def test_a_changed_record_gets_a_new_revision_and_keeps_its_creation_date(
    services: Services,
) -> None:
    first = person("90000001", "Hamsun, Knut")
    services.loading.upsert_many([first, person("90000002", "Undset, Sigrid")], LOADER)
    created = services.reading.get("90000001").provenance.created

    edited = person("90000001", "Hamsun, Knut, 1859-1952")
    results = services.loading.upsert_many(
        [edited, person("90000002", "Undset, Sigrid")], LOADER
    )

    assert results == [Outcome.UPDATED, Outcome.UNCHANGED]
    stored = services.reading.get("90000001")
    assert (stored.revision, stored.label) == (2, "Hamsun, Knut, 1859-1952")
    assert stored.provenance.created == created
    assert [r.action for r in services.reading.history("90000001")] == [
        "create",
        "update",
    ]


def test_each_refusal_costs_only_its_own_record(services: Services) -> None:
    services.cataloguing.create(
        person("90000010", "Holder", autid("x90000010")), LOADER
    )
    batch = [
        person("90000011", "Fine"),
        Authority("90000012", Kind.PERSON, ()),  # no heading
        person("90000013", "Takes a held x-autid", autid("x90000010")),
        person("90000014", "Claims first", autid("x90000014")),
        person("90000015", "Claims second", autid("x90000014")),
        merged("90000016", "90000017"),  # survivor not stored yet: allowed
        merged("90000017", "90000016"),  # and back: a cycle
    ]

    results = services.loading.upsert_many(batch, LOADER)

    assert results[0] is Outcome.CREATED
    assert isinstance(results[1], ValidationError)
    assert isinstance(results[2], DuplicateIdentifierError)
    assert results[2].holder == "90000010"
    assert results[3] is Outcome.CREATED
    assert isinstance(results[4], DuplicateIdentifierError)
    assert results[4].holder == "90000014"
    assert results[5] is Outcome.CREATED
    assert isinstance(results[6], ValidationError)
    assert "merge cycle: 90000017 -> 90000016 -> 90000017" in str(results[6])
    for refused in ("90000012", "90000013", "90000015", "90000017"):
        assert services.reading.find(refused) is None
    assert services.reading.find("90000016").merged_into == "90000017"


def test_an_identifier_moves_between_records_of_one_batch(
    services: Services,
) -> None:
    services.loading.upsert_many(
        [person("90000020", "Was holder", autid("x90000020"))], LOADER
    )

    taker = person("90000021", "Takes", autid("x90000020"))
    results = services.loading.upsert_many(
        [person("90000020", "Lets go"), taker], LOADER
    )

    assert results == [Outcome.UPDATED, Outcome.CREATED]


def test_records_without_an_id_go_one_by_one_under_minted_ids(
    services: Services,
) -> None:
    results = services.loading.upsert_many(
        [person("", "Foreign record"), person("90000030", "Own id")], LOADER
    )

    assert results == [Outcome.CREATED, Outcome.CREATED]
    assert services.reading.find("90000030") is not None
    assert services.reading.count() == 2


def test_the_bulk_rows_equal_the_one_by_one_rows(
    committed_services: Services, engine: Engine
) -> None:
    authorities = [a for a in corpus_authorities() if a.id][:300]
    for authority in authorities:
        committed_services.loading.upsert_from_source(authority, LOADER)
    one_by_one = _rows(engine)
    truncate(engine)

    committed_services.loading.upsert_many(authorities, LOADER)

    assert _rows(engine) == one_by_one
    dated = [a for a in authorities if a.provenance.created and a.provenance.modified]
    assert len(dated) > 200
    for authority in dated:
        stored = committed_services.reading.find(authority.id)
        assert stored is not None and stored.provenance == authority.provenance


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row both paths write, but the clock's (stamped dates, recorded)."""
    queries = {
        "authorities": "SELECT id, kind, status, quality, content, content_hash, "
        "heading, sort_key, origin, revision FROM authorities "
        "ORDER BY id",
        "identifiers": "SELECT authority_id, scheme, value, original, is_unique "
        "FROM authority_identifiers ORDER BY 1, 2, 3",
        "redirects": "SELECT from_id, to_id FROM authority_redirects ORDER BY 1",
        "search terms": "SELECT authority_id, position, form, label, key, sort_key, "
        "kind, status, quality, heading, disambiguation, nationalities, modified "
        "FROM search_terms ORDER BY 1, 2",
        "revisions": "SELECT authority_id, revision, action, kind, status, "
        "merged_into, quality, content, origin, actor "
        "FROM authority_revisions ORDER BY 1, 2",
        "changes": "SELECT seq, authority_id, revision, action, actor "
        "FROM change_log ORDER BY seq",
    }
    return table_rows(engine, queries)


def test_an_older_version_never_replaces_a_newer_one(services: Services) -> None:
    newer = _dated(person("90000040", "Hamsun, Knut, 1859-1952"), 2020)
    older = _dated(person("90000040", "Hamsun, Knut"), 2010)
    tie = _dated(person("90000040", "Hamsun, K."), 2020)
    services.loading.upsert_many([newer], LOADER)

    assert services.loading.upsert_many([older], LOADER) == [Outcome.UNCHANGED]
    assert services.loading.upsert_from_source(older, LOADER)[0] is Outcome.UNCHANGED
    assert services.reading.get("90000040").label == "Hamsun, Knut, 1859-1952"
    assert services.loading.upsert_many([tie], LOADER) == [
        Outcome.UPDATED
    ]  # equal: replaces


def _dated(authority: Authority, year: int) -> Authority:
    moment = datetime(year, 1, 1, tzinfo=UTC)
    return replace(authority, provenance=Provenance("test", moment, moment))
