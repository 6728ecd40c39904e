"""Headers whose rules hold for every route: private reads, answers without a body."""

from __future__ import annotations

from flask import Response

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
