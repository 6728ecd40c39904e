"""The workbench's fixtures: an app over the corpus, served, with tokens; a browser.

``workbench_app`` is one app for the web tests (its own database, the corpus
loaded, a cataloguer's and an admin's token). Tests that change records create
their own first, so that they do not depend on each other's order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, BrowserContext, Page

from authority.domain import Actor
from authority.domain.tokens import Role
from authority.extension import runtime
from tests.integration.api.conftest import empty_app, load_corpus, serve
from tests.integration.web.browser import WIDE, chromium

SECRET_KEY = "test-secret-key-for-the-workbench"  # noqa: S105


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
"""The hidden CSRF field of a workbench form."""


def csrf_of(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form at ``path``, for ``client``'s session."""
    found = CSRF.search(client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


@dataclass(frozen=True)
class Workbench:
    """The served workbench: its app, URL and the secrets of two tokens."""

    app: Flask
    url: str
    cataloguer: str
    admin: str


@pytest.fixture(scope="session")
def workbench_app(admin_url: str) -> Iterator[Flask]:
    app = empty_app(
        admin_url,
        "authority_web",
        SECRET_KEY=SECRET_KEY,
        BASE_URI="http://authority.test/",
    )
    load_corpus(app, Actor("corpus"))
    yield app
    runtime(app).close()


@pytest.fixture(scope="session")
def workbench(workbench_app: Flask) -> Iterator[Workbench]:
    tokens = runtime(workbench_app).tokens
    _, cataloguer = tokens.create("kari", Role.CATALOGUER, "NTNU")
    _, admin = tokens.create("ola", Role.ADMIN, "NB")
    for url in serve(workbench_app):
        yield Workbench(workbench_app, url, cataloguer, admin)


@pytest.fixture
def web(workbench: Workbench) -> FlaskClient:
    """A plain HTTP client of the workbench's app (faster than the browser)."""
    return workbench.app.test_client()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as found:
        yield found


@pytest.fixture
def context(browser: Browser, workbench: Workbench) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) at desktop size, for one test."""
    made = browser.new_context(base_url=workbench.url, viewport=WIDE)
    made.set_default_timeout(10_000)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
