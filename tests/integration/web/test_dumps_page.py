"""``/dumps`` in a browser: accessible, readable at 320 px, in each language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from authority.export.folder import DumpFolder
from authority.export.job import ExportJob
from authority.export.manifest import Manifest
from authority.export.publish import run_dump
from authority.extension import runtime
from authority.web.i18n import LANGUAGES
from tests.integration.web.browser import assert_accessible, screenshots
from tests.integration.web.conftest import Workbench


@pytest.fixture
def dumped(workbench: Workbench, tmp_path: Path) -> Iterator[Manifest]:
    """The workbench's register dumped into a folder of this test's."""
    config = workbench.app.config
    before = config.get("DUMP_DIR")
    config["DUMP_DIR"] = str(tmp_path)
    job = ExportJob("nt", base_uri=config["BASE_URI"])
    dumping = runtime(workbench.app).services.dumping
    outcome = run_dump(dumping, DumpFolder(tmp_path), job)
    assert outcome.manifest is not None
    yield outcome.manifest
    config["DUMP_DIR"] = before


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dumps_page_is_accessible(
    page: Page, workbench: Workbench, dumped: Manifest, language: str
) -> None:
    page.goto(f"{workbench.url}/dumps?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    rows = page.locator("ul.dump-files > li")
    expect(rows).to_have_count(len(dumped.files))
    expect(page.locator("code.checksum").first).to_have_text(dumped.files[0].sha256)
    assert_accessible(page)
    screenshots(page, f"dumps-{language}")


def test_the_page_before_any_dump(
    page: Page, workbench: Workbench, tmp_path: Path
) -> None:
    config = workbench.app.config
    before = config.get("DUMP_DIR")
    config["DUMP_DIR"] = str(tmp_path)
    try:
        response = page.goto(f"{workbench.url}/dumps?lang=en")
        assert response is not None and response.status == 404
        expect(page.locator("main")).to_contain_text("No dump has been published yet.")
        assert_accessible(page)
    finally:
        config["DUMP_DIR"] = before
