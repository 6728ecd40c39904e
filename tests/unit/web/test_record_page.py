"""The record page (web/record.py, web/display.py, web/marc_view.py), unit by unit.

The page renders inside a request of an app without a database (no one is signed
in): the public view, as anonymous visitors and the API's negotiated HTML get it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import html5rdf
import lxml.html
import pymarc
import pytest
from flask import Flask

from authority import create_app
from authority.api.negotiation import FORMATS
from authority.barejson.read import from_bare_json
from authority.domain import (
    Attributes,
    Authority,
    Field,
    Kind,
    Provenance,
    QualityLevel,
    Status,
    Subfield,
)
from authority.domain.view import NOTE_TYPES, RELATION_TYPES
from authority.marc.from_marc import from_fields, from_marc
from authority.marc.read import read
from authority.web import labels
from authority.web.i18n import LANGUAGES, catalogue
from authority.web.record import public_page
from tests.support import CORPUS, corpus_authorities

URIS_BASE = "https://authority.test/"


@cache
def app() -> Flask:
    """An app without a database: the page needs none, and no one is signed in."""
    return create_app({"BASE_URI": URIS_BASE, "SECRET_KEY": "unit"})


def page_of(authority_id: str) -> str:
    return f"/authorities/{authority_id}.html"


def bare(name: str) -> Authority:
    data = json.loads((CORPUS / "bare" / "json" / name).read_text(encoding="utf-8"))
    return from_bare_json(data)


def marcxchange(name: str) -> Authority:
    (result,) = read(str(CORPUS / "bare" / "marcxchange" / name))
    return from_fields(result.leader or "", result.fields)


def marcxml(relative: str) -> Authority:
    (marc_record,) = pymarc.parse_xml_to_array(
        str(CORPUS / "marc-authority" / relative)
    )
    return from_marc(marc_record)


def lc_record() -> Authority:
    (result,) = read(str(CORPUS / "marc-authority" / "lc" / "n2015013824.marcxml.xml"))
    return from_fields(result.leader or "", result.fields)


def render(
    authority: Authority,
    *,
    language: str = "en",
    related: Mapping[str, Authority] | None = None,
) -> str:
    with app().test_request_context(f"/?lang={language}"):
        return public_page(authority, dict(related or {}))


def parse(page: str) -> Any:
    # Bytes, as a browser gets them: the page's own <meta charset> must say UTF-8.
    return lxml.html.document_fromstring(page.encode("utf-8"))


def texts(document: Any, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in document.xpath(xpath)]


def heading_only(label: str, authority_id: str = "90000001") -> Authority:
    return Authority(
        id=authority_id,
        kind=Kind.PERSON,
        fields=(Field("100", "1", " ", (Subfield("a", label),)),),
    )


def assert_well_formed_page(document: Any, language: str) -> None:
    """The structure every page has, whatever the record holds."""
    assert document.tag == "html"
    assert document.get("lang") == language
    assert len(document.xpath("/html/head/title")) == 1
    assert document.xpath("/html/head/meta[@charset='utf-8']")
    assert len(document.xpath("//h1")) == 1
    assert len(document.xpath("//main")) == 1
    # Only our own files: no inline script or style (the CSP forbids them), no
    # images, frames or resources from elsewhere.
    assert not document.xpath("//script[not(@src)] | //style | //img | //iframe")
    for src in document.xpath("//script/@src | //link[@rel='stylesheet']/@href"):
        assert src.startswith("/static/web/"), src
    assert not document.xpath("//@*[starts-with(name(), 'on')]")
    assert not document.xpath("//@style")
    assert document.xpath("//a[@class='skip-link'][@href='#main']")
    # Every section is titled by its own h2, and every id is unique.
    ids = document.xpath("//@id")
    assert len(ids) == len(set(ids))
    for section in document.xpath("//main//section | //main//nav"):
        (title,) = section.xpath("h2")
        assert section.get("aria-labelledby") == title.get("id")
    # Definition lists alternate terms and descriptions, starting with a term.
    for dl in document.xpath("//dl"):
        children = [child.tag for child in dl]
        assert children and children[0] == "dt", children
        assert set(children) <= {"dt", "dd"}
        assert "dd" in children


# The page


def test_h1_is_the_label_and_title_names_it() -> None:
    authority = bare("noraf_90053126.json")
    document = parse(render(authority))

    assert texts(document, "//h1") == ["Rilke, Rainer Maria, 1875-1926"]
    assert authority.label in document.findtext(".//title")
    assert_well_formed_page(document, "en")


@pytest.mark.parametrize(
    ("language", "lang"),
    [("en", "en"), ("nb", "nb"), ("nn", "nn"), ("se", "se"), ("fr", "nb"), ("", "nb")],
)
def test_lang_attribute_is_the_page_language(language: str, lang: str) -> None:
    document = parse(render(bare("noraf_90053126.json"), language=language))

    assert document.get("lang") == lang


def test_sami_and_norwegian_letters_survive() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    page = render(authority, language="nb")
    document = parse(page)

    assert texts(document, "//h1") == ["Valkeapää, Nils-Aslak, 1943-2001"]
    variants = texts(document, "//section[@aria-labelledby='variants-title']//li")
    assert variants == ["Áillohaš, 1943-2001", "Áilu, 1943-2001"]
    # As characters, not as character references.
    assert "Valkeapää" in page and "Áillohaš" in page
    assert "Varianter" in page
    assert_well_formed_page(document, "nb")


def test_the_marc_view_shows_tag_indicators_and_subfields() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    document = parse(render(authority))
    section = document.xpath("//section[@aria-labelledby='marc-title']")[0]
    rows = [texts(row, "./*") for row in section.xpath(".//tbody/tr")]

    assert rows[0][0] == "LDR"
    (leader,) = section.xpath(".//tbody/tr[1]/td[2]")
    assert len(leader.text_content()) == 24  # as stored, spaces and all
    assert ["001", "", "90067942"] in rows
    assert ["100", "1#", "$a Valkeapää, Nils-Aslak $d 1943-2001"] in rows
    # Every public stored field is there, in the MARC writer's order.
    tags = [row[0] for row in rows[1:]]
    assert all(f.tag in tags for f in authority.public_fields)
    assert texts(section, ".//thead//th") == ["Tag", "Indicators", "Subfields"]
    (region,) = section.xpath(".//div[@role='region']")
    assert region.get("tabindex") == "0"
    assert region.get("aria-label") == "MARC fields"


def test_the_marc_view_leaves_private_fields_out() -> None:
    authority = lc_record()
    document = parse(render(authority))
    section = document.xpath("//section[@aria-labelledby='marc-title']")[0]

    assert "667" not in [
        row[0] for row in (texts(r, "./*") for r in section.xpath(".//tbody/tr"))
    ]


def test_identifiers_link_to_their_uris() -> None:
    authority = bare("noraf_90053126.json")
    document = parse(render(authority))
    section = document.xpath("//section[@aria-labelledby='identifiers-title']")[0]
    links = {a.get("href"): a.text_content() for a in section.xpath(".//a")}

    with_uri = [i for i in authority.public_identifiers if i.uri]
    assert {i.uri: i.value for i in with_uri} == links
    assert "https://isni.org/isni/0000000121312247" in links
    assert "https://viaf.org/viaf/46897170" in links
    # The autid and an unknown scheme have no URI: shown as text, not as links.
    plain = texts(section, ".//dd[not(.//a)]")
    assert plain == ["x90053126", "discogs558104"]
    assert "ISNI" in texts(section, ".//dt")


def test_private_identifiers_never_appear() -> None:
    authority = bare("bareSingleAuthorityGetResponseWithAllIds.json")
    assert {i.scheme for i in authority.identifiers} >= {"feide", "orgunitid"}
    for language in LANGUAGES:
        page = render(authority, language=language)

        assert "may-britt.moser@ntnu.no" not in page
        assert "194.0.0.0" not in page
        assert "feide" not in page.lower()
        assert "orgunitid" not in page.lower()
        assert 'href="https://orcid.org/0000-0001-7884-3049"' in page


def test_internal_notes_never_appear_and_public_notes_do() -> None:
    authority = lc_record()
    (internal,) = [n for n in authority.notes if not n.public]
    assert internal.tag == "667"
    document = parse(render(authority))
    page = lxml.html.tostring(document, encoding="unicode")

    assert internal.text not in page
    notes = document.xpath("//section[@aria-labelledby='notes-title']")[0]
    assert texts(notes, ".//dt") == ["Source consulted"]
    (source,) = texts(notes, ".//dd")
    assert source.startswith("al-Mawrūth al-ʻIrāqī")
    assert "قيس ياسين" in source


def test_internal_note_added_to_a_bare_record_stays_out() -> None:
    rilke = bare("noraf_90053126.json")
    internal = "Sjekk mot Deutsche Nationalbibliothek før publisering"
    authority = rilke.with_fields(
        (*rilke.fields, Field("667", " ", " ", (Subfield("a", internal),)))
    )
    page = render(authority)

    assert internal not in page
    assert "notes-title" not in page  # nothing public to show


def test_relations_link_to_the_target_and_show_its_current_label() -> None:
    galbraith = bare("noraf_json_14011193.json")
    (relation,) = galbraith.relations
    assert relation.target_id == "97027609"
    renamed = heading_only("Rowling, J. K., 1965-", "97027609")
    document = parse(render(galbraith, related={"97027609": renamed}, language="nb"))
    section = document.xpath("//section[@aria-labelledby='relations-title']")[0]

    (link,) = section.xpath(".//a")
    assert link.get("href") == page_of("97027609")
    assert link.text_content() == "Rowling, J. K., 1965-"
    assert texts(section, ".//dt") == ["Relatert"]
    assert "Rowling, J.K., 1965-" not in document.text_content()


def test_relation_without_a_stored_target_shows_its_own_label() -> None:
    humord = marcxml("mc2skos/humord-c28807.xml")
    document = parse(render(humord))
    section = document.xpath("//section[@aria-labelledby='relations-title']")[0]

    (link,) = section.xpath(".//a")
    assert link.get("href") == page_of("HUME08282")
    assert link.text_content() == "Geologi"
    assert texts(section, ".//dt") == ["Broader"]


def test_labels_carry_their_language() -> None:
    humord = marcxml("mc2skos/humord-c28807.xml")
    document = parse(render(humord, language="nb"))
    section = document.xpath("//section[@aria-labelledby='labels-title']")[0]

    assert texts(section, ".//dt") == ["bokmål"]
    (label,) = section.xpath(".//bdi[@lang='nb']")
    assert label.text_content() == "Undervannsgeologi"
    assert "(foretrukket)" in section.xpath(".//dd")[0].text_content()


def test_attributes_present_are_shown_and_absent_ones_are_not() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    document = parse(render(authority))
    section = document.xpath("//section[@aria-labelledby='attributes-title']")[0]
    terms = texts(section, ".//dt")

    assert terms == [
        "Place of birth",
        "Place of death",
        "Associated places",
        "Gender",
        "Nationalities",
        "Countries",
    ]
    values = texts(section, ".//dd")
    assert "Palojoensuu, Enontekis, Lappland, Finland" in values
    assert "Male" in values
    assert "Date of birth" not in terms


def test_every_format_link_appears() -> None:
    authority = bare("noraf_90053126.json")
    document = parse(render(authority))
    nav = document.xpath("//nav[@aria-labelledby='formats-title']")[0]

    links = [(a.text_content(), a.get("href")) for a in nav.xpath(".//a")]
    expected = [
        (f.label, f"/authorities/90053126.{f.suffix}")
        if f.suffix
        else (f.label, f"/authorities/90053126?format={f.name}")
        for f in FORMATS
        if f.name != "html"
    ]
    assert links == expected
    alternates = document.xpath("/html/head/link[@rel='alternate']/@href")
    assert alternates == [href for _, href in expected]
    (canonical,) = document.xpath("/html/head/link[@rel='canonical']/@href")
    assert canonical == f"{URIS_BASE}authorities/{authority.id}"


def test_no_id_no_formats() -> None:
    page = render(Authority(id="", kind=Kind.TOPIC, fields=()))

    assert "formats-title" not in page


def test_html_special_characters_in_data_are_escaped() -> None:
    evil = '<script>alert("x")</script> & <b>Co</b>'
    authority = Authority(
        id="90000002",
        kind=Kind.CORPORATE_BODY,
        fields=(
            Field("024", "7", " ", (Subfield("a", evil), Subfield("2", "bibbi"))),
            Field("110", "2", " ", (Subfield("a", evil),)),
            Field("410", "2", " ", (Subfield("a", f"{evil} variant"),)),
            Field("510", "2", " ", (Subfield("a", f"{evil} related"),)),
            Field("678", " ", " ", (Subfield("a", f"{evil} note"),)),
        ),
    )
    page = render(authority)
    document = parse(page)

    assert "<script>alert" not in page
    assert "<b>" not in page
    assert not document.xpath("//script[not(@src)] | //b")
    assert texts(document, "//h1") == [evil]
    assert evil in document.findtext(".//title")
    assert f"{evil} variant" in texts(document, "//li")
    assert f"{evil} note" in texts(document, "//dd")
    assert any(evil in line for line in texts(document, "//table//td"))


def test_bokmal_labels() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    document = parse(render(authority, language="nb"))
    titles = texts(document, "//h2")

    assert "Varianter" in titles
    assert "Identifikatorer" in titles
    assert "Opplysninger" in titles
    assert "Andre formater" in titles
    summary = texts(document, "//main/dl[1]/dd")
    assert "Person" in summary
    assert "kat3 (Verifisert av Nasjonalbiblioteket)" in summary
    assert "Aktiv" in summary
    assert "Fødested" in texts(document, "//dt")
    assert "Variants" not in titles


def test_english_labels() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    document = parse(render(authority, language="en"))
    titles = texts(document, "//h2")

    assert {"Variants", "Identifiers", "Attributes", "Other formats"} <= set(titles)
    summary = texts(document, "//main/dl[1]/dd")
    assert "kat3 (Verified by the National Library)" in summary
    assert "Active" in summary


@pytest.mark.parametrize(
    ("kind", "en", "nb"),
    [
        (Kind.PERSON, "Person", "Person"),
        (Kind.CORPORATE_BODY, "Corporate body", "Korporasjon"),
        (Kind.MEETING, "Meeting", "Møte"),
        (Kind.TOPIC, "Topic", "Emne"),
        (Kind.PLACE, "Place", "Sted"),
        (Kind.WORK, "Work", "Verk"),
        (Kind.FAMILY, "Family", "Familie"),
        (Kind.GENRE_FORM, "Genre/form", "Sjanger/form"),
    ],
)
def test_kind_names(kind: Kind, en: str, nb: str) -> None:
    authority = dataclasses.replace(heading_only("X"), kind=kind)

    for language, name in (("en", en), ("nb", nb)):
        document = parse(render(authority, language=language))
        assert texts(document, "//main/dl[1]/dd[1]") == [name]


def test_merged_authority_links_to_its_successor() -> None:
    merged = dataclasses.replace(
        heading_only("Nilsen, Eirik", "3055930"),
        status=Status.MERGED,
        merged_into="9072141",
    )
    successor = heading_only("Nilsen, Eirik, 1985-", "9072141")
    document = parse(render(merged, related={"9072141": successor}, language="nb"))

    assert "Sammenslått" in texts(document, "//main/dl[1]/dd")
    (link,) = document.xpath("//main/dl[1]//a")
    assert link.get("href") == page_of("9072141")
    assert link.text_content() == "Nilsen, Eirik, 1985-"


def test_dates_and_revision() -> None:
    authority = dataclasses.replace(bare("noraf_90053126.json"), revision=7)
    document = parse(render(authority))
    section = document.xpath("//section[@aria-labelledby='record-title']")[0]

    assert texts(section, ".//dt") == [
        "Authority id",
        "Linking form ($0)",
        "URI",
        "Created",
        "Modified",
        "Revision",
    ]
    assert section.xpath(".//time/@datetime") == [
        "2013-05-28T00:00:00+02:00",
        "2025-06-27T15:27:50+02:00",
    ]
    assert texts(section, ".//dd")[-1] == "7"
    assert section.xpath(".//code/text()")[:3] == [
        "90053126",
        "(NO-TrBIB)90053126",
        "https://authority.test/authorities/90053126",
    ]


def test_dates_are_shown_in_norwegian_time_with_the_zone() -> None:
    # Created at midnight in Oslo is 23:00 UTC the day before: as stored in
    # PostgreSQL and read back, the page must still say the 19th.
    stored = datetime(2012, 3, 18, 23, 0, tzinfo=UTC)
    summer = datetime(2025, 6, 27, 13, 27, 50, tzinfo=UTC)
    authority = dataclasses.replace(
        heading_only("Nilsen, Eirik"),
        provenance=Provenance(created=stored, modified=summer),
    )
    shown = {}
    for language in LANGUAGES:
        document = parse(render(authority, language=language))
        section = document.xpath("//section[@aria-labelledby='record-title']")[0]
        shown[language] = texts(section, ".//time")
        assert section.xpath(".//time/@datetime") == [
            "2012-03-19T00:00:00+01:00",
            "2025-06-27T15:27:50+02:00",
        ]
    # In the page's language (Babel's long format), always in Oslo time.
    assert shown["nb"] == [
        "19. mars 2012, 00:00:00 CET",
        "27. juni 2025, 15:27:50 CEST",
    ]
    assert shown["nn"][0].startswith("19. mars 2012")
    assert "njukčamánnu" in shown["se"][0] and "2012" in shown["se"][0]
    assert shown["en"] == [
        "March 19, 2012, 12:00:00 AM +0100",
        "June 27, 2025, 3:27:50 PM +0200",
    ]


def test_record_with_nothing_but_a_heading() -> None:
    authority = heading_only("Nilsen, Eirik")
    document = parse(render(authority))

    assert texts(document, "//h1") == ["Nilsen, Eirik"]
    assert texts(document, "//h2") == ["About this record", "MARC 21", "Other formats"]
    assert_well_formed_page(document, "en")


def test_record_without_any_field() -> None:
    authority = Authority(id="", kind=Kind.TOPIC, fields=())
    document = parse(render(authority, language="nb"))

    assert texts(document, "//h1") == ["Autoritet uten hovedinnførsel"]
    assert not document.xpath("//link[@rel='canonical']")
    assert_well_formed_page(document, "nb")


def test_page_parses_as_strict_html5() -> None:
    authority = marcxchange("authority_90067942.marcxchange.xml")
    parser = html5rdf.HTMLParser(strict=True)

    for language in LANGUAGES:
        parser.parse(render(authority, language=language))
    parser.parse(render(Authority(id="", kind=Kind.TOPIC, fields=())))


@pytest.mark.parametrize("language", LANGUAGES)  # four parts the test workers share
def test_every_corpus_authority_renders_without_private_content(language: str) -> None:
    for authority in corpus_authorities():
        page = render(authority, language=language)
        document = parse(page)
        assert_well_formed_page(document, language)
        text = document.text_content()
        for identifier in authority.identifiers:
            if identifier.private:
                assert identifier.original not in page, authority.id
        for note in authority.notes:
            if not note.public and note.text:
                assert note.text not in text, authority.id


# The names of the model's values


def test_every_value_of_the_model_has_a_name() -> None:
    assert set(labels.KINDS) == {kind.value for kind in Kind}
    assert set(labels.STATUSES) == {status.value for status in Status}
    assert set(labels.QUALITY) == {level.value for level in QualityLevel}
    assert set(labels.RELATIONS) == {*RELATION_TYPES.values(), "related"}
    assert set(labels.NOTES) == {name for name, _ in NOTE_TYPES.values()}
    assert set(labels.ATTRIBUTES) == {f.name for f in dataclasses.fields(Attributes)}


@pytest.mark.parametrize(
    ("english", "bokmal"),
    [
        ("Variants", "Varianter"),
        ("Relations", "Relasjoner"),
        ("Identifiers", "Identifikatorer"),
        ("Notes", "Merknader"),
        ("Other formats", "Andre formater"),
        ("Deleted", "Slettet"),
        ("Verified by the National Library", "Verifisert av Nasjonalbiblioteket"),
    ],
)
def test_the_texts_carried_over_from_the_old_page(english: str, bokmal: str) -> None:
    assert catalogue("nb").gettext(english) == bokmal
    for language in ("nn", "se"):
        assert catalogue(language).gettext(english) not in ("", english)


def test_a_value_without_a_name_is_shown_as_stored() -> None:
    with app().test_request_context("/?lang=nb"):
        assert labels.named(labels.SCHEMES, "discogs") == "discogs"
        assert labels.named(labels.SCHEMES, "isni") == "ISNI"
        assert labels.named(labels.NOTES, "source") == "Kilde"
