"""The upsert rule, one pure function for the one-by-one and the batch path."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from authority.domain import Authority, Field, Kind, Provenance, Subfield
from authority.domain.carried import EVERYTHING, Carried
from authority.domain.history import Write
from authority.service.upsert import Held, Outcome, decided, outcome

CREATED = datetime(2009, 11, 22, 23, tzinfo=UTC)
STORED_AT = datetime(2024, 3, 8, 7, 38, 24, tzinfo=UTC)
NEWER = datetime(2024, 5, 2, tzinfo=UTC)
OLDER = datetime(2023, 1, 1, tzinfo=UTC)


def person(
    name: str, modified: datetime | None, origin: str | None = None
) -> Authority:
    heading = Field("100", "1", " ", (Subfield("a", name),))
    provenance = Provenance(origin, CREATED, modified)
    return Authority("90000001", Kind.PERSON, (heading,), provenance=provenance)


STORED = replace(person("Hamsun, Knut", STORED_AT, "adabas"), revision=4)


def held(whole: bool = True, content_hash: str | None = "loaded before") -> Held:
    """What the register holds: ``STORED``, loaded from a source with that hash."""
    row = Held.of(STORED, content_hash)
    return row if whole else replace(row, authority=None)


def test_nothing_stored_creates_at_revision_1_with_the_source_dates() -> None:
    incoming = person("Hamsun, Knut", NEWER)
    write = decided(incoming, None, EVERYTHING)
    assert (write.action, outcome(write)) == ("create", Outcome.CREATED)
    assert write.authority.revision == 1
    assert write.authority.provenance == incoming.provenance
    assert write.content_hash == incoming.content_hash()


def test_a_date_the_source_does_not_give_is_stamped() -> None:
    before = datetime.now(UTC)
    write = decided(replace(person("Hamsun, Knut", None), provenance=Provenance()),
                    None, EVERYTHING)  # fmt: skip
    dates = write.authority.provenance
    assert dates.created is not None and dates.created >= before
    assert dates.modified is not None and dates.modified >= before


def test_a_reload_is_unchanged_by_the_stored_hash_alone() -> None:
    incoming = person("Hamsun, Knut, 1859-1952", NEWER)
    unread = held(whole=False, content_hash=incoming.content_hash())
    assert decided(incoming, unread, EVERYTHING) is Outcome.UNCHANGED


def test_an_older_version_is_unchanged_by_the_stored_date_alone() -> None:
    incoming = person("Hamsun, Knut, 1859-1952", OLDER)
    assert decided(incoming, held(whole=False), EVERYTHING) is Outcome.UNCHANGED


def test_what_the_row_cannot_settle_asks_for_the_whole_stored_authority() -> None:
    incoming = person("Hamsun, Knut, 1859-1952", NEWER)
    assert decided(incoming, held(whole=False), EVERYTHING) is None
    assert isinstance(decided(incoming, held(), EVERYTHING), Write)


def test_a_newer_version_updates_at_the_next_revision_keeping_created() -> None:
    incoming = replace(person("Hamsun, Knut, 1859-1952", NEWER, "adabas"),
                       provenance=Provenance("adabas", None, NEWER))  # fmt: skip
    write = decided(incoming, held(), EVERYTHING)
    assert isinstance(write, Write)
    assert (write.action, outcome(write)) == ("update", Outcome.UPDATED)
    assert write.authority.revision == STORED.revision + 1
    assert write.authority.provenance == Provenance("adabas", CREATED, NEWER)
    assert write.authority.label == "Hamsun, Knut, 1859-1952"
    assert write.content_hash == incoming.content_hash()


def test_an_equal_time_replaces() -> None:
    incoming = person("Hamsun, Knut, 1859-1952", STORED_AT, "adabas")
    write = decided(incoming, held(), EVERYTHING)
    assert isinstance(write, Write)
    assert write.authority.label == "Hamsun, Knut, 1859-1952"


def test_what_the_format_cannot_say_is_kept_as_stored() -> None:
    no_origin = Carried(origin=False)
    incoming = person("Hamsun, Knut, 1859-1952", NEWER)  # says no origin
    write = decided(incoming, held(), no_origin)
    assert isinstance(write, Write)
    assert write.authority.provenance.origin == "adabas"
    assert write.content_hash == write.authority.content_hash()


def test_the_stored_record_said_again_by_a_poorer_format_is_unchanged() -> None:
    incoming = replace(STORED, provenance=replace(STORED.provenance, origin=None))
    assert decided(incoming, held(), EVERYTHING) != Outcome.UNCHANGED  # says less
    assert decided(incoming, held(), Carried(origin=False)) is Outcome.UNCHANGED
