"""Creating, editing and merging in a real browser, with the keyboard alone; axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from authority.domain import Actor, Field, Subfield
from authority.extension import services
from authority.web.i18n import LANGUAGES
from tests.integration.web.browser import WIDE, assert_accessible, screenshots, sign_in
from tests.integration.web.conftest import Workbench
from tests.integration.web.test_edit import stored

RECORD_PAGE = re.compile(r"/authorities/\d+\.html$")


def type_into(page: Page, label: str, text: str) -> None:
    """Focus the control labelled ``label`` and type, as a person at a keyboard."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press(page: Page, name: str) -> None:
    """Focus the button ``name`` and press Enter."""
    page.get_by_role("button", name=name, exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_create_a_person_with_the_structured_form(
    page: Page, workbench: Workbench
) -> None:
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto("/authorities/new?lang=en")
    type_into(page, "Name (heading $a)", "Tastatur, Tove")
    page.keyboard.press("Tab")  # to the dates
    page.keyboard.type("1961-")
    type_into(page, "Variant name 1", "Tove Tastatur")
    type_into(page, "Source 1", "Intervju 2024")
    page.keyboard.press("Enter")  # the form's first button is Save
    page.wait_for_url(RECORD_PAGE)
    authority_id = page.url.rsplit("/", 1)[1].removesuffix(".html")
    with workbench.app.app_context():
        saved = services().reading.get(authority_id)
    assert saved.label == "Tastatur, Tove, 1961-"
    assert [f.tag for f in saved.fields] == ["100", "400", "670"]


def test_edit_in_the_marc_editor_with_an_error_and_its_correction(
    page: Page, workbench: Workbench
) -> None:
    record = stored(
        workbench, "Redaktør, Rut", Field("670", " ", " ", (Subfield("a", "Kilde"),))
    )
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{record.id}/edit?lang=en")
    press(page, "Add a field")
    expect(page.get_by_label("Field 3 tag", exact=True)).to_be_focused()
    page.keyboard.type("680")
    type_into(page, "Field 3, subfield 1 value", "Ny merknad")
    press(page, "Add a subfield to field 1")
    expect(page.get_by_label("Field 1, subfield 2 code", exact=True)).to_be_focused()
    page.keyboard.type("d")
    page.keyboard.press("Tab")
    page.keyboard.type("1970-")
    press(page, "Move field 3 up")
    expect(page.get_by_label("Field 2 tag", exact=True)).to_have_value("680")
    expect(page.get_by_label("Field 2 tag", exact=True)).to_be_focused()
    type_into(page, "Field 1, subfield 1 value", "")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")  # save, with an empty heading
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    screenshots(page, "edit-marc-errors")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link
    expect(page.get_by_label("Field 1, subfield 1 value", exact=True)).to_be_focused()
    page.keyboard.type("Redaktør, Rut")
    page.keyboard.press("Enter")
    page.wait_for_url(RECORD_PAGE)
    with workbench.app.app_context():
        saved = services().reading.get(record.id)
    assert [f.tag for f in saved.fields] == ["100", "680", "670"]
    assert saved.label == "Redaktør, Rut, 1970-"


def test_the_duplicate_warning_then_create_anyway(
    page: Page, workbench: Workbench
) -> None:
    first = stored(workbench, "Tvilling, Tora")
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto("/authorities/new?lang=en")
    type_into(page, "Name (heading $a)", "Tvilling, Tora")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this a duplicate?")
    expect(page.get_by_role("link", name="Tvilling, Tora")).to_have_attribute(
        "href", f"/authorities/{first.id}.html"
    )
    press(page, "Create anyway")
    page.wait_for_url(RECORD_PAGE)
    assert first.id not in page.url


def test_the_conflict_page_for_two_people_editing(
    browser: Browser, page: Page, workbench: Workbench
) -> None:
    record = stored(workbench, "Samtidig, Sara")
    other = browser.new_context(base_url=workbench.url, viewport=WIDE).new_page()
    for who, secret in ((page, workbench.cataloguer), (other, workbench.admin)):
        sign_in(who, workbench.url, secret)
        who.goto(f"/authorities/{record.id}/edit?lang=en")
    type_into(other, "Field 1, subfield 1 value", "Samtidig, Sara Sofie")
    other.keyboard.press("Enter")
    other.wait_for_url(RECORD_PAGE)
    type_into(page, "Field 1, subfield 1 value", "Samtidig, S.")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else changed this authority"
    )
    expect(page.locator("main")).to_contain_text("ola")
    expect(page.locator("main")).to_contain_text("Samtidig, Sara Sofie")
    expect(page.locator(".my-version")).to_contain_text("Samtidig, S.")
    other.context.close()


def test_a_merge_with_its_preview(page: Page, workbench: Workbench) -> None:
    loser = stored(workbench, "Fletting, Frode")
    survivor = stored(workbench, "Fletting, F.")
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/{loser.id}/merge.html?lang=en")
    type_into(page, "The survivor's id", f"(NO-TrBIB){survivor.id}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the merge")
    expect(page.locator("main")).to_contain_text("Fletting, Frode")
    press(page, "Merge")
    page.wait_for_url(f"**/authorities/{survivor.id}.html")
    with workbench.app.app_context():
        assert "Fletting, Frode" in [
            v.label for v in services().reading.get(survivor.id).variants
        ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_editing_is_accessible(
    browser: Browser, page: Page, workbench: Workbench, language: str
) -> None:
    record = stored(workbench, f"Tilgjengelig, {language}")
    twin = stored(workbench, f"Tvilling, {language}")
    sign_in(page, workbench.url, workbench.cataloguer)
    page.goto(f"/authorities/new?lang={language}")
    check(page, f"edit-new-form-{language}")
    page.goto(f"/authorities/{record.id}/edit")
    check(page, f"edit-marc-{language}")
    page.locator("#f-0-s-0-value").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_have_count(1)
    check(page, f"edit-marc-errors-{language}")
    page.goto("/authorities/new")
    page.locator("#s-name").fill(twin.label)
    page.locator("#s-name").press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".candidates")).to_have_count(1)
    check(page, f"edit-duplicates-{language}")
    page.goto(f"/authorities/{record.id}/edit")
    with workbench.app.app_context():
        services().cataloguing.edit(
            record.with_fields(
                (*record.fields, Field("670", " ", " ", (Subfield("a", "x"),)))
            ),
            record.revision,
            Actor("ola", "NB"),
        )
    page.locator("#f-0-s-0-value").press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".my-version")).to_have_count(1)
    check(page, f"edit-conflict-{language}")
    page.goto(f"/authorities/{twin.id}/merge.html?q=Tilgjengelig")
    check(page, f"merge-choose-{language}")
    page.goto(f"/authorities/{twin.id}/merge.html?into={twin.id}")
    expect(page.locator("#error-summary")).to_have_count(1)
    check(page, f"merge-refused-{language}")
    page.goto(f"/authorities/{twin.id}/merge.html?into={record.id}")
    check(page, f"merge-preview-{language}")


def check(page: Page, name: str) -> None:
    assert_accessible(page)
    screenshots(page, name)
