"""Reading: every form, and bad input as an outcome with its position, never a crash."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from authority.domain import Field, Subfield
from authority.marc.read import read, read_iso2709, read_xml
from authority.marc.serialize import from_pymarc, iso2709, marcjson
from tests.support import CORPUS

AUTHORITY = CORPUS / "marc-authority"
SLIM = "http://www.loc.gov/MARC21/slim"


def xml(*records: str) -> bytes:
    return f'<collection xmlns="{SLIM}">{"".join(records)}</collection>'.encode()


def record(name: str, tag: str = "100") -> str:
    return (
        f"<record><leader>00000nz  a2200000n  4500</leader>"
        f'<controlfield tag="001">1</controlfield>'
        f'<datafield tag="{tag}" ind1="1" ind2=" "><subfield code="a">{name}</subfield>'
        f"</datafield></record>"
    )


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("evergreen/auth-1066.mrc", 1066),
        ("koha/koha-misc4dev-marc21-auth_header.marcxml.xml", 1706),
        ("evergreen/concerto-authority.record_entry.marcxml.xml", 195),
        ("evergreen/auth_lc.marcxml.xml", 14),
        ("bibsys/authority-sru-proxy-SRU_response-90361304.xml", 1),
        ("gnd-dnb/rero-mef-aggnd_oai_139205527.xml", 1),
        ("gnd-dnb/rero-mef-aggnd_oai_list_records_empty.xml", 0),
    ],
)
def test_corpus_files_read_completely(path: str, count: int) -> None:
    results = list(read(str(AUTHORITY / path)))
    assert len(results) == count
    assert all(r.error is None for r in results)


def test_quirks_are_kept_as_received() -> None:
    iish = list(read(str(AUTHORITY / "evergreen" / "auth-1066.mrc")))
    assert iish[0].leader is not None and iish[0].leader[20:24] == "45 0"
    decomposed = [
        s.value
        for r in iish
        for f in r.fields
        for s in f.subfields
        if "\u0308" in s.value or "\u0301" in s.value
    ]
    assert decomposed, "IISH has NFD records; they must stay NFD"

    [unprefixed] = read(
        str(CORPUS / "bare" / "marcxchange" / "authority_5068070.unprefixed.xml")
    )
    assert unprefixed.fields[0] == Field("001", data="5068070")


def test_marc_in_json_as_array_object_and_lines() -> None:
    results = list(read(str(AUTHORITY / "evergreen" / "auth-subset100.mrc")))
    objects = [marcjson(r) for r in results]
    forms = {
        "array": f"[{','.join(objects)}]",
        "object": objects[0],
        "lines": "\n".join(objects),
    }
    for name, text in forms.items():
        back = list(read(io.BytesIO(text.encode())))
        expected = results[:1] if name == "object" else results
        assert [r.fields for r in back] == [r.fields for r in expected], name
        assert [r.leader for r in back] == [r.leader for r in expected], name


def test_a_bad_xml_record_is_reported_and_the_next_one_read() -> None:
    results = list(read_xml(io.BytesIO(xml(record("Ok, One"), record("Bad", "10x0"),
                                           record("Ok, Two")))))  # fmt: skip
    assert [r.position for r in results] == [1, 2, 3]
    assert results[1].error is not None and "10x0" in results[1].error
    assert results[1].raw is not None and "Bad" in results[1].raw
    assert results[2].fields[1].subfields == (Subfield("a", "Ok, Two"),)


def test_truncated_xml_ends_with_an_error_outcome() -> None:
    data = xml(record("Ok, One"), record("Cut, Off"))[:-60]
    results = list(read_xml(io.BytesIO(data)))
    assert results[0].error is None
    assert results[-1].error is not None and "not well-formed" in results[-1].error


def test_entities_are_never_expanded_nor_fetched() -> None:
    document = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY ext SYSTEM "http://127.0.0.1:9/secret">]>'
        + xml(record("&b;&ext;"))[len(b"") :]
    )
    results = list(read_xml(io.BytesIO(document)))
    values = [s.value for r in results for f in r.fields for s in f.subfields]
    assert all("aaaaaaaaaa" not in v for v in values)


def test_iso2709_damage_in_the_middle_does_not_stop_the_stream() -> None:
    results = list(read(str(AUTHORITY / "evergreen" / "auth-subset100.mrc")))
    good = [iso2709(from_pymarc(r.marc_record)) for r in results[:3] if r.marc_record]
    broken = b"00099" + b"x" * 44 + b"\x1d"  # wrong length, garbage inside
    not_utf8 = bytearray(good[1])
    not_utf8[not_utf8.index(b"Maloy") if b"Maloy" in not_utf8 else -10] = 0xFF
    data = good[0] + broken + bytes(not_utf8) + good[2] + good[0][:-30]

    outcomes = list(read_iso2709(io.BytesIO(data)))
    assert [o.error is None for o in outcomes] == [True, False, False, True, False]
    assert [o.position for o in outcomes] == [1, 2, 3, 4, 5]
    assert "leader length b'00099' does not match the record's 50 bytes" in str(
        outcomes[1].error
    )
    assert "UTF-8" in (outcomes[2].error or "")
    assert outcomes[3].fields == results[2].fields
    assert "no record terminator" in (outcomes[4].error or "")


def test_broken_marc_in_json_items_are_reported() -> None:
    good = json.dumps({"leader": "00000nz  a2200000n  4500",
                       "fields": [{"001": "1"}, {"100": {"ind1": "1", "ind2": " ",
                                  "subfields": [{"a": "Ok"}]}}]})  # fmt: skip
    bad = json.dumps({"leader": "short", "fields": []})
    outcomes = list(read(io.BytesIO(f"[{good},{bad},{good}]".encode())))
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert outcomes[1].position == 2


# MARC-in-JSON from hostile or broken files (issue 16)

MARCJSON_100 = {
    "leader": "00000nz  a2200000n  4500",
    "fields": [
        {"001": "1"},
        {"100": {"ind1": "1", "ind2": " ", "subfields": [{"a": "Ibsen, Henrik"}]}},
    ],
}


def test_a_4301_digit_number_does_not_kill_the_reader() -> None:
    # It was a segfault in ijson's C backend (exit 139): run it where that is safe.
    code = (
        "import io; from authority.marc.read import read_marcjson; "
        "data = b'[' + b'1' * 4301 + b']'; "
        "print([r.error for r in read_marcjson(io.BytesIO(data))])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "a number of more than 40 digits" in result.stdout


def test_a_leader_that_is_not_utf8_is_the_record_s_error() -> None:
    data = b'[{"leader": "\xed\xa0\x80", "fields": []}]'
    [result] = read(io.BytesIO(data), "marcjson")
    assert result.error is not None and "not UTF-8" in result.error


@pytest.mark.parametrize("indicator", [1.5, ["x", "y"], "12", 7])
def test_an_indicator_that_is_not_one_character_is_the_record_s_error(
    indicator: object,
) -> None:
    bad = json.loads(json.dumps(MARCJSON_100))
    bad["fields"][1]["100"]["ind1"] = indicator
    data = json.dumps([bad, MARCJSON_100]).encode()
    first, second = read(io.BytesIO(data), "marcjson")
    assert first.error is not None and "100 ind1" in first.error
    assert first.raw is not None and json.loads(first.raw) == bad  # for the report
    assert second.error is None and second.fields[1].subfields[0].value == (
        "Ibsen, Henrik"
    )


def test_3000_nested_arrays_are_one_error_and_reading_goes_on_in_lines() -> None:
    good = json.dumps(MARCJSON_100)
    data = f"{good}\n{'[' * 3000}{']' * 3000}\n{good}\n".encode()
    first, second, third = read(io.BytesIO(data), "marcjson")
    assert second.error is not None and "nested deeper than 32" in second.error
    assert first.error is None and third.error is None
