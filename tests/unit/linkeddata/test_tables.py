"""One table read both ways: what output writes (``linkeddata/tables.py``) and what
the SKOS source reads back are the same rows, and the rows that do not come back as
themselves are the ones the table names in its ``*_READ_BACK``."""

from __future__ import annotations

import pytest

from authority.linkeddata import tables
from authority.linkeddata.languages import BCP47_TO_MARC, MARC_TO_BCP47
from authority.linkeddata.namespaces import mads, skos
from authority.linkeddata.tables import inverse


def test_mapping_codes_round_trip_over_every_entry() -> None:
    assert len(tables.MAPPING_PROPERTIES) == len(tables.MAPPING_CODES)
    for code, prop in tables.MAPPING_CODES.items():
        assert tables.MAPPING_PROPERTIES[prop] == code
    for prop, code in tables.MAPPING_PROPERTIES.items():
        assert tables.MAPPING_CODES[code] == prop


def test_relations_round_trip_over_every_entry() -> None:
    said = tables.RELATIONS_READ_BACK
    for kind, properties in tables.RELATIONS.items():
        for prop in properties:
            assert tables.RELATION_PROPERTIES[prop] == said.get(prop, kind)
    for prop, kind in tables.RELATION_PROPERTIES.items():
        assert prop in tables.RELATIONS[kind]


def test_notes_round_trip_over_every_entry() -> None:
    said = tables.NOTES_READ_BACK
    for note, prop in tables.NOTES.items():
        if prop in said:
            assert tables.NOTE_PROPERTIES.get(prop) == said[prop]
        else:
            assert tables.NOTE_PROPERTIES[prop] == note
    for prop, note in tables.NOTE_PROPERTIES.items():
        assert tables.NOTES.get(note) == prop or said[prop] == note


def test_what_reads_back_as_another_row_is_said_so() -> None:
    assert tables.RELATION_PROPERTIES[skos.related] == "related"
    assert tables.RELATION_PROPERTIES[mads.hasEarlierEstablishedForm] == "earlier"
    assert tables.NOTE_PROPERTIES[skos.editorialNote] == "nonpublic"  # not 675
    assert tables.NOTE_PROPERTIES[skos.scopeNote] == "public"  # read only
    assert skos.changeNote not in tables.NOTE_PROPERTIES  # written, never read


def test_marc_languages_round_trip_over_every_entry() -> None:
    for tag in MARC_TO_BCP47.values():
        assert MARC_TO_BCP47[BCP47_TO_MARC[tag]] == tag
    for tag, code in BCP47_TO_MARC.items():
        assert MARC_TO_BCP47[code] == tag
    assert BCP47_TO_MARC["nb"] == "nob"
    assert BCP47_TO_MARC["de"] == "ger"  # the first listed of two codes


def test_a_shared_value_not_said_is_refused() -> None:
    with pytest.raises(ValueError, match="say in read_back"):
        inverse({"related": skos.related, "parent": skos.related})
    assert inverse({"a": 1, "b": 1}, {1: "b"}) == {1: "b"}
    assert inverse({"a": 1, "b": 2}, {2: None}) == {1: "a"}
