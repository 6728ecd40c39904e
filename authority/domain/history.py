"""An authority's past: the revisions of its history and the register's change log.

Storage keeps both (``authority_revisions``, ``change_log``) and hands them out as
these types; the service and the API read them without knowing how they are kept.
A :class:`Write` is the next revision on its way there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from authority.domain.kinds import Status
from authority.domain.model import Actor, Authority


@dataclass(frozen=True)
class Revision:
    """One entry of an authority's history: its state then, and who made it so."""

    authority: Authority
    action: str
    """What made it: create, update, delete, restore, merge, relink or revert."""
    actor: Actor
    recorded: datetime


@dataclass(frozen=True)
class Change:
    """One entry of the change log: which revision of which authority, in order."""

    seq: int
    """The change's number: 1, 2, 3 ... without gaps, in commit order."""
    authority_id: str
    revision: int
    action: str
    actor: Actor
    recorded: datetime


Logged = tuple[
    int, str, int, str, str, str | None, datetime, str, str | None, str | None
]
"""A change-log row as the feed streams it, plain values: seq, authority id,
revision, action, actor, institution, recorded, and the state it left: status,
merged_into, the status before (stored words; see :class:`Published`). A stream of
millions of changes reads these, not dataclasses: building them cost the feed
more than encoding its lines."""


@dataclass(frozen=True)
class Published:
    """A change as the feed publishes it: the entry and the state it left.

    ``status`` and ``merged_into`` are those of the revision the change wrote;
    ``before`` is the status of the revision before it (None: the first), so that a
    feed can tell an authority's appearance from an edit of it.
    """

    change: Change
    status: Status
    merged_into: str | None
    before: Status | None


@dataclass(frozen=True)
class Stamped:
    """An authority as a harvest sees it: its current state, its change's number, time.

    ``seq`` and ``recorded`` are those of its latest change in the harvest's window
    (the change log's number orders a harvest; the time is its OAI-PMH datestamp).
    """

    seq: int
    recorded: datetime
    authority: Authority


@dataclass(frozen=True)
class Window:
    """Which changes a harvest asks for: all of them up to ``last_seq``, timed.

    ``since`` inclusive, ``before`` exclusive (a request's ``until`` plus its
    granularity); ``kind`` and ``quality`` filter on the authority's current row
    (``quality="*"``: any quality level), and so does ``vocabulary``.
    """

    last_seq: int
    since: datetime | None = None
    before: datetime | None = None
    kind: str | None = None
    quality: str | None = None
    vocabulary: str | None = None
    """A subject vocabulary's code (``"*"``: any vocabulary)."""


@dataclass(frozen=True)
class Write:
    """A revision about to be stored: the authority, and what the change log calls it.

    What the upsert rule decides on and what a batch write stores (storage/bulk.py).
    """

    authority: Authority
    """Dates filled in and the new revision set."""
    content_hash: str
    """The hash of the content as its source gave it (a reload compares it)."""
    action: str
