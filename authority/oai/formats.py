"""The metadata formats a record can be disseminated in, each with its writer.

Every writer gives the public view the read API gives: ``marcxchange`` is the
element of ``GET /authorities/<id>?format=marcxchange`` (``marc/``, BARE's shape,
never a numeric ``@id``), ``marc21`` the same record as MARCXML slim, ``oai_dc``
the Dublin Core summary (``dc/``), ``rdf`` the read API's RDF/XML (``linkeddata/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree

from authority.dc import OAI_DC, to_dc
from authority.domain import Authority
from authority.domain.checks import UNWRITABLE
from authority.linkeddata.serialize import serialize
from authority.linkeddata.uris import Uris
from authority.marc.serialize import (
    MARCXCHANGE,
    MARCXML,
    with_characters_replaced,
    xml_record,
)
from authority.marc.to_marc import marc_output

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Rendering:
    """What a writer needs beyond the authority: the deployment's URIs and code."""

    uris: Uris
    organization_code: str


Writer = Callable[[Authority, Rendering], etree._Element]


@dataclass(frozen=True)
class Format:
    """One metadata format: its prefix, schema, namespace and writer."""

    prefix: str
    schema: str
    namespace: str
    write: Writer


def _marc(flavor: str) -> Writer:
    def write(authority: Authority, rendering: Rendering) -> etree._Element:
        output = marc_output(authority, organization_code=rendering.organization_code)
        return etree.fromstring(xml_record(output, flavor).encode(), _PARSER)

    return write


def _dc(authority: Authority, rendering: Rendering) -> etree._Element:
    return to_dc(authority, rendering.uris.authority(authority.id))


def _rdf(authority: Authority, rendering: Rendering) -> etree._Element:
    return etree.fromstring(serialize(authority, "rdfxml", rendering.uris), _PARSER)


def written(form: Format, authority: Authority, rendering: Rendering) -> etree._Element:
    """``authority`` in ``form``, every character XML cannot carry as U+FFFD.

    A record stored with one (before edits were checked for them) is written as a
    dump writes it: left out, a harvester would take it for gone.
    """
    texts = (
        t
        for f in authority.fields
        for t in (f.data or "", *(s.value for s in f.subfields))
    )
    if any(UNWRITABLE.search(text) for text in texts):
        cleaned = with_characters_replaced(authority)[0]
        authority = replace(authority, fields=tuple(cleaned.fields))
    return form.write(authority, rendering)


FORMATS: dict[str, Format] = {
    f.prefix: f
    for f in (
        Format(
            "marcxchange",
            "http://www.loc.gov/standards/iso25577/marcxchange-1-1.xsd",
            MARCXCHANGE,
            _marc("marcxchange"),
        ),
        Format(
            "marc21",
            "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
            MARCXML,
            _marc("marcxml"),
        ),
        Format("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC, _dc),
        Format(
            "rdf",
            "http://www.openarchives.org/OAI/2.0/rdf.xsd",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            _rdf,
        ),
    )
}
"""Every format, by its metadataPrefix; ``marcxchange`` is BARE's."""
