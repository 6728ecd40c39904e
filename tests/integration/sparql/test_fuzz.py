"""Hostile query text: never a 500, never a hung request."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SPARQL_WORDS = st.sampled_from(
    ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o",
     "SERVICE", "GRAPH", "FILTER", "(", ")", ".", "LIMIT", "1", "\"x\"", "<urn:a>",
     "INSERT", "DATA", "\\u0053", "\x00", "#", "\n", "OPTIONAL", "UNION", "*"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(SPARQL_WORDS, max_size=40).map(" ".join),
    st.integers(min_value=0, max_value=400).map(lambda n: "{" * n + "}" * n),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=TEXTS, form=st.sampled_from([None, "json", "csv", "turtle", "x" * 50]))
def test_any_query_text_gets_an_answer_or_a_problem(
    sparql_app: Flask, query: str, form: str | None
) -> None:
    args = {"query": query} | ({"format": form} if form else {})
    response = sparql_app.test_client().get("/sparql", query_string=args)
    assert response.status_code in (200, 400, 413, 503), response.data[:300]
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.binary(max_size=500))
def test_any_body_gets_an_answer_or_a_problem(sparql_app: Flask, body: bytes) -> None:
    response = sparql_app.test_client().post(
        "/sparql", data=body, content_type="application/sparql-query"
    )
    assert response.status_code in (200, 400, 503), response.data[:300]
