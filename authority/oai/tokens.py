"""Resumption tokens: where a list stopped, in the token itself (no server state).

A token carries the list's window (format, set, times and the change number the
list ends at, fixed when it started), the change number after which the next page
starts (keyset paging, no OFFSET), the cursor, the list's size and when the token
expires. It is URL-safe base64 of compact JSON; anything that does not decode to a
well-formed token, or a token past its expiry, is a ``badResumptionToken``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from authority.oai.errors import OaiError

MAX_LENGTH = 2000


@dataclass(frozen=True)
class Token:
    """A list's place, as the next request hands it back."""

    prefix: str
    set: str | None
    since: str | None
    """The window's inclusive start (ISO 8601, UTC), or None."""
    before: str | None
    """The window's exclusive end (ISO 8601, UTC), or None."""
    last_seq: int
    after: int
    cursor: int
    size: int
    expires: int
    """Seconds since the epoch."""

    def expiration(self) -> datetime:
        """When this token stops being accepted."""
        return datetime.fromtimestamp(self.expires, UTC)


def encode(token: Token) -> str:
    """``token`` as the text of a ``resumptionToken`` element."""
    text = json.dumps(asdict(token), separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


BIGINT = 2**63
"""Numbers a token may carry stay below PostgreSQL's bigint: a forged one is a
badResumptionToken, not a database error."""


def decode(text: str, now: datetime) -> Token:
    """The token ``text`` stands for, or badResumptionToken."""
    if len(text) > MAX_LENGTH:
        raise OaiError("badResumptionToken", "the resumption token is too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        token = Token(**json.loads(raw))
        _check(token)
        expires = token.expiration()
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise OaiError(
            "badResumptionToken", "the resumption token is not one this repository gave"
        ) from None
    if expires < now:
        raise OaiError("badResumptionToken", "the resumption token has expired")
    return token


def _check(token: Token) -> None:
    integers = (token.last_seq, token.after, token.cursor, token.size, token.expires)
    texts = (token.since, token.before, token.set)
    if not isinstance(token.prefix, str) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 0 <= n < BIGINT
        for n in integers
    ):
        raise ValueError("malformed token")
    if not all(t is None or isinstance(t, str) for t in texts):
        raise ValueError("malformed token")
    for moment in (token.since, token.before):
        if moment is not None:
            datetime.fromisoformat(moment)
