"""/reconcile: the W3C reconciliation API (0.2) over the corpus, as OpenRefine uses it.

Every response is validated against the specification's JSON Schemas (the corpus's
``reconciliation-api/0.2/schemas``); bad input is a 400 problem.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

from authority.domain.search_terms import search_key
from authority.extension import runtime
from authority.reconciliation.queries import MAX_BATCH_TEXT
from tests.integration.api.conftest import BASE, DELETED, MERGED, SURVIVOR
from tests.integration.api.reconcile_names import names
from tests.integration.api.reconcile_schemas import assert_valid
from tests.support import corpus_authorities

HAMSUN = "90081146"
HAMSUN_ISNI = "0000 0001 2016 9813"
RILKE = "90053126"
HITS_AT_1 = 0.85
HITS_AT_1_NAMESAKES = 0.98
"""Floors of the 100 corpus names' hits@1, strict and counting namesakes (measured
0.89 and 1.00: see the README)."""


def reconcile(client: FlaskClient, queries: dict[str, Any], post: bool = False) -> Any:
    text = json.dumps(queries)
    if post:
        response = client.post("/reconcile", data={"queries": text})
    else:
        response = client.get("/reconcile", query_string={"queries": text})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    document = response.get_json()
    assert_valid(document, "reconciliation-result-batch.json")
    return document


def problem(response: TestResponse) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    return str(response.get_json()["detail"])


def test_the_manifest_is_valid_and_names_its_parts(client: FlaskClient) -> None:
    response = client.get("/reconcile")
    manifest = response.get_json()
    assert_valid(manifest, "manifest.json")
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == f"{BASE}authorities/"
    assert manifest["view"]["url"] == f"{BASE}authorities/{{{{id}}}}"
    assert manifest["preview"]["url"] == f"{BASE}reconcile/preview/{{{{id}}}}"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"person", "topic"}
    assert manifest["suggest"]["entity"]["service_path"] == "/suggest/entity"
    assert manifest["extend"]["propose_properties"]["service_path"] == (
        "/extend/propose"
    )
    assert client.post("/reconcile").get_json() == manifest


def test_a_batch_by_get_and_by_post_answers_alike(client: FlaskClient) -> None:
    queries = {
        "q0": {"query": "Rilke, Rainer Maria", "type": "person", "limit": 3},
        "q1": {"query": "Rainer Maria Rilke"},  # the order a spreadsheet may have
        "q2": {"query": "zzzzqqqq xxyyzz"},
    }
    by_get = reconcile(client, queries)
    assert by_get == reconcile(client, queries, post=True)
    assert by_get.keys() == queries.keys()
    assert by_get["q0"]["result"][0]["id"] == RILKE
    assert by_get["q1"]["result"][0]["id"] == RILKE
    assert len(by_get["q0"]["result"]) <= 3
    assert by_get["q2"]["result"] == []
    first = by_get["q0"]["result"][0]
    assert first["type"] == [{"id": "person", "name": "Person"}]
    assert "1875-1926" in first["description"]
    assert not first["match"]  # a name alone is never a safe match


def test_agreeing_dates_make_a_safe_match_and_other_dates_sink(
    client: FlaskClient,
) -> None:
    dated = {"query": "Rilke, Rainer Maria", "properties": [
        {"pid": "dates", "v": "1875-1926"}]}  # fmt: skip
    other = {"query": "Rilke, Rainer Maria", "properties": [
        {"pid": "birthYear", "v": "1901"}]}  # fmt: skip
    found = reconcile(client, {"q0": dated, "q1": other})
    best = found["q0"]["result"][0]
    assert (best["id"], best["match"]) == (RILKE, True)
    assert {"id": "dates", "value": True} in best["features"]
    rilke = next(c for c in found["q1"]["result"] if c["id"] == RILKE)
    assert not rilke["match"] and rilke["score"] < best["score"] - 50


def test_an_identifier_decides_whatever_the_name(client: FlaskClient) -> None:
    found = reconcile(client, {
        "byIsni": {"query": "M. Hamsun", "properties": [
            {"pid": "isni", "v": HAMSUN_ISNI}]},
        "byUriOnly": {"properties": [
            {"pid": "isni", "v": "https://isni.org/isni/0000000120169813"}]},
        "byViaf": {"query": "Hamsun", "properties": [{"pid": "viaf", "v": 803679}]},
    })  # fmt: skip
    for key in ("byIsni", "byUriOnly", "byViaf"):
        best = found[key]["result"][0]
        assert (best["id"], best["score"], best["match"]) == (HAMSUN, 100, True), key


def test_merged_and_deleted_authorities_are_no_candidates(client: FlaskClient) -> None:
    found = reconcile(client, {"q": {"query": "Skagen"}, "m": {"query": "Rowling"}})
    ids = {c["id"] for r in found.values() for c in r["result"]}
    assert MERGED not in ids


@pytest.mark.parametrize(
    ("queries", "says"),
    [
        ("not json", "not well-formed JSON"),
        ("[1, 2]", "must be a JSON object"),
        ("{}", "holds no query"),
        ('{"q": {"query": "x", "type": "robot"}}', "unknown type 'robot'"),
        ('{"q": {"query": "x", "limit": 1000}}', "limit"),
        ('{"q": {"query": "x", "limit": 0}}', "limit"),
        ('{"q": {"query": "x", "bogus": 1}}', "bogus"),
        ('{"q": {"query": 5}}', "query"),
        ('{"q": {"properties": [{"pid": "shoe", "v": "44"}]}}', "unknown property"),
        ('{"q": {"query": "***"}}', "a letter or digit, or an identifier"),
        ('{"q": {"query": ""}}', "a letter or digit, or an identifier"),
        ('{"q": {"query": "' + "a" * 600 + '"}}', "at most 500"),
        ("[" * 100 + "]" * 100, "nested deeper"),
        ('{"q": {"query": "x", "limit": 1' + "0" * 60 + "}}", "digits"),
        (json.dumps({f"q{i}": {"query": "x"} for i in range(101)}), "at most 100"),
        ('{"q": {"query": "x\\ud800"}}', "half a surrogate pair"),
        (
            json.dumps({"q": {"properties": [{"pid": "viaf", "v": list(range(6))}]}}),
            "at most 5 identifier values in one query",
        ),
        (
            json.dumps(
                {
                    f"q{i}": {"properties": [{"pid": "viaf", "v": list(range(5))}]}
                    for i in range(41)
                }
            ),
            "at most 200 identifier values",
        ),
        (
            json.dumps({f"q{i}": {"query": "x", "limit": 11} for i in range(91)}),
            "add up to at most 1000 candidates",
        ),
    ],
)
def test_bad_batches_are_400_problems(
    client: FlaskClient, queries: str, says: str
) -> None:
    for response in (
        client.get("/reconcile", query_string={"queries": queries}),
        client.post("/reconcile", data={"queries": queries}),
    ):
        assert says in problem(response)


def test_a_giant_batch_is_refused_before_it_is_read(client: FlaskClient) -> None:
    giant = json.dumps({"q": {"query": "x" * 400_000}})
    assert "longer than" in problem(client.post("/reconcile", data={"queries": giant}))


def test_a_form_text_over_its_documented_length_is_a_400_not_a_413(
    client: FlaskClient,
) -> None:
    # the document's maxLength is what the app refuses with 400: even both texts
    # just over it, in 4-byte characters (12 bytes in a form), fit the body limit
    post = client.get("/openapi.json").get_json()["paths"]["/reconcile"]["post"]
    fields = post["requestBody"]["content"]["application/x-www-form-urlencoded"]
    longest = fields["schema"]["properties"]["queries"]["maxLength"]
    assert fields["schema"]["properties"]["extend"]["maxLength"] == longest
    over = "\U0001d11e" * (longest + 1)
    response = client.post("/reconcile", data={"queries": over, "extend": over})
    assert f"longer than {longest:,} characters" in problem(response)
    assert "413" in post["responses"]  # a bigger body (other fields) still is one


def worst_batch(with_identifiers: bool) -> dict[str, Any]:
    """The costliest batch the bounds allow: 100 queries, limits adding up to 1,000,
    200 identifier values, many dates and occupations; names that need a search."""
    batch: dict[str, Any] = {}
    for i, row in enumerate(names()):
        words = " ".join(reversed(row.name.split()))  # no name key: a search
        properties = [
            {"pid": "dates", "v": [str(1800 + i + d) for d in range(10)]},
            {"pid": "occupation", "v": ["forfatter", "maler", "lege"]},
        ]
        if with_identifiers:
            other = f"0000 0001 {i:04} 0000"  # held by no one
            properties.append({"pid": "isni", "v": [HAMSUN_ISNI, other]})
        batch[f"q{i}"] = {"query": words, "limit": 10, "properties": properties}
    return batch


def test_the_worst_batch_costs_a_bounded_number_of_statements(
    client: FlaskClient, corpus_app: Flask
) -> None:
    database = runtime(corpus_app).database
    engines = (database.engine, database.read_engine)  # writes' and short reads'
    statements: list[str] = []

    def counted(*args: Any) -> None:
        statements.append(args[2])

    costs, times = {}, {}
    for with_identifiers in (False, True):
        text = json.dumps(worst_batch(with_identifiers))
        assert len(text) <= MAX_BATCH_TEXT
        statements.clear()
        for engine in engines:
            event.listen(engine, "before_cursor_execute", counted)
        try:
            started = time.perf_counter()
            response = client.post("/reconcile", data={"queries": text})
            times[with_identifiers] = time.perf_counter() - started
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", counted)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        costs[with_identifiers] = len(statements)
    # 200 identifier values of 100 queries: one more statement, not 200 more
    assert costs[True] - costs[False] <= 1, costs
    assert costs[True] <= 3 * 100 + 10, costs  # a search or so a query, no more
    assert times[True] < 20, times  # about a second alone; a shared machine
    print(f"worst batch: {costs} statements, {times} s")


def test_suggest_entity_type_and_property_answer_the_schemas(
    client: FlaskClient,
) -> None:
    entities = client.get("/reconcile/suggest/entity?prefix=rilke&type=person")
    assert_valid(entities.get_json(), "suggest-entities-response.json")
    assert RILKE in [e["id"] for e in entities.get_json()["result"]]
    types = client.get("/reconcile/suggest/type?prefix=pers").get_json()
    assert_valid(types, "suggest-types-response.json")
    assert [t["id"] for t in types["result"]] == ["person"]
    properties = client.get("/reconcile/suggest/property?prefix=is").get_json()
    assert_valid(properties, "suggest-properties-response.json")
    assert "isni" in [p["id"] for p in properties["result"]]
    paged = client.get("/reconcile/suggest/entity?prefix=a&cursor=2&limit=3")
    assert len(paged.get_json()["result"]) <= 3


@pytest.mark.parametrize(
    "url",
    [
        "/reconcile/suggest/entity",
        "/reconcile/suggest/entity?prefix=***",
        "/reconcile/suggest/entity?prefix=a&type=robot",
        "/reconcile/suggest/entity?prefix=a&limit=0",
        "/reconcile/suggest/entity?prefix=a&limit=99999999999",
        "/reconcile/suggest/entity?prefix=a&cursor=-1",
        "/reconcile/suggest/type?limit=x",
        "/reconcile/extend/propose?type=robot",
        "/reconcile/extend/propose?limit=101",
    ],
)
def test_bad_suggest_and_propose_parameters_are_400(
    client: FlaskClient, url: str
) -> None:
    problem(client.get(url))


def test_extend_proposes_properties_and_fetches_them(client: FlaskClient) -> None:
    proposed = client.get("/reconcile/extend/propose?type=person").get_json()
    assert_valid(proposed, "data-extension-property-proposal.json")
    assert {"isni", "viaf", "variants", "dates"} <= {
        p["id"] for p in proposed["properties"]
    }
    extend = {
        "ids": [RILKE, MERGED, "12345678901"],
        "properties": [{"id": "isni"}, {"id": "viaf"}, {"id": "dates"},
                       {"id": "variants"}, {"id": "related"}],
    }  # fmt: skip
    response = client.post("/reconcile", data={"extend": json.dumps(extend)})
    document = response.get_json()
    assert_valid(document, "data-extension-response.json")
    assert [m["id"] for m in document["meta"]] == [
        "isni", "viaf", "dates", "variants", "related"
    ]  # fmt: skip
    rilke = document["rows"][RILKE]
    assert rilke["isni"] == [{"str": "0000000121312247"}]
    assert rilke["viaf"] == [{"str": "46897170"}]
    assert rilke["dates"] == [{"str": "1875-1926"}]
    assert document["rows"][MERGED]["isni"] == []  # merged: no values
    assert document["rows"]["12345678901"]["viaf"] == []


@pytest.mark.parametrize(
    "extend",
    [
        "nope",
        '{"ids": ["1"]}',
        '{"ids": ["1"], "properties": [{"id": "shoe size"}]}',
        json.dumps({"ids": [str(i) for i in range(1001)], "properties": []}),
    ],
)
def test_bad_extension_requests_are_400(client: FlaskClient, extend: str) -> None:
    problem(client.get("/reconcile", query_string={"extend": extend}))


def test_a_spreadsheet_round_reconciles_names_then_pulls_isni_and_viaf(
    client: FlaskClient,
) -> None:
    sheet = [
        ("Rilke, Rainer Maria", "1875-1926", RILKE),
        ("Hamsun, Marie", "1881-1969", HAMSUN),
        ("Valkeapää, Nils-Aslak", "1943-2001", "90067942"),
        ("Skagen, Stian", "1980-", "5068070"),
    ]
    queries = {
        f"row{n}": {"query": name, "type": "person",
                    "properties": [{"pid": "dates", "v": dates}]}
        for n, (name, dates, _) in enumerate(sheet)
    }  # fmt: skip
    found = reconcile(client, queries)
    matched = {}
    for n, (_, _, known) in enumerate(sheet):
        best = found[f"row{n}"]["result"][0]
        assert best["id"] == known and best["match"], best
        matched[f"row{n}"] = best["id"]
    extend = {"ids": list(matched.values()),
              "properties": [{"id": "isni"}, {"id": "viaf"}]}  # fmt: skip
    rows = client.get(
        "/reconcile", query_string={"extend": json.dumps(extend)}
    ).get_json()
    assert_valid(rows, "data-extension-response.json")
    assert rows["rows"][HAMSUN] == {
        "isni": [{"str": "0000000120169813"}],
        "viaf": [{"str": "803679"}],
    }
    assert all(
        rows["rows"][i]["isni"] and rows["rows"][i]["viaf"] for i in matched.values()
    )


def hits_at_1(client: FlaskClient, with_dates: bool) -> tuple[float, float]:
    """hits@1 of the 100 names: the known id first; or a namesake of it first.

    The corpus holds some people twice (Koha's sandbox copies an LC record under
    another id: the same heading, the same dates), which no reconciler can tell
    apart; the second figure counts a first candidate whose heading is the known
    record's (folded) as a hit. A ``match`` must always be the known id.
    """
    rows = names()
    queries = {}
    for n, name in enumerate(rows):
        query: dict[str, Any] = {"query": name.name, "type": name.kind.value}
        if with_dates and name.dates:
            query["properties"] = [{"pid": "dates", "v": name.dates}]
        queries[f"q{n}"] = query
    found = reconcile(client, queries, post=True)
    labels = {a.id: search_key(a.label) for a in corpus_authorities()}
    strict = namesakes = 0
    for n, name in enumerate(rows):
        result = found[f"q{n}"]["result"]
        first = result[0]["id"] if result else None
        strict += first == name.id
        namesakes += first is not None and labels[first] == labels[name.id]
        if first != name.id:
            print(
                "missed:", name, [(c["id"], c["name"], c["score"]) for c in result[:2]]
            )
        assert not [c for c in result if c["match"] and c["id"] != name.id]
    return strict / len(rows), namesakes / len(rows)


def test_100_corpus_names_reconcile_with_hits_at_1_above_the_floor(
    client: FlaskClient,
) -> None:
    dated, dated_namesakes = hits_at_1(client, True)
    bare, bare_namesakes = hits_at_1(client, False)
    print(f"hits@1 of 100 corpus names: {dated:.2f} with dates "
          f"({dated_namesakes:.2f} counting namesakes), {bare:.2f} by name alone "
          f"({bare_namesakes:.2f})")  # fmt: skip
    assert dated >= HITS_AT_1 and bare >= HITS_AT_1
    assert dated_namesakes >= HITS_AT_1_NAMESAKES
    assert bare_namesakes >= HITS_AT_1_NAMESAKES


def test_cors_preflight_lets_a_browser_tool_post_a_batch(client: FlaskClient) -> None:
    response = client.options(
        "/reconcile",
        headers={
            "Origin": "http://127.0.0.1:3333",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    got = client.get("/reconcile", headers={"Origin": "http://127.0.0.1:3333"})
    assert got.headers["Access-Control-Allow-Origin"] == "*"


def test_the_survivor_of_a_merge_is_a_candidate(client: FlaskClient) -> None:
    found = reconcile(client, {"q": {"query": "Rilke"}})
    assert SURVIVOR in [c["id"] for c in found["q"]["result"]]


def test_the_preview_is_a_small_card_any_site_may_frame(client: FlaskClient) -> None:
    response = client.get(f"/reconcile/preview/{RILKE}")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Rilke, Rainer Maria, 1875-1926" in page
    assert "0000000121312247" in page and "46897170" in page
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "script" not in page
    assert response.cache_control.public
    manifest = client.get("/reconcile").get_json()
    assert (
        manifest["preview"]["url"]
        .replace("{{id}}", RILKE)
        .endswith(f"/reconcile/preview/{RILKE}")
    )


def test_the_cached_preview_varies_by_the_readers_language(
    client: FlaskClient,
) -> None:
    # public and translated: a shared cache must key it by the reader's language
    english = client.get(f"/reconcile/preview/{RILKE}", headers={
        "Accept-Language": "en"})  # fmt: skip
    bokmal = client.get(f"/reconcile/preview/{RILKE}", headers={
        "Accept-Language": "nb"})  # fmt: skip
    for response, language in ((english, "en"), (bokmal, "nb")):
        assert response.cache_control.public
        assert {"accept-language", "cookie"} <= {v.lower() for v in response.vary}
        assert response.headers["Content-Language"] == language
    assert english.data != bokmal.data


def test_the_preview_of_a_merged_id_is_the_survivors(client: FlaskClient) -> None:
    response = client.get(f"/reconcile/preview/{MERGED}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/reconcile/preview/{SURVIVOR}")
    assert client.get("/reconcile/preview/12345678901").status_code == 404
    assert client.get(f"/reconcile/preview/{DELETED}").status_code == 410
