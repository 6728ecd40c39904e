"""Every search test runs once per backend: ``searching`` is the app for one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.integration.api.conftest import corpus_app  # noqa: F401 - a fixture
from tests.integration.search.backends import opensearch_app


@pytest.fixture(scope="module", params=["postgres", "opensearch"])
def searching(request: pytest.FixtureRequest, corpus_app: Flask) -> Iterator[Flask]:  # noqa: F811
    """The corpus app searching in PostgreSQL, or the same database in OpenSearch."""
    if request.param == "postgres":
        yield corpus_app
        return
    yield from opensearch_app(corpus_app)
