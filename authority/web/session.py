"""Who is at the workbench: a signed session cookie instead of a token per request.

A cataloguer signs in once with an API token (``authority token create``). The
register then keeps the session (``service/web_sessions.py``): a :class:`Principal`'s
*reference* (how they signed in and a key to look them up again: a token's hash),
and when. The cookie, signed with ``SECRET_KEY`` (``AUTHORITY_SECRET_KEY``), holds
only the session's random id. Every request looks the session and the principal up
again, so signing out ends every copy of the cookie, a revoked token ends its
sessions at once, and no session outlives :data:`LIFETIME` from signing in.

Single sign-on later: a deployment adds a sign-in view that calls :func:`sign_in`
with ``via="sso"`` and registers a resolver in :data:`RESOLVERS`; nothing that reads
:func:`current_principal` changes.

Every form that changes anything carries a CSRF token (Flask-WTF's, bound to the
session); :func:`check_csrf` refuses a POST without a valid one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import (
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest, Forbidden
from wtforms import ValidationError

from authority.domain.model import Actor
from authority.domain.tokens import Role, Token, token_hash
from authority.extension import local_secret, runtime, services

LIFETIME = timedelta(hours=10)
"""How long a session lasts from signing in, however busy (a working day)."""
SESSION_ID = "session"
"""The cookie's one value: the id of the session the register keeps."""
CSRF_FIELD = "csrf_token"
"""The hidden field every workbench form has (``{{ csrf_field() }}``)."""


@dataclass(frozen=True)
class Principal:
    """A signed-in person as the workbench sees them, whatever signed them in."""

    name: str
    role: Role
    institution: str | None
    via: str

    @property
    def actor(self) -> Actor:
        """Who the change log says made a change."""
        return Actor(self.name, self.institution)

    def may(self, needed: Role) -> bool:
        """True when this person may do what ``needed`` may (admin may all)."""
        return self.role.allows(needed)


def _by_token(key: str) -> Principal | None:
    token: Token | None = runtime().tokens.by_hash(key)
    if token is None:
        return None
    return Principal(token.name, token.role, token.institution, "token")


RESOLVERS: dict[str, Callable[[str], Principal | None]] = {"token": _by_token}
"""How each sign-in method finds its principal again from the session's key."""


def sign_in_with_token(secret: str) -> Principal | None:
    """Start a session for the live token ``secret``; None if there is none."""
    key = token_hash(secret.strip())
    principal = _by_token(key)
    if principal is not None:
        sign_in("token", key)
    return principal


def sign_in(via: str, key: str) -> None:
    """Start a new session (a fresh cookie and CSRF token) for ``via``'s ``key``.

    The register keeps the session (who, how, when); the cookie holds its random id.
    """
    started = services().web_sessions.start(via, key, LIFETIME)
    session.clear()
    session.permanent = True
    session[SESSION_ID] = started.id
    g.pop("principal", None)
    g.pop(CSRF_FIELD, None)  # the old session's token, cached for this request
    generate_csrf()  # the new one now, so later pages need not re-issue the cookie


def sign_out() -> None:
    """End the session in the register (every copy of the cookie) and the browser."""
    session_id = session.get(SESSION_ID)
    if isinstance(session_id, str):
        services().web_sessions.end(session_id)
    session.clear()
    g.principal = None


def current_principal() -> Principal | None:
    """The signed-in person of this request, looked up once per request."""
    if "principal" not in g:
        g.principal = _resolve()
    found: Principal | None = g.principal
    return found


def _resolve() -> Principal | None:
    """The person of a live session: not signed out, younger than LIFETIME.

    An absolute limit, counted from signing in: the cookie is not re-issued on each
    request (``SESSION_REFRESH_EACH_REQUEST`` is off), and a cookie kept and replayed
    past its ``Expires`` is refused here all the same.
    """
    session_id = session.get(SESSION_ID)
    if not isinstance(session_id, str) or not session_id:
        if "principal" in session:  # a cookie of the design before this one
            session.pop("principal")
        return None
    found = services().web_sessions.live(session_id, LIFETIME)
    resolver = RESOLVERS.get(found.via) if found else None
    principal = resolver(found.key) if found and resolver else None
    if principal is None:
        session.pop(SESSION_ID, None)
    return principal


def require(role: Role = Role.CATALOGUER) -> Principal:
    """The signed-in person if they may do what ``role`` may.

    Anonymous: a redirect to ``/login`` that comes back here afterwards (raised as
    an HTTP exception, so a view reads ``principal = require()`` and goes on).
    Signed in without the role: 403, shown as the workbench's error page.
    """
    principal = current_principal()
    if principal is None:
        target = request.full_path if request.method == "GET" else request.path
        abort(redirect(url_for("web.login", next=target.rstrip("?")), 303))
    if not principal.may(role):
        raise Forbidden(f"{principal.name} is a {principal.role}; this needs {role}")
    return principal


def signing_configured(app: Flask | None = None) -> bool:
    """True when the app has a key to sign sessions with, made now if it may be.

    An embedded trial (no ``DATABASE_URL``) without ``SECRET_KEY`` gets a random
    key kept in its data directory on first use, so that sessions survive a restart
    and every gunicorn worker signs alike. With an external database and no key,
    sign-in stays off and ``/login`` says why.
    """
    config = (app or current_app).config
    if not config.get("SECRET_KEY") and not config.get("DATABASE_URL"):
        config["SECRET_KEY"] = local_secret(config)
    return bool(config.get("SECRET_KEY"))


def csrf_token() -> str:
    """This session's CSRF token for a form (empty when sessions are off)."""
    return generate_csrf() if signing_configured() else ""


def check_csrf() -> ResponseReturnValue | None:
    """Refuse a POST whose form lacks this session's CSRF token (400).

    Without a signing key there are no sessions and so no CSRF tokens: every POST
    gets the sign-in page's "signing in is off" (503) instead of a 500.
    """
    if request.method != "POST":
        return None
    if not signing_configured():
        return render_template("web/login.html", error=None, unavailable=True), 503
    try:
        validate_csrf(request.form.get(CSRF_FIELD))
    except ValidationError as error:  # missing, expired or forged
        raise CsrfRefused(str(error)) from error
    return None


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, ``Secure`` whenever the request came by HTTPS.

    ``SESSION_COOKIE_SECURE`` (set when ``BASE_URI`` is https) forces it; behind a
    proxy that ends TLS, the deployment's ProxyFix makes ``request.is_secure`` true.
    """

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, once the key exists (:func:`signing_configured`)."""
        signing_configured(app)
        return super().get_signing_serializer(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured so or when this request came by HTTPS."""
        return bool(super().get_cookie_secure(app) or request.is_secure)


class CsrfRefused(BadRequest):
    """A form came without a valid CSRF token (an old page, or another site)."""

    description = "The form has expired or did not come from this site."
