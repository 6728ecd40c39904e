"""The search page at ``/`` and the browse at ``/browse``, over HTTP.

Parameters, facets, paging, bad input (a message on the page with 400, never a
500), escaping, the Sámi letters, and ``/`` for an API client.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.extension import services
from tests.integration.web.conftest import Workbench

VALKEAPAA = "90067942"  # Valkeapää, Nils-Aslak; variants Áillohaš and Áilu


def page(web: FlaskClient, query: str, status: int = 200) -> str:
    response = web.get(query if query.startswith("/") else f"/?{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def record_links(body: str) -> list[str]:
    return re.findall(
        r'<h3 class="hit-heading"><a href="/authorities/([^".]+)\.html"', body
    )


def create(workbench: Workbench, heading: str, tag: str = "100") -> str:
    """A new authority (minted id) with ``heading``: tests that need one make it."""
    field = Field(tag, "1", " ", (Subfield("a", heading),))
    kind = Kind.PERSON if tag == "100" else Kind.TOPIC
    with workbench.app.app_context():
        made = services().cataloguing.create(
            Authority("", kind, (field,)), Actor("search-test")
        )
    return made.id


def test_the_page_without_a_query_is_the_form(web: FlaskClient) -> None:
    body = page(web, "")
    assert '<input type="search" id="q" name="q"' in body
    assert '<label for="q">' in body
    assert 'role="search"' in body
    assert 'class="hits"' not in body


def test_a_search_shows_hits_with_their_copy_forms(web: FlaskClient) -> None:
    body = page(web, "q=valkeapaa&lang=en")
    assert VALKEAPAA in record_links(body)
    assert "Valkeapää, Nils-Aslak" in body
    assert f"(NO-TrBIB){VALKEAPAA}" in body
    assert f"http://authority.test/authorities/{VALKEAPAA}" in body
    assert re.search(r'class="hit-count"[^>]*role="status">\d+ authorit', body)
    assert "kat3" in body
    assert "<title>valkeapaa – " in body
    labels = re.findall(r'<span class="copy-label">([^<]*)</span>', body)
    assert labels and set(labels) == {"Copy"}


def test_the_sami_letters_are_found_and_shown(web: FlaskClient) -> None:
    """Typed without a Sámi keyboard, a variant is found and shown as stored."""
    for typed in ("Áillohaš", "aillohas", "Áilu", "ailu"):
        body = page(web, f"q={typed}&lang=se")
        assert VALKEAPAA in record_links(body), typed
    body = page(web, "q=aillohas&lang=se")
    assert "Áillohaš" in body  # the matched variant, as stored
    assert 'lang="se"' in body


def test_a_heading_with_markup_is_escaped(
    web: FlaskClient, workbench: Workbench
) -> None:
    made = create(workbench, "<script>alert(1)</script> Skriptesen, Ola")
    body = page(web, "q=skriptesen")
    assert made in record_links(body)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Skriptesen, Ola" in body
    browse = page(web, "/browse?from=script+alert")
    assert "<script>alert" not in browse
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Skriptesen, Ola" in browse


def test_the_kind_facet_filters_and_counts(web: FlaskClient) -> None:
    body = page(web, "q=norge&lang=en")
    assert 'id="facet-kind"' in body and "<legend>Kind</legend>" in body
    counts = re.findall(r'name="kind" value="(\w+)"[^>]*>\s*<label[^>]*>[^<]*'
                        r'<span class="count">\(([\d\s\xa0,]+)\)', body)  # fmt: skip
    assert counts, body
    kind, _count = counts[0]
    filtered = page(web, f"q=norge&kind={kind}&lang=en")
    assert re.search(rf'name="kind" value="{kind}"[^>]*checked', filtered)
    others = [k for k, _ in counts if k != kind]
    for other in others:
        assert f'value="{other}"' not in filtered


def test_status_asks_for_deleted_and_merged_too(web: FlaskClient) -> None:
    body = page(web, "q=norge&status=active&status=merged&status=deleted")
    for status in ("active", "merged", "deleted"):
        assert re.search(rf'name="status" value="{status}"[^>]*checked', body)


def test_sort_by_heading_keeps_norwegian_order(web: FlaskClient) -> None:
    body = page(web, "q=norge&sort=heading&lang=en")
    assert '<option value="heading" selected>' in body


def test_paging_has_an_accessible_pager(web: FlaskClient) -> None:
    first = page(web, "kind=person&size=5&lang=en")
    assert 'aria-label="Pages of results"' in first
    assert re.search(r'aria-current="page">(?:<span[^>]*>[^<]*</span>)?1<', first)
    pages = re.search(r"page 1 of (\d+)", first)
    assert pages and int(pages.group(1)) > 1
    next_href = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert next_href
    target = next_href.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(target).query)["page"] == ["2"]
    second = web.get(target).get_data(as_text=True)
    assert re.search(r'aria-current="page">(?:<span[^>]*>[^<]*</span>)?2<', second)
    assert set(record_links(first)).isdisjoint(record_links(second))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=norge&page=999999999999", "results-title"),
        ("q=norge&page=400", "results-title"),
        ("q=norge&page=0", "results-title"),
        ("q=norge&page=abc", "results-title"),
        ("q=norge&kind=robot", "facet-kind"),
        ("q=norge&quality=kat9", "facet-quality"),
        ("q=norge&status=gone", "facet-status"),
        ("q=norge&vocabulary=%3Cb%3E", "facet-vocabulary"),
        ("q=norge&sort=random", "sort"),
        ("q=" + "a" * 501, "q"),
        ("q=" + "a" * 10_000, "q"),  # past the app's URL bound: 414, on the page
        ("q=nor%00ge", "q"),
        ("q=%1b%5b31m", "q"),
        ("q=***", "q"),
        ("q=norge&modifiedFrom=yesterday", "results-title"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else str(v),
)
def test_bad_parameters_are_a_message_on_the_page(
    web: FlaskClient, query: str, field: str
) -> None:
    body = page(web, query + "&lang=en", status=414 if len(query) > 8000 else 400)
    assert 'id="error-summary"' in body
    assert f'href="#{field}"' in body
    assert f'id="{field}"' in body  # the link leads somewhere
    assert "\x00" not in body and "\x1b" not in body
    assert '<input type="search" id="q" name="q"' in body


def test_a_page_past_the_last_is_refused(web: FlaskClient) -> None:
    body = page(web, "q=valkeapaa&page=3&lang=en", status=400)
    assert "no such page" in body


def test_filters_alone_list_what_they_let_through(web: FlaskClient) -> None:
    body = page(web, "kind=genre_form&lang=en")
    assert record_links(body)
    assert "Genre/form" in body


def test_an_api_client_at_the_root_gets_a_problem_as_before(
    web: FlaskClient,
) -> None:
    response = web.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "/openapi.json" in response.get_json()["detail"]
    browser = web.get("/", headers={"Accept": "text/html,application/json;q=0.9"})
    assert browser.status_code == 200 and browser.mimetype == "text/html"
    assert web.get("/", headers={"Accept": "*/*"}).mimetype == "text/html"


def test_the_browse_shows_headings_and_see_entries(web: FlaskClient) -> None:
    body = page(web, "/browse?from=aill&lang=en")
    assert "Áillohaš" in body
    see = re.search(
        r'<span class="see-from">Áillohaš[^<]*</span> <span class="see">see</span> '
        r'<a href="/authorities/(\d+)\.html">([^<]+)</a>',
        body,
    )
    assert see and see.group(1) == VALKEAPAA
    assert "Valkeapää, Nils-Aslak" in see.group(2)


def test_the_browse_pages_both_ways(web: FlaskClient) -> None:
    first = page(web, "/browse?from=b&limit=5&lang=en")
    forward = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert forward
    second = web.get(forward.group(1).replace("&amp;", "&")).get_data(as_text=True)
    back = re.search(r'<a href="([^"]+)" rel="prev">', second)
    assert back
    again = web.get(back.group(1).replace("&amp;", "&")).get_data(as_text=True)
    lines = r'<li>(?:<span class="see-from">|<a href="/authorities/).*</li>'
    assert re.findall(lines, again) == re.findall(lines, first)
    assert re.findall(lines, first) != re.findall(lines, second)


@pytest.mark.parametrize(
    "start", ["x" * 10_000, "a%00b", "%1b"], ids=["long", "nul", "esc"]
)
def test_a_bad_browse_start_is_a_message(web: FlaskClient, start: str) -> None:
    response = web.get(f"/browse?from={start}&lang=en")
    assert response.status_code == (414 if len(start) > 8000 else 400)
    body = response.get_data(as_text=True)
    assert 'href="#from"' in body and "\x00" not in body


def test_the_browse_keeps_to_a_kind(web: FlaskClient) -> None:
    body = page(web, "/browse?from=aill&kind=topic&lang=en")
    assert '<option value="topic" selected>' in body
    assert "Áillohaš" not in body  # a person's variant
    assert "Akkerbouw" in body
    refused = web.get("/browse?from=aill&kind=robot&lang=en")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'href="#kind"' in text and 'aria-invalid="true"' in text


def test_a_hit_that_is_not_active_says_so(web: FlaskClient) -> None:
    body = page(web, "status=deleted&lang=en")
    assert record_links(body)
    assert '<strong class="status-badge">Deleted</strong>' in body
    active = page(web, "q=valkeapaa&lang=en")
    assert "status-badge" not in active
