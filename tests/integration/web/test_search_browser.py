"""The search page in a real browser: the keyboard alone, suggest, facets, copy
buttons, axe in every language, screenshots at 320 and 1280 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from authority.web.i18n import LANGUAGES
from tests.integration.web.browser import assert_accessible, screenshots
from tests.integration.web.conftest import Workbench

VALKEAPAA = "90067942"
TABS = 80
"""Most Tab presses a test makes to reach a control (the page is not that long)."""


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_and_open_a_record_with_the_keyboard(page: Page) -> None:
    page.goto("/?lang=en")
    tab_to(page, "#q")
    page.keyboard.type("aillohas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=aillohas"))
    expect(page.locator("#hit-count")).to_contain_text("found")
    expect(page.locator(".hit-matched").first).to_contain_text("Áillohaš")
    tab_to(page, f'.hit-heading a[href="/authorities/{VALKEAPAA}.html"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/authorities/{VALKEAPAA}.html")


def test_suggest_with_the_arrow_keys_and_enter(page: Page) -> None:
    page.goto("/?lang=en")
    box = page.get_by_role("combobox", name="Name, title or term")
    tab_to(page, "#q")
    page.keyboard.type("valkea", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "q-suggestions")
    expect(page.locator("#suggest-status")).to_contain_text("suggestion")
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Valkeapää, Nils-Aslak")
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "q-option-0")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")  # wraps to the last, and back
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "q-option-0")
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("valkea")
    page.keyboard.press("ArrowDown")  # opens the list again
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/authorities/{VALKEAPAA}.html")


def test_suggest_finds_a_sami_variant_typed_without_a_sami_keyboard(
    page: Page,
) -> None:
    page.goto("/?lang=se")
    page.locator("#q").focus()
    page.keyboard.type("ailu", delay=30)
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Valkeapää")
    expect(option).to_contain_text("Áilu")


def test_filter_by_a_facet_with_the_keyboard(page: Page) -> None:
    page.goto("/?q=music&lang=en")
    expect(page.locator("#hit-count")).to_have_text(re.compile(r"^34 authorities"))
    tab_to(page, 'a[href="#filters"]')
    page.keyboard.press("Enter")
    tab_to(page, '#facet-kind input[value="person"]')
    page.keyboard.press("Space")
    tab_to(page, "button.button-secondary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kind=person"))
    expect(page.locator('#facet-kind input[value="person"]')).to_be_checked()
    expect(page.locator("#hit-count")).to_have_text(re.compile(r"^6 authorities"))
    assert page.locator(".hit-kind").all_inner_texts() == ["Person"] * 6
    assert_accessible(page)


def test_copy_buttons_copy_and_announce(
    context: BrowserContext, workbench: Workbench
) -> None:
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=workbench.url
    )
    page = context.new_page()
    page.goto("/?q=valkeapaa&lang=en")
    button = page.get_by_role(
        "button", name=re.compile(r"^Copy Linking form \(\$0\), Valkeapää")
    )
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Copied")
    # By its place: its name says "Copied" for a moment.
    expect(page.locator("button[data-copy=hit-1-link]")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"(NO-TrBIB){VALKEAPAA}"
    page.get_by_role("button", name=re.compile(r"^Copy URI, Valkeapää")).click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"http://authority.test/authorities/{VALKEAPAA}"
    )


def test_without_javascript_the_values_are_text_and_the_form_works(
    browser: object, workbench: Workbench
) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=workbench.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/?lang=en")
    page.locator("#q").fill("valkeapaa")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"q=valkeapaa"))
    expect(page.locator("code", has_text=f"(NO-TrBIB){VALKEAPAA}")).to_be_visible()
    expect(page.locator("button.copy-button").first).to_be_hidden()
    assert page.locator("#q").get_attribute("role") is None
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_pages_are_accessible_in_each_language(
    page: Page, language: str
) -> None:
    page.goto(f"/?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    screenshots(page, f"search-{language}")
    page.goto(f"/?q=drama&size=10&lang={language}")
    expect(page.locator(".hit").first).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"search-results-{language}")
    page.goto(f"/browse?from=aill&lang={language}")
    assert_accessible(page)
    screenshots(page, f"browse-{language}")


def test_a_bad_search_is_accessible_and_focuses_the_summary(page: Page) -> None:
    page.goto("/?q=norge&kind=robot&lang=en")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)
    screenshots(page, "search-error-en")
    page.get_by_role(
        "link", name="Choose the filters from the lists on this page."
    ).click()
    expect(page.locator("#facet-kind")).to_be_focused()


def test_suggest_waits_for_a_pause_in_typing(page: Page) -> None:
    """One request for a word typed quickly, not one per letter."""
    asked: list[str] = []
    page.on(
        "request",
        lambda r: asked.append(r.url) if "/authorities/suggest" in r.url else None,
    )
    page.goto("/?lang=en")
    page.locator("#q").focus()
    page.keyboard.type("valkeapaa", delay=20)
    expect(page.get_by_role("option").first).to_contain_text("Valkeapää")
    assert len(asked) == 1, asked
    assert asked[0].endswith("q=valkeapaa")
    page.keyboard.press("Tab")  # leaving the box closes the list
    expect(page.get_by_role("listbox")).to_be_hidden()


def test_the_record_page_copies_its_linking_form_too(
    context: BrowserContext, workbench: Workbench
) -> None:
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=workbench.url
    )
    page = context.new_page()
    page.goto(f"/authorities/{VALKEAPAA}.html?lang=en")
    expect(page.locator("#record-link")).to_have_text(f"(NO-TrBIB){VALKEAPAA}")
    page.get_by_role("button", name="Copy Linking form ($0)").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"(NO-TrBIB){VALKEAPAA}"
    assert_accessible(page)
