"""Issue 16: a 204 carries no Content-Type; a private view's Cache-Control is exact."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.cataloguing.support import (
    Tokens,
    bearer,
    created,
    isni,
    person,
)

PRIVATE = "private, no-store"


def test_a_delete_answers_204_without_content_type(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Tom, Tove"))
    response = client.delete(f"/authorities/{new}", headers=bearer(tokens.admin))
    assert response.status_code == 204
    assert response.data == b""
    assert "Content-Type" not in response.headers
    assert "Content-Length" not in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/authority/rest/authorities/v2/{id}",
        "/authority/rest/authorities/{id}",
        "/authority/rest/authorities/v2/{id}/identifiers/isni",
        "/authority/rest/authorities/{id}/identifiers/isni",
    ],
)
def test_bare_deletes_answer_200_with_their_record(
    client: FlaskClient, tokens: Tokens, path: str
) -> None:
    """BARE's DELETEs answer the record as BARE did: a body, and its type."""
    new = created(client, tokens, person("Tom, Trine", isni("0000000121032683")))
    response = client.delete(path.format(id=new), headers=bearer(tokens.admin))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json["systemControlNumber"].endswith(new)
    assert response.headers["Cache-Control"] == PRIVATE


def test_a_token_read_is_exactly_private_no_store(
    client: FlaskClient, tokens: Tokens
) -> None:
    new = created(client, tokens, person("Tom, Tora"))
    token = bearer(tokens.cataloguer)
    for path in (
        f"/authorities/{new}",
        f"/authorities/{new}.json",
        f"/authorities/{new}/history",
        f"/authorities/{new}/history/1",
        f"/authorities/{new}/history/1.json",
    ):
        response = client.get(path, headers=token)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == PRIVATE, path
    etag = client.get(f"/authorities/{new}", headers=token).headers["ETag"]
    again = client.get(f"/authorities/{new}", headers={**token, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == PRIVATE


def test_an_anonymous_read_stays_public(client: FlaskClient, tokens: Tokens) -> None:
    new = created(client, tokens, person("Tom, Tonje"))
    response = client.get(f"/authorities/{new}")
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert "Cache-Control" not in client.get(f"/authorities/{new}/history").headers


def test_a_write_answers_exactly_private_no_store(
    client: FlaskClient, tokens: Tokens
) -> None:
    response = client.post(
        "/authorities?force=true",
        json=person("Tom, Tiril"),
        headers=bearer(tokens.cataloguer),
    )
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == PRIVATE
