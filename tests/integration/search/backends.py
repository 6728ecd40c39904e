"""The search backends the behavioural suite runs against."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack

from flask import Flask

from authority import create_app
from authority.runtime import runtime


def opensearch_app(database_app: Flask) -> Iterator[Flask]:
    """An app over ``database_app``'s database, searching in OpenSearch.

    A real cluster when ``AUTHORITY_TEST_OPENSEARCH_URL`` is set, else an
    OpenSearch-API server from the osmem-server wheel. The index is rebuilt from
    the database, as ``authority index rebuild`` does.
    """
    from osmem_server import OsmemServer

    with ExitStack() as stack:
        url = os.environ.get("AUTHORITY_TEST_OPENSEARCH_URL")
        if not url:
            url = stack.enter_context(OsmemServer.start()).url
        config = {
            key: database_app.config[key]
            for key in ("DATABASE_URL", "BASE_URI", "AUTO_MIGRATE")
        }
        app = create_app(
            {**config, "OPENSEARCH_URL": url, "SEARCH_INDEX_PREFIX": "test-search-"}
        )
        runtime(app).service.rebuild_index()
        yield app
        runtime(app).close()
