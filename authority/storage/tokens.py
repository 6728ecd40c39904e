"""API tokens in PostgreSQL (``api_tokens``): stored, found by hash, revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from authority.domain.tokens import Role, Token
from authority.errors import DuplicateTokenError
from authority.storage.models import TokenModel


class TokenRepository:
    """The tokens of one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: Token, token_hash: str) -> None:
        """Store a new token; DuplicateTokenError when its name is taken."""
        added = self.session.execute(
            insert(TokenModel)
            .values(
                name=token.name,
                role=token.role.value,
                institution=token.institution,
                token_hash=token_hash,
                created=token.created,
            )
            .on_conflict_do_nothing(index_elements=[TokenModel.name])
            .returning(TokenModel.name)
        )
        if added.first() is None:
            raise DuplicateTokenError(token.name)

    def by_hash(self, token_hash: str) -> Token | None:
        """The live (not revoked) token with this hash."""
        row = self.session.scalar(
            select(TokenModel).where(
                TokenModel.token_hash == token_hash, TokenModel.revoked.is_(None)
            )
        )
        return _token(row) if row else None

    def all(self) -> list[Token]:
        """Every token, revoked ones included, by name."""
        rows = self.session.scalars(select(TokenModel).order_by(TokenModel.name))
        return [_token(row) for row in rows]

    def revoke(self, name: str, when: datetime) -> bool:
        """Revoke a live token; False when there is none by that name."""
        revoked = self.session.execute(
            update(TokenModel)
            .where(TokenModel.name == name, TokenModel.revoked.is_(None))
            .values(revoked=when)
            .returning(TokenModel.name)
        )
        return revoked.first() is not None


def _token(row: TokenModel) -> Token:
    return Token(row.name, Role(row.role), row.institution, row.created, row.revoked)
