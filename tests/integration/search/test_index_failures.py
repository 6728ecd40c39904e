"""A failed indexing after commit never loses the write; check --repair mends it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from authority import create_app
from authority.domain import Actor
from authority.extension import runtime
from tests.integration.api.conftest import empty_app
from tests.integration.search.backends import opensearch_url
from tests.support import corpus_authorities, per_worker

PREFIX = per_worker("test-failures", "-") + "-"


@pytest.fixture(scope="module")
def database_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_index_failures")
    yield app
    runtime(app).close()


def app_with(database_app: Flask, opensearch: str) -> Flask:
    config = {k: database_app.config[k] for k in ("DATABASE_URL", "BASE_URI")}
    return create_app(
        {**config, "OPENSEARCH_URL": opensearch, "SEARCH_INDEX_PREFIX": PREFIX}
    )


def test_an_unreachable_index_loses_nothing_and_repair_catches_up(
    database_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    authorities = corpus_authorities()[:40]
    with opensearch_url() as url:
        good = app_with(database_app, url)
        services = runtime(good).services
        services.index.prepare()
        services.loading.upsert_many(authorities[:20], Actor("test"))
        assert services.index.check().ok

        # The index is down while the next writes commit.
        down = app_with(database_app, "http://127.0.0.1:9")
        written = runtime(down).services.loading.upsert_many(
            authorities[20:], Actor("test")
        )
        assert all(not isinstance(r, Exception) for r in written)
        assert "after-commit action" in caplog.text  # logged, not raised
        assert runtime(down).services.reading.find(authorities[-1].id) is not None

        report = services.index.check()
        assert sorted(report.missing) == sorted(a.id for a in authorities[20:])
        repaired = services.index.check(repair=True)
        assert not repaired.ok  # what it found before repairing
        assert services.index.check().ok
        last = authorities[-1]
        assert last.id in services.searching.lookup(last.label)  # searchable again
        runtime(down).close()
        runtime(good).close()


@pytest.mark.parametrize(
    "path",
    [
        "/authorities?q=hamsun",
        "/authorities/suggest?q=hams",
        "/authorities/browse?from=h",
    ],
)
def test_search_with_the_cluster_down_is_503_and_reads_by_id_still_work(
    database_app: Flask, path: str
) -> None:
    down = app_with(database_app, "http://127.0.0.1:9")
    client = down.test_client()
    try:
        response = client.get(path)
        by_id = client.get("/authorities/x")
    finally:
        runtime(down).close()

    assert response.status_code == 503, response.data[:300]
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"].isdigit()
    assert "search cluster is unreachable" in response.get_json()["detail"]
    assert by_id.status_code == 404  # PostgreSQL answers
