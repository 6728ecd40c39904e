"""PostgreSQL goes away under a running app, and comes back.

The server is a private embedded one (the session's must stay up for the other
tests): the test stops it as a crash would (SIGQUIT, what ``pg_ctl stop -m
immediate`` sends), then starts it again; the app is never restarted.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from authority import create_app
from authority.domain.tokens import Role
from authority.extension import runtime
from authority.storage.embedded import EmbeddedPostgres
from tests.integration.cataloguing.support import bearer, person

pytestmark = pytest.mark.slow

ROUTES = [
    ("GET", "/authorities/{id}"),
    ("GET", "/authorities/{id}.ttl"),
    ("GET", "/authorities/{id}/history"),
    ("GET", "/authorities?q=Valkeapää"),
    ("GET", "/authorities/suggest?q=Valk"),
    ("GET", "/resolve?id={id}"),
    ("POST", "/authorities"),
    ("PUT", "/authorities/{id}"),
    ("DELETE", "/authorities/{id}"),
]
"""Reads, search and writes: each needs the database."""


@pytest.fixture(scope="module")
def started(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[EmbeddedPostgres, str]]:
    embedded = EmbeddedPostgres(tmp_path_factory.mktemp("down"))
    url = embedded.start()
    yield embedded, url
    embedded.stop()


@pytest.fixture(scope="module")
def server(started: tuple[EmbeddedPostgres, str]) -> EmbeddedPostgres:
    return started[0]


@pytest.fixture(scope="module")
def app(started: tuple[EmbeddedPostgres, str]) -> Iterator[Flask]:
    url = started[1]
    app = create_app({"DATABASE_URL": url, "BASE_URI": "https://authority.test/"})
    runtime(app).database.upgrade()
    yield app
    runtime(app).close()


def stop_as_a_crash(server: EmbeddedPostgres, pgdata: Path) -> None:
    pid = server.pid
    assert pid is not None
    os.kill(pid, signal.SIGQUIT)  # immediate shutdown: no checkpoint, no goodbye
    deadline = time.monotonic() + 20
    while server.alive or (pgdata / "postmaster.pid").exists():
        assert time.monotonic() < deadline, "PostgreSQL did not stop"
        time.sleep(0.1)


def test_routes_answer_503_while_the_database_is_down_and_recover(
    app: Flask, server: EmbeddedPostgres
) -> None:
    client = app.test_client()
    _, token = runtime(app).tokens.create("down", Role.ADMIN, "NB")
    created = client.post(
        "/authorities", json=person("Valkeapää, Nils"), headers=bearer(token)
    )
    assert created.status_code == 201, created.get_json()
    authority_id = created.get_json()["id"]
    routes = [(m, p.format(id=authority_id)) for m, p in ROUTES]
    assert client.get(routes[0][1]).status_code == 200  # the pool holds connections

    stop_as_a_crash(server, server.pgdata)

    for method, path in routes:
        response = client.open(
            path, method=method, json=person("Nedetid, Ola"), headers=bearer(token)
        )
        assert response.status_code == 503, (method, path, response.data[:300])
        assert response.mimetype == "application/problem+json"
        assert response.headers["Retry-After"].isdigit()
        assert "unreachable" in response.get_json()["detail"]
    assert client.get("/health").status_code == 200
    ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.headers["Retry-After"].isdigit()

    server.restart()

    assert client.get("/ready").status_code == 200
    got = client.get(routes[0][1])
    assert got.status_code == 200
    assert client.get(routes[3][1]).status_code == 200
    again = client.post(
        "/authorities", json=person("Tilbake, Kari"), headers=bearer(token)
    )
    assert again.status_code == 201, again.get_json()
