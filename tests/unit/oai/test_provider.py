"""The verbs' documents: valid against OAI-PMH.xsd and the metadata's schema, paged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree
from rdflib import Graph

from authority.domain import Status
from authority.oai.formats import FORMATS
from authority.oai.sets import SETS, memberships
from authority.oai.tokens import decode
from tests.unit.oai.fixture import BASE_URL, provider, sample
from tests.unit.oai.schemas import validate

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def respond(page_size: int = 5, **given: str) -> etree._Element:
    body = provider(page_size).respond(
        {k.rstrip("_"): [v] for k, v in given.items()}, BASE_URL, NOW
    )
    validate(body)
    root = etree.fromstring(body)
    assert root.find(f"{OAI}error") is None, body
    return root


def test_identify() -> None:
    root = respond(verb="Identify")
    identify = root.find(f"{OAI}Identify")
    assert identify is not None
    assert identify.findtext(f"{OAI}deletedRecord") == "persistent"
    assert identify.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext(f"{OAI}baseURL") == BASE_URL
    assert identify.findtext(f"{OAI}earliestDatestamp") == "2026-01-01T00:01:00Z"


def test_metadata_formats_and_sets() -> None:
    formats = respond(verb="ListMetadataFormats")
    prefixes = [e.text for e in formats.iter(f"{OAI}metadataPrefix")]
    assert prefixes == ["marcxchange", "marc21", "oai_dc", "rdf"]
    sets = respond(verb="ListSets")
    specs = [e.text for e in sets.iter(f"{OAI}setSpec")]
    assert {"bibsys_authorities", "national_authorities", "kind:person",
            "quality:kat3"} <= set(specs)  # fmt: skip
    languages = {
        e.get("{http://www.w3.org/XML/1998/namespace}lang")
        for e in sets.iter("{http://purl.org/dc/elements/1.1/}description")
    }
    assert languages == {"en", "nb"}


@pytest.mark.parametrize("prefix", list(FORMATS))
def test_every_format_pages_through_every_record(prefix: str) -> None:
    seen: list[str] = []
    root = respond(verb="ListRecords", metadataPrefix=prefix)
    sizes = set()
    while True:
        for record in root.iter(f"{OAI}record"):
            seen.append(record.findtext(f"{OAI}header/{OAI}identifier") or "")
            metadata = record.find(f"{OAI}metadata")
            deleted = record.find(f"{OAI}header").get("status") == "deleted"  # type: ignore[union-attr]
            assert (metadata is None) == deleted
            if prefix == "rdf" and metadata is not None:
                Graph().parse(data=etree.tostring(metadata[0]), format="xml")
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            break
        sizes.add(token.get("completeListSize"))
        root = respond(verb="ListRecords", resumptionToken=token.text)
    expected = [f"oai:bibsys.no:authority:{a.id}" for a in sample()]
    assert seen == expected
    assert sizes == {str(len(expected))}


def test_tokens_carry_cursor_size_and_an_honest_expiry() -> None:
    root = respond(page_size=3, verb="ListIdentifiers", metadataPrefix="marc21")
    token = root.find(f".//{OAI}resumptionToken")
    assert token is not None and token.text
    assert token.get("cursor") == "0"
    assert token.get("expirationDate") == "2026-06-01T13:00:00Z"
    parsed = decode(token.text, NOW)
    assert parsed.expiration() == datetime(2026, 6, 1, 13, tzinfo=UTC)
    second = respond(page_size=3, verb="ListIdentifiers", resumptionToken=token.text)
    assert second.find(f".//{OAI}resumptionToken").get("cursor") == "3"  # type: ignore[union-attr]


def test_sets_filter_and_headers_name_them() -> None:
    national = respond(page_size=100, verb="ListIdentifiers", metadataPrefix="oai_dc",
                       set="national_authorities")  # fmt: skip
    ids = [e.text for e in national.iter(f"{OAI}identifier")]
    kat3 = [a.id for a in sample() if a.quality and a.quality.value == "kat3"]
    assert ids == [f"oai:bibsys.no:authority:{i}" for i in kat3]
    header = national.find(f".//{OAI}header")
    assert "national_authorities" in [e.text for e in header.iter(f"{OAI}setSpec")]  # type: ignore[union-attr]
    assert all(memberships(a)[0] == "bibsys_authorities" for a in sample())
    assert len(SETS) == 2 + 1 + 8 + 1 + 3 + 1  # ... and "vocabulary"


def test_deleted_and_merged_are_deleted_headers() -> None:
    authorities = sample()
    gone = [a for a in authorities if a.status is not Status.ACTIVE]
    assert {a.status for a in gone} == {Status.MERGED, Status.DELETED}
    for a in gone:
        root = respond(verb="GetRecord", metadataPrefix="marcxchange",
                       identifier=f"oai:bibsys.no:authority:{a.id}")  # fmt: skip
        header = root.find(f".//{OAI}header")
        assert header is not None and header.get("status") == "deleted"
        assert root.find(f".//{OAI}metadata") is None


def test_marcxchange_is_the_read_apis_element_without_a_numeric_id() -> None:
    person = next(a for a in sample() if a.id.isdigit() and a.status is Status.ACTIVE)
    root = respond(verb="GetRecord", metadataPrefix="marcxchange",
                   identifier=f"oai:bibsys.no:authority:{person.id}")  # fmt: skip
    record = root.find(".//{info:lc/xmlns/marcxchange-v1}record")
    assert record is not None
    assert record.get("id") is None
    assert record.get("type") == "Authority"
    control = record.findtext("{info:lc/xmlns/marcxchange-v1}controlfield")
    assert control == person.id


def test_private_fields_never_appear() -> None:
    for prefix in FORMATS:
        root = respond(page_size=200, verb="ListRecords", metadataPrefix=prefix)
        text = etree.tostring(root).decode()
        assert 'tag="667"' not in text


def test_a_stored_control_character_is_written_as_a_replacement() -> None:
    # stored before edits were checked for them: the record is still harvested
    from dataclasses import replace as copy

    from authority.domain import Field, Subfield

    authority = next(a for a in sample() if a.status is Status.ACTIVE)
    bad = Field("670", subfields=(Subfield("a", "before\x01after"),))
    broken = copy(authority, fields=(*authority.fields, bad))
    p = provider(authorities=[broken])
    for prefix in FORMATS:
        given = {"verb": ["GetRecord"], "metadataPrefix": [prefix],
                 "identifier": [f"oai:bibsys.no:authority:{authority.id}"]}  # fmt: skip
        body = p.respond(given, BASE_URL, NOW)
        validate(body)
        if prefix != "rdf":
            assert "before\ufffdafter" in body.decode()
