"""A cataloguer's edits: create, edit, delete, restore, merge, revert, identifiers.

Each is one transaction: the authorities it changes get new revisions, history
rows and change-log rows together, each modified now (harvesting by date must see
it), and the search backend hears of them after the commit. Edits are checked by
service/checking.py (errors refuse, warnings do not), and a create by
service/matching.py (a likely duplicate is refused unless forced): the check and
the insert are one transaction, which first locks the record's match keys; the
check's reads of the database (names, identifiers, candidates) run in it, and its
search asks the backend, which a create in flight has not reached yet.

What a merge and a revert make of the authorities they change is
service/lifecycle.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from authority.domain import Actor, Authority, Kind, Status
from authority.domain.history import Revision
from authority.domain.identifiers import Identifier
from authority.errors import (
    LikelyDuplicateError,
    NotAllowedError,
    NotFoundError,
    NotWritableError,
    Problem,
    RevisionMismatchError,
    ValidationError,
)
from authority.search.model import MAX_QUERY, SearchQuery
from authority.service.checking import checked
from authority.service.lifecycle import (
    keeping_moved,
    lifecycle_after,
    merged,
    relinked,
    revision_of,
)
from authority.service.matching import Candidate, candidates, match_keys
from authority.service.reading import ReadingService
from authority.service.records import stamped, validate
from authority.service.register import Register
from authority.service.searching import SearchService
from authority.storage.repository import RELATION_SCHEME
from authority.storage.unit_of_work import UnitOfWork

MATCH_CANDIDATES = 20
"""Search hits per name a duplicate check compares (the best by relevance)."""


@dataclass(frozen=True)
class Saved:
    """An authority as an edit stored it, and what was wrong but not refused."""

    authority: Authority
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class MergePreview:
    """A merge before it is made: the two authorities and what each would become."""

    loser: Authority
    survivor: Authority
    merged: Authority
    """The survivor as the merge would leave it (see lifecycle.merged)."""
    referrers: list[tuple[Authority, Authority]]
    """Each other authority whose relations would be relinked: (before, after)."""


@dataclass(frozen=True)
class RevertPreview:
    """A revert before it is made: the authority now and what it would become."""

    current: Authority
    reverted: Authority
    """``current`` as :meth:`CataloguingService.revert` would leave it."""
    undoes: list[str]
    """The merges, deletes, restores ... it would undo: only an admin may."""


class CataloguingService:
    """A cataloguer's edits, each one transaction."""

    def __init__(
        self, register: Register, reading: ReadingService, searching: SearchService
    ) -> None:
        self._register = register
        self._reading = reading
        self._searching = searching
        """The duplicate check's: what it finds, and the stored records it reads."""

    # Creating and editing

    def create(self, authority: Authority, actor: Actor) -> Authority:
        """Store a new authority unchecked; an empty ``id`` gets a newly minted one."""
        if authority.id:
            validate(authority)  # before minting, so a bad record costs no id
        with self._register.unit_of_work() as uow:
            stored = self._insert_new(uow, authority, actor)
            uow.commit()
            return stored

    def update(
        self, authority: Authority, expected_revision: int, actor: Actor
    ) -> Authority:
        """Replace an authority that is still at ``expected_revision``, unchecked."""
        validate(authority)
        with self._register.unit_of_work() as uow:
            current = uow.authorities.get(authority.id)
            if current is None:
                raise NotFoundError(authority.id)
            edited = stamped(authority, touch=True, created=current.provenance.created)
            stored = uow.authorities.update(edited, expected_revision, "update", actor)
            self._register.index_on_commit(uow, [stored])
            uow.commit()
            return stored

    def _insert_new(
        self, uow: UnitOfWork, authority: Authority, actor: Actor
    ) -> Authority:
        """:meth:`create` within ``uow`` (not committed)."""
        if not authority.id:
            authority = replace(authority, id=uow.authorities.mint_id())
        authority = stamped(authority)
        validate(authority)
        stored = uow.authorities.insert(authority, "create", actor)
        self._register.index_on_commit(uow, [stored])
        return stored

    def create_checked(
        self, authority: Authority, actor: Actor, force: bool = False
    ) -> Saved:
        """Create after the checks and the duplicate check (``force``: skip it).

        The duplicate check and the insert are one transaction, which first locks
        the record's match keys: two creates of one person run one after the
        other, and the second sees the first (even a forced one).
        """
        with self._register.unit_of_work() as uow:
            checked(authority, None, _status_of(uow))
            uow.authorities.lock(match_keys(authority))
            if not force:
                likely = [c for c in self._match(uow, authority) if c.likely]
                if likely:
                    raise LikelyDuplicateError(likely)
            stored = self._insert_new(uow, authority, actor)
            uow.commit()
        return Saved(stored)

    def edit(
        self,
        authority: Authority,
        expected_revision: int,
        actor: Actor,
        *,
        keep_leader: bool = False,
    ) -> Saved:
        """Replace an active authority that is still at ``expected_revision``.

        ``keep_leader``: the body said nothing of the leader (our JSON, BARE's
        JSON), so the stored one stays as it is; a MARC body sets its own.
        """
        with self._register.unit_of_work() as uow:
            current = _writable(uow, authority.id)
            if authority.bare_type is None and authority.kind is current.kind:
                # BARE's name for a meeting: our JSON and MARC never say it
                authority = replace(authority, bare_type=current.bare_type)
            edited = authority.with_envelope(
                status=current.status, provenance=current.provenance
            )
            if keep_leader:
                edited = replace(edited, leader=current.leader)
            warnings = checked(edited, current, _status_of(uow))
            if _same(edited, current):  # a no-op writes nothing
                if expected_revision != current.revision:
                    raise RevisionMismatchError(
                        current.id, expected_revision, current.revision
                    )
                return Saved(current, warnings)
            dated = stamped(edited, touch=True)  # checked and written in one go
            stored = uow.authorities.update(dated, expected_revision, "update", actor)
            self._register.index_on_commit(uow, [stored])
            uow.commit()
        return Saved(stored, warnings)

    def writable(self, authority_id: str) -> Authority:
        """The active authority ``authority_id``, as an edit starts from it.

        NotWritableError if it is merged or deleted, NotFoundError if none.
        """
        with self._register.unit_of_work() as uow:
            return _writable(uow, authority_id)

    def match(self, record: Authority) -> list[Candidate]:
        """Stored authorities ``record`` may duplicate, best first, with signals."""
        with self._register.unit_of_work() as uow:
            return self._match(uow, record)

    def _match(self, uow: UnitOfWork, record: Authority) -> list[Candidate]:
        """:meth:`match` within ``uow``: the stored records are read in it."""

        def search(name: str, kind: Kind) -> list[str]:
            text = name[:MAX_QUERY]  # a name longer than a query is still a name
            query = SearchQuery(text, kinds=(kind,), size=MATCH_CANDIDATES)
            found = [hit.id for hit in self._searching.search(query).hits]
            # The database's own terms too: a search backend outside it learns
            # of a create only after its commit, too late for the next check.
            stored = uow.authorities.ids_by_name_key(name, kind, MATCH_CANDIDATES)
            return list(dict.fromkeys([*found, *stored]))

        def load(ids: list[str]) -> dict[str, Authority]:
            return self._reading.find_many(ids, uow)

        return candidates(record, search, uow.authorities.ids_by_identifier, load)

    # The lifecycle

    def delete(
        self, authority_id: str, expected_revision: int | None, actor: Actor
    ) -> Authority:
        """Make an active authority a tombstone (410 from now on, kept in history)."""
        return self._set_status(
            authority_id, expected_revision, Status.ACTIVE, Status.DELETED, actor
        )

    def restore(
        self, authority_id: str, actor: Actor, expected_revision: int | None = None
    ) -> Authority:
        """Undo a delete (from ``expected_revision``, the one the admin saw, if any)."""
        return self._set_status(
            authority_id, expected_revision, Status.DELETED, Status.ACTIVE, actor
        )

    def _set_status(
        self,
        authority_id: str,
        expected_revision: int | None,
        before: Status,
        after: Status,
        actor: Actor,
    ) -> Authority:
        action = {Status.DELETED: "delete", Status.ACTIVE: "restore"}[after]
        with self._register.unit_of_work() as uow:
            current = uow.authorities.get(authority_id)
            if current is None:
                raise NotFoundError(authority_id)
            if current.status is not before:
                raise NotWritableError(
                    authority_id, f"is {current.status}, not {before}"
                )
            revision = (
                current.revision if expected_revision is None else expected_revision
            )
            changed = stamped(current.with_envelope(status=after), touch=True)
            stored = uow.authorities.update(changed, revision, action, actor)
            self._register.index_on_commit(uow, [stored])
            uow.commit()
            return stored

    def merge(
        self,
        loser_id: str,
        survivor_id: str,
        actor: Actor,
        expected_loser: int | None = None,
        expected_survivor: int | None = None,
    ) -> Authority:
        """Merge ``loser_id`` into ``survivor_id``; the survivor as stored.

        ``expected_loser``, ``expected_survivor``: the revisions the merger saw
        (the workbench's preview); RevisionMismatchError when either changed
        since, so a merge never writes what its author has not seen.
        """
        with self._register.unit_of_work() as uow:
            loser, survivor = _merging(uow, loser_id, survivor_id)
            for seen, now in ((expected_loser, loser), (expected_survivor, survivor)):
                if seen is not None and seen != now.revision:
                    raise RevisionMismatchError(now.id, seen, now.revision)
            gone = stamped(loser.with_identifiers([]), touch=True).with_envelope(
                status=Status.MERGED, merged_into=survivor_id
            )
            written = [uow.authorities.update(gone, loser.revision, "merge", actor)]
            kept = stamped(merged(survivor, loser), touch=True)
            written.append(
                uow.authorities.update(kept, survivor.revision, "merge", actor)
            )
            written += _relink_referrers(uow, loser_id, survivor_id, actor)
            self._register.index_on_commit(uow, written)
            uow.commit()
            return written[1]

    def merge_preview(self, loser_id: str, survivor_id: str) -> MergePreview:
        """What :meth:`merge` would write, written nowhere; its errors alike."""
        with self._register.unit_of_work() as uow:
            loser, survivor = _merging(uow, loser_id, survivor_id)
            referrers = []
            for referrer_id in _referrer_ids(uow, loser_id, survivor_id):
                referrer = uow.authorities.get(referrer_id)
                if referrer is not None:
                    after = relinked(referrer, loser_id, survivor_id)
                    referrers.append((referrer, after))
            return MergePreview(loser, survivor, merged(survivor, loser), referrers)

    def revert(
        self,
        authority_id: str,
        revision: int,
        actor: Actor,
        admin: bool = False,
        expected_revision: int | None = None,
    ) -> Authority:
        """A new revision whose content and status equal those of ``revision``.

        Going back across a merge (or a relink it made), a delete, a restore or any
        change of status needs ``admin`` (NotAllowedError), whatever the status is
        now. Identifiers a merge moved here stay. A revert that changes nothing
        writes nothing: the current authority, at its revision.
        ``expected_revision``: the revision the reverter saw as current (the
        workbench's confirmation page); RevisionMismatchError when another write
        came first, so a revert never undoes a change its author has not seen.
        """
        with self._register.unit_of_work() as uow:
            current = uow.authorities.get(authority_id)
            if current is None:
                raise NotFoundError(authority_id)
            if expected_revision is not None and expected_revision != current.revision:
                raise RevisionMismatchError(
                    authority_id, expected_revision, current.revision
                )
            history = uow.authorities.history(authority_id)
            preview = _reverting(current, history, revision)
            if not admin and preview.undoes:
                raise NotAllowedError(
                    f"reverting {authority_id} to revision {revision} undoes "
                    f"{', '.join(preview.undoes)}: only an admin may"
                )
            back = preview.reverted
            if _same(back, current):
                return current
            stamp = stamped(back, touch=True)
            stored = uow.authorities.update(stamp, current.revision, "revert", actor)
            self._register.index_on_commit(uow, [stored])
            uow.commit()
            return stored

    def revert_preview(self, authority_id: str, revision: int) -> RevertPreview:
        """What :meth:`revert` would write, written nowhere; its errors alike.

        NotFoundError for an unknown authority, ValidationError for a revision its
        history lacks; ``undoes`` says what only an admin may go back across.
        """
        with self._register.unit_of_work() as uow:
            current = uow.authorities.get(authority_id)
            if current is None:
                raise NotFoundError(authority_id)
            history = uow.authorities.history(authority_id)
            return _reverting(current, history, revision)

    # Identifiers (BARE's sub-resource)

    def add_identifier(
        self, authority_id: str, identifier: Identifier, actor: Actor
    ) -> Saved:
        """Add an identifier unless the authority holds it already."""
        current = self.writable(authority_id)
        if identifier in current.identifiers:
            return Saved(current)
        edited = current.with_identifiers([*current.identifiers, identifier])
        return self.edit(edited, current.revision, actor)

    def remove_identifiers(
        self, authority_id: str, scheme_name: str, value: str | None, actor: Actor
    ) -> Saved:
        """Remove the identifiers of a scheme (only ``value``, when given)."""
        current = self.writable(authority_id)
        kept = [
            i
            for i in current.identifiers
            if i.scheme != scheme_name or (value is not None and i.value != value)
        ]
        if len(kept) == len(current.identifiers):
            raise NotFoundError(f"{scheme_name} {value or ''}".strip(), "identifier")
        return self.edit(current.with_identifiers(kept), current.revision, actor)


def _reverting(
    current: Authority, history: list[Revision], revision: int
) -> RevertPreview:
    """:meth:`CataloguingService.revert`'s result and rule, for it and its preview."""
    old = revision_of(history, revision).authority
    back = keeping_moved(old, current, history).with_envelope(
        revision=current.revision, provenance=current.provenance
    )
    return RevertPreview(current, back, lifecycle_after(history, old))


def _relink_referrers(
    uow: UnitOfWork, loser_id: str, survivor_id: str, actor: Actor
) -> list[Authority]:
    """Point every other relation to the loser at the survivor (action ``relink``)."""
    written = []
    for referrer_id in _referrer_ids(uow, loser_id, survivor_id):
        referrer = uow.authorities.get(referrer_id)
        if referrer is None:
            continue
        pointing = stamped(relinked(referrer, loser_id, survivor_id), touch=True)
        written.append(
            uow.authorities.update(pointing, referrer.revision, "relink", actor)
        )
    return written


def _referrer_ids(uow: UnitOfWork, loser_id: str, survivor_id: str) -> list[str]:
    """The other authorities with a relation to the loser: a merge relinks them."""
    found = uow.authorities.ids_by_identifier(RELATION_SCHEME, loser_id)
    return [i for i in found if i not in (loser_id, survivor_id)]


def _status_of(uow: UnitOfWork) -> Callable[[str], Status | None]:
    def status_of(authority_id: str) -> Status | None:
        found = uow.authorities.get(authority_id)
        return found.status if found else None

    return status_of


def _writable(uow: UnitOfWork, authority_id: str) -> Authority:
    current = uow.authorities.get(authority_id)
    if current is None:
        raise NotFoundError(authority_id)
    if current.status is Status.MERGED:
        raise NotWritableError(authority_id, f"is merged into {current.merged_into}")
    if current.status is Status.DELETED:
        raise NotWritableError(authority_id, "is deleted; restore it first")
    return current


def _merging(
    uow: UnitOfWork, loser_id: str, survivor_id: str
) -> tuple[Authority, Authority]:
    """The two authorities of a merge as stored, or why they cannot be merged."""
    if loser_id == survivor_id:
        raise ValidationError([Problem("an authority cannot be merged into itself",
                                       "into")])  # fmt: skip
    return _writable(uow, loser_id), _survivor(uow, survivor_id)


def _survivor(uow: UnitOfWork, survivor_id: str) -> Authority:
    survivor = uow.authorities.get(survivor_id)
    why = None if survivor is None else survivor.status
    if survivor is None or why is not Status.ACTIVE:
        state = "does not exist" if survivor is None else f"is {why}"
        raise ValidationError([Problem(f"{survivor_id} {state}: merge into an active "
                                       "authority", "into")])  # fmt: skip
    return survivor


def _same(edited: Authority, current: Authority) -> bool:
    """True when a write of ``edited`` would change nothing that is stored."""
    envelope = ("kind", "status", "merged_into", "quality")
    return edited.content() == current.content() and all(
        getattr(edited, name) == getattr(current, name) for name in envelope
    )
