"""The store: revisions, history, redirects, identifiers, minted ids, the change log."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from authority.domain import Actor, Authority, Field, Kind, Status, Subfield
from authority.domain.ids import MINTED_ID_START
from authority.errors import (
    DeletedError,
    DuplicateIdentifierError,
    DuplicateIdError,
    MergedError,
    NotFoundError,
    RevisionMismatchError,
    ValidationError,
)
from authority.service import Outcome, Services
from authority.storage.unit_of_work import UnitOfWork

CATALOGUER = Actor("kari", "NO-TrBIB")


def person(authority_id: str, name: str, *extra: Field) -> Authority:
    heading = Field("100", "1", " ", (Subfield("a", name),))
    return Authority(authority_id, Kind.PERSON, (heading, *extra))


def autid_field(value: str) -> Field:
    return Field("024", "7", " ", (Subfield("a", value), Subfield("2", "NO-TrBIB")))


def test_create_stores_revision_one_with_history_and_change(
    services: Services,
) -> None:
    stored = services.cataloguing.create(
        person("90517730", "Moser, May-Britt"), CATALOGUER
    )

    assert stored.revision == 1
    assert services.reading.get("90517730").label == "Moser, May-Britt"
    [revision] = services.reading.history("90517730")
    assert (revision.action, revision.actor) == ("create", CATALOGUER)
    [change] = services.reading.changes()
    assert (change.authority_id, change.revision, change.action) == (
        "90517730",
        1,
        "create",
    )


def test_update_increments_revision_and_keeps_every_revision(
    services: Services,
) -> None:
    first = services.cataloguing.create(
        person("5093806", "Nilsen, Kurt Eirik"), CATALOGUER
    )
    second = services.cataloguing.update(
        first.with_heading(
            first.heading.__class__("100", "1", " ", (Subfield("a", "Nilsen, Kurt"),))
        ),
        1,
        CATALOGUER,
    )  # type: ignore[union-attr]
    third = services.cataloguing.update(second, 2, CATALOGUER)

    assert [first.revision, second.revision, third.revision] == [1, 2, 3]
    history = services.reading.history("5093806")
    assert [r.authority.revision for r in history] == [1, 2, 3]
    assert history[0].authority.label == "Nilsen, Kurt Eirik"
    assert history[2].authority.label == "Nilsen, Kurt"
    assert [c.seq for c in services.reading.changes()] == [1, 2, 3]


def test_stale_revision_is_refused(services: Services) -> None:
    services.cataloguing.create(person("3055930", "Nilsen, Eirik"), CATALOGUER)
    services.cataloguing.update(person("3055930", "Nilsen, Eirik"), 1, CATALOGUER)

    with pytest.raises(RevisionMismatchError) as caught:
        services.cataloguing.update(person("3055930", "Nilsen, E."), 1, CATALOGUER)
    assert caught.value.current == 2
    assert services.reading.get("3055930").label == "Nilsen, Eirik"


def test_legacy_ids_are_kept_exactly(services: Services) -> None:
    for legacy_id in ("5093806", "90517730", "1560455410566", "NTUB00001"):
        kind_fields = (Field("150", " ", " ", (Subfield("a", "Betong"),)),)
        authority = (
            Authority(legacy_id, Kind.TOPIC, kind_fields)
            if legacy_id.startswith("NTUB")
            else person(legacy_id, "X, Y")
        )
        services.cataloguing.create(authority, CATALOGUER)
        assert services.reading.get(legacy_id).id == legacy_id


def test_duplicate_id_is_refused(services: Services) -> None:
    services.cataloguing.create(person("13047823", "Nilsen, Eirik Wojtko"), CATALOGUER)
    with pytest.raises(DuplicateIdError):
        services.cataloguing.create(person("13047823", "Someone else"), CATALOGUER)


def test_minted_ids_are_numeric_and_above_every_legacy_id(
    services: Services,
) -> None:
    legacy = ["90517730", "1560455410566", "9999999999999"]
    for legacy_id in legacy:
        services.cataloguing.create(person(legacy_id, "Legacy, Person"), CATALOGUER)
    minted = [
        services.cataloguing.create(person("", f"New, Person {i}"), CATALOGUER).id
        for i in range(20)
    ]

    assert all(m.isdigit() for m in minted)
    assert len(set(minted)) == 20
    assert min(int(m) for m in minted) >= MINTED_ID_START > max(int(x) for x in legacy)
    assert not set(minted) & set(legacy)


def test_minting_skips_an_id_already_taken(services: Services) -> None:
    probe = services.cataloguing.create(person("", "Probe"), CATALOGUER)
    taken = str(int(probe.id) + 1)  # e.g. an id restored from an export of ours
    services.cataloguing.create(person(taken, "Restored"), CATALOGUER)

    minted = services.cataloguing.create(person("", "After restore"), CATALOGUER)
    assert minted.id not in {probe.id, taken}


def test_unique_identifier_schemes_refuse_a_second_holder(
    services: Services,
) -> None:
    services.cataloguing.create(
        person("90053126", "Rilke, Rainer Maria", autid_field("x90053126")), CATALOGUER
    )
    with pytest.raises(DuplicateIdentifierError) as caught:
        services.cataloguing.create(
            person("90053127", "Rilke, R.M.", autid_field("x90053126")), CATALOGUER
        )
    assert caught.value.holder == "90053126"
    with pytest.raises(NotFoundError):
        services.reading.get("90053127")  # nothing half-written


def test_non_unique_identifiers_may_be_shared(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    viaf = Field(
        "024",
        "7",
        " ",
        (Subfield("a", "http://viaf.org/viaf/46897170"), Subfield("2", "viaf")),
    )
    services.cataloguing.create(person("1", "A", viaf), CATALOGUER)
    services.cataloguing.create(
        person("2", "B", viaf), CATALOGUER
    )  # legacy duplicates exist

    for authority_id in ("1", "2"):
        held = services.reading.get(authority_id).identifiers
        assert [(i.scheme, i.value) for i in held] == [("viaf", "46897170")]
    with UnitOfWork(sessions) as uow:
        assert sorted(uow.authorities.ids_by_identifier("viaf", "46897170")) == [
            "1",
            "2",
        ]


def test_merged_record_redirects_and_deleted_is_gone(services: Services) -> None:
    services.cataloguing.create(person("90000001", "Survivor"), CATALOGUER)
    loser = replace(
        person("90000002", "Loser"), status=Status.MERGED, merged_into="90000001"
    )
    services.cataloguing.create(loser, CATALOGUER)
    services.cataloguing.create(
        replace(person("90000003", "Gone"), status=Status.DELETED), CATALOGUER
    )

    with pytest.raises(MergedError) as merged:
        services.reading.get("90000002")
    assert merged.value.target_id == "90000001"
    with pytest.raises(DeletedError):
        services.reading.get("90000003")
    assert services.reading.find("90000002").merged_into == "90000001"  # type: ignore[union-attr]


def test_validation_reports_every_problem(services: Services) -> None:
    bad = Authority(
        "not an id", Kind.PERSON, (Field("400", "1", " ", (Subfield("a", "X"),)),)
    )
    with pytest.raises(ValidationError) as caught:
        services.cataloguing.create(bad, CATALOGUER)
    assert {p.where for p in caught.value.problems} == {"id", "1XX"}


def test_upsert_is_idempotent(services: Services) -> None:
    record = person("90294124", "Åsen, Per Arvid")
    assert services.loading.upsert_from_source(record, CATALOGUER)[0] is Outcome.CREATED
    assert (
        services.loading.upsert_from_source(record, CATALOGUER)[0] is Outcome.UNCHANGED
    )
    changed = person(
        "90294124", "Åsen, Per Arvid", Field("375", " ", " ", (Subfield("a", "m"),))
    )
    outcome, stored = services.loading.upsert_from_source(changed, CATALOGUER)

    assert (outcome, stored.revision) == (Outcome.UPDATED, 2)
    assert len(services.reading.changes()) == 2


def test_lossless_content_survives_the_store(services: Services) -> None:
    odd = (
        Field("008", data="110113n| adz|naabn|         |a|ana|     "),
        Field(
            "110",
            "2",
            " ",
            (Subfield("a", "United Nations "), Subfield("b", "Working Group ")),
        ),
        Field("999", "9", "z", (Subfield("x", "local ✓"), Subfield("x", "  "))),
        Field("103", " ", " ", (Subfield("a", "Lokal"),)),
    )
    services.cataloguing.create(
        Authority("11008994", Kind.CORPORATE_BODY, odd), CATALOGUER
    )
    assert services.reading.get("11008994").fields == odd


def test_change_log_has_no_gaps_under_concurrent_writers(
    committed_services: Services, engine: Engine
) -> None:
    services = committed_services
    writers, writes_each = 8, 6
    for w in range(writers):
        services.cataloguing.create(person(str(1000 + w), f"Writer {w}"), CATALOGUER)
    failures: list[BaseException] = []
    barrier = threading.Barrier(writers * 2)

    def write(w: int) -> None:
        barrier.wait()
        for i in range(writes_each):
            try:
                services.cataloguing.update(
                    person(str(1000 + w), f"Writer {w} edit {i}"), i + 1, CATALOGUER
                )
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                failures.append(error)

    def fail(w: int) -> None:
        # Writers that take a change-log number and then roll back must leave no gap.
        barrier.wait()
        for _ in range(writes_each):
            with pytest.raises(DuplicateIdError):
                services.cataloguing.create(
                    person(str(1000 + w), "Duplicate"), CATALOGUER
                )

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    threads += [threading.Thread(target=fail, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    expected = writers + writers * writes_each
    with engine.connect() as connection:
        seqs = list(connection.scalars(text("SELECT seq FROM change_log ORDER BY seq")))
        revisions = connection.scalar(text("SELECT count(*) FROM authority_revisions"))
    assert seqs == list(range(1, expected + 1))
    assert revisions == expected


def test_concurrent_updates_of_one_authority_lose_nothing(
    committed_services: Services, engine: Engine
) -> None:
    services = committed_services
    services.cataloguing.create(person("90067942", "Valkeapää, Nils-Aslak"), CATALOGUER)
    results: list[str] = []
    barrier = threading.Barrier(10)

    def edit(i: int) -> None:
        barrier.wait()
        try:
            services.cataloguing.update(
                person("90067942", f"Valkeapää {i}"), 1, CATALOGUER
            )
            results.append("ok")
        except RevisionMismatchError:
            results.append("stale")

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == ["ok"] + ["stale"] * 9
    assert services.reading.get("90067942").revision == 2
    assert [c.seq for c in services.reading.changes()] == [1, 2]


def test_edit_stamps_modified_and_keeps_created(services: Services) -> None:
    created = services.cataloguing.create(
        person("10068102", "Nilsen, Eirik"), CATALOGUER
    )
    edited = services.cataloguing.update(
        replace(created, provenance=replace(created.provenance, created=None)),
        1,
        CATALOGUER,
    )

    assert edited.provenance.created == created.provenance.created
    assert edited.provenance.modified > created.provenance.modified  # type: ignore[operator]


def test_all_pages_through_every_authority_of_a_kind_in_id_order(
    services: Services,
) -> None:
    ids = ["10", "2", "90517730", "5093806", "1560455410566"]
    for authority_id in ids:
        services.cataloguing.create(
            person(authority_id, f"Person {authority_id}"), CATALOGUER
        )
    topic = Field("150", " ", " ", (Subfield("a", "Mugg"),))
    services.cataloguing.create(
        Authority("REAL000011", Kind.TOPIC, (topic,)), CATALOGUER
    )
    services.cataloguing.create(person("777", "Gone, Person"), CATALOGUER)
    services.loading.upsert_from_source(
        replace(services.reading.get("777"), status=Status.DELETED), CATALOGUER
    )

    every = [a.id for a in services.reading.all(batch=2)]
    assert every == sorted([*ids, "REAL000011", "777"])  # keyset order: text order
    persons = [a.id for a in services.reading.all(Kind.PERSON, batch=2)]
    assert persons == sorted([*ids, "777"])
    assert services.reading.count(Kind.PERSON) == 6
    assert services.reading.count(Kind.TOPIC) == 1
    assert (
        next(a for a in services.reading.all() if a.id == "777").status
        is Status.DELETED
    )


def test_a_record_without_id_is_created_under_a_minted_id(
    services: Services,
) -> None:
    outcome, stored = services.loading.upsert_from_source(
        person("", "Foreign, Record"), CATALOGUER
    )

    assert outcome is Outcome.CREATED
    assert int(stored.id) >= MINTED_ID_START
    assert services.reading.get(stored.id).label == "Foreign, Record"


def test_a_foreign_record_loaded_again_is_found_by_its_control_number(
    services: Services,
) -> None:
    own_number = Field("035", " ", " ", (Subfield("a", "(DLC)n  79021164"),))
    foreign = person("", "Twain, Mark, 1835-1910", own_number)
    _, first = services.loading.upsert_from_source(foreign, CATALOGUER)

    outcome, again = services.loading.upsert_from_source(foreign, CATALOGUER)

    assert (outcome, again.id) == (Outcome.UNCHANGED, first.id)
    assert services.reading.count() == 1
    edited = person("", "Twain, Mark", own_number)
    outcome, edited_stored = services.loading.upsert_from_source(edited, CATALOGUER)
    assert (outcome, edited_stored.id) == (Outcome.UPDATED, first.id)


def test_ids_by_name_key_finds_the_key_and_the_key_with_dates(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    dated = Field("100", "1", " ", (Subfield("a", "Nøkkel, Nina"),
                                    Subfield("d", "1970-")))  # fmt: skip
    services.cataloguing.create(
        Authority("90000001", Kind.PERSON, (dated,)), CATALOGUER
    )
    services.cataloguing.create(person("90000002", "Nokkel, Nina"), CATALOGUER)
    services.cataloguing.create(person("90000003", "Nokkel, Ninas"), CATALOGUER)
    gone = services.cataloguing.create(person("90000004", "Nokkel, Nina"), CATALOGUER)
    services.cataloguing.delete(gone.id, None, CATALOGUER)
    with UnitOfWork(sessions) as uow:
        found = uow.authorities.ids_by_name_key("nokkel nina", Kind.PERSON, 20)
        assert found == ["90000002", "90000001"]  # the exact key first
        assert uow.authorities.ids_by_name_key("nokkel nina", Kind.PLACE, 20) == []


def test_ids_by_name_keys_answers_as_one_lookup_per_key(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    dated = Field("100", "1", " ", (Subfield("a", "Nøkkel, Nina"),
                                    Subfield("d", "1970-")))  # fmt: skip
    services.cataloguing.create(
        Authority("90000001", Kind.PERSON, (dated,)), CATALOGUER
    )
    services.cataloguing.create(person("90000002", "Nokkel, Nina"), CATALOGUER)
    services.cataloguing.create(person("90000003", "Nokkel, Ninas"), CATALOGUER)
    services.cataloguing.create(person("90000005", "Nokkel"), CATALOGUER)
    gone = services.cataloguing.create(person("90000004", "Nokkel, Nina"), CATALOGUER)
    services.cataloguing.delete(gone.id, None, CATALOGUER)
    asked = [
        ("nokkel nina", (Kind.PERSON,)),
        ("nokkel nina", (Kind.PLACE,)),
        ("nokkel", ()),  # every kind; "nokkel ..." keys too, the shortest first
        ("nokkel nin", (Kind.PERSON,)),  # a key's start is no key
        ("nokkel nina", (Kind.PLACE, Kind.PERSON)),
    ]
    with UnitOfWork(sessions) as uow:
        found = uow.authorities.ids_by_name_keys(asked, 2)
        assert found == [
            ["90000002", "90000001"],
            [],
            ["90000005", "90000002"],
            [],
            ["90000002", "90000001"],
        ]
        assert uow.authorities.ids_by_name_keys([], 2) == []


def test_a_lock_on_a_key_waits_for_the_holders_transaction(engine: Engine) -> None:
    sessions = sessionmaker(engine, expire_on_commit=False)
    order: list[str] = []
    held = threading.Event()

    def other() -> None:
        with UnitOfWork(sessions) as uow:
            held.wait()
            uow.authorities.lock(["name:person:x", "identifier:orcid:y"])
            order.append("other")

    thread = threading.Thread(target=other)
    with UnitOfWork(sessions) as uow:
        uow.authorities.lock(["identifier:orcid:y"])
        thread.start()
        held.set()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # still waiting for this transaction
        order.append("holder")
        uow.commit()
    thread.join()
    assert order == ["holder", "other"]


def test_ids_by_identifiers_counts_only_active_holders_before_the_limit(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    isni = Field("024", "7", " ", (Subfield("a", "0000000121312240"),
                                   Subfield("2", "isni")))  # fmt: skip
    gone = services.cataloguing.create(
        person("90000011", "Borte, Berit", isni), CATALOGUER
    )
    services.cataloguing.delete(gone.id, None, CATALOGUER)
    services.cataloguing.create(person("90000012", "Her, Hanne", isni), CATALOGUER)
    with UnitOfWork(sessions) as uow:
        # the deleted holder (the lower id) takes no place of the active one
        assert uow.authorities.ids_by_identifiers(
            [("isni", "0000000121312240")], 1
        ) == [["90000012"]]
