"""An authority as a simple Dublin Core ``oai_dc:dc`` element.

Simple DC has fifteen elements and no place for a heading's structure, so this is a
summary for generic harvesters, never the record (that is MARC): the heading and the
see-from forms are titles, the kind is the type, the public identifiers and the
authority's own URI are identifiers, public notes are descriptions, the see-also
links are relations, the dates of life or activity one date.
"""

from __future__ import annotations

from lxml import etree

from authority.domain import Authority
from authority.domain.ids import linking_form

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA_LOCATION = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NSMAP = {"oai_dc": OAI_DC, "dc": DC, "xsi": _XSI}


def to_dc(authority: Authority, uri: str | None = None) -> etree._Element:
    """``authority`` as ``oai_dc:dc``; ``uri`` is its URI, given as an identifier."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap=_NSMAP)
    root.set(f"{{{_XSI}}}schemaLocation", f"{OAI_DC} {SCHEMA_LOCATION}")
    for name, value in elements(authority, uri):
        etree.SubElement(root, f"{{{DC}}}{name}").text = value
    return root


def elements(authority: Authority, uri: str | None = None) -> list[tuple[str, str]]:
    """(DC element name, value) pairs, in the order they are written."""
    pairs: list[tuple[str, str]] = []
    if authority.heading is not None:
        pairs.append(("title", authority.heading.label))
    pairs += [("title", v.label) for v in authority.variants]
    pairs.append(("type", authority.kind.value))
    if dates := _dates(authority):
        pairs.append(("date", dates))
    attributes = authority.attributes
    pairs += [("subject", s) for s in (*attributes.fields_of_activity,
                                       *attributes.occupations)]  # fmt: skip
    pairs += [("language", code) for code in attributes.languages]
    pairs += [("description", n.text) for n in authority.public_notes]
    pairs += [
        ("relation", _relation(r.label, r.target_id)) for r in authority.relations
    ]
    pairs.append(("identifier", linking_form(authority.id)))
    if uri:
        pairs.append(("identifier", uri))
    pairs += [("identifier", i.uri or i.value) for i in authority.public_identifiers]
    return [(name, value) for name, value in pairs if value]


def _dates(authority: Authority) -> str | None:
    a = authority.attributes
    start, end = a.birth_date or a.start_date, a.death_date or a.end_date
    if not (start or end):
        return None
    return f"{start or ''}-{end or ''}"


def _relation(label: str, target_id: str | None) -> str:
    return f"{label} {linking_form(target_id)}" if target_id else label
