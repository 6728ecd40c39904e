"""The reconciliation preview card in a browser: accessible, and framed by a tool.

OpenRefine shows ``/reconcile/preview/<id>`` in a 400x200 frame of its own page
(another origin); the card must read well there, in every interface language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from authority.web.i18n import LANGUAGES
from tests.integration.api.conftest import serve
from tests.integration.web.browser import assert_accessible, screenshots
from tests.integration.web.conftest import Workbench

RILKE = "90053126"
FRAME = {"width": 400, "height": 200}
"""The preview's size in the manifest (reconciliation/documents.py)."""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preview_card_is_accessible_in_every_language(
    page: Page, workbench: Workbench, language: str
) -> None:
    page.goto(f"/reconcile/preview/{RILKE}?lang={language}")
    expect(page.locator("h1")).to_contain_text("Rilke, Rainer Maria")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    if language == LANGUAGES[0]:
        screenshots(page, "reconcile-preview")


def test_another_sites_page_can_frame_the_card(
    page: Page, workbench: Workbench
) -> None:
    # A page of another origin on this machine, as OpenRefine's is (a routed
    # page counts as public to Chromium, which then blocks the local frame).
    source = f"{workbench.url}/reconcile/preview/{RILKE}"
    tool = Flask("tool")
    tool.add_url_rule("/", "frame", lambda: (
        f'<!DOCTYPE html><html lang="en"><title>tool</title><iframe title="preview" '
        f'src="{source}" width="{FRAME["width"]}" height="{FRAME["height"]}">'
        "</iframe></html>"
    ))  # fmt: skip
    for url in serve(tool):
        page.goto(url)
        assert urlsplit(url).port != urlsplit(workbench.url).port
        card = page.frame_locator("iframe").locator("h1")
        expect(card).to_contain_text("Rilke, Rainer Maria")
