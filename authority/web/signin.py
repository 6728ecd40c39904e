"""Signing in and out: ``/login`` (a token pasted once) and ``/logout``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from authority.web.blueprint import blueprint
from authority.web.session import (
    current_principal,
    sign_in_with_token,
    sign_out,
    signing_configured,
)

TOKEN_FIELD = "token"  # noqa: S105 (a form field's name)
MAX_TOKEN = 200
"""Longer than any token we make; a longer paste is refused without a lookup."""


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """The sign-in form; on success, back to where the cataloguer came from."""
    if not signing_configured():
        return render_template("web/login.html", error=None, unavailable=True), 503
    target = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template(
            "web/login.html", error=None, unavailable=False, next=target
        )
    secret = request.form.get(TOKEN_FIELD, "").strip()
    error = None
    if not secret:
        error = "empty"
    elif len(secret) > MAX_TOKEN or sign_in_with_token(secret) is None:
        error = "unknown"
    if error:
        page = render_template(
            "web/login.html", error=error, unavailable=False, next=target
        )
        return page, 401 if error == "unknown" else 400
    return redirect(target, 303)


@blueprint.post("/logout")
def logout() -> Response:
    """End the session (a form, so that a link elsewhere cannot sign anyone out)."""
    if current_principal() is not None:
        sign_out()
    return redirect(url_for("web.search"), 303)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another host.

    Browsers drop tabs and newlines from a URL and read a backslash as ``/``, so
    ``/%09/evil.example`` is another origin to them (and a newline in ``Location``
    is an error): any control character, whitespace or backslash refuses the
    target, and it must parse as a path alone (no scheme, no host) that starts
    with exactly one ``/``.
    """
    if target and _local_path(target):
        return target
    return url_for("web.search")


def _local_path(target: str) -> bool:
    if "\\" in target or any(c.isspace() or not c.isprintable() for c in target):
        return False
    parts = urlsplit(target)
    path = parts.path
    return not (parts.scheme or parts.netloc) and path[:1] == "/" != path[1:2]
