"""A field on one line, as the conflict page and the merge preview show it."""

from __future__ import annotations

from authority.domain import Field, Subfield
from authority.web.marc_text import line_of
from authority.web.marc_view import field_line


def test_a_blank_indicator_is_a_hash_as_on_the_record_page() -> None:
    f = Field("100", "1", " ", (Subfield("a", "Ibsen, Henrik"),))
    assert line_of(f.to_dict()) == "100 1# $a Ibsen, Henrik" == field_line(f).text
    assert line_of(Field("008", data="x").to_dict()) == "008 x"
