"""Tokens: made and revoked by an operator (``authority token``), checked per write."""

from __future__ import annotations

from datetime import UTC, datetime

from authority.domain.tokens import Role, Token, new_secret, token_hash
from authority.errors import NotFoundError
from authority.service.register import Register


class TokenService:
    """Use cases over the API tokens."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def create(
        self, name: str, role: Role, institution: str | None = None
    ) -> tuple[Token, str]:
        """A new token and its secret, which is shown this once and never again."""
        secret = new_secret()
        token = Token(name, role, institution, datetime.now(UTC))
        with self._register.unit_of_work() as uow:
            uow.tokens.add(token, token_hash(secret))
            uow.commit()
        return token, secret

    def all(self) -> list[Token]:
        """Every token, revoked ones included."""
        with self._register.read() as uow:
            return uow.tokens.all()

    def revoke(self, name: str) -> None:
        """Revoke the live token ``name``; NotFoundError when there is none."""
        with self._register.unit_of_work() as uow:
            if not uow.tokens.revoke(name, datetime.now(UTC)):
                raise NotFoundError(name, what="live token named")
            uow.commit()

    def authenticate(self, secret: str) -> Token | None:
        """The live token whose secret this is."""
        return self.by_hash(token_hash(secret))

    def by_hash(self, key: str) -> Token | None:
        """The live token whose stored hash is ``key`` (a workbench session's key)."""
        with self._register.read() as uow:
            return uow.tokens.by_hash(key)
