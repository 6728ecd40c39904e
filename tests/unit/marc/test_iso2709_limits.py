"""ISO 2709 has five digits for a record's length and four for a field's: we refuse
to write what does not fit, where pymarc would write a wrong length silently."""

from __future__ import annotations

import pytest
from pymarc import MARCReader

from authority.domain import Field, Subfield
from authority.marc.serialize import UnwritableRecordError, iso2709
from authority.marc.to_marc import marc_output
from tests.support import corpus_authorities


def with_note(length: int, notes: int = 1) -> bytes:
    authority = corpus_authorities()[0]
    note = Field("670", " ", " ", (Subfield("a", "x" * length),))
    return iso2709(
        marc_output(authority.with_fields([*authority.fields, *[note] * notes]))
    )


def test_the_longest_field_that_fits_is_written_and_reads_back() -> None:
    data = with_note(9_990)
    [record] = list(MARCReader(data, to_unicode=True))
    assert record is not None
    assert len(record["670"]["a"]) == 9_990


@pytest.mark.parametrize(("length", "notes"), [(10_000, 1), (9_000, 12)])
def test_too_long_is_refused_with_the_reason(length: int, notes: int) -> None:
    with pytest.raises(UnwritableRecordError, match="too long for ISO 2709"):
        with_note(length, notes)
