"""What every workbench page shows around its content: the frame's context.

The layout (``templates/web/layout.html``) needs the page language, the language
switch (this URL in each language), who is signed in, the CSRF field and the
navigation; :func:`frame_context` gives them to every template of the blueprint.
Security headers are set here too: a strict Content-Security-Policy (our own files
only, no inline script or style), and ``private, no-store`` on a page rendered for
a signed-in person, who may see private fields.
"""

from __future__ import annotations

from typing import Any

from flask import Response, get_flashed_messages, request
from markupsafe import Markup, escape

from authority.api.headers import CSP
from authority.api.languages import LANGUAGES, NAMES, chosen_language
from authority.web.links import with_args
from authority.web.session import CSRF_FIELD, csrf_token, current_principal

STATIC = "web.static"
"""The blueprint's static files' endpoint: the hooks leave it alone."""


def frame_context() -> dict[str, Any]:
    """The names the layout uses, for every template the blueprint renders."""
    return {
        **public_frame(),
        "principal": current_principal(),
        "notices": get_flashed_messages,
    }


def public_frame() -> dict[str, Any]:
    """The layout's names for a page any cache may keep: the same for everyone.

    No signed-in person, and no notices: reading a pending notice would write the
    session (a ``Set-Cookie`` on a ``public`` answer), and one person's notice
    would be cached for all. Nothing here reads or writes the session.
    """
    return {
        "language": chosen_language(),
        "languages": [(code, NAMES[code], _in_language(code)) for code in LANGUAGES],
        "principal": None,
        "notices": _no_notices,
        "csrf_field": csrf_field,
    }


def _no_notices(with_categories: bool = False) -> list[Any]:
    return []


def csrf_field() -> Markup:
    """The hidden CSRF input every form that changes anything must contain."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        CSRF_FIELD, escape(csrf_token())
    )


def _in_language(code: str) -> str:
    """This page's URL with ``lang=code``: the switch's link (which sets the cookie)."""
    return with_args(lang=code)


def secure_headers(response: Response) -> Response:
    """CSP on every page; no caching of what a signed-in person saw.

    Our static files are the same for everyone: no session lookup, and they stay
    cacheable (Flask's ETag and Last-Modified; see ``SEND_FILE_MAX_AGE``).
    """
    if request.endpoint == STATIC:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_principal() is not None or request.method != "GET":
        response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response
