"""A cataloguer's day in the workbench, with the keyboard alone, checked by axe.

Search, open the record, edit it, save with an error, follow the error summary to the
field, correct it and save; merge a duplicate into it through the preview; read the
history and revert the edit. Every step is Tab, typing and Enter; every page on the
way is checked by axe-core.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from authority.domain import Actor, Authority, Field, Kind, Status, Subfield
from authority.extension import services
from tests.integration.web.browser import assert_accessible, sign_in, tab_to
from tests.integration.web.conftest import Workbench


def activate(page: Page, name: str | re.Pattern[str], role: str = "link") -> None:
    """Tab to a control and press Enter on it; wait for the next page."""
    tab_to(page, name, role)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)


def person(name: str, dates: str) -> Authority:
    heading = Field("100", "1", " ", (Subfield("a", name), Subfield("d", dates)))
    return Authority("", Kind.PERSON, (heading,))


def test_a_day_at_the_workbench_with_the_keyboard_alone(
    page: Page, workbench: Workbench
) -> None:
    with workbench.app.app_context():
        cataloguing = services().cataloguing
        kept = cataloguing.create(person("Dagsverk, Dina", "1970-"), Actor("test"))
        twin = cataloguing.create(person("Dagsverk, D.", "1970-"), Actor("test"))

    # An admin: reverting across a merge is an admin's (the API's rule).
    sign_in(page, workbench.url, workbench.admin)
    page.goto("/?lang=en")
    assert_accessible(page)

    # Find: Tab to the search box, type (suggestions open), Enter with none chosen
    # searches.
    tab_to(page, "Name, title or term", role="combobox")
    page.keyboard.type("Dagsverk Dina")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    activate(page, re.compile(r"^Dagsverk, Dina"))
    expect(page).to_have_url(re.compile(rf"/authorities/{kept.id}\.html"))

    # Edit: empty the heading's $a, save, follow the summary's link, correct, save.
    activate(page, "Edit")
    value = page.get_by_label("Field 1, subfield 1 value", exact=True)
    tab_to(page, "Field 1, subfield 1 value", role="textbox")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(value).to_be_focused()
    page.keyboard.type("Dagsverk, Dina Dorthea")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/authorities/{kept.id}\.html$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dina Dorthea")
    assert_accessible(page)

    # Merge the twin into it: its page, Merge, the survivor's id, the preview, confirm.
    page.goto(f"/authorities/{twin.id}.html?lang=en")
    activate(page, "Merge")
    tab_to(page, "The survivor's id", role="textbox")
    page.keyboard.type(f"(NO-TrBIB){kept.id}")
    activate(page, "Show what will move", role="button")
    expect(page.get_by_text("Dagsverk, D.").first).to_be_visible()
    activate(page, "Merge", role="button")
    expect(page).to_have_url(re.compile(rf"/authorities/{kept.id}\.html$"))
    with workbench.app.app_context():
        assert services().reading.find(twin.id).status is Status.MERGED  # type: ignore[union-attr]
        assert "Dagsverk, D., 1970-" in [
            v.label for v in services().reading.get(kept.id).variants
        ]

    # History: the edit and the merge are there; revert to the first revision.
    activate(page, "History")
    expect(page.get_by_role("heading", level=1)).to_contain_text("History")
    activate(page, "Revert to revision 1")
    activate(page, "Revert to revision 1", role="button")
    expect(page).to_have_url(re.compile(rf"/authorities/{kept.id}\.html$"))
    expect(page.locator(".notice[role=status]")).to_contain_text(
        "Reverted to revision 1"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Dagsverk, Dina, 1970-")
