"""The search routes' behaviour, the same suite for every backend.

``searching`` is parametrized: PostgreSQL (the corpus-loaded app, whose terms were
written with the authorities) and OpenSearch (the same database behind an app with
``OPENSEARCH_URL`` set, its index rebuilt from the database, served by the
osmem-server wheel or by ``AUTHORITY_TEST_OPENSEARCH_URL``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from authority.domain import Actor, Field, QualityLevel, Status, Subfield
from authority.domain.collation import sort_key
from authority.domain.local_time import OSLO
from authority.extension import runtime
from tests.integration.api.conftest import BASE, DELETED
from tests.support import corpus_authorities

PROBLEM = "application/problem+json"


@pytest.fixture
def client(searching: Flask) -> FlaskClient:
    return searching.test_client()


def ids(client: FlaskClient, url: str, **params: Any) -> list[str]:
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.data[:300]
    return [h["id"] for h in response.json["hits"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Valkeapää, Nils-Aslak", "90067942"),
        ("valkeapaa", "90067942"),  # diacritics folded
        ("valkapaa", "90067942"),  # one typo
        ("Rowling J K", "277"),  # punctuation ignored
        ("rowlng", "277"),
        ("nilsen, eirik 1985", "9072141"),  # the date helps
        ("eirik nilsen", "3055930"),  # word order, the closest heading first
        ("Gamsun, Marija", "90081146"),  # through a variant
        ("rilke rainer maria 1875", "90053126"),
    ],
)
def test_search_finds_the_right_authority_first(
    client: FlaskClient, query: str, expected: str
) -> None:
    assert ids(client, "/authorities", q=query)[:1] == [expected]


def test_a_hit_through_a_variant_says_which(client: FlaskClient) -> None:
    [hit, *_] = client.get("/authorities?q=Gamsun, Marija").json["hits"]
    assert hit["label"] == "Hamsun, Marie, 1881-1969"
    assert hit["matched"] == "Gamsun, Marija"
    assert hit["uri"] == f"{BASE}authorities/90081146"


def test_filters_and_facets(client: FlaskClient) -> None:
    body = client.get("/authorities?q=nilsen&kind=person").json
    assert body["total"] >= 8
    assert body["totalRelation"] == "eq"  # a corpus-sized register counts all
    assert body["facets"]["kind"] == {"person": body["total"]}
    assert sum(body["facets"]["quality"].values()) == body["total"]
    assert not ids(client, "/authorities", q="nilsen", kind="topic")
    kat3 = ids(client, "/authorities", q="nilsen", quality="kat3")
    assert kat3 and "13047823" in kat3


def test_deleted_only_when_asked(client: FlaskClient) -> None:
    # REAL000011 "Mugg" is deleted in the Realfagstermer export.
    assert DELETED not in ids(client, "/authorities", q="mugg")
    assert DELETED in ids(client, "/authorities", q="mugg", status="deleted")
    assert DELETED in ids(client, "/authorities", q="mugg", status="all")
    assert DELETED not in ids(client, "/authorities", q="mugg", status="active")


def test_paging_links(client: FlaskClient) -> None:
    first = client.get("/authorities?q=nilsen&size=3").json
    assert len(first["hits"]) == 3 and "next" in first["links"]
    second = client.get(first["links"]["next"].replace("http://localhost", "")).json
    assert {h["id"] for h in second["hits"]}.isdisjoint(
        {h["id"] for h in first["hits"]}
    )
    assert "prev" in second["links"]


def test_sort_by_heading(client: FlaskClient) -> None:
    hits = client.get("/authorities?q=nilsen&sort=heading&size=20").json["hits"]
    labels = [h["label"] for h in hits]
    assert labels == sorted(labels, key=sort_key)


@pytest.mark.parametrize(
    "query",
    # The last two: a last word of one letter after whole words (a LIKE in SQL).
    ["hamsun, m", "marie hams", "Hamsun M", "hamsun", "marie h", "marie hamsun 1"],
)
def test_suggest_is_left_anchored_both_ways(client: FlaskClient, query: str) -> None:
    response = client.get("/authorities/suggest", query_string={"q": query})
    [first, *_] = response.json["suggestions"]
    assert first["id"] == "90081146"
    assert first["display"].startswith("Hamsun, Marie, 1881-1969")


def test_suggest_in_opensearch_suggestions_format(client: FlaskClient) -> None:
    response = client.get("/authorities/suggest?q=valkeap&format=opensearch")
    assert response.mimetype == "application/x-suggestions+json"
    query, labels, descriptions, urls = response.json
    assert query == "valkeap"
    assert labels[0] == "Valkeapää, Nils-Aslak, 1943-2001"
    assert urls[0] == f"{BASE}authorities/90067942"
    assert len(descriptions) == len(labels)


def test_browse_is_in_norwegian_order_with_see_entries(client: FlaskClient) -> None:
    entries = client.get("/authorities/browse?from=z&limit=100").json["entries"]
    keys = [sort_key(e["label"]) for e in entries]
    assert keys == sorted(keys)
    firsts = [e["label"][:1].casefold() for e in entries]
    # Åsen and årsregnskapslover come after every z, as æ, ø, å do in Norwegian.
    last_z = max(i for i, f in enumerate(firsts) if f == "z")
    first_nordic = min(i for i, f in enumerate(firsts) if f in "æøå")
    assert last_z < first_nordic
    latin_after = [f for f in firsts[first_nordic:] if "a" <= f <= "z"]
    assert not latin_after  # then other scripts (Cyrillic, Hebrew ...) follow
    variants = client.get("/authorities/browse?from=gamsun&limit=3").json["entries"]
    assert variants[0] == {
        "label": "Gamsun, Marija",
        "id": "90081146",
        "uri": f"{BASE}authorities/90081146",
        "see": "Hamsun, Marie, 1881-1969",
    }


def test_browse_pages_forward_and_back(client: FlaskClient) -> None:
    page = client.get("/authorities/browse?from=rilke&limit=5").json
    assert len(page["entries"]) == 5
    assert sort_key(page["entries"][0]["label"]) >= sort_key("rilke")
    following = client.get(page["links"]["next"].replace("http://localhost", "")).json
    last, first_next = page["entries"][-1], following["entries"][0]
    assert sort_key(first_next["label"]) >= sort_key(last["label"])
    assert first_next != last
    before = client.get(page["links"]["prev"].replace("http://localhost", "")).json
    assert len(before["entries"]) == 5
    assert sort_key(before["entries"][-1]["label"]) < sort_key(
        page["entries"][0]["label"]
    )


def test_lookup(client: FlaskClient) -> None:
    found = client.get("/authorities/lookup?label=valkeapaa nils aslak 1943-2001")
    assert found.status_code == 302
    assert found.headers["Location"] == f"{BASE}authorities/90067942"
    assert client.get("/authorities/lookup?label=nobody at all").status_code == 404
    several = client.get("/authorities/lookup?label=Nilsen, Eirik")
    assert several.status_code in (302, 300)


def test_bare_query_envelope(client: FlaskClient) -> None:
    response = client.get(
        "/authority/rest/functions/v2/query",
        query_string={"q": "May-Britt Moser authoritytype:person", "format": "json"},
    )
    body = response.json
    assert body["q"] == "May-Britt Moser authoritytype:person"
    assert body["startRow"] == "1" and body["maxRows"] == "10"
    assert body["numFound"] >= 1
    assert body["results"][0]["systemControlNumber"] == "90517730"
    assert body["results"][0]["authorityType"] == "PERSON"
    none = client.get(
        "/authority/rest/functions/v2/query",
        query_string={"q": "May-Britt Moser authoritytype:corporation"},
    )
    assert none.json["numFound"] == 0 and none.json["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/authorities?q=",
        "/authorities?q=*",
        '/authorities?q="',
        "/authorities?q=()",
        "/authorities?q={!}",
        "/authorities?q=" + "a" * 600,
        "/authorities?q=x&size=1000",
        "/authorities?q=x&size=0",
        "/authorities?q=x&size=abc",
        "/authorities?q=x&sort=bogus",
        "/authorities?q=x&kind=bogus",
        "/authorities?q=x&quality=kat9",
        "/authorities?q=x&status=gone",
        "/authorities?q=x&cursor=%%%",
        "/authorities/suggest?q=",
        "/authorities/suggest?q=x&limit=1000",
        "/authorities/suggest?q=x&format=xml",
        "/authorities/browse?direction=sideways",
        "/authorities/lookup?label=",
        "/authority/rest/functions/v2/query?q=x&max=0",
        "/authority/rest/functions/v2/query?q=x authoritytype:robot",
        "/authorities?q=x&vocabulary=hum ord",
        "/authorities?q=x&modifiedFrom=yesterday",
        "/authorities?q=x&modifiedUntil=2024-13-01",
        "/authorities?q=x&modifiedFrom=2024-02-01&modifiedUntil=2024-01-31",
    ],
)
def test_bad_requests_are_400_problems(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.data[:300]
    assert response.mimetype == PROBLEM
    assert response.json["detail"]


@pytest.mark.parametrize(
    "query",
    ["hamsun OR 1=1", "hamsun) OR (", "title:hamsun", "hamsun~2", "ham*", "hamsun AND",
     "'; DROP TABLE authorities; --", "hamsun\\", "[a TO z]"],
)  # fmt: skip
def test_operators_are_plain_text(client: FlaskClient, query: str) -> None:
    response = client.get("/authorities", query_string={"q": query})
    assert response.status_code == 200, response.data[:300]
    assert client.get("/authorities?q=valkeapaa").json["total"] == 1


def test_statuses_default_to_active(searching: Flask) -> None:
    from authority.search.model import SearchQuery

    results = runtime(searching).services.searching.search(SearchQuery("realfag"))
    assert all(h.status is Status.ACTIVE for h in results.hits)


def test_links_keep_every_value_of_a_repeated_parameter(client: FlaskClient) -> None:
    body = client.get("/authorities?q=a&kind=person&kind=topic&size=1").json
    assert "kind=person" in body["links"]["next"]
    assert "kind=topic" in body["links"]["next"]
    page = client.get("/authorities/browse?kind=person&kind=place&from=b&limit=2").json
    assert "kind=person" in page["links"]["next"]
    assert "kind=place" in page["links"]["next"]


def test_browse_backward_then_forward_meets_where_it_started(
    client: FlaskClient,
) -> None:
    back = client.get("/authorities/browse?from=rilke&limit=3&direction=backward").json
    assert all(sort_key(e["label"]) < sort_key("rilke") for e in back["entries"])
    onward = client.get(back["links"]["next"].replace("http://localhost", "")).json
    assert sort_key(onward["entries"][0]["label"]) >= sort_key("rilke")
    assert not {e["label"] for e in back["entries"]} & {
        e["label"] for e in onward["entries"]
    }


def test_a_full_page_of_a_hundred_still_links_to_the_next(client: FlaskClient) -> None:
    page = client.get("/authorities/browse?from=a&limit=100").json
    assert len(page["entries"]) == 100
    assert "next" in page["links"]


def test_kat3_above_kat1_when_otherwise_equal_and_writes_show_at_once(
    searching: Flask, client: FlaskClient
) -> None:
    services = runtime(searching).services
    rilke = next(a for a in corpus_authorities() if a.id == "90053126")
    kept = [f for f in rilke.fields if f.tag not in ("024", "100", "400")]
    twin = Field("100", "1", " ", (Subfield("a", "Quillfeather, Ottoline"),))
    for authority_id, quality in (("29990001", QualityLevel.KAT1),
                                  ("29990002", QualityLevel.KAT3)):  # fmt: skip
        record = replace(rilke.with_fields([*kept, twin]), id=authority_id)
        services.loading.upsert_from_source(
            record.with_envelope(quality=quality), Actor("test")
        )
    # Searchable as soon as the write returns, in either backend.
    found = ids(client, "/authorities", q="quillfeather ottoline")
    assert found[:2] == ["29990002", "29990001"]


def test_api_writes_show_in_search_at_once(
    searching: Flask, client: FlaskClient
) -> None:
    from authority.domain.tokens import Role

    backend = "opensearch" if searching.config.get("OPENSEARCH_URL") else "postgres"
    _, admin = runtime(searching).tokens.create(f"search-{backend}", Role.ADMIN)
    token = {"Authorization": f"Bearer {admin}"}
    body = {"fields": [{"tag": "100", "ind1": "1", "ind2": " ",
                        "subfields": [["a", "Zyxwvutsrq, Wilhelmina"]]}]}  # fmt: skip
    made = client.post("/authorities?force=true", json=body, headers=token)
    assert made.status_code == 201, made.json
    new = made.json["id"]
    assert ids(client, "/authorities", q="zyxwvutsrq wilhelmina") == [new]
    other = client.post(
        "/authorities?force=true",
        headers=token,
        json={
            "fields": [
                {
                    "tag": "100",
                    "ind1": "1",
                    "ind2": " ",
                    "subfields": [["a", "Qqqzz, Otto"]],
                }
            ]
        },
    )
    merged = client.post(f"/authorities/{new}/merge", headers=token,
                         json={"into": other.json["id"]})  # fmt: skip
    assert merged.status_code == 200, merged.json
    # The loser is gone from search; the survivor is found by the loser's name.
    assert ids(client, "/authorities", q="zyxwvutsrq wilhelmina") == [other.json["id"]]
    client.delete(f"/authorities/{other.json['id']}", headers=token)
    assert ids(client, "/authorities", q="qqqzz otto") == []


# The subject vocabulary and the modification date: filters and a facet.
# The corpus's subject records: HUME28807 (Humord), UJUR504 (noubojur),
# REAL000011 (Realfagstermer, deleted) and LC's genre/form terms (lcgft).


def test_vocabulary_filters_and_counts_as_a_facet(client: FlaskClient) -> None:
    every = client.get("/authorities?q=fiction&size=100").json
    facet = every["facets"]["vocabulary"]
    assert facet["lcgft"] >= 5 and facet["none"] >= 1
    assert sum(facet.values()) == every["total"]  # "none" counts the name register
    lcgft = client.get("/authorities?q=fiction&vocabulary=lcgft&size=100").json
    assert lcgft["total"] == facet["lcgft"]
    assert lcgft["facets"]["vocabulary"] == {"lcgft": lcgft["total"]}
    assert {"124", "161", "166"} <= {h["id"] for h in lcgft["hits"]}
    none = client.get("/authorities?q=fiction&vocabulary=none&size=100").json
    assert none["total"] == facet["none"]
    assert not {h["id"] for h in none["hits"]} & {h["id"] for h in lcgft["hits"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"vocabulary": "humord"}, ["HUME28807"]),
        ({"vocabulary": "HumOrd"}, ["HUME28807"]),  # case does not matter
        ({"vocabulary": "noubomn,humord"}, ["HUME28807"]),
        ({"vocabulary": ["noubomn", "humord"]}, ["HUME28807"]),
        ({"vocabulary": ""}, ["HUME28807"]),  # an empty value is ignored
        ({"vocabulary": "noubomn"}, []),
        ({"vocabulary": "none"}, []),
    ],
)
def test_vocabulary_filter_values(
    client: FlaskClient, params: dict[str, Any], expected: list[str]
) -> None:
    assert ids(client, "/authorities", q="undervannsgeologi", **params) == expected


def test_vocabulary_of_a_deleted_subject_term(client: FlaskClient) -> None:
    found = ids(client, "/authorities", q="mugg", status="all", vocabulary="noubomn")
    assert found == [DELETED]
    body = client.get("/authorities?q=mugg&status=deleted").json
    assert body["facets"]["vocabulary"]["noubomn"] == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # 107 was modified 2019-01-23T11:18:01.5+01:00, 127 2015-12-02T11:05:39.6.
        ({}, {"107", "127"}),
        ({"modifiedFrom": "2016-01-01"}, {"107"}),
        ({"modifiedUntil": "2015-12-02"}, {"127"}),  # the whole day
        ({"modifiedUntil": "2015-12-01"}, set()),
        ({"modifiedFrom": "2015-12-02", "modifiedUntil": "2019-01-23"}, {"107", "127"}),
        ({"modifiedFrom": "2015-12-03", "modifiedUntil": "2019-01-22"}, set()),
        # Inclusive at the millisecond, with or without an offset (Oslo time).
        ({"modifiedFrom": "2019-01-23T11:18:01.5+01:00"}, {"107"}),
        ({"modifiedFrom": "2019-01-23T10:18:01.500Z"}, {"107"}),
        ({"modifiedFrom": "2019-01-23T11:18:01.501"}, set()),
        ({"modifiedUntil": "2019-01-23T11:18:01.500+01:00"}, {"107", "127"}),
        ({"modifiedUntil": "2019-01-23T11:18:01.499+01:00"}, {"127"}),
    ],
)
def test_modified_range(
    client: FlaskClient, params: dict[str, str], expected: set[str]
) -> None:
    found = ids(client, "/authorities", q="audiobooks", vocabulary="lcgft", **params)
    assert set(found) & {"107", "127"} == expected


def test_modified_range_facets_count_only_the_range(client: FlaskClient) -> None:
    wide = client.get("/authorities?q=fiction&vocabulary=lcgft").json
    narrow = client.get(
        "/authorities?q=fiction&vocabulary=lcgft&modifiedFrom=2016-01-01"
    ).json
    assert 0 < narrow["total"] < wide["total"]
    assert narrow["facets"]["vocabulary"] == {"lcgft": narrow["total"]}
    assert (
        "modifiedFrom=2016-01-01"
        in client.get(
            "/authorities?q=fiction&vocabulary=lcgft&modifiedFrom=2016-01-01&size=1"
        ).json["links"]["next"]
    )


def test_a_bad_date_is_named(client: FlaskClient) -> None:
    response = client.get("/authorities?q=x&modifiedUntil=31.12.2024")
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert response.json["detail"] == (
        "modifiedUntil must be an ISO 8601 date or date-time, not '31.12.2024'"
    )


def test_a_bound_finer_than_a_millisecond_is_cut_alike(searching: Flask) -> None:
    from authority.search.model import SearchQuery

    search = runtime(searching).services.searching.search
    # 107 was modified at 11:18:01.500; a bound at .500999 is .500 in both backends.
    after = datetime(2019, 1, 23, 11, 18, 1, 500_999, tzinfo=OSLO)
    query = SearchQuery("audiobooks", vocabularies=("lcgft",), modified_from=after)
    assert [h.id for h in search(query).hits] == ["107"]
    until = replace(query, modified_from=None, modified_until=after)
    assert "107" in {h.id for h in search(until).hits}
