"""The cataloguing tests' app: its own database, a cataloguer's and an admin's token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from authority.api.sparql import POOL as SPARQL_POOL
from authority.domain.tokens import Role
from authority.extension import runtime
from authority.service.sparql import SparqlService
from tests.integration.api.conftest import empty_app
from tests.integration.cataloguing.support import Tokens


@pytest.fixture(scope="module")
def cataloguing_app(
    admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """Its own database, and its own SPARQL store (built empty), so that nothing
    depends on a store some other run left in the working directory."""
    sparql_dir = tmp_path_factory.mktemp("cataloguing-sparql")
    app = empty_app(admin_url, "authority_cataloguing", SPARQL_DIR=str(sparql_dir))
    services = runtime(app).services
    SparqlService.configured(services.register, services.reading, app.config).rebuild()
    yield app
    pool = app.extensions.pop(SPARQL_POOL, None)
    if pool is not None:
        pool.close()
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
