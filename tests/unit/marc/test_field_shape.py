"""Tags, indicators and subfield codes as ISO 2709 can write them back.

Found by the fuzz suite: MARCXML's ``ind1="10"`` or ``code=""``, MARC-in-JSON's
``"ind1": "0AAA"`` or ``{"a-0": ...}`` were read and stored, and the ISO 2709 export
then shifted the bytes after them (the directory counts two indicators, a subfield
code is the one byte after 0x1F): ``$a-0 g`` came back as ``$a -0g``. Refused like
BARE JSON refuses a long indicator: the record's error, the next record read. A tag
is three letters or digits, and 00X are control fields and nothing else: ISO 2709
tells them apart by the tag alone, so ``<controlfield tag="{05">`` came back as a data
field, and a tab in a tag as a space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authority.domain import Field, Subfield
from authority.errors import MarcMappingError
from authority.marc.from_marc import from_fields
from loaders.sources import marc

LEADER = "00000nz  a2200000n  4500"
SLIM = "http://www.loc.gov/MARC21/slim"


def xml_record(number: str, ind1: str) -> str:
    return (
        f"<record><leader>{LEADER}</leader>"
        f'<controlfield tag="001">{number}</controlfield>'
        f'<datafield tag="100" ind1="{ind1}" ind2=" ">'
        f'<subfield code="a">Navn {number}</subfield></datafield></record>'
    )


def json_record(number: str, ind1: object) -> str:
    field = {"ind1": ind1, "ind2": " ", "subfields": [{"a": f"Navn {number}"}]}
    return json.dumps({"leader": LEADER, "fields": [{"001": number}, {"100": field}]})


@pytest.mark.parametrize("ind1", ["10", "0" + "A" * 300])
def test_a_long_indicator_in_marcxml_is_the_record_s_error(
    tmp_path: Path, ind1: str
) -> None:
    records = [xml_record("90000001", "1"), xml_record("90000002", ind1)]
    records.append(xml_record("90000003", "1"))
    path = tmp_path / "records.xml"
    path.write_text(f'<collection xmlns="{SLIM}">{"".join(records)}</collection>')
    first, second, third = marc.read(str(path), "marcxml")
    assert first.authority is not None and third.authority is not None
    assert second.authority is None and second.id == "90000002"
    assert second.error == (
        f"record 90000002: 100/ind1: indicator {ind1!r} is not one character"
    )


def test_a_long_indicator_in_marc_in_json_is_the_record_s_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.json"
    lines = [json_record("90000001", "1"), json_record("90000002", "0AAA")]
    path.write_text("\n".join(lines))
    first, second = marc.read(str(path), "marcjson")
    assert first.authority is not None
    assert second.authority is None
    # Refused when the JSON is read (json_input's strict MARC-in-JSON), before
    # the mapping's own indicator check sees it: either way it names the field.
    assert second.error == "not MARC-in-JSON: 100 ind1 '0AAA' is not one character"


@pytest.mark.parametrize("code", ["", "a-0", "None"])
def test_a_subfield_code_that_is_not_one_character_is_the_record_s_error(
    tmp_path: Path, code: str
) -> None:
    path = tmp_path / "records.json"
    bad = json.loads(json_record("90000002", "1"))
    bad["fields"][1]["100"]["subfields"].append({code: "x"})
    path.write_text("\n".join([json_record("90000001", "1"), json.dumps(bad)]))
    first, second = marc.read(str(path), "marcjson")
    assert first.authority is not None
    assert second.authority is None
    assert second.error == (
        f"record 90000002: 100/${code}: subfield code {code!r} is not one character"
    )


@pytest.mark.parametrize(
    ("field", "error"),
    [
        (
            '<controlfield tag="{05">20220118132609.0</controlfield>',
            "tag '{05' is not three letters or digits",
        ),
        (
            '<controlfield tag="370">Oslo</controlfield>',
            "a control field's tag is 00X, not '370'",
        ),
        (
            '<datafield tag="005" ind1=" " ind2=" "><subfield code="a">x</subfield>'
            "</datafield>",
            "tag '005' is a control field's, not a data field's",
        ),
        (
            '<datafield tag="65&#9;" ind1=" " ind2="0"><subfield code="a">x</subfield>'
            "</datafield>",
            "tag '65\\t' is not three letters or digits",
        ),
    ],
)
def test_a_tag_iso_2709_cannot_write_back_is_the_record_s_error(
    tmp_path: Path, field: str, error: str
) -> None:
    record = xml_record("90000002", "1").replace("</record>", field + "</record>")
    path = tmp_path / "records.xml"
    path.write_text(f'<collection xmlns="{SLIM}">{record}</collection>')
    (item,) = marc.read(str(path), "marcxml")
    assert item.authority is None
    assert item.error is not None and item.error.endswith(error)


def test_from_fields_names_the_field_and_indicator() -> None:
    fields = (
        Field("001", data="90000001"),
        Field("100", "1", "", (Subfield("a", "Navn"),)),
    )
    with pytest.raises(MarcMappingError) as raised:
        from_fields(LEADER, fields)
    assert raised.value.tag == "100/ind2"
