"""The MARC field editor's form: parsing, actions, errors, where the checks point."""

from __future__ import annotations

from authority.domain import Field, Subfield
from authority.web.forms import (
    FIELDS_ID,
    MAX_FIELDS,
    Row,
    apply_action,
    breaks_of,
    display_order,
    fields_of,
    locate,
    parse_rows,
    row_errors,
    rows_of,
    too_many_subfields,
)

FIELDS = (
    Field("008", data="x" * 40),
    Field(
        "100", "1", " ", (Subfield("a", "Ibsen, Henrik"), Subfield("d", "1828-1906"))
    ),
    Field("400", "1", " ", (Subfield("a", "Ibsen, H."),)),
    Field("670", " ", " ", (Subfield("a", "Kilde"),)),
)


def form_of(rows: list[Row]) -> dict[str, str]:
    data = {}
    for n, row in enumerate(rows):
        data[f"f-{n}-tag"] = row.tag
        if row.data is not None:
            data[f"f-{n}-data"] = row.data
            continue
        data[f"f-{n}-ind1"], data[f"f-{n}-ind2"] = row.ind1, row.ind2
        for m, (code, value) in enumerate(row.subfields):
            data[f"f-{n}-s-{m}-code"], data[f"f-{n}-s-{m}-value"] = code, value
    return data


def test_fields_round_trip_through_the_form() -> None:
    assert fields_of(parse_rows(form_of(rows_of(FIELDS))).rows) == FIELDS


def test_positions_order_rows_and_gaps_close() -> None:
    form = {"f-7-tag": "670", "f-7-s-0-code": "a", "f-7-s-0-value": "B",
            "f-2-tag": "100", "f-2-s-3-code": "a", "f-2-s-3-value": "A"}  # fmt: skip
    rows = parse_rows(form).rows
    assert [r.tag for r in rows] == ["100", "670"]
    assert rows[0].subfields == [("a", "A")]


def test_an_empty_indicator_is_a_blank_and_empty_rows_vanish() -> None:
    form = {"f-0-tag": "100", "f-0-ind1": "", "f-0-ind2": "#", "f-0-s-0-code": "a",
            "f-0-s-0-value": "A", "f-0-s-1-code": "", "f-0-s-1-value": "",
            "f-1-tag": "", "f-1-ind1": "", "f-1-ind2": ""}  # fmt: skip
    assert fields_of(parse_rows(form).rows) == (
        Field("100", " ", " ", (Subfield("a", "A"),)),
    )


def test_too_many_rows_and_subfields_are_capped() -> None:
    form = {f"f-{n}-tag": "670" for n in range(MAX_FIELDS + 5)}
    parsed = parse_rows(form)
    assert parsed.too_many and len(parsed.rows) == MAX_FIELDS
    many = {f"f-0-s-{m}-code": "a" for m in range(500)}
    assert too_many_subfields(many) == 0


def test_bad_inputs_are_named_by_their_ids() -> None:
    rows = [
        Row("", subfields=[("a", "no tag")]),
        Row("1000", subfields=[("a", "x")]),
        Row("100", "12", " ", [("ab", "x"), ("a", "y\x1f"), ("b", "z" * 100_000)]),
        Row("100", subfields=[("a", " ")]),
    ]
    errors = row_errors(rows)
    assert set(errors) == {
        "f-0-tag", "f-1-tag", "f-2-ind1", "f-2-s-0-code", "f-2-s-1-value",
        "f-2-s-2-value",
    }  # fmt: skip
    assert "U+001F" in errors["f-2-s-1-value"]
    assert "100,000" in errors["f-2-s-2-value"]


def test_good_rows_have_no_errors() -> None:
    assert row_errors(rows_of(FIELDS)) == {}


def test_adding_removing_and_moving() -> None:
    rows = rows_of(FIELDS)
    added, focus = apply_action(rows, "add-field")
    assert len(added) == 5 and focus == "f-4-tag" and len(rows) == 4
    moved, focus = apply_action(rows, "move-up:3")
    assert [r.tag for r in moved] == ["008", "100", "670", "400"] and focus == "f-2-tag"
    past, focus = apply_action(rows, "move-up:2")  # a plain swap, as shown
    assert [r.tag for r in past] == ["008", "400", "100", "670"] and focus == "f-1-tag"
    heading, _ = apply_action(rows, "move-down:1")  # the heading moves too
    assert [r.tag for r in heading] == ["008", "400", "100", "670"]
    down, _ = apply_action(rows, "move-down:3")
    assert [r.tag for r in down] == [r.tag for r in rows]  # the last stays last
    removed, focus = apply_action(rows, "remove-field:0")
    assert [r.tag for r in removed] == ["100", "400", "670"] and focus == "f-0-tag"
    sub, focus = apply_action(rows, "add-subfield:1")
    assert sub[1].subfields[-1] == ("", "") and focus == "f-1-s-2-code"
    swapped, focus = apply_action(rows, "move-subfield-down:1:0")
    assert [c for c, _v in swapped[1].subfields] == ["d", "a"]
    gone, focus = apply_action(rows, "remove-subfield:2:0")
    assert gone[2].subfields == [] and focus == "add-subfield-2"


def test_actions_on_nothing_change_nothing() -> None:
    rows = rows_of(FIELDS)
    nothing = ("remove-field:99", "move-up:x", "add-subfield:0", "nonsense")
    nothing += ("remove-subfield:1:9", "move-subfield-up:1:0", "move-up:99999999")
    for action in nothing:
        changed, _ = apply_action(rows, action)
        assert fields_of(changed) == FIELDS


def test_locate_names_the_input_a_check_points_at() -> None:
    rows = rows_of((*FIELDS, Field("400", "1", " ", (Subfield("a", "B"),))))
    assert locate("100/$d", rows) == "f-1-s-1-value"
    assert locate("100/ind1", rows) == "f-1-ind1"
    assert locate("400[2]/$a", rows) == "f-4-s-0-value"
    assert locate("670", rows) == "f-3-tag"
    assert locate("008", rows) == "f-0-data"
    assert locate("1XX", rows) == "f-1-tag"
    assert locate("1XX", rows_of(FIELDS[2:])) == FIELDS_ID
    for elsewhere in ("kind", "id", None, "fields", "024"):
        assert locate(elsewhere, rows) == FIELDS_ID


def test_the_rows_are_shown_in_record_order() -> None:
    rows = rows_of(FIELDS)
    assert display_order(rows) == [
        (0, False, True), (1, True, True), (2, True, True), (3, True, False),
    ]  # fmt: skip
    assert display_order(rows_of(FIELDS[2:])) == [(0, False, True), (1, True, False)]


def test_what_is_shown_after_a_move_is_what_is_stored() -> None:
    # the reviewer's case: moving 001 down past the heading
    rows = [Row("001", data="1"), *rows_of(FIELDS[1:])]
    moved, _ = apply_action(rows, "move-down:0")
    shown = [moved[n].tag for n, _up, _down in display_order(moved)]
    assert shown == [f.tag for f in fields_of(moved)] == ["100", "001", "400", "670"]


def test_letter_tags_local_codes_and_empty_heading_subfields_are_the_checks_own() -> (
    None
):
    rows = [
        Row("100", "1", " ", [("a", ""), ("d", "1900-")]),
        Row("LOC", subfields=[("a", "x")]),
        Row("960", subfields=[("%", "lokal")]),
    ]
    assert row_errors(rows, fields_of(rows[:1])) == {}  # the heading as stored
    assert set(row_errors(rows)) == {"f-0-s-0-value"}  # a heading typed so


def test_line_breaks_come_back_as_they_were_stored() -> None:
    for stored in ("a\nb", "a\r\nb", "a\rb", "\nfirst\r\nsecond\rthird\n"):
        posted = stored.replace("\r\n", "\n").replace("\r", "\n")
        posted = posted.replace("\n", "\r\n")  # what a browser sends
        form = {"f-0-tag": "680", "f-0-ind1": "", "f-0-ind2": "",
                "f-0-s-0-code": "i", "f-0-s-0-value": posted}  # fmt: skip
        if hint := breaks_of(stored):
            form["f-0-s-0-breaks"] = hint
        assert parse_rows(form).rows[0].subfields == [("i", stored)]
    typed = {
        "f-0-tag": "680",
        "f-0-s-0-code": "i",
        "f-0-s-0-value": "x\r\ny\r\nz",
        "f-0-s-0-breaks": "rn",
    }  # a break was added: all read as LF
    assert parse_rows(typed).rows[0].subfields == [("i", "x\ny\nz")]


def test_a_stored_hash_indicator_stays_and_a_typed_one_is_a_blank() -> None:
    form = {"f-0-tag": "100", "f-0-ind1": "#", "f-0-ind1-literal": "1",
            "f-0-ind2": "#", "f-0-s-0-code": "a", "f-0-s-0-value": "A"}  # fmt: skip
    row = parse_rows(form).rows[0]
    assert (row.ind1, row.ind2) == ("#", " ")
