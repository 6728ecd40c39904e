"""BARE's read routes replay BARE's own samples: load each, GET it, compare.

Each sample record of ``corpus/bare/json`` is loaded as the migration loads it and
fetched again from ``/authority/rest/authorities/v2/<id>``; the answer must equal
the sample except for what the sample shows we cannot know (``as_bare_could``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pymarc import parse_xml_to_array

from authority.barejson.read import from_bare_json
from authority.domain import Actor
from authority.extension import runtime
from tests.integration.api.conftest import MERGED, SURVIVOR, empty_app
from tests.support import BARE_JSON_REFUSED, CORPUS

ROUTE = "/authority/rest/authorities/v2"
PRIVATE = ("feide", "orgunitid")


def samples() -> list[tuple[str, dict[str, Any]]]:
    """(file name, record) for every sample record that has an id."""
    found = []
    for path in sorted((CORPUS / "bare" / "json").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        records = data.get("results", [data]) if isinstance(data, dict) else data
        found += [
            (path.name, r)
            for r in records
            if r.get("systemControlNumber") and path.name not in BARE_JSON_REFUSED
        ]
    return found


def as_bare_could(record: dict[str, Any]) -> dict[str, Any]:
    """The sample, less what it shows we cannot know.

    - ``scn``'s vintage form (2018: ``[id]``, 2025: the OAI id and the id); ours is
      always the 2025 form, so only the id in it is compared;
    - a missing ``replacedBy`` (we always say ``"0"``);
    - empty identifier lists, and private identifiers (never in public output);
    - ``""`` indicators, stored as ``" "`` (barejson.read's documented normalisation).
    """
    expected = {"replacedBy": "0", **record}
    identifiers = {
        k: v for k, v in record["identifiersMap"].items() if v and k not in PRIVATE
    }
    identifiers["scn"] = [record["systemControlNumber"]]
    expected["identifiersMap"] = identifiers
    expected["marcdata"] = [
        {**f, "ind1": f["ind1"] or " ", "ind2": f["ind2"] or " "}
        for f in record["marcdata"]
    ]
    return expected


def ours(answer: dict[str, Any]) -> dict[str, Any]:
    scn = answer["identifiersMap"]["scn"]
    assert scn == [f"oai:bibsys.no:authority:{scn[-1]}", scn[-1]]
    return {**answer, "identifiersMap": {**answer["identifiersMap"], "scn": scn[-1:]}}


@pytest.fixture(scope="module")
def bare_app(admin_url: str) -> Iterator[Flask]:
    """An empty register of its own: each test loads what it reads."""
    app = empty_app(admin_url, "authority_bare")
    yield app
    runtime(app).close()


@pytest.fixture
def bare_client(bare_app: Flask) -> FlaskClient:
    return bare_app.test_client()


def load(app: Flask, record: dict[str, Any]) -> None:
    runtime(app).services.loading.upsert_from_source(
        from_bare_json(record), Actor("test")
    )


@pytest.mark.parametrize(
    ("name", "record"),
    samples(),
    ids=[f"{n}:{r['systemControlNumber']}" for n, r in samples()],
)
def test_each_sample_comes_back_as_bare_gave_it(
    bare_app: Flask, bare_client: FlaskClient, name: str, record: dict[str, Any]
) -> None:
    load(bare_app, record)
    for query in ("", "?format=json", "?format=JSON"):
        response = bare_client.get(f"{ROUTE}/{record['systemControlNumber']}{query}")
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert ours(response.json) == as_bare_could(record)


def test_the_samples_say_what_the_replay_must_show() -> None:
    names = {n for n, _ in samples()}
    assert len(samples()) >= 14
    assert {
        "noraf_90053126.json",
        "bareSingleAuthorityGetResponseWithAllIds.json",
    } <= names


def test_private_identifiers_stay_out(
    bare_app: Flask, bare_client: FlaskClient
) -> None:
    [(_, record)] = [
        (n, r)
        for n, r in samples()
        if n == "bareSingleAuthorityGetResponseWithAllIds.json"
    ]
    load(bare_app, record)
    for query in ("?format=json", "?format=xml"):
        text = bare_client.get(f"{ROUTE}/90517730{query}").get_data(as_text=True)
        assert "may-britt.moser@ntnu.no" not in text and "194.0.0.0" not in text
        assert "0000-0001-7884-3049" in text  # the public ORCID is there


def test_xml_is_bare_marcxchange(bare_app: Flask, bare_client: FlaskClient) -> None:
    [(_, record)] = [(n, r) for n, r in samples() if n == "noraf_90053126.json"]
    load(bare_app, record)
    response = bare_client.get(f"{ROUTE}/90053126?format=xml")
    assert response.status_code == 200
    assert b'xmlns:marc="info:lc/xmlns/marcxchange-v1"' in response.data
    slim = response.data.replace(
        b"info:lc/xmlns/marcxchange-v1", b"http://www.loc.gov/MARC21/slim"
    )
    [marc] = parse_xml_to_array(io.BytesIO(slim))
    assert marc["001"].data == "90053126"
    assert marc["100"]["a"] == "Rilke, Rainer Maria"
    assert marc["901"]["a"] == "kat3"


def test_merged_and_deleted_answer_as_bare_did(client: FlaskClient) -> None:
    # On the corpus app: BARE answered with the record, deleted and replaced.
    body = client.get(f"{ROUTE}/{MERGED}").json
    assert body["deleted"] is True
    assert body["replacedBy"] == SURVIVOR
    assert client.get(f"{ROUTE}/REAL000011").json["deleted"] is True


def test_html_route_is_the_page(client: FlaskClient) -> None:
    response = client.get("/authority/rest/authorities/html/90053126")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"Rilke, Rainer Maria" in response.data
    assert client.get(f"/authority/rest/authorities/html/{MERGED}").status_code == 301


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{ROUTE}/99999999", 404),
        (f"{ROUTE}/90053126?format=marc", 400),
        (f"{ROUTE}/%00", 404),
        (f"{ROUTE}/" + "9" * 3000, 404),
        ("/authority/rest/authorities/html/99999999", 404),
    ],
)
def test_bad_requests(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"


URLJOINED = "/authority/rest/authorities"
"""What BARE's clients call: urljoin(".../authorities/v2", id) drops the v2."""


@pytest.mark.parametrize("authority_id", ["90053126", MERGED, "REAL000011"])
@pytest.mark.parametrize("form", ["json", "xml"])
def test_urljoined_record_route_is_the_v2_one(
    client: FlaskClient, authority_id: str, form: str
) -> None:
    v2 = client.get(f"{ROUTE}/{authority_id}?format={form}")
    joined = client.get(f"{URLJOINED}/{authority_id}?format={form}")
    assert joined.status_code == v2.status_code == 200
    assert joined.mimetype == v2.mimetype
    assert joined.data == v2.data
    assert joined.headers["ETag"] == v2.headers["ETag"]


@pytest.mark.parametrize("path", [f"{URLJOINED}/query", f"{URLJOINED}/v2/query"])
def test_urljoined_query_routes_are_bares_search(
    client: FlaskClient, path: str
) -> None:
    query = {
        "q": "rilke authoritytype:person",
        "start": "1",
        "max": "5",
        "format": "json",
    }
    expected = client.get("/authority/rest/functions/v2/query", query_string=query)
    response = client.get(path, query_string=query)
    assert response.status_code == expected.status_code == 200
    assert response.json == expected.json
    assert list(response.json) == ["q", "startRow", "maxRows", "numFound", "results"]
    assert response.json["numFound"] >= 1
    bad = client.get(path, query_string={"q": "a", "max": "0"})
    assert bad.status_code == 400
    assert bad.mimetype == "application/problem+json"


def test_urljoined_unknown_record_is_404(client: FlaskClient) -> None:
    response = client.get(f"{URLJOINED}/99999999?format=json")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
