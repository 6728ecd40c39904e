"""The reader's language: which one a request gets, for every HTML answer.

The API's HTML representation carries it (its ETag and ``Content-Language``) and
the workbench's pages are written in it, so it lives here, below both: ``web``
imports it, ``api`` never imports ``web`` (tests/unit/project/test_architecture.py).
The catalogues themselves are the workbench's (``web/i18n.py``).

The language is chosen by, in order: ``?lang=`` (the visible switch's links, which
also set the cookie), the ``lang`` cookie, ``Accept-Language`` (``q=0`` means "not
this one"), bokmål.
"""

from __future__ import annotations

from flask import Response, g, request

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
    """Set the cookie when an HTML answer's request chose a language with ``?lang=``.

    An app-wide ``after_request`` hook (``register_web``): the switch on the API's
    HTML page remembers the choice as the workbench's pages do.
    """
    if response.mimetype != "text/html":
        return response
    asked = _ours(request.args.get("lang"))
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax", httponly=True
        )
    return response
