"""An app over a database of its own holding the corpus, served for real clients."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from authority.domain import Actor
from authority.extension import runtime
from tests.integration.api.conftest import empty_app
from tests.integration.cli.test_cli import free_port
from tests.support import corpus_authorities


@pytest.fixture(scope="session")
def sru_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_sru")
    services = runtime(app).services
    authorities = corpus_authorities()
    for start in range(0, len(authorities), 500):
        batch = authorities[start : start + 500]
        results = services.loading.upsert_many(batch, Actor("corpus"))
        assert not [r for r in results if isinstance(r, Exception)]
    yield app
    runtime(app).close()


@pytest.fixture(scope="session")
def served(sru_app: Flask) -> Iterator[str]:
    """The app on 127.0.0.1 (werkzeug, threaded); its SRU base URL on BARE's path."""
    port = free_port()
    server = make_server("127.0.0.1", port, sru_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)
