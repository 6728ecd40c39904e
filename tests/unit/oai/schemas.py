"""OAI-PMH responses checked against the corpus's XSDs, metadata schemas included.

``xmlschema`` compiles them offline (it bundles xml.xsd, which oai_dc.xsd and the
sets' descriptions need; corpus README quirk 8). One wrapper schema imports
OAI-PMH.xsd with every metadata schema we write: MARC21slim.xsd, marcxchange-1-1.xsd,
oai_dc.xsd and oai-identifier.xsd. RDF has no XSD: a stand-in declares ``rdf:RDF``
with lax content, so the envelope is checked strictly and the graph by rdflib.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import xmlschema

XSD = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "schemas" / "xsd"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

_RDF_STAND_IN = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="{RDF}" elementFormDefault="qualified">
  <xs:element name="RDF"><xs:complexType>
    <xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence><xs:anyAttribute processContents="lax"/>
  </xs:complexType></xs:element>
</xs:schema>"""

IMPORTS = {
    "http://www.openarchives.org/OAI/2.0/": "OAI-PMH.xsd",
    "http://www.loc.gov/MARC21/slim": "MARC21slim.xsd",
    "info:lc/xmlns/marcxchange-v1": "marcxchange-1-1.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc/": "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier": "oai-identifier.xsd",
}


@cache
def oai_schema(tmp: str) -> xmlschema.XMLSchema:
    """The wrapper schema (written under ``tmp``, next to the stand-in)."""
    folder = Path(tmp)
    (folder / "rdf-stand-in.xsd").write_text(_RDF_STAND_IN)
    lines = [
        f'<xs:import namespace="{ns}" schemaLocation="{(XSD / name).as_uri()}"/>'
        for ns, name in IMPORTS.items()
    ]
    lines.append(f'<xs:import namespace="{RDF}" schemaLocation="rdf-stand-in.xsd"/>')
    wrapper = folder / "wrapper.xsd"
    wrapper.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        + "".join(lines)
        + "</xs:schema>"
    )
    return xmlschema.XMLSchema(str(wrapper))


def validate(document: bytes) -> None:
    """Raise xmlschema's error when ``document`` is not a valid OAI-PMH response."""
    oai_schema(_folder()).validate(document.decode("utf-8"))


@cache
def _folder() -> str:
    return tempfile.mkdtemp(prefix="oai-xsd-")
