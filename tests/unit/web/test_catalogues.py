"""Every message of the workbench is translated in all four catalogues."""

from __future__ import annotations

import re

import pytest

from authority.web.i18n import LANGUAGES, catalogue
from tools.i18n import extracted, missing, read

PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_missing_or_empty(language: str) -> None:
    assert missing(language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    catalog = read(language)
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        assert sorted(PLACEHOLDER.findall(message.string or "")) == sorted(
            PLACEHOLDER.findall(message.id)
        ), f"{language}: {message.id!r}"


def test_the_catalogues_hold_no_message_the_code_does_not_use() -> None:
    used = {m.id for m in extracted() if m.id}
    for language in LANGUAGES:
        kept = {m.id for m in read(language) if m.id}
        assert kept <= used, f"{language}: unused {sorted(kept - used)[:5]}"


def test_a_catalogue_compiles_and_translates() -> None:
    assert catalogue("nb").gettext("Sign in") == "Logg inn"
    assert catalogue("se").gettext("Sign in") == "Čálit sisa"
    assert catalogue("xx").gettext("Sign in") == "Sign in"
