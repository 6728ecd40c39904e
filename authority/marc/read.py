"""Streaming, permissive reading of MARC XML: one outcome per record, never a crash.

MARCXML (``http://www.loc.gov/MARC21/slim``) and MARCXchange v1
(``info:lc/xmlns/marcxchange-v1``, as BARE's SRU and OAI emit it) are read as a
collection, a single record, or wrapped in an SRU or OAI-PMH response; records whose
elements carry no namespace (seen in BARE samples) are read too. The parser never
expands entities, loads a DTD or touches the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree
from pymarc import Field as MarcField
from pymarc import Indicators, Leader, Record
from pymarc import Subfield as MarcSubfield
from pymarc.exceptions import PymarcException

MARCXML = "http://www.loc.gov/MARC21/slim"
MARCXCHANGE = "info:lc/xmlns/marcxchange-v1"
RECORD_TAGS = (f"{{{MARCXML}}}record", f"{{{MARCXCHANGE}}}record", "record")


@dataclass(frozen=True)
class ReadResult:
    """One record read, or the reason it could not be (with its position)."""

    position: int
    """1-based number of the record in its file."""
    marc_record: Record | None
    error: str | None = None
    raw: str | None = None


def read_xml(source: str | IO[bytes]) -> Iterator[ReadResult]:
    """Every MARC record in an XML file or stream, in bounded memory."""
    position = 0
    events = etree.iterparse(
        source,
        events=("end",),
        tag=RECORD_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        for _, element in events:
            position += 1
            yield _outcome(position, element)
            _release(element)
    except etree.XMLSyntaxError as error:
        yield ReadResult(position + 1, None, f"XML is not well-formed: {error}")


def _outcome(position: int, element: etree._Element) -> ReadResult:
    try:
        return ReadResult(position, _record(element))
    except (ValueError, PymarcException) as error:
        raw = etree.tostring(element, encoding="unicode")
        return ReadResult(position, None, str(error), raw)


def _record(element: etree._Element) -> Record:
    record = Record()
    for child in element:
        name = etree.QName(child).localname
        if name == "leader":
            record.leader = Leader(child.text or "")
        elif name == "controlfield":
            record.fields.append(MarcField(tag=_tag(child), data=child.text or ""))
        elif name == "datafield":
            subfields = [
                MarcSubfield(code=sub.get("code", ""), value=sub.text or "")
                for sub in child
                if etree.QName(sub).localname == "subfield"
            ]
            indicators = Indicators(child.get("ind1") or " ", child.get("ind2") or " ")
            record.fields.append(
                MarcField(tag=_tag(child), indicators=indicators, subfields=subfields)
            )
    return record


def _tag(element: etree._Element) -> str:
    tag = element.get("tag")
    if not tag or len(tag) != 3:
        raise ValueError(f"field with tag {tag!r} (line {element.sourceline})")
    return tag


def _release(element: etree._Element) -> None:
    # Free what we have read so memory stays flat over millions of records.
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]
