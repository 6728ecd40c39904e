"""OAI-PMH over real HTTP, for real harvesters (Sickle, pyoai).

``oai_app``: a small register (two of each kind, quality level and status of the
corpus, one merged) on a database of its own, with pages of 4 so every list pages.
``oai_corpus_app``: every corpus authority, on a database of its own. Each
app is served by werkzeug on 127.0.0.1 in a thread.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from authority.domain import Actor, Status
from authority.extension import runtime
from tests.integration.api.conftest import empty_app, load_corpus, serve
from tests.unit.oai.fixture import sample

PAGE = 4
ACTOR = Actor("fixture")


def small_app(admin_url: str, name: str) -> Flask:
    """An app over database ``name`` holding the sample, merged one included."""
    app = empty_app(admin_url, name, OAI_PAGE_SIZE=PAGE)
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


@pytest.fixture(scope="module")
def oai_url(oai_app: Flask) -> Iterator[str]:
    yield from serve(oai_app)


@pytest.fixture(scope="module")
def oai_corpus_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_oai_corpus")
    load_corpus(app, ACTOR)
    yield app
    runtime(app).close()


@pytest.fixture(scope="module")
def corpus_url(oai_corpus_app: Flask) -> Iterator[str]:
    yield from serve(oai_corpus_app)
