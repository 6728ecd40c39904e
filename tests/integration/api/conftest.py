"""The read API's fixture: an app over its own database, loaded from the corpus.

Every corpus authority (MARC files and BARE JSON samples, ``tests.support``) goes in
through the load's bulk path, then two lifecycle events that real BARE data shows:
a merge (``deleted: true`` with ``replacedBy``, as BARE exported it) and the deleted
Realfagstermer record the corpus already holds.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from authority import create_app
from authority.api.sparql import POOL as SPARQL_POOL
from authority.domain import Actor, Status
from authority.extension import runtime
from authority.service.sparql import SparqlService
from authority.storage import migrate
from tests.conftest import make_database
from tests.support import corpus_authorities, truncate

BASE = "https://authority.test/"
MERGED = "1560455410566"
"""A BARE sample merged into another sample for these tests."""
SURVIVOR = "90053126"
DELETED = "REAL000011"
"""Deleted in the Realfagstermer MARC export of the corpus."""


def empty_app(admin_url: str, name: str, **settings: object) -> Flask:
    """An app on database ``name`` of the test server, migrated and emptied."""
    url = make_database(admin_url, name)
    engine = create_engine(url)
    migrate.upgrade(engine)
    truncate(engine)
    engine.dispose()
    config = {"DATABASE_URL": url, "BASE_URI": BASE, "AUTO_MIGRATE": False}
    # Local state (a SPARQL store, dumps) in a folder of its own, never in the
    # working directory's ./authority-data, which another run may have left behind.
    local = tempfile.mkdtemp(prefix=f"{name}-")
    config |= {"SPARQL_DIR": f"{local}/sparql", "DUMP_DIR": f"{local}/dumps"}
    return create_app({**config, **settings})


def load_corpus(app: Flask, actor: Actor) -> None:
    """Every corpus authority into ``app``'s database, 500 a batch, none refused."""
    services = runtime(app).services
    authorities = corpus_authorities()
    for start in range(0, len(authorities), 500):
        results = services.loading.upsert_many(authorities[start : start + 500], actor)
        assert not [r for r in results if isinstance(r, Exception)]


def serve(app: Flask) -> Iterator[str]:
    """``app`` served on 127.0.0.1 (werkzeug, threaded) for real clients: its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def corpus_app(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The app on a database holding the corpus; shared by the API tests.

    Its SPARQL store is built once loaded, so that ``/sparql`` answers too.
    """
    sparql_dir = tmp_path_factory.mktemp("api-sparql")
    app = empty_app(admin_url, "authority_api", SPARQL_DIR=str(sparql_dir))
    actor = Actor("corpus")
    load_corpus(app, actor)
    services = runtime(app).services
    before = services.reading.get(MERGED)
    merged = before.with_envelope(
        status=Status.MERGED,
        merged_into=SURVIVOR,
        provenance=replace(
            before.provenance, modified=datetime(2026, 1, 1, tzinfo=UTC)
        ),
    )
    services.loading.upsert_from_source(merged, actor)
    assert services.reading.find(DELETED).status is Status.DELETED  # type: ignore[union-attr]
    sparql = SparqlService.configured(services.register, services.reading, app.config)
    sparql.rebuild()
    yield app
    pool = app.extensions.pop(SPARQL_POOL, None)
    if pool is not None:
        pool.close()
    runtime(app).close()


@pytest.fixture
def client(corpus_app: Flask) -> FlaskClient:
    return corpus_app.test_client()
