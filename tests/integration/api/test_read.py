"""GET /authorities/<id>: every format row, the JSON Schema, the lifecycle in HTTP.

Runs on the corpus-loaded app (conftest.py). Each format's body is read back with a
real parser for that format (json, lxml, rdflib, pymarc), never by string matching.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree, html
from pymarc import JSONReader, MARCReader, parse_xml_to_array
from rdflib import OWL, Graph, Literal, URIRef

from authority.api.negotiation import FORMATS, Format
from authority.domain import Actor, Field, Subfield
from authority.extension import runtime
from tests.integration.api.conftest import BASE, DELETED, MERGED, SURVIVOR
from tests.support import REPO, corpus_authorities, parse_rdf

RILKE = "90053126"
PROBLEM = "application/problem+json"


def _rdf(form: str) -> Callable[[bytes], str]:
    def read(body: bytes) -> str:
        graph = parse_rdf(body, form, f"{BASE}context.jsonld")
        [label] = graph.objects(URIRef(f"{BASE}authorities/{RILKE}"), _SKOS_PREF)
        return str(label)

    return read


_SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def _marcxml(body: bytes) -> str:
    [record] = parse_xml_to_array(io.BytesIO(body))
    return str(record["001"].data) + " " + record["100"]["a"]


def _marcxchange(body: bytes) -> str:
    root = etree.fromstring(body)
    ns = {"marc": "info:lc/xmlns/marcxchange-v1"}
    assert root.tag == "{info:lc/xmlns/marcxchange-v1}record"
    assert root.get("type") == "Authority"
    number = root.findtext("marc:controlfield[@tag='001']", namespaces=ns)
    name = root.findtext(
        "marc:datafield[@tag='100']/marc:subfield[@code='a']", namespaces=ns
    )
    return f"{number} {name}"


def _iso2709(body: bytes) -> str:
    [record] = list(MARCReader(body, to_unicode=True))
    assert record is not None
    return str(record["001"].data) + " " + record["100"]["a"]


def _marcjson(body: bytes) -> str:
    [record] = list(JSONReader(body.decode()))
    return str(record["001"].data) + " " + record["100"]["a"]


def _html(body: bytes) -> str:
    page = html.fromstring(body)
    [heading] = page.findall(".//h1")
    return heading.text_content().strip()


READERS: dict[str, tuple[Callable[[bytes], str], str]] = {
    # format name: (parse the body and say what it names, what it must say)
    "json": (lambda b: json.loads(b)["label"], "Rilke, Rainer Maria, 1875-1926"),
    "html": (_html, "Rilke, Rainer Maria, 1875-1926"),
    "jsonld": (_rdf("jsonld"), "Rilke, Rainer Maria, 1875-1926"),
    "ttl": (_rdf("ttl"), "Rilke, Rainer Maria, 1875-1926"),
    "nt": (_rdf("nt"), "Rilke, Rainer Maria, 1875-1926"),
    "rdfxml": (_rdf("rdfxml"), "Rilke, Rainer Maria, 1875-1926"),
    "marcxml": (_marcxml, f"{RILKE} Rilke, Rainer Maria"),
    "marcxchange": (_marcxchange, f"{RILKE} Rilke, Rainer Maria"),
    "iso2709": (_iso2709, f"{RILKE} Rilke, Rainer Maria"),
    "marcjson": (_marcjson, f"{RILKE} Rilke, Rainer Maria"),
}


def requests_for(form: Format) -> list[tuple[str, dict[str, str]]]:
    """Every way to ask for ``form``: suffix, ?format= and each of its media types."""
    path = f"/authorities/{RILKE}"
    asked = [(f"{path}?format={form.name}", {})]
    if form.suffix:
        asked.append((f"{path}.{form.suffix}", {}))
    if form.name != "marcxchange":  # application/xml chooses MARCXML
        asked += [(path, {"Accept": t}) for t in form.media_types]
    return asked


def test_every_format_has_a_reader() -> None:
    assert READERS.keys() == {f.name for f in FORMATS}


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_each_format_row(client: FlaskClient, form: Format) -> None:
    read, expected = READERS[form.name]
    for url, headers in requests_for(form):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, headers, response.data[:300])
        assert response.mimetype == form.media_type, url
        assert read(response.data) == expected, url
        assert response.headers["ETag"].startswith('"')
        assert response.headers["Last-Modified"]
        assert "public" in response.headers["Cache-Control"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in response.headers["Vary"]
        assert (
            f'<{BASE}authorities/{RILKE}>; rel="canonical"' in response.headers["Link"]
        )


@cache
def validator() -> Draft202012Validator:
    schema = json.loads((REPO / "schema" / "authority.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_the_schema_is_served_as_published(client: FlaskClient) -> None:
    response = client.get("/schema/authority.schema.json")
    assert response.status_code == 200
    assert response.json == validator().schema


def test_every_corpus_authority_matches_the_schema(client: FlaskClient) -> None:
    gone = {DELETED, MERGED}
    checked = 0
    for authority in corpus_authorities():
        if authority.id in gone:
            continue
        response = client.get(f"/authorities/{authority.id}")
        assert response.status_code == 200, authority.id
        errors = list(validator().iter_errors(response.json))
        assert not errors, (authority.id, [e.message for e in errors[:3]])
        checked += 1
    assert checked > 3000


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_every_fiftieth_corpus_authority_in_every_format(
    client: FlaskClient, form: Format
) -> None:
    for authority in corpus_authorities()[::50]:
        if authority.id in (DELETED, MERGED):
            continue
        response = client.get(f"/authorities/{authority.id}?format={form.name}")
        assert response.status_code == 200, (authority.id, response.data[:300])
        assert response.data


def test_json_carries_what_a_client_shows(client: FlaskClient) -> None:
    body = client.get("/authorities/14011193").json
    [relation] = body["relations"]
    assert relation == {
        "type": "related",
        "id": "97027609",
        "uri": f"{BASE}authorities/97027609",
        "label": "Rowling, J.K., 1965-",
        "recorded": "Rowling, J.K., 1965-",
        "tag": "500",
    }
    isni = next(i for i in body["identifiers"] if i["scheme"] == "isni")
    assert isni == {
        "scheme": "isni",
        "value": "0000000395090901",
        "original": "0000000395090901",
        "uri": "https://isni.org/isni/0000000395090901",
    }
    assert body["notes"] == [
        {"type": "biographical", "tag": "678", "text": "Psevdonym for J.K. Rowling"}
    ]
    assert body["links"]["ttl"] == f"{BASE}authorities/14011193.ttl"
    assert (
        body["links"]["marcxchange"] == f"{BASE}authorities/14011193?format=marcxchange"
    )


def test_relation_labels_are_the_targets_current_ones(client: FlaskClient) -> None:
    # Tekord/Humord 550s carry the broader term's label; the target says it now.
    for authority in corpus_authorities():
        linked = [r for r in authority.relations if r.target_id]
        if linked and authority.id.startswith("HUME"):
            break
    body = client.get(f"/authorities/{authority.id}").json
    for relation in body["relations"]:
        if relation["id"]:
            target = client.get(f"/authorities/{relation['id']}")
            if target.status_code == 200:
                assert relation["label"] == target.json["label"]


def test_private_identifiers_never_appear_in_any_format(client: FlaskClient) -> None:
    for form in FORMATS:
        text = client.get(f"/authorities/90517730?format={form.name}").get_data(
            as_text=form.name != "iso2709"
        )
        text = text if isinstance(text, str) else text.decode("utf-8", "replace")
        assert "may-britt.moser@ntnu.no" not in text, form.name
        assert "orgunitid" not in text and "194.0.0.0" not in text, form.name


# Lifecycle


def test_merged_id_moves_permanently_with_its_suffix_and_query(
    client: FlaskClient,
) -> None:
    for path, location in [
        (f"/authorities/{MERGED}", f"{BASE}authorities/{SURVIVOR}"),
        (f"/authorities/{MERGED}.ttl", f"{BASE}authorities/{SURVIVOR}.ttl"),
        (
            f"/authorities/{MERGED}?format=marcxchange",
            f"{BASE}authorities/{SURVIVOR}?format=marcxchange",
        ),
    ]:
        response = client.get(path)
        assert response.status_code == 301
        assert response.headers["Location"] == location
    followed = client.get(
        f"/authorities/{MERGED}.json", base_url=BASE, follow_redirects=True
    )
    assert followed.status_code == 200 and followed.json["id"] == SURVIVOR


def test_deleted_is_gone_with_a_tombstone(client: FlaskClient) -> None:
    response = client.get(f"/authorities/{DELETED}")
    assert response.status_code == 410
    assert response.mimetype == PROBLEM
    assert response.json["id"] == DELETED
    assert response.json["deleted"]
    assert "successor" in response.json


def test_deleted_in_marc_and_rdf_is_the_deleted_record(client: FlaskClient) -> None:
    marc = client.get(f"/authorities/{DELETED}.xml")
    assert marc.status_code == 410
    [record] = parse_xml_to_array(io.BytesIO(marc.data))
    assert record.leader[5] in "dsx"  # deleted (x: replaced, as the source says)
    rdf = client.get(f"/authorities/{DELETED}.ttl")
    assert rdf.status_code == 410
    graph = Graph().parse(data=rdf.data, format="turtle")
    me = URIRef(f"{BASE}authorities/{DELETED}")
    assert (me, OWL.deprecated, Literal(True)) in graph


def test_unknown_is_404_problem(client: FlaskClient) -> None:
    response = client.get("/authorities/12345678901")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM


# Conditional requests, HEAD, OPTIONS, CORS


def test_if_none_match_is_answered_before_rendering(client: FlaskClient) -> None:
    for suffix in ("json", "ttl", "xml", "html"):
        url = f"/authorities/{RILKE}.{suffix}"
        first = client.get(url)
        etag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, suffix
        assert again.data == b""
        assert again.headers["ETag"] == etag
        stale = client.get(url, headers={"If-None-Match": '"999999"'})
        assert stale.status_code == 200
    since = client.get(
        f"/authorities/{RILKE}",
        headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
    )
    assert since.status_code == 304


def test_representations_have_distinct_etags(client: FlaskClient) -> None:
    tags = {client.get(f"/authorities/{RILKE}.{f}").headers["ETag"] for f in
            ("json", "ttl", "xml", "html")}  # fmt: skip
    assert len(tags) == 4
    revision = client.get(f"/authorities/{RILKE}").json["revision"]
    assert client.get(f"/authorities/{RILKE}").headers["ETag"] == f'"{revision}"'


def test_head_and_options(client: FlaskClient) -> None:
    head = client.head(f"/authorities/{RILKE}.ttl")
    assert head.status_code == 200
    assert head.data == b""
    assert head.mimetype == "text/turtle"
    options = client.options(f"/authorities/{RILKE}")
    assert options.status_code == 200
    assert {"GET", "HEAD", "OPTIONS"} <= set(options.headers["Allow"].split(", "))
    preflight = client.options(
        f"/authorities/{RILKE}",
        headers={
            "Origin": "https://cataloguing.example",
            "Access-Control-Request-Method": "GET",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    exposed = client.get(
        f"/authorities/{RILKE}", headers={"Origin": "https://x.example"}
    ).headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed


def test_html_speaks_bokmal_when_asked(client: FlaskClient) -> None:
    nb = client.get(f"/authorities/{RILKE}.html", headers={"Accept-Language": "nb"})
    assert nb.headers["Content-Language"] == "nb"
    assert html.fromstring(nb.data).get("lang") == "nb"
    en = client.get(f"/authorities/{RILKE}.html?lang=en")
    assert en.headers["ETag"] != nb.headers["ETag"]


# Bad input: clear 4xx problem+json, never a 500


BAD: list[tuple[str, dict[str, str], int]] = [
    (f"/authorities/{RILKE}.foo", {}, 404),
    (f"/authorities/{RILKE}.", {}, 404),
    (f"/authorities/{RILKE}.ttl.ttl", {}, 404),
    (f"/authorities/{RILKE}?format=bogus", {}, 400),
    (f"/authorities/{RILKE}?format=", {}, 400),
    (f"/authorities/{RILKE}", {"Accept": "image/png"}, 406),
    (f"/authorities/{RILKE}", {"Accept": ";;;,,="}, 406),
    (f"/authorities/{RILKE}", {"Accept": "application/json;q=0"}, 406),
    ("/authorities/%00", {}, 404),
    ("/authorities/%ff%fe", {}, 404),
    ("/authorities/<script>alert(1)</script>", {}, 404),
    ("/authorities/..%2f..%2fetc%2fpasswd", {}, 404),
    ("/authorities/" + "9" * 5_000, {}, 404),
    ("/authorities/" + "9" * 10_000, {}, 414),  # over the URL bound (api/limits.py)
    ("/authorities/" + "a/" * 3000, {}, 404),
    ("/authorities/x" + "1" * 100, {}, 404),
    ("/authorities/(NO-TrBIB)", {}, 404),
    ("/resolve", {}, 400),
    ("/resolve?id=", {}, 400),
    ("/resolve?id=" + "x" * 5000, {}, 404),
]


@pytest.mark.parametrize(("path", "headers", "status"), BAD)
def test_bad_input_is_a_clear_problem(
    client: FlaskClient, path: str, headers: dict[str, str], status: int
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.json
    assert body["status"] == status and body["detail"]
    if status in (400, 406) and "format" in path + str(headers):
        assert "ttl" in body["supported"]["suffixes"]


def test_a_record_iso2709_cannot_hold_is_406_in_that_format_only(
    corpus_app: Flask, client: FlaskClient
) -> None:
    rilke = runtime(corpus_app).services.reading.get(RILKE)
    long_note = Field("670", " ", " ", (Subfield("a", "x" * 12_000),))
    # Its unique ids stay with Rilke, and so do his names: the corpus app is shared,
    # and a second Rilke would be a namesake to every later search and reconciliation.
    fields = [f for f in rilke.fields if f.tag != "024" and f.tag[0] not in "14"]
    heading = Field("100", "1", " ", (Subfield("a", "Langnotat, Prøve"),))
    huge = replace(rilke.with_fields([heading, *fields, long_note]), id="29999999")
    runtime(corpus_app).services.loading.upsert_from_source(huge, Actor("test"))
    response = client.get("/authorities/29999999.mrc")
    assert response.status_code == 406
    assert "too long for ISO 2709" in response.json["detail"]
    assert client.get("/authorities/29999999.xml").status_code == 200
