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

from flask import Response, request, url_for
from markupsafe import Markup, escape

from authority.web.i18n import LANGUAGES, NAMES, chosen_language
from authority.web.session import CSRF_FIELD, csrf_token, current_principal

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""No inline script or style anywhere in the workbench (style.md)."""


def frame_context() -> dict[str, Any]:
    """The names the layout uses, for every template the blueprint renders."""
    return {
        "language": chosen_language(),
        "languages": [(code, NAMES[code], _in_language(code)) for code in LANGUAGES],
        "principal": current_principal(),
        "csrf_field": csrf_field,
    }


def csrf_field() -> Markup:
    """The hidden CSRF input every form that changes anything must contain."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        CSRF_FIELD, escape(csrf_token())
    )


def _in_language(code: str) -> str:
    """This page's URL with ``lang=code``: the switch's link (which sets the cookie)."""
    values: dict[str, Any] = dict(request.view_args or {})
    values.update(request.args.to_dict(flat=False))
    values["lang"] = code
    return url_for(request.endpoint or "web.search", **values)


def secure_headers(response: Response) -> Response:
    """CSP on every page; no caching of what a signed-in person saw."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_principal() is not None or request.method != "GET":
        response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response
