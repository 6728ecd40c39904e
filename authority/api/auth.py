"""Who is asking: an API token in ``Authorization``, for writes and private data.

``Authorization: Bearer <token>`` is ours; ``Authorization: apikey <token>`` is
BARE's, kept so that its integrations go on working. Reads need no token. A write
without one, or with one the register does not know (or has revoked), is 401; a
known token without the role the write needs is 403.
"""

from __future__ import annotations

from flask import g, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

from authority.domain.tokens import Role, Token
from authority.extension import runtime

SCHEMES = ("bearer", "apikey")
"""Authorization schemes that carry one of our tokens (compared case-insensitively)."""
CHALLENGE = WWWAuthenticate("Bearer", {"realm": "authority"})


def current_token() -> Token | None:
    """The request's token, once per request; None without ``Authorization``.

    A Bearer or apikey header that names no live token is 401 at once, even on a
    read: a client that sends a wrong token should learn so, not silently get the
    public view. Another scheme (a proxy's Basic) is no token of ours: reads stay
    anonymous, writes are 401.
    """
    if "token" in g:
        found: Token | None = g.token
        return found
    header = request.headers.get("Authorization", "").strip()
    token = None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() in SCHEMES:
        if not secret.strip():
            raise _unauthorized("send Authorization: Bearer <token>")
        token = runtime().tokens.authenticate(secret.strip())
        if token is None:
            raise _unauthorized("the token is unknown or revoked")
    g.token = token
    return token


def require(role: Role) -> Token:
    """The request's token if it has ``role`` (admin has every role); else 401/403."""
    token = current_token()
    if token is None:
        raise _unauthorized(
            "this request changes the register: send Authorization: Bearer <token>"
        )
    if not token.role.allows(role):
        raise Forbidden(
            f"the token {token.name!r} is a {token.role}; this needs {role}"
        )
    return token


def _unauthorized(detail: str) -> Unauthorized:
    return Unauthorized(detail, www_authenticate=CHALLENGE)
