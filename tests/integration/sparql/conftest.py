"""The SPARQL endpoint over real HTTP, for real clients (SPARQLWrapper).

``sparql_app``: the corpus and the first :data:`TOPICS` of Realfagstermer's terms
(a subject vocabulary with a hierarchy, nb/nn/en labels and see-from terms) on a
database of its own, its store rebuilt in a folder of its own, served by werkzeug
on 127.0.0.1 in a thread. Tests that write use ``writing_app``, a smaller one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from authority.domain import Actor, Authority
from authority.extension import runtime
from authority.service.sparql import SparqlService
from loaders.sources import realfagstermer
from tests.integration.api.conftest import empty_app, load_corpus, serve
from tests.support import CORPUS

ACTOR = Actor("fixture")
TOPICS = 1500
"""Realfagstermer terms loaded: the export's first, in file order (deterministic)."""
MAX_BYTES = 1_000_000
"""``sparql_app``'s answer size limit (SPARQL_MAX_BYTES)."""
TERMS = CORPUS / "vocab-sources" / "norwegian" / "realfagstermer-idtermer.txt"


def realfagstermer_terms(count: int = TOPICS) -> list[Authority]:
    """The first ``count`` terms of Realfagstermer that map."""
    items = realfagstermer.read(str(TERMS))
    mapped = (item.authority for item in items if item.authority is not None)
    return list(itertools.islice(mapped, count))


def sparql_service(app: Flask) -> SparqlService:
    """The app's SPARQL store service."""
    services = runtime(app).services
    return SparqlService.configured(services.register, services.reading, app.config)


def rebuilt(app: Flask) -> int:
    """Rebuild the app's store from its database; how many it holds."""
    return sparql_service(app).rebuild().count


def close(app: Flask) -> None:
    """Stop the app's query workers and its database connections."""
    from authority.api.sparql import POOL

    pool = app.extensions.pop(POOL, None)
    if pool is not None:
        pool.close()
    runtime(app).close()


@pytest.fixture(scope="module")
def sparql_app(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("sparql-store")
    app = empty_app(
        admin_url,
        "authority_sparql",
        SPARQL_DIR=str(folder),
        SPARQL_TIMEOUT=3.0,
        SPARQL_MAX_RESULTS=2000,
        SPARQL_MAX_BYTES=MAX_BYTES,
    )
    load_corpus(app, ACTOR)
    results = runtime(app).services.loading.upsert_many(realfagstermer_terms(), ACTOR)
    assert not [r for r in results if isinstance(r, Exception)]
    rebuilt(app)
    yield app
    close(app)


@pytest.fixture(scope="module")
def sparql_url(sparql_app: Flask) -> Iterator[str]:
    for url in serve(sparql_app):
        yield url + "/sparql"


@pytest.fixture
def writing_app(admin_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A register of 200 Realfagstermer terms and an empty store folder."""
    app = empty_app(
        admin_url, "authority_sparql_writes", SPARQL_DIR=str(tmp_path / "sparql")
    )
    results = runtime(app).services.loading.upsert_many(
        realfagstermer_terms(200), ACTOR
    )
    assert not [r for r in results if isinstance(r, Exception)]
    yield app
    close(app)
