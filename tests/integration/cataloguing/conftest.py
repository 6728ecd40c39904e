"""The cataloguing tests' app: its own database, a cataloguer's and an admin's token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from authority.domain.tokens import Role
from authority.extension import runtime
from tests.integration.api.conftest import empty_app
from tests.integration.cataloguing.support import Tokens


@pytest.fixture(scope="module")
def cataloguing_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(admin_url, "authority_cataloguing")
    yield app
    runtime(app).close()


@pytest.fixture(scope="module")
def tokens(cataloguing_app: Flask) -> Tokens:
    made = runtime(cataloguing_app).tokens
    _, cataloguer = made.create("kari", Role.CATALOGUER, "NTNU")
    _, admin = made.create("nb-admin", Role.ADMIN, "NB")
    return Tokens(cataloguer, admin)


@pytest.fixture
def client(cataloguing_app: Flask) -> FlaskClient:
    return cataloguing_app.test_client()
