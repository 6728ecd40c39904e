"""XML with a DTD is refused by every XML reader, wherever the DOCTYPE stands.

The parsers never load a DTD or expand an entity, so an entity reference could only
become nothing: a record read that way would be stored without what it said. A
file with a DOCTYPE is therefore one error at position 1, whatever comes before
the DOCTYPE (a 5 KB comment hid it from a check of the first 4,096 bytes).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from authority.marc.read import read
from loaders.sources import emnemodul, marc, skos

MARCXML = "http://www.loc.gov/MARC21/slim"
RECORD = (
    f'<record xmlns="{MARCXML}"><leader>00000nz  a2200000n  4500</leader>'
    '<controlfield tag="001">90000001</controlfield>'
    '<datafield tag="100" ind1="1" ind2=" "><subfield code="a">Entity, &xxe;'
    "</subfield></datafield></record>"
)
LAUGHS = (
    "<!ENTITY lol0 'lol'>"
    + "".join(f"<!ENTITY lol{n} '" + f"&lol{n - 1};" * 10 + "'>" for n in range(1, 10))
    + "<!ENTITY xxe '&lol9;'>"
)
DOCTYPES = {
    "a 5 KB comment, then an internal entity": (
        "<!--" + "x" * 5000 + "--><!DOCTYPE record [<!ENTITY xxe 'INJECTED'>]>"
    ),
    "an external entity: file": (
        "<!DOCTYPE record [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
    ),
    "an external DTD: file": "<!DOCTYPE record SYSTEM 'file:///etc/passwd'>",
    "an external DTD: http": (
        "<!DOCTYPE record SYSTEM 'http://127.0.0.1:9/evil.dtd'>"
    ),  # fmt: skip
    "billion laughs": f"<!DOCTYPE record [{LAUGHS}]>",
}
"""What may stand between the XML declaration and the root element."""


def refused(error: str | None) -> bool:
    """The reason names the DTD (libxml2 stops billion laughs first, by itself)."""
    return error is not None and (
        "DTD is refused" in error or "entity amplification" in error
    )


def hostile(doctype: str, body: str = RECORD) -> bytes:
    """A document: declaration, ``doctype``, then ``body`` (``&xxe;`` where no
    DOCTYPE declares it is left out, so that only the DTD is wrong)."""
    if "ENTITY xxe" not in doctype:
        body = body.replace("&xxe;", "")
    return f"<?xml version='1.0' encoding='utf-8'?>{doctype}{body}".encode()


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_the_marc_reader_refuses_any_dtd(doctype: str) -> None:
    [result] = read(io.BytesIO(hostile(doctype)), "xml")
    assert result.position == 1
    assert refused(result.error)
    assert result.leader is None and result.fields == ()


def test_a_dtd_before_a_collection_refuses_the_file_not_only_its_first_record() -> None:
    two = f'<collection xmlns="{MARCXML}">{RECORD}{RECORD}</collection>'
    doctype = DOCTYPES["a 5 KB comment, then an internal entity"]
    results = list(read(io.BytesIO(hostile(doctype.replace("record", "collection"),
                                           two)), "xml"))  # fmt: skip
    assert [(r.position, r.leader) for r in results] == [(1, None)]


def test_a_dtd_without_records_is_refused_too() -> None:
    [result] = read(io.BytesIO(hostile(DOCTYPES["an external DTD: http"], "<x/>")))
    assert result.error is not None and "DTD is refused" in result.error


def test_xml_without_a_dtd_reads_as_before() -> None:
    [result] = read(io.BytesIO(hostile("")), "xml")
    assert result.error is None
    assert result.fields[-1].subfields[0].value == "Entity, "


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_the_marcxml_source_reports_the_file(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(hostile(doctype))
    [item] = marc.read(str(path), "marcxml")
    assert (item.position, item.authority) == (1, None)
    assert refused(item.error)


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_the_emnemodul_source_refuses_any_dtd(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "export.xml"
    posts = (
        "<ntub><post><term-id>c0001</term-id><dato>2001-02-03</dato>"
        "<hovedemnefrase>Emne &xxe;</hovedemnefrase></post></ntub>"
    )
    path.write_bytes(hostile(doctype.replace("record", "ntub"), posts))
    [item] = emnemodul.read(str(path))
    assert (item.position, item.authority) == (1, None)
    assert refused(item.error)


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_the_skos_source_refuses_any_dtd_in_rdf_xml(
    tmp_path: Path, doctype: str
) -> None:
    # rdflib's RDF/XML reader (expat) expands an internal entity and drops an
    # external one without a word: the label would lose what it said.
    path = tmp_path / "vocabulary.rdf"
    concept = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:skos="http://www.w3.org/2004/02/skos/core#">'
        '<skos:Concept rdf:about="http://example.org/c1">'
        "<skos:prefLabel>Emne &xxe;</skos:prefLabel></skos:Concept></rdf:RDF>"
    )
    path.write_bytes(hostile(doctype.replace("record", "rdf:RDF"), concept))
    [item] = skos.read(str(path))
    assert (item.position, item.authority) == (1, None)
    assert refused(item.error)
