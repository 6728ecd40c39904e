"""MARC sources: MARCXML, MARCXchange, ISO 2709 and MARC-in-JSON.

Files, SRU and OAI-PMH responses are read by ``authority.marc.read`` and mapped by
``from_fields``.
Status, quality level and dates come from the record itself (leader/05, 901, 005,
008): the MARC issue's mapping, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from authority.errors import AuthorityError
from authority.marc.from_marc import from_fields
from authority.marc.read import read as read_marc
from loaders.sources import SourceItem

READER_FORMS = {
    "marcxml": "xml",
    "marcxchange": "xml",
    "iso2709": "iso2709",
    "marcjson": "marcjson",
}
"""Source name -> the MARC reader's form (MARCXML and MARCXchange share one)."""


def read(path: str, source: str) -> Iterator[SourceItem]:
    """Every record of ``path`` in the MARC form of ``source``, mapped."""
    for result in read_marc(path, READER_FORMS[source]):
        if result.error is not None or result.leader is None:
            yield SourceItem(result.position, None, result.error, result.raw)
            continue
        try:
            authority = from_fields(result.leader, result.fields)
        except AuthorityError as error:
            control = next((f.data for f in result.fields if f.tag == "001"), None)
            record = result.marc_record
            raw = record.as_json() if record is not None else None
            yield SourceItem(result.position, None, str(error), raw, control)
            continue
        yield SourceItem(result.position, authority, id=authority.id or None)
