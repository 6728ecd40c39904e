"""Fields the subject sources build for records that were never MARC.

The vocabularies (emnemodul, Realfagstermer, SKOS) give dates, agencies and
statements, not fields; each source builds its 008, 040 and 950 with these, so the
pattern is written once.
"""

from __future__ import annotations

from datetime import date

from authority.domain import Field, Subfield
from authority.marc import tags


def subject_fixed_length_data(
    entered: date, *, record_kind: str = "a", subject_use: str = "a"
) -> Field:
    """008 in roald's pattern for subject terms, behind the date entered on file.

    Args:
        entered: The date entered on file (a datetime gives its own calendar date).
        record_kind: 008/09 (``e`` for a node label).
        subject_use: 008/15 (``b`` for a heading not used as a subject).
    """
    tail = tags.SUBJECT_008.format(record_kind=record_kind, subject_use=subject_use)
    return Field(tags.FIXED_LENGTH_DATA, data=f"{entered:%y%m%d}{tail}")


def cataloguing_source(
    agency: str, language: str | None = None, scheme: str | None = None
) -> Field:
    """``040 $a <agency> $b <language> $f <scheme>`` (``$b``, ``$f`` when given)."""
    subfields = (
        Subfield("a", agency),
        *([Subfield("b", language)] if language is not None else []),
        *([Subfield("f", scheme)] if scheme is not None else []),
    )
    return Field(tags.CATALOGUING_SOURCE, subfields=subfields)


def local_field(name: str, text: str) -> Field:
    """``950 $a <name> $b <text>``: a statement no MARC field holds, kept as it was."""
    return Field(tags.LOCAL_FIELD, subfields=(Subfield("a", name), Subfield("b", text)))
