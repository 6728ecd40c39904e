"""The feed's fixtures: an app over its own database, and one with the corpus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from authority.domain import Actor
from authority.extension import runtime
from tests.integration.api.conftest import empty_app, load_corpus


@pytest.fixture(scope="module")
def feed_app(admin_url: str) -> Iterator[Flask]:
    """An app on a database holding the corpus, with pages of 100 changes."""
    app = empty_app(admin_url, "authority_feed", FEED_PAGE_SIZE=100)
    load_corpus(app, Actor("corpus", "NTNU"))
    yield app
    runtime(app).close()
