"""The upsert rule: what a source's record does to the authority stored under its id.

One pure function, :func:`decided`, for both of the loading service's paths (one
record at a time, and a batch written with COPY), so that they cannot drift apart:

- nothing stored: the record is created, at revision 1;
- the stored content hash is the one loaded from the same source (a reload: the
  same export loads again idempotently), or the record is older than the stored
  version at its format's precision (catch-up runs load newer exports over older
  ones, and an edit made here after the cut-over is newer than anything the old
  platform exported; an equal time replaces): unchanged;
- else the record, with what its format cannot say kept as stored
  (``domain/carried.py``), replaces the stored one at the next revision, unless it
  equals it in everything stored (the register's own export loaded back): then it
  is unchanged too.

Unchanged means no new revision and no change-log row. The source's own dates are
kept; a date it does not give is stamped now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import overload

from authority.domain import Authority
from authority.domain.carried import Carried, kept_as_stored, older
from authority.domain.history import Write
from authority.errors import AuthorityError
from authority.service.records import stamped


class Outcome(StrEnum):
    """What became of one record handed to ``upsert_from_source``."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DELETED = "deleted"


Result = Outcome | AuthorityError
"""What became of one record of a batch: an outcome, or why it was refused."""


@dataclass(frozen=True)
class Held:
    """What the register holds under the record's id, as far as the rule needs it."""

    revision: int
    content_hash: str | None
    """The hash of what was last loaded from a source (a reload compares it)."""
    created: datetime | None
    modified: datetime | None
    authority: Authority | None = None
    """The whole stored authority; None when not read (the row may settle it)."""

    @classmethod
    def of(cls, stored: Authority, content_hash: str | None) -> Held:
        """The whole stored authority and its stored hash."""
        dates = stored.provenance
        return cls(stored.revision, content_hash, dates.created, dates.modified, stored)


@overload
def decided(incoming: Authority, held: None, carried: Carried) -> Write: ...


@overload
def decided(
    incoming: Authority, held: Held | None, carried: Carried
) -> Write | Outcome | None: ...


def decided(
    incoming: Authority, held: Held | None, carried: Carried
) -> Write | Outcome | None:
    """What storing ``incoming`` (valid, with an id) over ``held`` does.

    A write (its authority dated, at the next revision; ``create`` or ``update``),
    or ``Outcome.UNCHANGED``. None when the stored row cannot settle it and
    ``held`` lacks the whole stored authority: ask again with it (a batch reads
    the whole records only for those, none on a first load or a reload).
    """
    if held is None:
        dated = stamped(incoming).with_envelope(revision=1)
        return Write(dated, incoming.content_hash(), "create")
    if held.content_hash == incoming.content_hash() or older(
        incoming, held.modified, carried
    ):
        return Outcome.UNCHANGED
    if held.authority is None:
        return None
    written = kept_as_stored(incoming, held.authority, carried)
    if written.content_hash() == held.authority.content_hash():
        return Outcome.UNCHANGED
    dated = stamped(written, created=held.created)
    revised = dated.with_envelope(revision=held.revision + 1)
    return Write(revised, written.content_hash(), "update")


def outcome(write: Write) -> Outcome:
    """What a write the rule decided on makes of the record: created or updated."""
    return Outcome.CREATED if write.action == "create" else Outcome.UPDATED
