"""The record page in the workbench: escaping, who sees what, headers, languages."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.extension import services
from authority.web.i18n import LANGUAGES
from tests.integration.web.conftest import Workbench, csrf_of

RILKE = "90053126"
EVIL = '<script>alert("x")</script> & <b>Co</b>'
INTERNAL = "Internt: sjekk mot DNB <script>1</script>"
FEIDE = "kari.nordmann@ntnu.no"


def parse(body: bytes) -> Any:
    return lxml.html.document_fromstring(body)


def texts(document: Any, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in document.xpath(xpath)]


def make(workbench: Workbench, *fields: Field, kind: Kind = Kind.PERSON) -> str:
    """A new authority of ``fields`` in the workbench's database: its id."""
    with workbench.app.app_context():
        stored = services().cataloguing.create(
            Authority(id="", kind=kind, fields=fields), Actor("kari", "NTNU")
        )
    return stored.id


def person(name: str, *more: Field) -> tuple[Field, ...]:
    return (Field("100", "1", " ", (Subfield("a", name),)), *more)


def sign_in(web: FlaskClient, secret: str) -> None:
    response = web.post("/login", data={"token": secret, "csrf_token": csrf_of(web)})
    assert response.status_code == 303


def test_the_page_is_a_workbench_page(web: FlaskClient) -> None:
    response = web.get(f"/authorities/{RILKE}.html?lang=en")
    assert response.status_code == 200
    document = parse(response.data)
    assert texts(document, "//h1") == ["Rilke, Rainer Maria, 1875-1926"]
    assert document.xpath("//a[@class='skip-link']")  # the workbench's frame
    assert document.get("lang") == "en"
    assert "Content-Security-Policy" in response.headers
    # Public caching as every representation: ETag per language, Link, Vary.
    assert response.headers["ETag"].endswith('-html-en"')
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["Content-Language"] == "en"
    assert 'rel="canonical"' in response.headers["Link"]
    again = web.get(
        f"/authorities/{RILKE}.html?lang=en",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_the_marc_view_reads_as_cataloguers_read_it(web: FlaskClient) -> None:
    document = parse(web.get(f"/authorities/{RILKE}.html?lang=en").data)
    (table,) = document.xpath("//table[contains(@class, 'marc')]")
    rows = {
        row[0]: row for row in (texts(tr, "./*") for tr in table.xpath(".//tbody/tr"))
    }
    assert rows["LDR"][1] == ""
    assert rows["001"][2] == RILKE
    assert rows["100"][1] == "1#"
    assert rows["100"][2].startswith("$a Rilke, Rainer Maria $d 1875-1926")
    region = table.getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-label") == "MARC fields"


def test_identifiers_relations_and_formats_are_links(web: FlaskClient) -> None:
    document = parse(web.get(f"/authorities/{RILKE}.html?lang=en").data)
    hrefs = document.xpath("//section[@aria-labelledby='identifiers-title']//a/@href")
    assert "https://isni.org/isni/0000000121312247" in hrefs
    assert "https://viaf.org/viaf/46897170" in hrefs
    formats = document.xpath("//nav[@aria-labelledby='formats-title']//a/@href")
    assert f"/authorities/{RILKE}.xml" in formats
    assert f"/authorities/{RILKE}.marcjson" in formats
    assert f"/authorities/{RILKE}.ttl" in formats
    assert f"/authorities/{RILKE}?format=marcxchange" in formats
    alternates = document.xpath("/html/head/link[@rel='alternate']/@href")
    assert alternates == formats
    (canonical,) = document.xpath("/html/head/link[@rel='canonical']/@href")
    assert canonical.endswith(f"/authorities/{RILKE}")


def test_relations_link_to_the_related_pages_on_this_site(
    web: FlaskClient, workbench: Workbench
) -> None:
    target = make(workbench, *person("Målsetjar, Åse"))
    source = make(
        workbench,
        *person(
            "Kjeldesen, Kari",
            Field(
                "500",
                "1",
                " ",
                (Subfield("a", "Målsetjar, Å."), Subfield("0", f"(NO-TrBIB){target}")),
            ),
        ),
    )
    document = parse(web.get(f"/authorities/{source}.html?lang=nn").data)
    section = document.xpath("//section[@aria-labelledby='relations-title']")[0]
    (link,) = section.xpath(".//a")
    assert link.get("href") == f"/authorities/{target}.html"
    assert link.text_content() == "Målsetjar, Åse"


def test_html_in_record_data_is_escaped(web: FlaskClient, workbench: Workbench) -> None:
    evil = make(
        workbench,
        Field("110", "2", " ", (Subfield("a", EVIL),)),
        Field("410", "2", " ", (Subfield("a", f"{EVIL} variant"),)),
        Field("678", " ", " ", (Subfield("a", f"{EVIL} note"),)),
        kind=Kind.CORPORATE_BODY,
    )
    for signed_in in (False, True):
        if signed_in:
            sign_in(web, workbench.cataloguer)
        for path in (f"/authorities/{evil}.html", f"/authorities/{evil}/history.html"):
            response = web.get(path)
            body = response.get_data(as_text=True)
            assert response.status_code == 200, path
            assert "<script>alert" not in body and "<b>Co" not in body
            document = parse(response.data)
            assert not document.xpath("//b")
            assert not [s for s in document.xpath("//script") if not s.get("src")]
            assert EVIL in document.text_content()
    assert texts(parse(web.get(f"/authorities/{evil}.html").data), "//h1") == [EVIL]


def test_private_fields_only_when_signed_in(
    web: FlaskClient, workbench: Workbench
) -> None:
    secret = make(
        workbench,
        *person(
            "Hemmelig, Hanne",
            Field("024", "7", " ", (Subfield("a", FEIDE), Subfield("2", "feide"))),
            Field("667", " ", " ", (Subfield("a", INTERNAL),)),
        ),
    )
    anonymous = web.get(f"/authorities/{secret}.html")
    body = anonymous.get_data(as_text=True)
    assert FEIDE not in body and "Internt" not in body
    assert "public" in anonymous.headers["Cache-Control"]
    history = web.get(f"/authorities/{secret}/history.html").get_data(as_text=True)
    assert FEIDE not in history and "Internt" not in history and "kari" not in history

    sign_in(web, workbench.cataloguer)
    private = web.get(f"/authorities/{secret}.html?lang=en")
    assert private.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in private.headers
    document = parse(private.data)
    assert (
        FEIDE
        in texts(document, "//section[@aria-labelledby='identifiers-title']//dd")[0]
    )
    assert "not public" in document.text_content()
    assert INTERNAL in document.text_content()
    marc = texts(document, "//table[contains(@class, 'marc')]//tr")
    assert any(line.startswith("667") for line in marc)
    links = document.xpath("//ul[@class='actions']//a/@href")
    assert f"/authorities/{secret}/edit" in links
    assert f"/authorities/{secret}/merge.html" in links
    assert f"/authorities/{secret}/history.html" in links
    assert f"/authorities/{secret}/delete.html" not in links  # a cataloguer
    history = web.get(f"/authorities/{secret}/history.html").get_data(as_text=True)
    assert "kari (NTNU)" in history and FEIDE in history


def test_an_admin_gets_delete(web: FlaskClient, workbench: Workbench) -> None:
    sign_in(web, workbench.admin)
    document = parse(web.get(f"/authorities/{RILKE}.html").data)
    assert f"/authorities/{RILKE}/delete.html" in document.xpath("//a/@href")


def test_the_api_negotiates_the_same_page(web: FlaskClient) -> None:
    page = parse(web.get(f"/authorities/{RILKE}.html?lang=en").data)
    for path, headers in (
        (f"/authorities/{RILKE}?lang=en", {"Accept": "text/html"}),
        (f"/authorities/{RILKE}?format=html&lang=en", {}),
        (f"/authority/rest/authorities/html/{RILKE}?lang=en", {}),
    ):
        response = web.get(path, headers=headers)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        other = parse(response.data)
        assert texts(other, "//main") == texts(page, "//main"), path
        assert other.get("lang") == "en"


def test_a_signed_in_person_is_not_shown_on_a_cacheable_api_page(
    web: FlaskClient, workbench: Workbench
) -> None:
    sign_in(web, workbench.cataloguer)
    response = web.get(f"/authorities/{RILKE}", headers={"Accept": "text/html"})
    assert "public" in response.headers["Cache-Control"]
    assert "kari" not in response.get_data(as_text=True)
    assert "csrf_token" not in response.get_data(as_text=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language(web: FlaskClient, language: str) -> None:
    response = web.get(f"/authorities/{RILKE}.html?lang={language}")
    document = parse(response.data)
    assert document.get("lang") == language
    assert response.headers["Content-Language"] == language
    assert response.headers["ETag"].endswith(f'-html-{language}"')


def test_dates_in_the_locale_and_in_oslo_time(web: FlaskClient) -> None:
    shown = {}
    for language in LANGUAGES:
        document = parse(web.get(f"/authorities/{RILKE}.html?lang={language}").data)
        section = document.xpath("//section[@aria-labelledby='record-title']")[0]
        assert section.xpath(".//time/@datetime") == [
            "2013-05-28T00:00:00+02:00",
            "2025-06-27T15:27:50+02:00",
        ]
        shown[language] = texts(section, ".//time")
    assert shown["nb"][0].startswith("28. mai 2013")
    assert shown["nn"][0].startswith("28. mai 2013")
    assert "mai" in shown["se"][0] or "miessemánnu" in shown["se"][0]
    assert shown["en"][0].startswith("May 28, 2013")
    assert "15:27" in shown["nb"][1] and "CEST" in shown["nb"][1]


def test_unknown_id_is_the_workbench_404_page(web: FlaskClient) -> None:
    for path in (
        "/authorities/12345678901.html",
        "/authorities/12345678901/history.html",
        "/authorities/x99999999999.html",
        "/authorities/no%20such%20thing.html",
    ):
        response = web.get(path)
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert b"skip-link" in response.data


def test_another_reference_resolves_to_its_page(web: FlaskClient) -> None:
    response = web.get("/authorities/0000000121312247.html")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/authorities/{RILKE}.html"


def test_a_deleted_authority_is_a_410_page(
    web: FlaskClient, workbench: Workbench
) -> None:
    gone = make(workbench, *person("Borte, Berit"))
    with workbench.app.app_context():
        services().cataloguing.delete(gone, None, Actor("ola", "NB"))
    response = web.get(f"/authorities/{gone}.html?lang=en")
    assert response.status_code == 410
    assert response.mimetype == "text/html"
    assert "deleted" in texts(parse(response.data), "//h1")[0]
    sign_in(web, workbench.admin)
    admin = web.get(f"/authorities/{gone}.html")
    assert admin.status_code == 410
    assert f"/authorities/{gone}/restore.html" in parse(admin.data).xpath("//a/@href")


def test_a_merged_authority(web: FlaskClient, workbench: Workbench) -> None:
    loser = make(workbench, *person("Dobbel, Dag"))
    survivor = make(workbench, *person("Dobbel, Dag, 1950-"))
    with workbench.app.app_context():
        services().cataloguing.merge(loser, survivor, Actor("kari", "NTNU"))
    anonymous = web.get(f"/authorities/{loser}.html")
    assert anonymous.status_code == 301
    assert anonymous.headers["Location"].endswith(f"/authorities/{survivor}.html")
    sign_in(web, workbench.cataloguer)
    stub = parse(web.get(f"/authorities/{loser}.html?lang=en").data)
    (link,) = stub.xpath("//main/dl[1]//a")
    assert link.get("href") == f"/authorities/{survivor}.html"
    assert re.search("Merged", stub.text_content())


def test_the_api_page_has_the_workbench_policy(web: FlaskClient) -> None:
    response = web.get(f"/authorities/{RILKE}", headers={"Accept": "text/html"})
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Cookie" in response.headers["Vary"]
