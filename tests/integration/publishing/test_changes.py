"""``/changes``, its pages and ``/changes.jsonl`` over the corpus (pages of 100).

Paging covers every change once, in order; full pages are immutable and answer
304; the open page and the collection change with a write; a page beyond the head
is a 404 problem; ``after`` resumes exactly; bad parameters are 400 problems; a
merge is a Move to the survivor and a delete a Delete; no token name ever shows;
the Atom view has the newest changes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from authority.domain import Actor, Status
from authority.extension import runtime
from authority.publishing.atom import ATOM
from authority.publishing.feed import MEDIA_TYPE
from authority.service import Services
from tests.integration.api.conftest import BASE

SIZE = 100
CATALOGUER = Actor("kari.nordmann", "UiO")


@pytest.fixture
def client(feed_app: Flask) -> FlaskClient:
    return feed_app.test_client()


@pytest.fixture
def services(feed_app: Flask) -> Services:
    return runtime(feed_app).services


def lines(client: FlaskClient, query: str) -> list[dict[str, Any]]:
    response = client.get("/changes.jsonl" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def test_the_collection_counts_every_change(
    client: FlaskClient, services: Services
) -> None:
    response = client.get("/changes")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == MEDIA_TYPE
    body = response.json
    assert body is not None
    head = services.feed.head()
    assert head > 2000  # the corpus
    assert body["totalItems"] == head
    assert body["first"]["id"] == BASE + "changes/page/1"
    assert body["last"]["id"] == BASE + f"changes/page/{head // SIZE + 1}"


def test_pages_from_the_first_hold_every_change_once_in_order(
    client: FlaskClient, services: Services
) -> None:
    head = services.feed.head()
    seqs: list[int] = []
    url: str | None = BASE + "changes/page/1"
    while url:
        page = client.get(url.removeprefix(BASE.rstrip("/"))).json
        assert page is not None
        assert page["startIndex"] == len(seqs)
        assert len(page["orderedItems"]) == min(SIZE, head - len(seqs))
        seqs += [item["seq"] for item in page["orderedItems"]]
        url = page.get("next", {}).get("id")
    assert seqs == list(range(1, head + 1))


def test_a_full_page_is_immutable_and_answers_304(client: FlaskClient) -> None:
    response = client.get("/changes/page/2")
    assert response.status_code == 200
    cache = response.cache_control
    assert cache.public and cache.immutable and cache.max_age == 31_536_000
    tag = response.headers["ETag"]
    again = client.get("/changes/page/2", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.headers["ETag"] == tag
    assert again.cache_control.immutable
    assert again.get_data() == b""


def test_the_open_page_and_the_collection_change_with_a_write(
    client: FlaskClient, services: Services, feed_app: Flask
) -> None:
    head = services.feed.head()
    last = f"/changes/page/{(head + 1) // SIZE + 1}"  # open after one more write
    before = {path: client.get(path) for path in ("/changes", last)}
    for path, response in before.items():
        if path == last and (head + 1) % SIZE == 0:
            assert response.status_code == 404  # not yet opened
            continue
        assert not response.cache_control.immutable
        assert response.cache_control.max_age == feed_app.config["CACHE_MAX_AGE"]
        tag = response.headers["ETag"]
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    current = services.reading.get("90053126")
    services.cataloguing.update(current, current.revision, CATALOGUER)
    for path, response in before.items():
        tag = response.headers.get("ETag", "none")
        after = client.get(path, headers={"If-None-Match": tag})
        assert after.status_code == 200
        assert after.headers["ETag"] != tag
    newest = lines(client, f"?after={head}")
    assert [(a["type"], a["seq"], a["object"]["revision"]) for a in newest] == [
        ("Update", head + 1, current.revision + 1)
    ]
    assert newest[0]["actor"] == {"type": "Organization", "name": "UiO"}


def test_a_page_that_has_just_filled_up_links_to_the_open_page(
    client: FlaskClient, services: Services
) -> None:
    while services.feed.head() % SIZE:  # write until the head ends a page
        current = services.reading.get("90053126")
        services.cataloguing.update(current, current.revision, CATALOGUER)
    number = services.feed.head() // SIZE
    full = client.get(f"/changes/page/{number}")
    assert full.cache_control.immutable
    assert full.json is not None
    assert full.json["next"]["id"] == BASE + f"changes/page/{number + 1}"
    opened = client.get(f"/changes/page/{number + 1}")
    assert opened.status_code == 200 and not opened.cache_control.immutable
    assert opened.json is not None and opened.json["orderedItems"] == []
    assert client.get("/changes").json["last"]["id"] == full.json["next"]["id"]


@pytest.mark.parametrize(
    "path", ["/changes/page/0", "/changes/page/-1", "/changes/page/x"]
)
def test_no_such_page_is_a_404_problem(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_page_beyond_the_head_is_a_404_problem(
    client: FlaskClient, services: Services
) -> None:
    beyond = services.feed.head() // SIZE + 2
    for number in (beyond, 10**30):
        response = client.get(f"/changes/page/{number}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        assert "does not exist yet" in response.json["detail"]  # type: ignore[index]


def test_after_resumes_exactly(client: FlaskClient, services: Services) -> None:
    head = services.feed.head()
    assert [a["seq"] for a in lines(client, "")] == list(range(1, head + 1))
    assert [a["seq"] for a in lines(client, "?after=1234")] == list(
        range(1235, head + 1)
    )
    assert [a["seq"] for a in lines(client, "?after=99&limit=3")] == [100, 101, 102]
    assert lines(client, f"?after={head}") == []
    refused = client.get(f"/changes.jsonl?after={head + 1}")
    assert refused.status_code == 404
    assert refused.mimetype == "application/problem+json"
    assert "beyond the change log's head" in refused.json["detail"]  # type: ignore[index]


@pytest.mark.parametrize(
    "query",
    [
        "after=-1",
        "after=abc",
        "after=1e3",
        "after=%D9%A1%D9%A2",  # Arabic-Indic digits: int() would read them
        "after=99999999999999999999",
        "after=9223372036854775808",
        "after=",
        "after=%201",
        "after=1%00",
        "limit=0",
        "limit=1000001",
        "limit=-5",
        "limit=" + "9" * 5000,
    ],
)
def test_bad_parameters_are_400_problems(client: FlaskClient, query: str) -> None:
    response = client.get("/changes.jsonl?" + query)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    name = query.split("=")[0]
    assert response.json["detail"].startswith(name)  # type: ignore[index]
    assert len(response.json["detail"]) < 200  # type: ignore[index]


def test_a_merge_is_a_move_and_a_delete_a_delete(
    client: FlaskClient, services: Services
) -> None:
    head = services.feed.head()
    active = [a for a in services.reading.all(batch=1000) if a.status is Status.ACTIVE]
    persons = [a for a in active if a.kind == "person"][:3]
    loser, survivor, doomed = persons
    services.cataloguing.merge(loser.id, survivor.id, CATALOGUER)
    services.cataloguing.delete(doomed.id, None, CATALOGUER)
    services.cataloguing.restore(doomed.id, CATALOGUER)
    newest = lines(client, f"?after={head}")
    by_id = [
        (a["type"], a["object"]["id"].removeprefix(BASE + "authorities/"), a["action"])
        for a in newest
    ]
    assert by_id[:2] == [("Move", loser.id, "merge"), ("Update", survivor.id, "merge")]
    assert newest[0]["target"] == {
        "id": BASE + f"authorities/{survivor.id}",
        "type": "Concept",
    }
    assert ("Delete", doomed.id, "delete") in by_id
    assert by_id[-1] == ("Create", doomed.id, "restore")
    text = client.get(f"/changes.jsonl?after={head}").get_data(as_text=True)
    assert "kari.nordmann" not in text


def test_the_atom_view_has_the_newest_changes_first(
    client: FlaskClient, services: Services
) -> None:
    head = services.feed.head()
    response = client.get("/changes.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.get_data())
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == min(100, head)
    ids = [e.findtext(f"{{{ATOM}}}id") for e in entries]
    assert ids[:2] == [BASE + f"changes#{head}", BASE + f"changes#{head - 1}"]
    terms = {e.find(f"{{{ATOM}}}category").get("term") for e in entries}  # type: ignore[union-attr]
    assert terms <= {"Create", "Update", "Delete", "Move"}
    tag = response.headers["ETag"]
    again = client.get("/changes.atom", headers={"If-None-Match": tag})
    assert again.status_code == 304
