"""The HTTP skeleton: health, readiness, one authority as JSON, problem+json errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from authority import create_app, demo
from authority.extension import runtime
from tests.support import truncate


@pytest.fixture(scope="module")
def app(database_url: str, engine: Engine) -> Iterator[Flask]:
    """The app on the test database, seeded once with the demo set."""
    truncate(engine)
    app = create_app(
        {"DATABASE_URL": database_url, "BASE_URI": "https://authority.test/"}
    )
    demo.load(runtime(app).services.loading)
    yield app
    runtime(app).close()
    truncate(engine)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_health_touches_nothing(database_url: str) -> None:
    app = create_app({"DATABASE_URL": database_url})
    assert app.test_client().get("/health").json == {"status": "ok"}
    assert not runtime(app).started


def test_ready_when_migrated(client: FlaskClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json["status"] == "ready"


def test_ready_is_503_when_database_is_unreachable() -> None:
    app = create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"})
    response = app.test_client().get("/ready")
    assert response.status_code == 503
    assert "unreachable" in response.json["detail"]


def test_demo_authority_as_json(client: FlaskClient) -> None:
    response = client.get("/authorities/90067942")

    assert response.status_code == 200
    body = response.json
    assert body["id"] == "90067942"
    assert body["uri"] == "https://authority.test/authorities/90067942"
    assert body["kind"] == "person"
    assert body["qualityLevel"] == "kat3"
    assert body["label"] == "Valkeapää, Nils-Aslak, 1943-2001"
    assert [v["label"] for v in body["variants"]] == [
        "Áillohaš, 1943-2001",
        "Áilu, 1943-2001",
    ]
    assert {i["scheme"] for i in body["identifiers"]} == {
        "autid",
        "handle",
        "isni",
        "viaf",
        "bibbi",
    }
    assert body["attributes"]["nationalities"] == ["n.-sam."]
    assert response.headers["ETag"] == '"1"'
    assert "Last-Modified" in response.headers


def test_private_identifiers_never_appear(client: FlaskClient) -> None:
    response = client.get("/authorities/90517730")
    text = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "feide" not in text and "may-britt.moser@ntnu.no" not in text
    assert "orgunitid" not in text
    assert "orcid" in text


def test_relation_carries_target_id(client: FlaskClient) -> None:
    [relation] = client.get("/authorities/14011193").json["relations"]
    assert relation["id"] == "97027609"
    assert relation["uri"] == "https://authority.test/authorities/97027609"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/authorities/123", 404),
        ("/authorities/" + "9" * 500, 404),
        ("/authorities/%00%ff", 404),
        ("/no/such/route", 404),
    ],
)
def test_errors_are_problem_json(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == status
    assert response.json["detail"]


def test_wrong_method_is_problem_json(client: FlaskClient) -> None:
    response = client.delete("/health")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_the_jsonld_context_is_served_as_published(database_url: str) -> None:
    from authority.linkeddata.jsonld import context

    app = create_app({"DATABASE_URL": database_url})
    response = app.test_client().get("/context.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json == context()
    assert not runtime(app).started  # no database needed
