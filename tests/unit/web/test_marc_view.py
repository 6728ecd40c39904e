"""The MARC view's lines (web/marc_view.py): as cataloguers read a record."""

from __future__ import annotations

from authority.domain import Authority, Field, Kind, Subfield
from authority.domain.diff import changes
from authority.web.marc_view import MarcLine, field_line, lines_of_changes, marc_lines

IBSEN = Field(
    "100", "1", " ", (Subfield("a", "Ibsen, Henrik,"), Subfield("d", "1828-1906"))
)


def test_a_data_field_reads_as_in_the_marc_documentation() -> None:
    line = field_line(IBSEN)

    assert line == MarcLine("100", "1#", (("a", "Ibsen, Henrik,"), ("d", "1828-1906")))
    assert line.text == "100 1# $a Ibsen, Henrik, $d 1828-1906"


def test_blank_and_empty_indicators_are_hashes() -> None:
    for ind1, ind2 in ((" ", " "), ("", "")):
        assert (
            field_line(Field("670", ind1, ind2, (Subfield("a", "x"),))).indicators
            == "##"
        )


def test_control_fields_keep_their_data_exactly() -> None:
    line = field_line(Field("008", data="120319n| adz|naabn|         |a|ana|     "))

    assert line.indicators == "" and line.subfields == ()
    assert line.text == "008 120319n| adz|naabn|         |a|ana|     "


def test_the_record_starts_with_its_leader_and_control_number() -> None:
    authority = Authority(id="90000001", kind=Kind.PERSON, fields=(IBSEN,))
    lines = marc_lines(authority, organization_code="NO-TrBIB", full=False)

    assert lines[0].tag == "LDR" and len(lines[0].data or "") == 24
    assert lines[1] == MarcLine("001", data="90000001")
    assert field_line(IBSEN) in lines


def test_private_fields_only_in_the_full_view() -> None:
    internal = Field("667", " ", " ", (Subfield("a", "Intern"),))
    authority = Authority(id="90000001", kind=Kind.PERSON, fields=(IBSEN, internal))

    public = marc_lines(authority, organization_code="NO-TrBIB", full=False)
    full = marc_lines(authority, organization_code="NO-TrBIB", full=True)
    assert field_line(internal) not in public
    assert field_line(internal) in full


def test_the_fields_of_a_diff_become_lines() -> None:
    before = Authority(id="1", kind=Kind.PERSON, fields=(IBSEN,))
    after = before.with_fields((IBSEN, Field("005", data="20240101120000.0")))
    (added,) = [c["field"] for c in changes(before, after) if c["change"] == "added"]

    assert lines_of_changes([added]) == [MarcLine("005", data="20240101120000.0")]
