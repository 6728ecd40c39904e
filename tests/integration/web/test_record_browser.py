"""The record page, history, revert, delete and restore in a real browser.

With the keyboard alone where a cataloguer acts; axe on every page of the lane in
every language; screenshots at 320 and 1280 px (no sideways scrolling at 320).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from authority.extension import services
from authority.web.i18n import LANGUAGES
from tests.integration.web.browser import (
    assert_accessible,
    screenshots,
    sign_in,
    tab_to,
)
from tests.integration.web.conftest import Workbench
from tests.integration.web.test_record import make, person
from tests.integration.web.test_record_history import edited

VALKEAPAA = "90067942"
"""Sámi letters in the heading and variants, many fields: a good MARC view."""


def press_on(page: Page, name: str | re.Pattern[str], role: str = "link") -> None:
    """Move the focus to a control with Tab alone, then press Enter on it."""
    tab_to(page, name, role)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_open_a_record_and_go_to_its_history(page: Page) -> None:
    page.goto(f"/authorities/{VALKEAPAA}.html?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Valkeapää, Nils-Aslak, 1943-2001"
    )
    expect(page.get_by_role("region", name="MARC fields")).to_be_visible()
    press_on(page, "History of this authority")
    expect(page).to_have_url(re.compile(rf"/authorities/{VALKEAPAA}/history.html"))
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_record_page_in_each_language(
    page: Page, workbench: Workbench, language: str
) -> None:
    page.goto(f"/authorities/{VALKEAPAA}.html?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    screenshots(page, f"record-{language}")
    page.goto(f"/authorities/{VALKEAPAA}/history.html")  # the cookie keeps it
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    screenshots(page, f"history-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signed_in_pages_in_each_language(
    page: Page, workbench: Workbench, language: str
) -> None:
    new = make(workbench, *person("Språk, Sigrid"))
    edited(workbench, new, *person("Språk, Sigrid, 1980-"))
    sign_in(page, workbench.url, workbench.admin)
    for path, name in (
        (f"/authorities/{new}.html", "record-private"),
        (f"/authorities/{new}/history.html", "history-private"),
        (f"/authorities/{new}/revert.html?to=1", "confirm-revert"),
        (f"/authorities/{new}/delete.html", "confirm-delete"),
    ):
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        screenshots(page, f"{name}-{language}")


def test_revert_an_earlier_revision_with_the_keyboard(
    page: Page, workbench: Workbench
) -> None:
    new = make(workbench, *person("Tastatur, Tone"))
    edited(workbench, new, *person("Tastatur, Tone, feilskrevet"))
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{new}.html?lang=en")
    press_on(page, "History")
    press_on(page, "Revert to revision 1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tastatur, Tone")
    assert_accessible(page)
    press_on(page, "Revert to revision 1", role="button")
    expect(page).to_have_url(re.compile(rf"/authorities/{new}.html$"))
    expect(page.locator(".notice[role=status]")).to_contain_text(
        "Reverted to revision 1"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Tastatur, Tone")
    assert_accessible(page)


def test_a_stale_revert_in_the_browser_shows_the_conflict(
    page: Page, workbench: Workbench
) -> None:
    new = make(workbench, *person("Konflikt, Kim"))
    edited(workbench, new, *person("Konflikt, Kim, 1990-"))
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{new}/revert.html?to=1&lang=en")
    edited(workbench, new, *person("Konflikt, Kim, 1991-"))
    page.get_by_role("button", name="Revert to revision 1").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Someone else changed this authority")
    assert_accessible(page)
    screenshots(page, "conflict-revert")


def test_delete_and_restore_as_admin(page: Page, workbench: Workbench) -> None:
    new = make(workbench, *person("Admin, Ada"))
    sign_in(page, workbench.url, workbench.admin)
    page.goto(f"/authorities/{new}.html?lang=en")
    press_on(page, "Delete")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Admin, Ada")
    press_on(page, "Delete this authority", role="button")
    expect(page.locator(".notice[role=status]")).to_contain_text(
        "The authority was deleted"
    )
    assert_accessible(page)
    press_on(page, "Restore")
    press_on(page, "Restore this authority", role="button")
    expect(page.locator(".notice[role=status]")).to_contain_text(
        "The authority was restored"
    )
    with workbench.app.app_context():
        assert services().reading.get(new).revision == 3


def test_the_marc_view_scrolls_in_its_own_region_at_320px(
    page: Page, workbench: Workbench
) -> None:
    long_value = "x" * 400
    new = make(workbench, *person(f"Lang, {long_value}"))
    with workbench.app.app_context():
        assert services().reading.get(new).label.startswith("Lang")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/authorities/{new}.html?lang=en")
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0
    region = page.get_by_role("region", name="MARC fields")
    region.focus()
    expect(region).to_be_focused()
    screenshots(page, "record-long-value")
