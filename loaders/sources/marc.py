"""MARC sources: MARCXML, MARCXchange, ISO 2709 and MARC-in-JSON.

Files, SRU and OAI-PMH responses are read by ``authority.marc.read`` and mapped by
``from_fields``.
Status, quality level and dates come from the record itself (leader/05, 901, 005,
008): the MARC issue's mapping, unchanged. An OAI-PMH deleted header (no record, only
an identifier and a datestamp) is an item with a :class:`Deletion`, in its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from authority.domain.ids import is_valid_id
from authority.errors import AuthorityError
from authority.marc.from_marc import from_fields
from authority.marc.read import DeletedHeader
from authority.marc.read import read as read_marc
from loaders.sources import Deletion, SourceItem

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
        if result.deleted is not None:
            yield deleted(result.position, result.deleted)
            continue
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


def deleted(position: int, header: DeletedHeader) -> SourceItem:
    """An OAI-PMH deleted header as the deletion of the authority it names.

    The identifier's last part is the id (``oai:bibsys.no:authority:90053126``); a
    datestamp is a day (``2024-05-01``, midnight UTC) or a UTC moment.
    """
    authority_id = header.identifier.rsplit(":", 1)[-1]
    if not is_valid_id(authority_id):
        reason = f"a deleted header names no authority id: {header.identifier!r}"
        return SourceItem(position, None, reason, header.identifier)
    try:
        when = datetime.fromisoformat(header.datestamp) if header.datestamp else None
    except ValueError:
        reason = f"a deleted header's datestamp is not a date: {header.datestamp!r}"
        return SourceItem(position, None, reason, header.identifier, authority_id)
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return SourceItem(
        position, None, id=authority_id, deletion=Deletion(authority_id, when)
    )
