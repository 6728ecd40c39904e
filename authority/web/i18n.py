"""The workbench's languages: which one a request gets, and its message catalogue.

Every text a person reads comes from ``translations/<lang>/LC_MESSAGES/messages.po``
(bokmål, nynorsk, North Sámi, English), read with Babel. The ``.po`` files are the
only form kept in the repository: each is compiled in memory the first time a page
in its language is rendered (:class:`PoDomain`), so there is no ``.mo`` file to
forget to rebuild. ``python tools/i18n.py`` extracts new messages into every
catalogue; ``tests/unit/web/test_catalogues.py`` fails on a missing or empty one.

Which language a request gets is the API's :mod:`authority.api.languages` (the
API's HTML answer needs it too, and ``api`` never imports ``web``); its names are
re-exported here for the pages.
"""

from __future__ import annotations

from functools import cache, cached_property
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask
from flask_babel import Babel, Domain, get_locale

from authority.api.languages import DEFAULT, LANGUAGES, NAMES, chosen_language

__all__ = ["DEFAULT", "LANGUAGES", "NAMES", "catalogue", "chosen_language", "init_i18n"]

TRANSLATIONS = Path(__file__).parent / "translations"


class PoDomain(Domain):  # type: ignore[misc]
    """flask-babel's domain, reading our ``.po`` files instead of compiled ``.mo``."""

    def get_translations(self) -> Translations:
        """The current request's catalogue."""
        return catalogue(str(get_locale() or DEFAULT))


@cache
def catalogue(language: str) -> Translations:
    """The compiled catalogue of ``language`` (English's for any other)."""
    if language not in LANGUAGES:
        language = "en"
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        compiled = BytesIO()
        write_mo(compiled, read_po(po, locale=language))
    compiled.seek(0)
    return Translations(compiled)


class PoBabel(Babel):  # type: ignore[misc]
    """flask-babel with :class:`PoDomain` as its one domain."""

    @cached_property
    def domain_instance(self) -> Domain:
        """The one domain: our ``.po`` catalogues."""
        return PoDomain()


def init_i18n(app: Flask) -> None:
    """Install flask-babel with our language choice and catalogues (Oslo time)."""
    PoBabel(
        app,
        default_locale=DEFAULT,
        locale_selector=chosen_language,
        timezone_selector=lambda: "Europe/Oslo",
    )
