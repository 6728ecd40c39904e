"""Suggest in a real browser: a matched variant is shown as stored."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from authority.domain import Field, Subfield
from tests.integration.web.conftest import Workbench
from tests.integration.web.test_record import make, person


def test_a_matched_variant_is_shown_as_stored_in_suggest(
    page: Page, workbench: Workbench
) -> None:
    """``$&`` in a variant is text, not a replacement pattern."""
    variant = "Zqxvariant $& $` Tail"
    make(
        workbench,
        *person("Annen, Anne"),
        Field("400", "1", " ", (Subfield("a", variant),)),
    )
    page.goto("/?lang=en")
    page.locator("#q").focus()
    page.keyboard.type("zqxvariant", delay=30)
    option = page.get_by_role("option").first
    expect(option).to_contain_text("Annen, Anne")
    expect(option).to_contain_text(variant)
