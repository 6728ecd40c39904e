"""Defects the fuzz suite found in the readers, each as its reader meets it.

(The SKOS reader's are in tests/unit/loaders/test_skos_source.py, the MARC
mapping's in tests/unit/marc/test_field_shape.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authority.barejson.read import from_bare_json
from authority.errors import ValidationError
from authority.service import validate
from loaders.sources import bare_json, marc

CORPUS_RECORD = {
    "authorityType": "PERSON",
    "status": "kat3",
    "systemControlNumber": "90517730",
    "marcdata": [
        {
            "tag": "100",
            "ind1": "1",
            "ind2": " ",
            "subfields": [{"subcode": "a", "value": "Moser, May-Britt"}],
        }
    ],
}


def test_a_marc_in_json_number_too_large_for_a_decimal_is_the_record_s_error(
    tmp_path: Path,
) -> None:
    # -1E+11111111111111111111 made ijson's Decimal raise InvalidOperation, which
    # ended the load with a traceback.
    path = tmp_path / "records.json"
    path.write_text('{"leader": "00000nz  a2200000n  4500", "fields": [{"001": '
                    '-1E+11111111111111111111}]}')  # fmt: skip
    (item,) = marc.read(str(path), "marcjson")
    assert item.authority is None and item.position == 1
    assert item.error is not None  # (read as text or a float: not a field, said so)
    assert "field 0 (001)" in item.error


def test_a_bare_subfield_code_that_is_not_one_character_is_refused() -> None:
    # "subcode": 1.5 was stored as the code "1.5"; ISO 2709 wrote it back as $1 .5...
    record = json.loads(json.dumps(CORPUS_RECORD))
    record["marcdata"][0]["subfields"].append({"subcode": 1.5, "value": "1963-"})
    try:
        from_bare_json(record)
    except ValidationError as error:
        assert str(error) == (
            "marcdata[0].subfields[1].subcode: 100 subfield code '1.5' is not one"
            " character"
        )
    else:
        raise AssertionError("a subfield code of three characters was accepted")


def test_a_bare_record_with_a_long_subfield_code_is_an_error_item(
    tmp_path: Path,
) -> None:
    record = json.loads(json.dumps(CORPUS_RECORD))
    record["marcdata"][0]["subfields"][0]["subcode"] = None
    path = tmp_path / "records.json"
    path.write_text(json.dumps(record))
    (item,) = bare_json.read(str(path))
    assert item.authority is None and item.id == "90517730"
    assert item.error is not None and "subfield code 'None'" in item.error


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{}", "is not three letters or digits"),
        ("005", "is a control field's, not a data field's"),
    ],
)
def test_a_bare_tag_iso_2709_cannot_write_back_is_refused(
    tag: str, message: str
) -> None:
    # "tag": {} was stored as the tag "{}"; ISO 2709 wrote it back as "0{}".
    record = json.loads(json.dumps(CORPUS_RECORD))
    field = {"tag": tag, "ind1": " ", "ind2": " ", "subfields": []}
    record["marcdata"].append(field)
    with pytest.raises(ValidationError) as raised:
        from_bare_json(record)
    assert str(raised.value) == f"marcdata[1].tag: tag {tag!r} {message}"


@pytest.mark.parametrize("indicator", ["\t", "\n", "\r"])
def test_an_indicator_xml_reads_back_as_a_space_is_refused(indicator: str) -> None:
    # bench/fuzz.py --reader bare-json --case 75059: ind2 "\t" was stored, and
    # MARCXML wrote it in an attribute, which XML reads back as " ".
    record = dict(CORPUS_RECORD, marcdata=[dict(CORPUS_RECORD["marcdata"][0])])
    record["marcdata"][0]["ind2"] = indicator
    with pytest.raises(ValidationError) as raised:
        validate(from_bare_json(record))
    assert [p.where for p in raised.value.problems] == ["100/ind2"]


@pytest.mark.parametrize("number", [65703, 84902])
def test_iso_2709_cases_of_the_long_run_end_in_reported_errors(
    tmp_path: Path, number: int
) -> None:
    # bench/fuzz.py --cases 100000: a superscript digit in 008's date ("¹7": true
    # for str.isdigit, refused by int) and a directory pymarc indexes past its end
    # (IndexError) ended the load with a traceback.
    from tests.fuzz.harness import check
    from tests.fuzz.mutations import case

    seed = case(16, "iso2709", number)
    path = tmp_path / "case.mrc"
    path.write_bytes(seed.data)
    outcome = check(str(path), "iso2709")
    assert outcome.failure is None, outcome.failure


def test_ids_and_revisions_are_ascii_digits() -> None:
    from authority.domain.ids import autid, is_minted

    assert not is_minted("²⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰") and autid("¹²³") is None


def test_a_record_no_form_could_read_back_is_refused(tmp_path: Path) -> None:
    # bench/fuzz.py --reader skos --case 1480: a concept with megabytes of labels was
    # stored, and its MARC-in-JSON was over the readers' 4 MB a record.
    from tests.fuzz.harness import check
    from tests.fuzz.mutations import case

    seed = case(16, "skos", 1480)
    path = tmp_path / "case.ttl"
    path.write_bytes(seed.data)
    assert check(str(path), "skos").failure is None
    record = dict(CORPUS_RECORD, marcdata=[*CORPUS_RECORD["marcdata"], {
        "tag": "670", "ind1": " ", "ind2": " ",
        "subfields": [{"subcode": "a", "value": "x" * 600_000}]}])  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        validate(from_bare_json(record))
    assert [p.where for p in raised.value.problems] == ["fields"]
