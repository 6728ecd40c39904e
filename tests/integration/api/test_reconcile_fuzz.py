"""Hostile and random input to /reconcile never crashes it (hypothesis).

Whatever the ``queries``, ``extend`` or suggest parameters hold, the answer is a
200 that validates against the 0.2 schemas or a 400 problem saying why: never a
500, never a hang on deep nesting or huge numbers.
"""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.api.reconcile_schemas import assert_valid

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TEXT = st.text(max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4)
    ),
    max_leaves=20,
)
PIDS = st.sampled_from(["isni", "viaf", "dates", "birthYear", "occupation", "x"])
QUERY = st.fixed_dictionaries(
    {},
    optional={
        "query": TEXT | st.integers(),
        "type": st.sampled_from(["person", "topic", "robot"])
        | st.lists(st.sampled_from(["person", "place", ""]), max_size=3),
        "limit": st.integers(-5, 200) | st.floats(allow_nan=False),
        "type_strict": st.sampled_from(["any", "should", "all", "most"]),
        "properties": st.lists(
            st.fixed_dictionaries({"pid": PIDS, "v": JSON_VALUES}), max_size=3
        ),
    },
)


def check(response: Any, schema: str) -> None:
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    if response.status_code == 400:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["detail"]
    else:
        assert_valid(response.get_json(), schema)


@FUZZ
@given(batch=st.dictionaries(TEXT, QUERY, min_size=1, max_size=5))
def test_near_valid_batches_are_answered_or_refused(
    client: FlaskClient, batch: dict[str, Any]
) -> None:
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    check(response, "reconciliation-result-batch.json")


@FUZZ
@given(raw=JSON_VALUES.map(json.dumps) | st.text(max_size=200))
def test_any_text_as_queries_or_extend_is_answered_or_refused(
    client: FlaskClient, raw: str
) -> None:
    check(client.get("/reconcile", query_string={"queries": raw}),
          "reconciliation-result-batch.json")  # fmt: skip
    check(client.post("/reconcile", data={"extend": raw}),
          "data-extension-response.json")  # fmt: skip


@FUZZ
@given(prefix=st.text(max_size=600), limit=TEXT, cursor=TEXT, type_=TEXT)
def test_any_suggest_parameters_are_answered_or_refused(
    client: FlaskClient, prefix: str, limit: str, cursor: str, type_: str
) -> None:
    asked = {"prefix": prefix, "limit": limit, "cursor": cursor, "type": type_}
    for part, schema in (
        ("entity", "suggest-entities-response.json"),
        ("type", "suggest-types-response.json"),
        ("property", "suggest-properties-response.json"),
    ):
        check(client.get(f"/reconcile/suggest/{part}", query_string=asked), schema)


def test_deep_nesting_and_huge_numbers_are_refused_quickly(client: FlaskClient) -> None:
    for hostile in ("[" * 50_000, '{"q": {"query": "a", "limit": ' + "9" * 5000 + "}}"):
        response = client.post("/reconcile", data={"queries": hostile})
        assert response.status_code == 400
