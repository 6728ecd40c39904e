"""Headers whose rules hold for every route: private reads, answers without a body."""

from __future__ import annotations

from flask import Response

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""Every HTML page's Content-Security-Policy: our own files only, no inline script
or style anywhere (style.md). The API's HTML answer is the workbench's page."""

YEAR = 31_536_000
"""max-age, in seconds, of what never changes (a full feed page, a dump's file)."""

PRIVATE = "private, no-store"
"""Cache-Control of a response only a token may see: exactly this, no max-age
(a freshness lifetime beside ``no-store`` would contradict it)."""


def keep_private(response: Response) -> None:
    """Never in any cache: replaces whatever Cache-Control the response had."""
    response.headers["Cache-Control"] = PRIVATE


def no_body_no_type(response: Response) -> Response:
    """An ``after_request`` hook: a 204 has no body, so no Content-Type either.

    werkzeug gives every response a default ``text/html`` type and drops only a
    204's Content-Length.
    """
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
    return response
