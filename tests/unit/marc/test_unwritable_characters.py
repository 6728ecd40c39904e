"""Characters no record may hold: found where they are, refused by validate, and
never written into MARC where they would change its structure."""

from __future__ import annotations

import pytest

from authority.domain import Authority, Field, Kind, Subfield
from authority.domain.checks import unwritable_characters
from authority.errors import ValidationError
from authority.marc.serialize import (
    UnwritableCharacterError,
    iso2709,
    with_characters_replaced,
    xml_record,
)
from authority.marc.to_marc import marc_output
from authority.service import validate

HEADING = Field("100", "1", " ", (Subfield("a", "Navn, Nina"),))


def person(*fields: Field) -> Authority:
    return Authority("90000001", Kind.PERSON, (HEADING, *fields))


def test_every_place_is_named_by_tag_occurrence_and_code() -> None:
    fields = (
        Field("008", data="ab\x1ec"),
        HEADING,
        Field("400", "1", " ", (Subfield("a", "ok"),)),
        Field("400", "1", "\x00", (Subfield("a", "x"), Subfield("d", "19\x1f50"))),
    )
    found = list(unwritable_characters(fields, "00000nz  a2200000n  4500"))
    assert [p.where for p in found] == ["008[1]", "400[2]/ind2", "400[2]/$d"]
    assert "U+001E (MARC's field terminator) at character 3" in found[0].message
    assert "U+001F (MARC's subfield delimiter)" in found[2].message


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "cr\r\n", "nbsp\xa0"])
def test_tab_lf_cr_and_printable_unicode_are_allowed(text: str) -> None:
    authority = person(Field("670", subfields=(Subfield("a", text),)))
    validate(authority)  # raises ValidationError for a character it refuses
    assert list(unwritable_characters(authority.fields)) == []
    record = marc_output(authority)
    assert b"\x1fa" + text.encode() + b"\x1e" in iso2709(record)  # 670 $a, as is
    [note] = [f for f in record.fields if f.tag == "670"]
    assert note.subfields == (Subfield("a", text),)


@pytest.mark.parametrize(
    "character", ["\x1d", "\x1e", "\x1f", "\x01", "\ud800", "\uffff"]
)
def test_validate_refuses_them(character: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate(person(Field("670", subfields=(Subfield("a", f"a{character}b"),))))
    assert [p.where for p in refused.value.problems] == ["670[1]/$a"]


def test_iso2709_refuses_a_delimiter_instead_of_writing_another_subfield() -> None:
    record = marc_output(person(Field("670", subfields=(Subfield("a", "x\x1fdINJ"),))))
    with pytest.raises(UnwritableCharacterError, match="U\\+001F"):
        iso2709(record)
    with pytest.raises(UnwritableCharacterError):
        xml_record(record)
    replaced, places = with_characters_replaced(record)
    assert places == [p for p in places if p.startswith("670[1]/$a: ")] and places
    [note] = [f for f in replaced.fields if f.tag == "670"]
    assert note.subfields == (Subfield("a", "x\ufffddINJ"),)
    assert iso2709(replaced).count(b"\x1f") == 2  # 100 $a and 670 $a: no $d
