"""The pure parts of cataloguing: record checks, diffs, duplicate scores, bodies."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from authority.api.bodies import REPRESENTATION_KEYS
from authority.domain import Authority, Field, Subfield
from authority.domain.checks import mod11_2, problems
from authority.domain.diff import changes
from authority.marc.from_marc import from_fields
from authority.service.matching import name_keys
from tests.support import REPO, corpus_authorities

LEADER = "00000nz  a2200000n  4500"
OK_008 = "230101n| acannaabn          |a aaa      "


def record(*fields: Field) -> Authority:
    heading = Field(
        "100", "1", " ", (Subfield("a", "Prøve, Per"), Subfield("d", "1950-"))
    )
    return from_fields(LEADER, (Field("008", data=OK_008), heading, *fields))


@pytest.mark.parametrize(
    ("digits", "check"),
    [("000000021825009", "7"), ("000000012146438", "X"), ("000000012345678", "9")],
)
def test_iso_7064_mod_11_2(digits: str, check: str) -> None:
    assert mod11_2(digits) == check  # ORCID's documented example is the first


def isni(value: str) -> Field:
    return Field("024", "7", " ", (Subfield("a", value), Subfield("2", "isni")))


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ((), []),
        ((isni("000000012146438X"),), []),
        ((isni("0000000121464381"),), ["024"]),
        ((Field("046", " ", " ", (Subfield("f", "1950-05-01"),)),), []),
        ((Field("046", " ", " ", (Subfield("f", "in May"),)),), ["046/$f"]),
        ((Field("110", "2", " ", (Subfield("a", "Two headings"),)),), ["1XX"]),
        ((Field("123", " ", " ", (Subfield("a", "x"),)),), ["123"]),
        (
            (Field("400", "#", " ", (Subfield("a", "x"),)),),
            ["400/ind1"],
        ),  # "#" is no blank
        ((Field("400", "1", " ", (Subfield("$", "x"),)),), ["400/$$"]),
        ((Field("950", " ", " ", (Subfield("S", "local"),)),), []),  # local fields
        (
            (Field("450", " ", " ", (Subfield("a", "x"), Subfield("d", "1900"))),),
            ["450/$d"],
        ),  # a topic has no dates
        ((Field("400", "1", " ", (Subfield("a", "x"), Subfield("9", "nob"))),), []),
    ],
)
def test_record_checks_name_the_field(
    extra: tuple[Field, ...], where: list[str]
) -> None:
    assert [p.where for p in problems(record(*extra))] == where


def test_a_data_field_with_a_control_field_s_tag_is_named() -> None:
    # MARC cannot carry one (the mapping refuses it: ISO 2709 would read it back as
    # a control field); our JSON can send one.
    base = record()
    extra = Field("005", " ", " ", (Subfield("a", "x"),))
    assert [p.where for p in problems(replace(base, fields=(*base.fields, extra)))] == [
        "005"
    ]


def test_the_008_must_have_forty_characters() -> None:
    heading = Field("100", "1", " ", (Subfield("a", "X"),))
    short = from_fields(LEADER, (Field("008", data="short"), heading))
    assert [p.where for p in problems(short)] == ["008"]


def test_the_corpus_has_only_the_known_legacy_problems() -> None:
    found = {p.message.split(" ")[0] for a in corpus_authorities() for p in problems(a)}
    # foreign records' non-standard 103/403/503 tags and short 008s
    assert found <= {"103", "403", "503", "008"}


def test_a_diff_lists_changed_envelope_and_whole_fields() -> None:
    before = record()
    after = record(isni("000000012146438X")).with_envelope(status=before.status)
    diff = changes(before, after)
    assert diff == [{"change": "added", "field": {
        "tag": "024", "ind1": "7", "ind2": " ",
        "subfields": [["a", "000000012146438X"], ["2", "isni"]]}}]  # fmt: skip
    created = changes(None, before)
    assert {
        "change": "changed",
        "what": "status",
        "from": None,
        "to": "active",
    } in created


def test_private_fields_stay_out_of_a_public_diff() -> None:
    feide = Field(
        "024", "7", " ", (Subfield("a", "kari@ntnu.no"), Subfield("2", "feide"))
    )
    before, after = record(), record(feide)
    assert changes(before, after) == []
    assert len(changes(before, after, private=True)) == 1


def test_names_compare_without_dates() -> None:
    assert name_keys(record()) == {"prove per"}


def test_the_body_reader_knows_every_key_of_the_schema() -> None:
    schema = json.loads((REPO / "schema" / "authority.schema.json").read_text())
    assert set(schema["properties"]) == REPRESENTATION_KEYS
