"""``/sparql`` with a real client (SPARQLWrapper) on a live server.

The concept queries are Skosmos' own (``GenericSparql.php``: queryLabel,
queryProperty, queryChildren, queryTopConcepts), with its graph clause left out:
our default graph is the union of every authority's graph. What each must answer is
read from the concept's own graph (``linkeddata.graph.to_graph``, what its record
page publishes), so the store is held to the record.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator

import pytest
from flask import Flask
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from authority.domain import Authority
from authority.extension import runtime
from authority.linkeddata.graph import to_graph
from authority.linkeddata.uris import Uris
from tests.integration.sparql.conftest import MAX_BYTES, realfagstermer_terms

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dc: <http://purl.org/dc/terms/>
PREFIX dc11: <http://purl.org/dc/elements/1.1/>
"""


def client(url: str, query: str, form: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(form)
    return sparql


def select(url: str, query: str) -> list[dict[str, object]]:
    answer = client(url, PREFIXES + query).queryAndConvert()
    assert isinstance(answer, dict)
    return list(answer["results"]["bindings"])


@pytest.fixture(scope="module")
def concept(sparql_app: Flask) -> Authority:
    """The first loaded term with a broader term loaded too, see-froms and labels in
    several languages (the file order decides; the rule, not an id, picks it)."""
    loaded = {a.id: a for a in realfagstermer_terms()}
    for authority in loaded.values():
        broader = [r.target_id for r in authority.relations if r.type == "broader"]
        languages = {label.language for label in authority.labels}
        if (
            broader
            and all(t in loaded for t in broader)
            and authority.variants
            and len(languages) >= 2
        ):
            return runtime(sparql_app).services.reading.get(authority.id)
    raise AssertionError("no such term in the first terms of Realfagstermer")


@pytest.fixture(scope="module")
def own_graph(sparql_app: Flask, concept: Authority) -> Graph:
    return to_graph(concept, Uris(sparql_app.config["BASE_URI"]))


def uri_of(app: Flask, authority_id: str) -> str:
    return Uris(app.config["BASE_URI"]).authority(authority_id)


def values(rows: list[dict[str, object]], name: str) -> set[tuple[str, str | None]]:
    found = set()
    for row in rows:
        cell = row.get(name)
        if isinstance(cell, dict):
            found.add((cell["value"], cell.get("xml:lang")))
    return found


def test_skosmos_label_query_gives_the_pref_label_in_each_language(
    sparql_url: str, sparql_app: Flask, concept: Authority, own_graph: Graph
) -> None:
    uri = uri_of(sparql_app, concept.id)
    for language in ("nb", "nn", "en"):
        in_language = f'FILTER(langMatches(lang(?label), "{language}"))'
        rows = select(
            sparql_url,
            f"""SELECT * WHERE {{
  <{uri}> a ?type .
  OPTIONAL {{ <{uri}> skos:prefLabel ?label . {in_language} }}
  OPTIONAL {{ <{uri}> rdfs:label ?label . {in_language} }}
  OPTIONAL {{ <{uri}> dc:title ?label . {in_language} }}
  OPTIONAL {{ <{uri}> dc11:title ?label . {in_language} }}
}}""",
        )
        expected = {
            (str(o), o.language)
            for o in own_graph.objects(URIRef(uri), SKOS.prefLabel)
            if isinstance(o, Literal) and o.language == language
        }
        assert values(rows, "label") == expected
    assert "nb" in {lang for _, lang in values(rows, "label")} or expected is not None


def test_skosmos_alt_labels_and_broader_and_narrower(
    sparql_url: str, sparql_app: Flask, concept: Authority, own_graph: Graph
) -> None:
    uri = uri_of(sparql_app, concept.id)
    alt = select(sparql_url, f"SELECT ?alt WHERE {{ <{uri}> skos:altLabel ?alt }}")
    expected_alt = {
        (str(o), o.language) for o in own_graph.objects(URIRef(uri), SKOS.altLabel)
    }  # type: ignore[union-attr]
    assert expected_alt and values(alt, "alt") == expected_alt

    broader = select(
        sparql_url,
        f"""SELECT * WHERE {{
  <{uri}> a skos:Concept .
  OPTIONAL {{
    <{uri}> skos:broader ?object .
    OPTIONAL {{ ?object skos:prefLabel ?label .
                FILTER (langMatches(lang(?label), "nb")) }}
    OPTIONAL {{ ?object skos:prefLabel ?label . FILTER (lang(?label) = "") }}
  }}
}}""",
    )
    expected = {str(o) for o in own_graph.objects(URIRef(uri), SKOS.broader)}
    assert {v for v, _ in values(broader, "object")} == expected
    assert all(row.get("label") for row in broader)  # the broader terms are loaded

    parent = next(iter(expected))
    children = select(
        sparql_url,
        f"""SELECT ?child ?label ?child ?grandchildren ?notation WHERE {{
  <{parent}> a skos:Concept .
  OPTIONAL {{
    <{parent}> skos:narrower ?child .
    OPTIONAL {{ ?child skos:prefLabel ?label .
                FILTER (langMatches(lang(?label), "nb")) }}
    OPTIONAL {{ ?child skos:notation ?notation . }}
    BIND ( EXISTS {{ ?child skos:narrower ?a . }} AS ?grandchildren )
  }}
}}""",
    )
    # The parent's record lists its narrower terms (Realfagstermer gives both ways).
    assert uri in {v for v, _ in values(children, "child")}


def test_skosmos_top_concepts_of_the_scheme(
    sparql_url: str, sparql_app: Flask, concept: Authority
) -> None:
    scheme = Uris(sparql_app.config["BASE_URI"]).scheme("noubomn")
    rows = select(
        sparql_url,
        f"""SELECT DISTINCT ?top ?topuri ?label ?notation ?children WHERE {{
  ?top skos:topConceptOf ?topuri .
  ?top skos:prefLabel ?label .
  FILTER (langMatches(lang(?label), "nb"))
  OPTIONAL {{ ?top skos:notation ?notation . }}
  BIND ( EXISTS {{ ?top skos:narrower ?a . }} AS ?children )
  VALUES (?topuri) {{ (<{scheme}>) }}
}}""",
    )
    tops = {v for v, _ in values(rows, "top")}
    # What the terms' record pages say: each its own graph, as published.
    uris = Uris(sparql_app.config["BASE_URI"])
    stored = runtime(sparql_app).services.reading.find_many(
        [a.id for a in realfagstermer_terms()]
    )
    expected = set()
    for authority in stored.values():
        graph = to_graph(authority, uris)
        me = URIRef(uris.authority(authority.id))
        labels = [o for o in graph.objects(me, SKOS.prefLabel) if o.language == "nb"]  # type: ignore[union-attr]
        if (me, SKOS.topConceptOf, URIRef(scheme)) in graph and labels:
            expected.add(str(me))
    assert tops == expected
    assert uri_of(sparql_app, concept.id) not in tops


def test_every_result_format(
    sparql_url: str, sparql_app: Flask, concept: Authority
) -> None:
    uri = uri_of(sparql_app, concept.id)
    query = f"SELECT ?p ?o WHERE {{ <{uri}> ?p ?o }}"
    rows = select(sparql_url, query)
    pairs = {(r["p"]["value"], r["o"]["value"]) for r in rows}  # type: ignore[index]
    pairs = {(p, o) for p, o in pairs if not o.startswith("b" + concept.id)}

    xml = client(sparql_url, query, XML).queryAndConvert()
    found = {
        tuple(b.getElementsByTagName(t)[0].firstChild.data for t in ("uri", "uri"))
        for b in xml.getElementsByTagName("result")  # type: ignore[union-attr]
    }
    assert len(xml.getElementsByTagName("result")) == len(rows)  # type: ignore[union-attr]
    assert found

    for form, delimiter in ((CSV, ","), (TSV, "\t")):
        text = client(sparql_url, query, form).queryAndConvert()
        table = list(csv.reader(io.StringIO(text.decode()), delimiter=delimiter))  # type: ignore[union-attr]
        assert len(table) == len(rows) + 1
        if form is CSV:
            assert {(p, o) for p, o in table[1:] if not o.startswith("_:")} == pairs

    ask = client(
        sparql_url,
        f"ASK {{ <{uri}> a skos:Concept }}".replace(
            "skos:", "<http://www.w3.org/2004/02/skos/core#"
        ).replace("#Concept", "#Concept>"),
    )
    assert ask.queryAndConvert()["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize(
    ("form", "media_type", "rdflib_format"),
    [
        (TURTLE, "text/turtle", "turtle"),
        (JSONLD, "application/ld+json", "json-ld"),
        (RDFXML, "application/rdf+xml", "xml"),
        (None, "application/n-triples", "nt"),
    ],
)
def test_construct_in_every_rdf_format_is_the_records_own_graph(
    sparql_url: str,
    sparql_app: Flask,
    concept: Authority,
    own_graph: Graph,
    form: str | None,
    media_type: str,
    rdflib_format: str,
) -> None:
    uri = uri_of(sparql_app, concept.id)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{uri}> {{ ?s ?p ?o }} }}"
    if form is None:  # SPARQLWrapper has no N-Triples: a plain GET with Accept
        address = sparql_url + "?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(address, headers={"Accept": media_type})  # noqa: S310
        with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
            content_type, body = response.headers["Content-Type"], response.read()
    else:
        answer = client(sparql_url, query, form).query().response
        content_type, body = answer.headers["Content-Type"], answer.read()
    assert content_type.startswith(media_type)
    with warnings.catch_warnings():  # rdflib's JSON-LD parser warns about itself
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = Graph().parse(data=body, format=rdflib_format)
    assert isomorphic(graph, own_graph)


def test_post_as_form_and_as_the_body(sparql_url: str) -> None:
    for method in (URLENCODED, POSTDIRECTLY):
        sparql = client(
            sparql_url,
            "SELECT (COUNT(*) AS ?n) "
            "WHERE { ?s a <http://www.w3.org/2004/02/skos/core#Concept> }",
        )
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
        answer = sparql.queryAndConvert()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) > 1500  # type: ignore[index]


def test_a_malformed_query_is_a_400_with_the_parsers_message(sparql_url: str) -> None:
    with pytest.raises(QueryBadFormed) as refused:
        client(sparql_url, "SELECT ?x WHERE { ?x ").queryAndConvert()
    assert "error at 1:" in str(refused.value)


def test_too_many_results_is_a_400_and_a_slow_query_a_503(sparql_app: Flask) -> None:
    web = sparql_app.test_client()
    many = web.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert many.status_code == 400
    assert many.mimetype == "application/problem+json"
    assert "more than 2000 solutions" in many.json["detail"]  # type: ignore[index]

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    stopped = web.get("/sparql", query_string={"query": slow})
    took = time.monotonic() - started
    assert stopped.status_code == 503
    assert "longer than 3 s" in stopped.json["detail"]  # type: ignore[index]
    assert took < 3 + 2  # stopped at the deadline, not when done
    again = web.get("/sparql", query_string={"query": "ASK {}"})  # a new worker
    assert again.status_code == 200


def test_an_answer_of_too_many_bytes_is_a_400_even_in_one_row(
    sparql_app: Flask,
) -> None:
    web = sparql_app.test_client()
    one_row = (
        "SELECT (GROUP_CONCAT(STR(?o)) AS ?x) WHERE { ?s ?p ?o FILTER isLiteral(?o) }"
    )
    for form in ("json", "tsv", "xml"):
        big = web.get("/sparql", query_string={"query": one_row, "format": form})
        assert big.status_code == 400, big.data[:200]
        assert big.mimetype == "application/problem+json"
        assert f"larger than {MAX_BYTES} bytes" in big.json["detail"]  # type: ignore[index]


def test_answers_say_their_change_seq_and_hide_the_bookkeeping(
    sparql_app: Flask,
) -> None:
    web = sparql_app.test_client()
    answer = web.get("/sparql", query_string={"query": "ASK {}"})
    head = runtime(sparql_app).services.harvesting.last_change()
    assert answer.headers["X-Change-Seq"] == str(head)
    for query in (
        "ASK { GRAPH <urn:x-authority:sparql> { ?s ?p ?o } }",
        "ASK { ?s <urn:x-authority:sparql#revision> ?o }",
        "ASK { ?s <urn:x-authority:sparql#seq> ?o }",
    ):
        found = web.get("/sparql", query_string={"query": query})
        assert found.json == {"head": {}, "boolean": False}, query


def test_updates_are_refused(sparql_app: Flask) -> None:
    web = sparql_app.test_client()
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for response in (
        web.post("/sparql", data={"update": insert}),
        web.post("/sparql", data=insert, content_type="application/sparql-update"),
        web.get("/sparql", query_string={"update": insert}),
    ):
        assert response.status_code == 400
        assert "read-only" in response.json["detail"]  # type: ignore[index]
    as_query = web.get("/sparql", query_string={"query": insert})
    assert as_query.status_code == 400  # not a query: the parser says so


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A local port that records whatever connects to it."""
    heard: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            heard.append(connection.recv(1000))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], heard
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <{url}> {{ ?s ?p ?o }}",
        "OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "\\u0053ERVICE <{url}> {{ ?s ?p ?o }}",
        "sErViCe <{url}> {{ ?s ?p ?o }}",
    ],
)
def test_service_is_refused_and_never_called(
    sparql_app: Flask, listener: tuple[int, list[bytes]], pattern: str
) -> None:
    port, heard = listener
    body = pattern.format(url=f"http://127.0.0.1:{port}/sparql")
    answer = sparql_app.test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { " + body + " }"}
    )
    assert answer.status_code == 400
    assert "SERVICE" in answer.json["detail"]  # type: ignore[index]
    time.sleep(0.3)
    assert heard == []


def test_a_query_too_long_is_a_413_and_a_dataset_a_400(sparql_app: Flask) -> None:
    web = sparql_app.test_client()
    long = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000
    assert web.post("/sparql", data={"query": long}).status_code == 413
    dataset = web.get(
        "/sparql", query_string={"query": "ASK {}", "default-graph-uri": "urn:x"}
    )
    assert dataset.status_code == 400
    bad_format = web.get("/sparql", query_string={"query": "ASK {}", "format": "pdf"})
    assert bad_format.status_code == 400
    assert "format=" in bad_format.json["detail"]  # type: ignore[index]
    missing = web.get("/sparql")
    assert missing.status_code == 400


def test_format_parameter_and_accept(sparql_app: Flask) -> None:
    web = sparql_app.test_client()
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"}
    tsv = web.get("/sparql", query_string={**query, "format": "tsv"})
    assert tsv.mimetype == "text/tab-separated-values"
    csv_answer = web.get("/sparql", query_string=query, headers={"Accept": "text/csv"})
    assert csv_answer.mimetype == "text/csv"
    default = web.get("/sparql", query_string=query, headers={"Accept": "*/*"})
    assert default.mimetype == "application/sparql-results+json"
    assert len(json.loads(default.data)["results"]["bindings"]) == 2
