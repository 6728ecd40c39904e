"""The feed's readers, fuzzed: any query and any page number, never a 500.

``after`` and ``limit`` get any text (control characters, other scripts' digits,
huge numbers); a page any path segment. The answer is 200 with what was asked for
or a 400/404 problem naming the parameter, and never more than the head.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authority.extension import runtime

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=60),
    st.text(alphabet="0123456789", min_size=15, max_size=400),
)


@FUZZ
@given(after=numbers, limit=st.one_of(st.none(), numbers))
def test_any_after_and_limit(feed_app: Flask, after: str, limit: str | None) -> None:
    head = runtime(feed_app).services.feed.head()
    query = f"after={quote(after)}" + (
        "" if limit is None else f"&limit={quote(limit)}"
    )
    response = feed_app.test_client().get("/changes.jsonl?" + query)
    if response.status_code == 404:  # a number beyond the head
        assert int(after) > head
        return
    if response.status_code == 400:
        assert response.mimetype == "application/problem+json"
        assert response.json["detail"].split("=")[0].split(" ")[0] in ("after", "limit")  # type: ignore[index]
        return
    assert response.status_code == 200, response.get_data(as_text=True)
    first, cap = int(after), head if limit is None else int(limit)
    seqs = [
        json.loads(line)["seq"] for line in response.get_data(as_text=True).splitlines()
    ]
    assert seqs == list(range(first + 1, min(head, first + cap) + 1))


@FUZZ
@given(
    number=st.one_of(
        st.integers(min_value=-5, max_value=10**25).map(str), st.text(max_size=40)
    )
)
def test_any_page(feed_app: Flask, number: str) -> None:
    response = feed_app.test_client().get("/changes/page/" + quote(number, safe=""))
    assert response.status_code in (200, 404), response.get_data(as_text=True)
    if response.status_code == 404:
        assert response.mimetype == "application/problem+json"
