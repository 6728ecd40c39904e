"""The workbench's browser: Playwright driving Debian's Chromium, and axe-core.

Chromium comes from Debian (``chromium``), installed by
:func:`tests.support.debian_tool`
like yaz and rapper; Playwright never downloads a browser of its own. Under
``CI=true`` a browser that cannot be had fails the run. axe-core is the copy inside
the ``axe-playwright-python`` package (a test dependency with its licence).

Screenshots go to ``test-artefacts/screenshots/`` (``AUTHORITY_TEST_ARTEFACTS``
overrides the folder), kept by CI as the run's artefacts.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.support import debian_tool

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless on a machine with a closed network (and as root in CI)."""
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
"""A desktop and the smallest phone (also what 400 % zoom of 1280 px leaves)."""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
ARTEFACTS = Path(os.environ.get("AUTHORITY_TEST_ARTEFACTS", "test-artefacts"))


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the session."""
    executable = debian_tool("chromium", "chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA and best-practice violations on ``page``, readable."""
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = []
    for violation in result.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:5]
        found.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {json.dumps(targets)}"
        )
    return found


def assert_accessible(page: Page) -> None:
    """No axe violation on ``page`` as it is now."""
    found = axe_violations(page)
    assert not found, f"{page.url}:\n" + "\n".join(found)


def screenshots(page: Page, name: str) -> list[Path]:
    """``page`` at 320 px and 1280 px wide, full height, as artefacts; their paths.

    At 320 px the page must not scroll sideways (WCAG 1.4.10 reflow).
    """
    folder = ARTEFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    original = page.viewport_size or WIDE
    for label, size in (("320", NARROW), ("1280", WIDE)):
        page.set_viewport_size(size)
        if size is NARROW:
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, (
                f"{page.url} scrolls sideways by {overflow}px at 320px"
            )
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def sign_in(page: Page, base: str, secret: str) -> None:
    """Sign in at ``/login`` with the keyboard, as a cataloguer would.

    Returns once the sign-in has landed (the page offers to sign out), so that the
    next navigation cannot cut the sign-in's redirect short.
    """
    page.goto(f"{base}/login")
    page.get_by_label("API").first.focus()
    page.keyboard.type(secret)
    page.keyboard.press("Enter")
    expect(page.locator("form[action='/logout']")).to_have_count(1)


TABS = 300
"""More Tab presses than any workbench page has stops before its last control."""


def tab_to(page: Page, name: str | re.Pattern[str], role: str = "link") -> None:
    """Move the focus with Tab alone to the first control ``role`` named ``name``."""
    target = page.get_by_role(role, name=name).first  # type: ignore[arg-type]
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached the {role} {name!r} on {page.url}")
