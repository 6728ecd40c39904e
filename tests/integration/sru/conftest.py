"""An app over a database of its own holding the corpus, served for real clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from authority.domain import Actor
from authority.extension import runtime
from tests.integration.api.conftest import empty_app, load_corpus, serve


@pytest.fixture(scope="session")
def sru_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_sru")
    load_corpus(app, Actor("corpus"))
    yield app
    runtime(app).close()


@pytest.fixture(scope="session")
def served(sru_app: Flask) -> Iterator[str]:
    """The app on 127.0.0.1 (werkzeug, threaded); its SRU base URL on BARE's path."""
    yield from serve(sru_app)
