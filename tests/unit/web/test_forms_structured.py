"""The structured form writes into the same MARC fields the editor shows."""

from __future__ import annotations

from authority.domain import Field, Subfield
from authority.web.forms_structured import (
    Structured,
    parse_structured,
    read_structured,
    scheme_choices,
    write_structured,
)

RECORD = (
    Field("008", data="x" * 40),
    Field(
        "100", "1", " ", (Subfield("a", "Ibsen, Henrik"), Subfield("d", "1828-1906"))
    ),
    Field("400", "1", " ", (Subfield("a", "Ibsen, H."), Subfield("d", "1828-1906"))),
    Field("024", "7", " ", (Subfield("a", "123"), Subfield("2", "viaf"))),
    Field("670", " ", " ", (Subfield("a", "Kilde"), Subfield("b", "s. 3"))),
    Field("680", " ", " ", (Subfield("i", "Note"),)),
)


def test_reading_then_writing_changes_nothing() -> None:
    shown = read_structured(RECORD)
    assert shown == Structured("Ibsen, Henrik", "1828-1906", ["Ibsen, H."],
                               [("viaf", "123")], ["Kilde"], ["Note"])  # fmt: skip
    assert write_structured(RECORD, shown) == RECORD
    with_blanks = Structured(shown.name, shown.dates, [*shown.variants, ""],
                             [*shown.identifiers, ("isni", "")],
                             [*shown.sources, ""], [*shown.notes, ""])  # fmt: skip
    assert write_structured(RECORD, with_blanks) == RECORD


def test_a_new_person_from_nothing() -> None:
    shown = Structured("Nordmann, Kari", "1950-", ["Kari Nordmann"],
                       [("isni", "0000000121312247")], ["Wikipedia"], [])  # fmt: skip
    fields = write_structured((), shown)
    assert fields == (  # each in tag order
        Field(
            "024", "7", " ", (Subfield("a", "0000000121312247"), Subfield("2", "isni"))
        ),
        Field(
            "100", "1", " ", (Subfield("a", "Nordmann, Kari"), Subfield("d", "1950-"))
        ),
        Field("400", "1", " ", (Subfield("a", "Kari Nordmann"),)),
        Field("670", " ", " ", (Subfield("a", "Wikipedia"),)),
    )


def test_edits_keep_the_subfields_the_form_does_not_show() -> None:
    shown = read_structured(RECORD)
    shown.dates = ""
    shown.variants = ["Ibsen, Hen."]
    shown.sources = [""]
    fields = write_structured(RECORD, shown)
    assert fields[1] == Field("100", "1", " ", (Subfield("a", "Ibsen, Henrik"),))
    assert fields[2] == Field(
        "400", "1", " ", (Subfield("a", "Ibsen, Hen."), Subfield("d", "1828-1906"))
    )
    assert Field("670", " ", " ", (Subfield("b", "s. 3"),)) in fields  # $b stays


def test_an_emptied_row_removes_its_field() -> None:
    shown = read_structured(RECORD)
    shown.notes = [""]
    shown.identifiers = [("viaf", "")]
    tags = [f.tag for f in write_structured(RECORD, shown)]
    assert "680" not in tags and "024" not in tags


def test_the_form_inputs() -> None:
    form = {"s-name": "A", "s-dates": "", "s-variants-0": "B", "s-variants-1": "",
            "s-identifiers-0-scheme": "isni", "s-identifiers-0-value": "1",
            "s-sources-0": "S", "s-notes-0": ""}  # fmt: skip
    assert parse_structured(form) == Structured(
        "A", "", ["B", ""], [("isni", "1")], ["S"], [""]
    )


def test_an_unknown_scheme_is_offered_as_it_is() -> None:
    assert ("NO-TrBIB", "AUTID") in scheme_choices("NO-TrBIB")
    assert ("isni", "ISNI") in scheme_choices("")


AWKWARD = (
    Field("100", "1", " ", (Subfield("a", " Ibsen, Henrik "),)),
    Field("024", "7", " ", (Subfield("a", "Q36661"),)),  # no $2
    Field("024", "7", " ", (Subfield("a", "x1"), Subfield("2", "lokal"))),
    Field("670", " ", " ", (Subfield("a", "Store norske leksikon "),)),
    Field("680", " ", " ", (Subfield("i", "første\r\nandre\nlinje"),)),
)


def test_an_unchanged_form_keeps_spaces_line_breaks_and_missing_schemes() -> None:
    shown = read_structured(AWKWARD)
    # what a browser sends: the select's chosen option, breaks as CR LF
    assert scheme_choices("", stored=True)[0] == ("", "(none)")
    assert ("lokal", "lokal") in scheme_choices("lokal", stored=True)
    sent = Structured(
        shown.name,
        shown.dates,
        [""],
        [*shown.identifiers, ("isni", "")],
        [*shown.sources, ""],
        ["første\r\nandre\r\nlinje", ""],
    )
    assert write_structured(AWKWARD, sent) == AWKWARD


def test_a_changed_value_is_written_trimmed_and_only_it() -> None:
    shown = read_structured(AWKWARD)
    sent = Structured(shown.name, "1828-1906 ", [], list(shown.identifiers),
                      [" Ny kilde "], list(shown.notes))  # fmt: skip
    fields = write_structured(AWKWARD, sent)
    assert fields[0].subfields == (Subfield("a", " Ibsen, Henrik "),
                                   Subfield("d", "1828-1906"))  # fmt: skip
    assert [f for f in fields if f.tag == "670"][0].first("a") == "Ny kilde"
    assert fields[1:3] == AWKWARD[1:3] and fields[-1] == AWKWARD[-1]


def test_a_changed_list_keeps_the_record_order() -> None:
    interleaved = (
        Field("100", "1", " ", (Subfield("a", "Orden, Ola"),)),
        Field("670", " ", " ", (Subfield("a", "Første"),)),
        Field("678", " ", " ", (Subfield("a", "Biografi"),)),
        Field("670", " ", " ", (Subfield("a", "Siste"),)),
    )
    shown = read_structured(interleaved)
    shown.sources = ["Første endret", "Siste", "Ny"]
    fields = write_structured(interleaved, shown)
    assert [(f.tag, f.first("a")) for f in fields] == [
        ("100", "Orden, Ola"), ("670", "Første endret"), ("678", "Biografi"),
        ("670", "Siste"), ("670", "Ny"),
    ]  # fmt: skip
    unchanged = read_structured(interleaved)
    unchanged.sources.append("")  # the empty row every list shows
    assert write_structured(interleaved, unchanged) == interleaved


def test_a_text_input_dropping_a_line_break_changes_nothing() -> None:
    broken = (Field("100", "1", " ", (Subfield("a", "Linje,\nLise"),)),)
    shown = read_structured(broken)
    shown.name = "Linje,Lise"  # what a browser sends from <input type="text">
    assert write_structured(broken, shown) == broken
