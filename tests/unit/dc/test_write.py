"""Dublin Core of an authority: public, valid against oai_dc.xsd (offline)."""

from __future__ import annotations

from functools import cache

import xmlschema
from lxml import etree

from authority.dc import DC, to_dc
from authority.dc.write import elements
from tests.support import corpus_authorities
from tests.unit.oai.schemas import XSD


@cache
def oai_dc() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD / "oai_dc.xsd"))


def test_every_corpus_record_is_valid_oai_dc() -> None:
    schema = oai_dc()
    for authority in corpus_authorities()[::25]:
        element = to_dc(authority, f"https://authority.test/authorities/{authority.id}")
        schema.validate(etree.tostring(element).decode())


def test_heading_kind_identifiers_and_relations() -> None:
    person = next(a for a in corpus_authorities() if a.id == "90053126")
    pairs = elements(person, "https://authority.test/authorities/90053126")
    assert pairs[0] == ("title", person.label)
    assert ("type", "person") in pairs
    assert ("identifier", "(NO-TrBIB)90053126") in pairs
    assert ("identifier", "https://authority.test/authorities/90053126") in pairs
    assert ("identifier", "x90053126") in pairs


def test_private_notes_and_identifiers_stay_out() -> None:
    for authority in corpus_authorities():
        if len(authority.fields) == len(authority.public_fields):
            continue
        text = etree.tostring(to_dc(authority)).decode()
        for note in authority.notes:
            if not note.public:
                assert note.text not in text
        for identifier in authority.identifiers:
            if identifier.private:
                assert f">{identifier.value}<" not in text


def test_namespace() -> None:
    element = to_dc(corpus_authorities()[0])
    assert all(child.tag.startswith(f"{{{DC}}}") for child in element)
