"""OAI-PMH over real HTTP, for real harvesters (Sickle, pyoai).

``oai_app``: a small register (two of each kind, quality level and status of the
corpus, one merged) on a database of its own, with pages of 4 so every list pages.
``oai_corpus_app``: every corpus authority, on a database of its own. Each
app is served by werkzeug on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from authority import create_app
from authority.domain import Actor, Status
from authority.extension import runtime
from authority.storage import migrate
from tests.conftest import make_database
from tests.integration.api.conftest import BASE, empty_app
from tests.support import corpus_authorities, truncate
from tests.unit.oai.fixture import sample

PAGE = 4
ACTOR = Actor("fixture")


def small_app(admin_url: str, name: str) -> Flask:
    """An app over database ``name`` holding the sample, merged one included."""
    url = make_database(admin_url, name)
    engine = create_engine(url)
    migrate.upgrade(engine)
    truncate(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "BASE_URI": BASE,
            "AUTO_MIGRATE": False,
            "OAI_PAGE_SIZE": PAGE,
        }
    )
    services = runtime(app).services
    authorities = sample()
    merged = next(a for a in authorities if a.status is Status.MERGED)
    active = [a for a in authorities if a is not merged]
    results = services.loading.upsert_many(active, Actor("fixture"))
    assert not [r for r in results if isinstance(r, Exception)]
    assert merged.merged_into
    services.loading.upsert_from_source(merged, Actor("fixture"))  # as BARE gave it
    return app


@pytest.fixture(scope="module")
def oai_app(admin_url: str) -> Iterator[Flask]:
    app = small_app(admin_url, "authority_oai")
    yield app
    runtime(app).close()


def serve(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def oai_url(oai_app: Flask) -> Iterator[str]:
    yield from serve(oai_app)


@pytest.fixture(scope="module")
def oai_corpus_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_oai_corpus")
    services = runtime(app).services
    authorities = corpus_authorities()
    for start in range(0, len(authorities), 500):
        results = services.loading.upsert_many(authorities[start : start + 500], ACTOR)
        assert not [r for r in results if isinstance(r, Exception)]
    yield app
    runtime(app).close()


@pytest.fixture(scope="module")
def corpus_url(oai_corpus_app: Flask) -> Iterator[str]:
    yield from serve(oai_corpus_app)
