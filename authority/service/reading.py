"""Reading the register: one authority, many, what a reference names, the past.

The reads a request makes (get, find, find_many, read, resolve) take the register's
short reads (autocommit in the app: no BEGIN and ROLLBACK round trips); history,
the change log, counts and boundaries take a unit of work of their own. A use case
with a unit of work open passes it on to ``find`` and ``find_many``, and the read is
then part of its transaction. Reads of the whole register (``all``) go batch by
batch, each in its own short transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from authority.domain import Authority, Kind, Status
from authority.domain.history import Change, Revision
from authority.domain.ids import is_valid_id
from authority.domain.references import parse_reference
from authority.errors import DeletedError, MergedError, NotFoundError
from authority.service.register import Register
from authority.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Reading:
    """An authority as a reader sees it: itself and the authorities it relates to."""

    authority: Authority
    related: dict[str, Authority]
    """The stored targets of its relations, by id (missing ones are absent)."""


class ReadingService:
    """What the register holds, as it holds it."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def get(self, authority_id: str) -> Authority:
        """The authority, or NotFoundError / MergedError / DeletedError."""
        authority = self.find(authority_id)
        if authority is None:
            raise NotFoundError(authority_id)
        if authority.status is Status.MERGED and authority.merged_into:
            raise MergedError(authority_id, authority.merged_into)
        if authority.status is not Status.ACTIVE:
            modified = authority.provenance.modified
            raise DeletedError(authority_id, modified.isoformat() if modified else None)
        return authority

    def find(
        self, authority_id: str, uow: UnitOfWork | None = None
    ) -> Authority | None:
        """The stored state of any id, deleted and merged ones included."""
        if not is_valid_id(authority_id):
            return None  # cannot exist; and NUL or huge input never reaches SQL
        with self._register.read(uow) as reading:
            return reading.authorities.get(authority_id)

    def find_many(
        self, ids: Sequence[str], uow: UnitOfWork | None = None
    ) -> dict[str, Authority]:
        """The stored state of those ``ids`` that exist, by id (one query)."""
        valid = [i for i in ids if is_valid_id(i)]
        with self._register.read(uow) as reading:
            return {a.id: a for a in reading.authorities.get_many(valid)}

    def read(self, authority_id: str) -> Reading:
        """The stored state of any id and the authorities its relations name.

        One transaction, two queries: what a reader needs to show a record with
        the current labels of its relations. Raises NotFoundError.
        """
        if not is_valid_id(authority_id):
            raise NotFoundError(authority_id)
        with self._register.read() as uow:
            authority = uow.authorities.get(authority_id)
            if authority is None:
                raise NotFoundError(authority_id)
            targets = sorted({r.target_id for r in authority.relations if r.target_id})
            related = uow.authorities.get_many(targets) if targets else []
        return Reading(authority, {a.id: a for a in related})

    def resolve(self, text: str) -> list[str]:
        """The ids that ``text`` names, in any form it may take (domain/references.py).

        An id that does not exist names nothing; an identifier names every
        authority the index has it for (several: an ambiguous reference).
        """
        reference = parse_reference(text)
        valid = [i for i in reference.ids if is_valid_id(i)]
        with self._register.read() as uow:
            found = [a.id for a in uow.authorities.get_many(valid)] if valid else []
            for scheme_name, value in reference.identifiers:
                found.extend(uow.authorities.ids_by_identifier(scheme_name, value))
        return list(dict.fromkeys(found))

    def history(self, authority_id: str) -> list[Revision]:
        """Every revision of an authority, oldest first."""
        with self._register.unit_of_work() as uow:
            revisions = uow.authorities.history(authority_id)
        if not revisions:
            raise NotFoundError(authority_id)
        return revisions

    def changes(self, after: int = 0, limit: int = 1000) -> list[Change]:
        """The change log after sequence number ``after``."""
        with self._register.unit_of_work() as uow:
            return uow.authorities.changes(after, limit)

    def count(self, kind: Kind | None = None) -> int:
        """How many ids the register holds (of one kind), whatever their status."""
        with self._register.unit_of_work() as uow:
            return uow.authorities.count(kind)

    def counts(self) -> dict[tuple[str, str, str], int]:
        """Authorities by (kind, quality level or "none", status)."""
        with self._register.unit_of_work() as uow:
            return uow.authorities.counts()

    def all(
        self,
        kind: Kind | None = None,
        batch: int = 500,
        after: str = "",
        until: str | None = None,
    ) -> Iterator[Authority]:
        """Every authority (of one kind), any status, in id order, in bounded memory.

        ``after`` (exclusive) and ``until`` (inclusive) bound the ids, so that parts of
        a dump can be read side by side. Each batch is read in its own short
        transaction, so a dump of millions of records holds no long-running snapshot.
        """
        while True:
            with self._register.unit_of_work() as uow:
                page = uow.authorities.page(after, batch, kind, until)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].id

    def boundaries(self, step: int, kind: Kind | None = None) -> list[str]:
        """Ids that cut the register (of one kind) into ranges of ``step`` ids."""
        with self._register.unit_of_work() as uow:
            return uow.authorities.boundaries(step, kind)
