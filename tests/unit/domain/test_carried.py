"""What a source cannot say is kept as stored; its times compare at its precision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from authority.barejson.write import CARRIED as BARE_JSON
from authority.domain import Authority, Field, Kind, Provenance, Subfield
from authority.domain.carried import EVERYTHING, kept_as_stored, older
from authority.marc.from_marc import CARRIED as MARC
from authority.marc.from_marc import as_005

HEADING = Field("111", "2", " ", (Subfield("a", "NATO Advanced Research Workshop"),))
NOTE = Field("667", " ", " ", (Subfield("a", "Internal: checked against ISNI"),))
SOURCE = Field("670", " ", " ", (Subfield("a", "Proceedings, 1991"),))
LEADER = "00000cz  a2200000n  4500"


def stored(modified: datetime) -> Authority:
    return Authority(
        id="90361304",
        kind=Kind.MEETING,
        fields=(HEADING, NOTE, SOURCE),
        provenance=Provenance(
            "adabas", datetime(2009, 11, 22, 23, tzinfo=UTC), modified
        ),
        leader=LEADER,
        bare_type="CONFERENCE",
    )


def as_said(
    record: Authority, modified: datetime | None, **changes: object
) -> Authority:
    """``record`` as a source gives it back: no origin, no BARE type, ``modified``."""
    provenance = Provenance(None, record.provenance.created, modified)
    defaults: dict[str, object] = {"bare_type": None, "provenance": provenance}
    return replace(record, **(defaults | changes))


def test_marc_keeps_the_origin_and_bare_type_and_reads_005_as_tenths() -> None:
    held = stored(datetime(2024, 3, 8, 7, 38, 24, 594_321, UTC))  # an edit here
    incoming = as_said(held, as_005(held.provenance.modified))  # type: ignore[arg-type]
    assert incoming.provenance.modified == datetime(2024, 3, 8, 7, 38, 24, 500_000, UTC)

    assert not older(incoming, held.provenance.modified, MARC)
    kept = kept_as_stored(incoming, held, MARC)
    assert kept.content_hash() == held.content_hash()
    assert (kept.provenance.origin, kept.bare_type) == ("adabas", "CONFERENCE")

    # Said exactly, the same times are older, and origin and type are the source's.
    assert older(incoming, held.provenance.modified, EVERYTHING)
    assert kept_as_stored(incoming, held, EVERYTHING).provenance.origin is None


def test_a_tenth_earlier_is_older_and_a_new_time_replaces() -> None:
    held = stored(datetime(2024, 3, 8, 7, 38, 24, 594_321, UTC))
    earlier = as_said(held, datetime(2024, 3, 8, 7, 38, 24, 400_000, UTC))
    assert older(earlier, held.provenance.modified, MARC)
    later = as_said(held, datetime(2024, 3, 9, 8, tzinfo=UTC))
    kept = kept_as_stored(later, held, MARC)
    assert kept.provenance.modified == later.provenance.modified
    assert kept.content_hash() != held.content_hash()


def test_005_in_the_hour_norwegian_time_repeats_is_not_older() -> None:
    # 02:30 CET on 29 October 2023 is the second 02:30 of that night; 005 cannot
    # say which one, and reads back the first (an hour earlier in UTC).
    held = stored(datetime(2023, 10, 29, 1, 30, 0, 250_000, UTC))
    said = as_005(held.provenance.modified)  # type: ignore[arg-type]
    assert said and said.astimezone(UTC) == datetime(
        2023, 10, 29, 0, 30, 0, 200_000, UTC
    )
    incoming = as_said(held, said)
    assert not older(incoming, held.provenance.modified, MARC)
    assert kept_as_stored(incoming, held, MARC).provenance.modified == datetime(
        2023, 10, 29, 1, 30, 0, 250_000, UTC
    )


def test_bare_json_keeps_the_leader_and_reads_milliseconds() -> None:
    held = stored(datetime(2024, 3, 8, 7, 38, 24, 594_321, UTC))
    milliseconds = datetime(2024, 3, 8, 7, 38, 24, 594_000, UTC)
    given = replace(held.provenance, modified=milliseconds)  # BARE says the origin
    incoming = replace(held, leader=None, provenance=given)
    assert not older(incoming, held.provenance.modified, BARE_JSON)
    kept = kept_as_stored(incoming, held, BARE_JSON)
    assert kept.leader == LEADER
    assert kept.content_hash() == held.content_hash()


def test_a_public_export_s_record_is_the_stored_one_with_its_private_fields() -> None:
    held = stored(datetime(2024, 3, 8, 7, 38, 24, 500_000, UTC))
    public = as_said(held, held.provenance.modified, fields=(HEADING, SOURCE))
    assert kept_as_stored(public, held, MARC).fields == (HEADING, NOTE, SOURCE)

    changed = as_said(held, held.provenance.modified, fields=(HEADING,))
    assert kept_as_stored(changed, held, MARC).fields == (HEADING,)


def test_a_newer_record_without_a_private_field_deleted_it() -> None:
    # Review: a legacy export 30 days newer that dropped the 667 kept it (updated,
    # with the note the source had deleted).
    held = stored(datetime(2024, 3, 8, 7, 38, 24, 500_000, UTC))
    newer = as_said(held, datetime(2024, 4, 7, tzinfo=UTC), fields=(HEADING, SOURCE))
    assert kept_as_stored(newer, held, MARC).fields == (HEADING, SOURCE)
