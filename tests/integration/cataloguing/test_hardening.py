"""Issue 16, section 3: concurrent creates, reverts across a merge, who is shown."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.integration.cataloguing.support import (
    Tokens,
    bearer,
    created,
    person,
)

ORCID = "0000-0002-1825-0097"
OTHER_ORCID = "0000-0002-1694-233X"


def orcid(value: str) -> dict[str, Any]:
    return {
        "tag": "024",
        "ind1": "7",
        "ind2": " ",
        "subfields": [["a", value], ["2", "orcid"]],
    }


def if_match(token: str, revision: int) -> dict[str, str]:
    return bearer(token, **{"If-Match": f'"{revision}"'})


def concurrent_creates(
    app: Flask, tokens: Tokens, body: dict[str, Any], count: int
) -> list[int]:
    """POST ``body`` from ``count`` threads at once (no force): the statuses."""
    statuses: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(count)

    def create() -> None:
        own = app.test_client()
        start.wait()
        response = own.post(
            "/authorities", json=body, headers=bearer(tokens.cataloguer)
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=create) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


# The duplicate check and the insert are one step


def test_twenty_concurrent_identical_creates_make_one_authority(
    cataloguing_app: Flask, client: FlaskClient, tokens: Tokens
) -> None:
    for round_ in range(3):
        name = f"Samtidigsen, Sigrid {chr(ord('A') + round_)}"
        statuses = concurrent_creates(
            cataloguing_app, tokens, person(name, dates="1970-"), 20
        )
        assert sorted(statuses) == [201] + [409] * 19, (round_, statuses)
        found = client.post("/authorities/match", json=person(name, dates="1970-"))
        assert len(found.json["candidates"]) == 1


def test_concurrent_creates_sharing_only_an_identifier_make_one(
    cataloguing_app: Flask, tokens: Tokens
) -> None:
    # Different names, one ORCID: the same person, so one wins and one is 409.
    statuses: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(2)

    def create(name: str) -> None:
        own = cataloguing_app.test_client()
        start.wait()
        response = own.post(
            "/authorities",
            json=person(name, orcid("0000-0001-5109-3700")),
            headers=bearer(tokens.cataloguer),
        )
        with lock:
            statuses.append(response.status_code)

    names = ("Orcidsen, Olga", "Orcidsdatter, O.")
    threads = [threading.Thread(target=create, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]


# Reverting across a merge, a delete or a restore


def merged_pair(
    client: FlaskClient, tokens: Tokens, name: str, orcid_value: str
) -> tuple[str, str]:
    """A survivor (revision 1) and a loser holding an ORCID, merged into it."""
    survivor = created(client, tokens, person(name, dates="1940-"))
    loser_name = f"{name.split(',')[0]}, X."
    loser = created(client, tokens, person(loser_name, orcid(orcid_value)))
    merged = client.post(
        f"/authorities/{loser}/merge",
        json={"into": survivor},
        headers=bearer(tokens.cataloguer),
    )
    assert merged.status_code == 200, merged.json
    return survivor, loser


def test_a_cataloguer_may_not_revert_a_survivor_across_its_merge(
    client: FlaskClient, tokens: Tokens
) -> None:
    survivor, loser = merged_pair(client, tokens, "Overlever, Ola", ORCID)
    denied = client.post(
        f"/authorities/{survivor}/revert",
        json={"revision": 1},
        headers=bearer(tokens.cataloguer),
    )
    assert denied.status_code == 403, denied.json
    assert denied.mimetype == "application/problem+json"
    assert "merge" in denied.json["detail"]
    resolved = client.get(f"/resolve?id=orcid:{ORCID}")
    assert resolved.headers["Location"].endswith(f"/authorities/{survivor}")
    history = client.get(f"/authorities/{survivor}/history").json["revisions"]
    assert [r["action"] for r in history] == ["create", "merge"]


def test_a_cataloguer_may_not_revert_across_a_delete_and_restore(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Tilbake, Tora"))
    client.put(
        f"/authorities/{new}",
        json=person("Tilbake, Tora", dates="1977-"),
        headers=if_match(tokens.cataloguer, 1),
    )
    client.delete(f"/authorities/{new}", headers=bearer(tokens.admin))
    client.post(f"/authorities/{new}/restore", headers=bearer(tokens.admin))
    # Now active again, as it was at revision 2: the status alone says nothing.
    denied = client.post(
        f"/authorities/{new}/revert",
        json={"revision": 2},
        headers=bearer(tokens.cataloguer),
    )
    assert denied.status_code == 403, denied.json
    done = client.post(
        f"/authorities/{new}/revert",
        json={"revision": 2},
        headers=bearer(tokens.admin),
    )
    assert done.status_code == 200, done.json


def test_an_admin_revert_across_a_merge_keeps_the_identifiers_it_moved(
    client: FlaskClient, tokens: Tokens
) -> None:
    survivor, loser = merged_pair(client, tokens, "Beholder, Bodil", OTHER_ORCID)
    client.delete(f"/authorities/{survivor}", headers=bearer(tokens.admin))
    client.post(f"/authorities/{survivor}/restore", headers=bearer(tokens.admin))
    done = client.post(
        f"/authorities/{survivor}/revert",
        json={"revision": 1},
        headers=bearer(tokens.admin),
    )
    assert done.status_code == 200, done.json
    assert done.json["revision"] == 5
    identifiers = [(i["scheme"], i["value"]) for i in done.json["identifiers"]]
    assert ("orcid", OTHER_ORCID) in identifiers
    resolved = client.get(f"/resolve?id=orcid:{OTHER_ORCID}")
    assert resolved.status_code == 301
    assert resolved.headers["Location"].endswith(f"/authorities/{survivor}")
    # The loser still redirects to the survivor, which holds what it had.
    assert client.get(f"/authorities/{loser}").status_code == 301


def test_a_revert_to_the_current_content_writes_nothing(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Uendret, Ulla"))
    for token in (tokens.cataloguer, tokens.admin):
        same = client.post(
            f"/authorities/{new}/revert",
            json={"revision": 1},
            headers=bearer(token),
        )
        assert same.status_code == 200, same.json
        assert same.json["revision"] == 1
        assert same.headers["ETag"] == '"1"'
    history = client.get(f"/authorities/{new}/history").json["revisions"]
    assert [r["revision"] for r in history] == [1]


def test_a_put_that_changes_nothing_writes_nothing(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Likedan, Liv"))
    same = client.put(
        f"/authorities/{new}",
        json=person("Likedan, Liv"),
        headers=if_match(tokens.cataloguer, 1),
    )
    assert same.status_code == 200, same.json
    assert same.headers["ETag"] == '"1"'
    edited = client.put(
        f"/authorities/{new}",
        json=person("Likedan, Live"),
        headers=if_match(tokens.cataloguer, 1),
    )
    assert edited.headers["ETag"] == '"2"'
    stale = client.put(
        f"/authorities/{new}",
        json=person("Likedan, Live"),
        headers=if_match(tokens.cataloguer, 1),
    )
    assert stale.status_code == 412  # If-Match still means what it says
    history = client.get(f"/authorities/{new}/history").json["revisions"]
    assert [r["revision"] for r in history] == [1, 2]


# Who is shown


def test_the_history_names_the_token_only_to_a_token(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Anonym, Anders"))
    public = client.get(f"/authorities/{new}/history")
    [entry] = public.json["revisions"]
    assert "actor" not in entry
    assert entry["institution"] == "NTNU"
    assert "kari" not in public.text
    assert "Authorization" in public.headers["Vary"]
    private = client.get(f"/authorities/{new}/history", headers=bearer(tokens.admin))
    [entry] = private.json["revisions"]
    assert (entry["actor"], entry["institution"]) == ("kari", "NTNU")
    assert {"private", "no-store"} <= set(private.headers["Cache-Control"].split(", "))


def test_no_old_revision_or_page_names_the_token(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Anonym, Astrid"))
    for path in (
        f"/authorities/{new}",
        f"/authorities/{new}.json",
        f"/authorities/{new}.html",
        f"/authorities/{new}.xml",
        f"/authorities/{new}.ttl",
        f"/authorities/{new}/history/1",
        f"/authorities/{new}/history/1.json",
        f"/authorities/{new}/history/1.html",
        f"/authority/rest/authorities/v2/{new}?format=json",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "kari" not in response.text, path
