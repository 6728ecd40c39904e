"""Signing in with a token, the session cookie, CSRF, signing out; in a browser too."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from authority.web.i18n import LANGUAGES
from tests.integration.web.browser import assert_accessible, screenshots, sign_in
from tests.integration.web.conftest import Workbench, csrf_of


def test_signing_in_sets_a_hardened_session_cookie(
    web: FlaskClient, workbench: Workbench
) -> None:
    token = csrf_of(web)
    response = web.post(
        "/login", data={"token": workbench.cataloguer, "csrf_token": token}
    )
    assert response.status_code == 303
    cookie = next(
        c
        for c in response.headers.getlist("Set-Cookie")
        if c.startswith("authority_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert workbench.cataloguer not in cookie
    page = web.get("/")
    assert "kari" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"


def test_the_cookie_is_secure_over_https(
    web: FlaskClient, workbench: Workbench
) -> None:
    token = csrf_of(web)
    response = web.post(
        "/login",
        data={"token": workbench.cataloguer, "csrf_token": token},
        base_url="https://localhost",
    )
    cookie = next(
        c
        for c in response.headers.getlist("Set-Cookie")
        if c.startswith("authority_session=")
    )
    assert "Secure" in cookie


def test_a_form_without_the_csrf_token_is_refused(
    web: FlaskClient, workbench: Workbench
) -> None:
    response = web.post("/login", data={"token": workbench.cataloguer})
    assert response.status_code == 400
    assert "text/html" in response.content_type
    assert "kari" not in web.get("/").get_data(as_text=True)


@pytest.mark.parametrize("secret", ["", "atk_nope", "x" * 100_000, "\x00<script>"])
def test_a_bad_token_is_a_message_on_the_page(web: FlaskClient, secret: str) -> None:
    response = web.post("/login", data={"token": secret, "csrf_token": csrf_of(web)})
    assert response.status_code in (400, 401)
    body = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in body and 'href="#token"' in body
    assert "<script>" not in body


def test_a_revoked_token_ends_its_session(
    web: FlaskClient, workbench: Workbench
) -> None:
    tokens = (
        __import__("authority.extension", fromlist=["runtime"])
        .runtime(workbench.app)
        .tokens
    )
    _, secret = tokens.create(
        "short-lived",
        __import__("authority.domain.tokens", fromlist=["Role"]).Role.CATALOGUER,
    )
    web.post("/login", data={"token": secret, "csrf_token": csrf_of(web)})
    assert "short-lived" in web.get("/").get_data(as_text=True)
    tokens.revoke("short-lived")
    assert "short-lived" not in web.get("/").get_data(as_text=True)


def test_next_never_leaves_the_site(web: FlaskClient, workbench: Workbench) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = web.post(
            "/login",
            data={
                "token": workbench.cataloguer,
                "csrf_token": csrf_of(web),
                "next": target,
            },
        )
        assert response.headers["Location"] == "/"


def test_sign_in_and_out_with_the_keyboard(page: Page, workbench: Workbench) -> None:
    page.goto("/")
    assert_accessible(page)
    sign_in(page, workbench.url, workbench.cataloguer)
    expect(page.get_by_text("kari")).to_be_visible()
    page.get_by_role("button", name=re.compile("Logg ut|Sign out")).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(
        page.get_by_role("link", name=re.compile("Logg inn|Sign in"))
    ).to_be_visible()


def test_a_wrong_token_shows_the_error_summary_focused(page: Page) -> None:
    page.goto("/login?lang=en")
    page.get_by_label("API token").fill("atk_wrong")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_role("link", name="The token is unknown or has been revoked").click()
    expect(page.get_by_label("API token")).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_in_each_language(page: Page, language: str) -> None:
    page.goto(f"/login?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    screenshots(page, f"login-{language}")
    page.goto("/")  # the cookie keeps the choice
    assert page.locator("html").get_attribute("lang") == language


def test_a_page_for_cataloguers_asks_an_anonymous_visitor_to_sign_in(
    web: FlaskClient, workbench: Workbench
) -> None:
    response = web.get("/authorities/new")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/authorities/new"
    web.post(
        "/login",
        data={"token": workbench.cataloguer, "csrf_token": csrf_of(web)},
    )
    assert web.get("/authorities/new").status_code == 200
