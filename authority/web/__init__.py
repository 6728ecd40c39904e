"""The cataloguer's workbench: server-rendered pages over the same services as the API.

``register_web(app)`` installs the blueprint (``web/blueprint.py``), the languages
(``web/i18n.py``), the signed session and CSRF (``web/session.py``) and the frame
every page shares (``web/frame.py``). Each page module adds its views to the one
blueprint: a view parses the request (the API's contracts where there are any),
calls the service and renders; it never talks to storage or search.
"""

from __future__ import annotations

from flask import Flask

from authority.api.languages import remember_choice
from authority.api.render import HTML_PAGES, HtmlPages
from authority.web.blueprint import blueprint
from authority.web.i18n import init_i18n
from authority.web.session import LIFETIME, SessionCookies


def register_web(app: Flask) -> None:
    """Install the workbench on ``app``."""
    from authority.web import pages  # noqa: F401  (the views register themselves)
    from authority.web.dumps import dumps_page
    from authority.web.record import not_found_page, public_page

    _session_settings(app)
    init_i18n(app)
    app.register_blueprint(blueprint)
    # The API's HTML answers are our pages, and their switch remembers the choice.
    app.extensions[HTML_PAGES] = HtmlPages(public_page, not_found_page, dumps_page)
    app.after_request(remember_choice)


def _session_settings(app: Flask) -> None:
    """Cookie flags, lifetime and the signing key.

    Production sets ``AUTHORITY_SECRET_KEY``; without it, see
    :func:`authority.web.session.signing_configured`.
    """
    config = app.config
    config["SESSION_COOKIE_NAME"] = "authority_session"
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = str(config.get("BASE_URI", "")).startswith(
        "https://"
    )
    config["PERMANENT_SESSION_LIFETIME"] = LIFETIME
    # Not re-issued on each request: the lifetime counts from signing in.
    config["SESSION_REFRESH_EACH_REQUEST"] = False
    config["WTF_CSRF_TIME_LIMIT"] = None  # as long as the session it is bound to
    app.session_interface = SessionCookies()
