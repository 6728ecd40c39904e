"""API tokens: who writes, in which role, on behalf of which institution.

A token is shown once, when it is made; the register keeps only its SHA-256
(``token_hash``). A token is 32 random bytes, so a fast hash is as safe as a slow
one, and finding the token of a request is one index probe.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from authority.domain.model import Actor

PREFIX = "atk_"
"""Every token starts so, which lets secret scanners and people recognise one."""


class Role(StrEnum):
    """What a token may do. Reads need no token at all."""

    CATALOGUER = "cataloguer"
    """Create, edit, merge; see private identifiers and internal notes."""
    ADMIN = "admin"
    """Also delete, restore and revert."""

    def allows(self, needed: Role) -> bool:
        """True when this role may do what ``needed`` may."""
        return self is Role.ADMIN or needed is Role.CATALOGUER


@dataclass(frozen=True)
class Token:
    """A token as the register knows it (never the secret itself)."""

    name: str
    role: Role
    institution: str | None
    created: datetime
    revoked: datetime | None = None

    @property
    def actor(self) -> Actor:
        """Who the change log says made a change with this token."""
        return Actor(self.name, self.institution)


def new_secret() -> str:
    """A new token: the prefix and 32 random bytes, URL-safe."""
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    """What is stored of a token and looked up for a request."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """A workbench session as the register keeps it: whoever signed in, and when.

    The browser's cookie holds only ``id`` (random, made at sign-in); ``via`` and
    ``key`` say how to find the person again (``"token"`` and the token's hash, or
    a single sign-on's own). Signing out ends it here, so a copied cookie ends too.
    """

    id: str
    via: str
    key: str
    signed_in: datetime


def new_session_id() -> str:
    """A new session's id: 32 random bytes, URL-safe (unguessable, as a token)."""
    return secrets.token_urlsafe(32)
