"""The search backends the behavioural suites run against."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from osmem_server import OsmemServer

from authority import create_app
from authority.extension import runtime
from tests.support import per_worker

PREFIX = per_worker("test-search", "-") + "-"
"""The index names of the search suites, this worker's own on a shared cluster."""


@contextmanager
def opensearch_url() -> Iterator[str]:
    """``AUTHORITY_TEST_OPENSEARCH_URL`` (a real cluster), else an osmem-server.

    Our own osmem server rather than its pytest plugin's: the plugin's close()
    leaves the stdout pipe open, a ResourceWarning that filterwarnings makes an error.
    """
    configured = os.environ.get("AUTHORITY_TEST_OPENSEARCH_URL")
    if configured:
        yield configured
        return
    server = OsmemServer.start()
    try:
        yield server.url
    finally:
        server.close()
        if server.process.stdout:
            server.process.stdout.close()


def opensearch_app(database_app: Flask) -> Iterator[Flask]:
    """An app over ``database_app``'s database, searching in OpenSearch.

    The index is rebuilt from the database, as ``authority index rebuild`` does.
    """
    with opensearch_url() as url:
        config = {
            key: database_app.config[key]
            for key in ("DATABASE_URL", "BASE_URI", "AUTO_MIGRATE")
        }
        app = create_app(
            {**config, "OPENSEARCH_URL": url, "SEARCH_INDEX_PREFIX": PREFIX}
        )
        runtime(app).services.index.rebuild()
        yield app
        runtime(app).close()
