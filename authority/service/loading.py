"""Loading from a source: records written as their source gave them, or skipped.

A load writes through here, the way an edit writes through cataloguing: the same
validation, revisions, history, change log and search indexing. What a record does
to the stored authority is the upsert rule (``service/upsert.py``), the same for a
record written alone and for one of a batch written with COPY (``service/batches.py``).
A record that is refused (invalid, a merge cycle, an identifier another authority
holds) costs only itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from authority.domain import Actor, Authority, Status
from authority.domain.carried import EVERYTHING, Carried
from authority.domain.history import Write
from authority.domain.ids import is_minted
from authority.domain.view import system_control_numbers
from authority.errors import (
    AuthorityError,
    ConcurrentWriteError,
    NotFoundError,
    ValidationError,
)
from authority.service.batches import check_merge_chain, write_batch
from authority.service.records import stamped, validate, validate_incoming
from authority.service.register import Register
from authority.service.upsert import Held, Outcome, Result, decided, outcome
from authority.storage.repository import CONTROL_NUMBER_SCHEME
from authority.storage.unit_of_work import UnitOfWork


class LoadingService:
    """Writes of a source's records: created, updated, unchanged or deleted."""

    def __init__(self, register: Register) -> None:
        self._register = register

    def upsert_from_source(
        self, authority: Authority, actor: Actor, carried: Carried = EVERYTHING
    ) -> tuple[Outcome, Authority]:
        """Create or replace an authority as a source gave it; skip it if unchanged.

        The upsert rule (``service/upsert.py``) decides: reloading the same export,
        or the register's own, changes nothing, and an older version never
        replaces a newer one. An authority without an id (a foreign record whose
        control number moved to 035) is the one an earlier load stored with that
        control number, or else is created under a minted id.
        """
        if not authority.id:
            validate_incoming(authority)  # before minting, so a bad record costs no id
            authority = authority.with_envelope(id=self._foreign_id(authority))
        validate(authority)
        with self._register.unit_of_work() as uow:
            check_merge_chain(authority, uow.authorities.redirect_target)
            current = uow.authorities.get(authority.id)
            if current is None:
                write = decided(authority, None, carried)
                stored = uow.authorities.insert(
                    write.authority, write.action, actor, write.content_hash
                )
            else:
                held = Held.of(current, uow.authorities.content_hash(authority.id))
                decision = decided(authority, held, carried)
                if not isinstance(decision, Write):  # held is whole: never None
                    return Outcome.UNCHANGED, current
                write = decision
                stored = uow.authorities.update(
                    write.authority,
                    current.revision,
                    write.action,
                    actor,
                    write.content_hash,
                )
            self._register.index_on_commit(uow, [stored])
            uow.commit()
            return outcome(write), stored

    def delete_from_source(
        self, authority_id: str, when: datetime | None, actor: Actor
    ) -> Outcome:
        """Tombstone an authority a source says it deleted (an OAI deleted header).

        The stored content stays, as with a delete here, and is not checked again
        (a record stored before a rule was added can still be deleted); the
        source's ``when`` is the modification date. A version stored later than
        ``when`` (a newer export, an edit here) stays, and an authority already
        deleted or merged is unchanged. One transaction, action ``delete``.
        NotFoundError when the register has no such authority.
        """
        with self._register.unit_of_work() as uow:
            current = uow.authorities.get(authority_id)
            if current is None:
                raise NotFoundError(authority_id)
            held = current.provenance.modified
            if current.status is not Status.ACTIVE or (
                when is not None and held is not None and when < held
            ):
                return Outcome.UNCHANGED
            provenance = replace(current.provenance, modified=when)
            tombstone = stamped(
                current.with_envelope(status=Status.DELETED, provenance=provenance)
            )
            stored = uow.authorities.update(
                tombstone, current.revision, "delete", actor
            )
            self._register.index_on_commit(uow, [stored])
            uow.commit()
            return Outcome.DELETED

    def upsert_many(
        self,
        authorities: Sequence[Authority],
        actor: Actor,
        carried: Carried = EVERYTHING,
    ) -> list[Result]:
        """:meth:`upsert_from_source` for a batch, in one transaction: the load's path.

        Every record gets its own result, and a refused record (invalid, a merge
        cycle, an identifier another authority holds) costs only itself. The rows
        are written with COPY (``storage/bulk.py``). A batch with records without
        an id or with one id twice, or one that meets a concurrent writer, goes
        record by record instead: the same results, slower.
        """
        ids = [a.id for a in authorities]
        if not all(ids) or len(set(ids)) < len(ids):
            return [self._upsert_one(a, actor, carried) for a in authorities]
        results: dict[int, Result] = {}
        valid = []
        for n, authority in enumerate(authorities):
            try:
                validate(authority)
                valid.append((n, authority))
            except ValidationError as error:
                results[n] = error
        try:
            with self._register.unit_of_work() as uow:
                results |= write_batch(uow, valid, actor, carried)
                written = [
                    a
                    for n, a in valid
                    if results[n] in (Outcome.CREATED, Outcome.UPDATED)
                ]
                self._register.index_on_commit(uow, written)
                uow.commit()
        except ConcurrentWriteError:
            return [self._upsert_one(a, actor, carried) for a in authorities]
        return [results[n] for n in range(len(authorities))]

    def find_foreign(self, foreign: Authority) -> Authority | None:
        """Where a load stored a foreign record (no id of ours), if it did."""
        with self._register.unit_of_work() as uow:
            earlier = _foreign_holder(uow, foreign)
            return uow.authorities.get(earlier) if earlier else None

    def _foreign_id(self, foreign: Authority) -> str:
        """The id an earlier load stored a foreign record under, else a new one."""
        with self._register.unit_of_work() as uow:
            return _foreign_holder(uow, foreign) or uow.authorities.mint_id()

    def _upsert_one(
        self, authority: Authority, actor: Actor, carried: Carried
    ) -> Result:
        try:
            return self.upsert_from_source(authority, actor, carried)[0]
        except AuthorityError as error:
            return error


def _foreign_holder(uow: UnitOfWork, foreign: Authority) -> str | None:
    """The authority stored with a foreign record's own control number, if one is.

    ``from_fields`` keeps a foreign record's ``(003)001`` as its last 035, and it
    was stored under a minted id; a record of our own may name the same number
    (Evergreen's copy of an LC record keeps LC's number in 035) and is not it.
    """
    numbers = system_control_numbers(foreign.fields)
    if not numbers:
        return None
    holders = uow.authorities.ids_by_identifier(CONTROL_NUMBER_SCHEME, numbers[-1])
    minted = [holder for holder in holders if is_minted(holder)]
    return minted[0] if len(minted) == 1 else None
