"""The record schemas a client may ask for, and how each writes one authority."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from authority.dc import DC, OAI_DC, to_dc
from authority.domain import Authority
from authority.linkeddata.serialize import serialize
from authority.linkeddata.uris import Uris
from authority.marc.serialize import MARCXCHANGE, MARCXML, xml_record
from authority.marc.to_marc import marc_output


@dataclass(frozen=True)
class Rendering:
    """What writing a record needs from the deployment."""

    uris: Uris
    organization_code: str


@dataclass(frozen=True)
class RecordSchema:
    """One recordSchema: the short name BARE's clients send, its URI, a writer."""

    name: str
    identifier: str
    title: str
    write: Callable[[Authority, Rendering], str]
    aliases: tuple[str, ...] = ()


def _marc(flavor: str) -> Callable[[Authority, Rendering], str]:
    def write(authority: Authority, rendering: Rendering) -> str:
        output = marc_output(authority, organization_code=rendering.organization_code)
        return xml_record(output, flavor)

    return write


def _dc(authority: Authority, rendering: Rendering) -> str:
    element = to_dc(authority, rendering.uris.authority(authority.id))
    return etree.tostring(element, encoding="unicode")


def _rdf(authority: Authority, rendering: Rendering) -> str:
    document = serialize(authority, "rdfxml", rendering.uris).decode()
    if document.startswith("<?xml"):  # the declaration cannot sit inside recordData
        document = document.split("?>", 1)[1].lstrip()
    return document


SCHEMAS: tuple[RecordSchema, ...] = (
    RecordSchema(
        "marcxchange",
        MARCXCHANGE,
        "MARCXchange (ISO 25577), BARE's shape",
        _marc("marcxchange"),
        ("info:lc/xmlns/marcxchange-v2",),
    ),
    RecordSchema(
        "marcxml",
        "info:srw/schema/1/marcxml-v1.1",
        "MARC 21 XML (slim)",
        _marc("marcxml"),
        (MARCXML, "marc21", "info:srw/schema/1/marcxml-v1.1-light"),
    ),
    RecordSchema(
        "rdf",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "RDF/XML: the read API's graph (MADS/RDF, SKOS, schema.org)",
        _rdf,
        ("rdfxml",),
    ),
    RecordSchema(
        "dc",
        "info:srw/schema/1/dc-v1.1",
        "Dublin Core (simple, oai_dc): a summary, not the record",
        _dc,
        ("oai_dc", OAI_DC, DC),
    ),
)
DEFAULT = SCHEMAS[0]


def schema_named(name: str) -> RecordSchema | None:
    """The schema a request names by short name, URI or alias (any case)."""
    wanted = name.strip().lower()
    for schema in SCHEMAS:
        names = (schema.name, schema.identifier, *schema.aliases)
        if wanted in (n.lower() for n in names):
            return schema
    return None
