"""The workbench's languages: which one a request gets, and its message catalogue.

Every text a person reads comes from ``translations/<lang>/LC_MESSAGES/messages.po``
(bokmål, nynorsk, North Sámi, English), read with Babel. The ``.po`` files are the
only form kept in the repository: each is compiled in memory the first time a page
in its language is rendered (:class:`PoDomain`), so there is no ``.mo`` file to
forget to rebuild. ``python tools/i18n.py`` extracts new messages into every
catalogue; ``tests/unit/web/test_catalogues.py`` fails on a missing or empty one.

The language is chosen by, in order: ``?lang=`` (the visible switch's links, which
also set the cookie), the ``lang`` cookie, ``Accept-Language``, bokmål.
"""

from __future__ import annotations

from functools import cache, cached_property
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, Response, g, request
from flask_babel import Babel, Domain, get_locale

LANGUAGES: tuple[str, ...] = ("nb", "nn", "se", "en")
"""The interface languages, in the order the switch shows them."""
DEFAULT = "nb"
"""The language of a visitor whose browser asks for none of ours."""
NAMES: dict[str, str] = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "se": "Davvisámegiella",
    "en": "English",
}
"""Each language in its own name, as the switch shows it (never translated)."""
ALIASES: dict[str, str] = {"no": "nb", "nob": "nb", "nno": "nn", "sme": "se"}
"""Codes browsers send for our languages besides the ones we use."""
COOKIE = "lang"
"""The cookie that remembers a choice made with the switch (one year)."""
COOKIE_AGE = 365 * 24 * 3600
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


def chosen_language() -> str:
    """This request's language (see the module's docstring), once per request."""
    if "language" not in g:
        g.language = _choose()
    language: str = g.language
    return language


def _choose() -> str:
    asked = _ours(request.args.get("lang")) or _ours(request.cookies.get(COOKIE))
    if asked:
        return asked
    for value, quality in request.accept_languages:
        found = _ours(value) if quality > 0 else None  # q=0: "not this one"
        if found:
            return found
    return DEFAULT


def _ours(code: str | None) -> str | None:
    """``code``'s language if it is one of ours (``nb-NO``, ``no`` and ``sme`` too)."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    primary = ALIASES.get(primary, primary)
    return primary if primary in LANGUAGES else None


def remember_choice(response: Response) -> Response:
    """Set the cookie when the request chose a language with ``?lang=``."""
    asked = _ours(request.args.get("lang"))
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax", httponly=True
        )
    return response


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
