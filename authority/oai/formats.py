"""The metadata formats a record can be disseminated in, each with its writer.

Every writer gives the public view the read API gives: ``marcxchange`` is the
element of ``GET /authorities/<id>?format=marcxchange`` (``marc/``, BARE's shape,
never a numeric ``@id``), ``marc21`` the same record as MARCXML slim, ``oai_dc``
the Dublin Core summary (``dc/``), ``rdf`` the read API's RDF/XML (``linkeddata/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from authority.dc import OAI_DC, to_dc
from authority.domain import Authority
from authority.linkeddata.serialize import serialize
from authority.linkeddata.uris import Uris
from authority.marc.serialize import MARCXCHANGE, MARCXML, xml_record
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
