"""The service's core: reading, writing from a source, loading and searching.

The API, the CLI and the loaders call these methods; they never touch models,
sessions or clients themselves (architecture.md, arrows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from authority.domain import Actor, Authority, Kind, Status
from authority.domain.carried import EVERYTHING, Carried, kept_as_stored, older
from authority.domain.identifiers import scheme
from authority.domain.ids import is_minted, is_valid_id
from authority.domain.references import parse_reference
from authority.domain.view import system_control_numbers
from authority.errors import (
    AuthorityError,
    ConcurrentWriteError,
    ConfigurationError,
    DeletedError,
    DuplicateIdentifierError,
    MergedError,
    NotFoundError,
    Problem,
    ValidationError,
)
from authority.search import SearchBackend
from authority.search.model import (
    MAX_SIZE,
    BrowseEntry,
    IndexReport,
    SearchQuery,
    SearchResults,
    Suggestion,
    checked,
    checked_size,
    checked_text,
)
from authority.service.cataloguing import Cataloguing
from authority.service.records import stamped, validate, validate_incoming
from authority.storage.bulk import Write
from authority.storage.repository import (
    CONTROL_NUMBER_SCHEME,
    Change,
    Revision,
    distinct_identifiers,
)
from authority.storage.unit_of_work import UnitOfWork


class Outcome(StrEnum):
    """What became of one record handed to ``upsert_from_source``."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DELETED = "deleted"


Result = Outcome | AuthorityError
"""What became of one record of a batch: an outcome, or why it was refused."""


@dataclass(frozen=True)
class Reading:
    """An authority as a reader sees it: itself and the authorities it relates to."""

    authority: Authority
    related: dict[str, Authority]
    """The stored targets of its relations, by id (missing ones are absent)."""


class AuthorityService(Cataloguing):
    """Use cases over the register."""

    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        reading: Callable[[], UnitOfWork] | None = None,
        search: SearchBackend | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._reading = reading or unit_of_work
        """Units of work for the read API's short reads (autocommit in the app)."""
        self._search = search
        """None: no search (tests of storage alone); else told of every write."""

    # Reading

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

    def find(self, authority_id: str) -> Authority | None:
        """The stored state of any id, deleted and merged ones included."""
        if not is_valid_id(authority_id):
            return None  # cannot exist; and NUL or huge input never reaches SQL
        with self._unit_of_work() as uow:
            return uow.authorities.get(authority_id)

    def find_many(self, ids: Sequence[str]) -> dict[str, Authority]:
        """The stored state of those ``ids`` that exist, by id (one query)."""
        valid = [i for i in ids if is_valid_id(i)]
        with self._reading() as uow:
            return {a.id: a for a in uow.authorities.get_many(valid)}

    def read(self, authority_id: str) -> Reading:
        """The stored state of any id and the authorities its relations name.

        One transaction, two queries: what a reader needs to show a record with
        the current labels of its relations. Raises NotFoundError.
        """
        if not is_valid_id(authority_id):
            raise NotFoundError(authority_id)
        with self._reading() as uow:
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
        with self._reading() as uow:
            found = [a.id for a in uow.authorities.get_many(valid)] if valid else []
            for scheme_name, value in reference.identifiers:
                found.extend(uow.authorities.ids_by_identifier(scheme_name, value))
        return list(dict.fromkeys(found))

    def find_foreign(self, foreign: Authority) -> Authority | None:
        """Where a load stored a foreign record (no id of ours), if it did."""
        with self._unit_of_work() as uow:
            earlier = _foreign_holder(uow, foreign)
            return uow.authorities.get(earlier) if earlier else None

    def history(self, authority_id: str) -> list[Revision]:
        """Every revision of an authority, oldest first."""
        with self._unit_of_work() as uow:
            revisions = uow.authorities.history(authority_id)
        if not revisions:
            raise NotFoundError(authority_id)
        return revisions

    def changes(self, after: int = 0, limit: int = 1000) -> list[Change]:
        """The change log after sequence number ``after``."""
        with self._unit_of_work() as uow:
            return uow.authorities.changes(after, limit)

    def count(self, kind: Kind | None = None) -> int:
        """How many ids the register holds (of one kind), whatever their status."""
        with self._unit_of_work() as uow:
            return uow.authorities.count(kind)

    def counts(self) -> dict[tuple[str, str, str], int]:
        """Authorities by (kind, quality level or "none", status)."""
        with self._unit_of_work() as uow:
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
            with self._unit_of_work() as uow:
                page = uow.authorities.page(after, batch, kind, until)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].id

    def boundaries(self, step: int, kind: Kind | None = None) -> list[str]:
        """Ids that cut the register (of one kind) into ranges of ``step`` ids."""
        with self._unit_of_work() as uow:
            return uow.authorities.boundaries(step, kind)

    # Writing

    def create(self, authority: Authority, actor: Actor) -> Authority:
        """Store a new authority; an empty ``id`` gets a newly minted one."""
        if authority.id:
            validate(authority)  # before minting, so a bad record costs no id
        with self._unit_of_work() as uow:
            stored = self._insert_new(uow, authority, actor)
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
        self._index_on_commit(uow, [stored])
        return stored

    def update(
        self, authority: Authority, expected_revision: int, actor: Actor
    ) -> Authority:
        """Replace an authority that is still at ``expected_revision``."""
        validate(authority)
        with self._unit_of_work() as uow:
            current = uow.authorities.get(authority.id)
            if current is None:
                raise NotFoundError(authority.id)
            edited = stamped(authority, touch=True, created=current.provenance.created)
            stored = uow.authorities.update(edited, expected_revision, "update", actor)
            self._index_on_commit(uow, [stored])
            uow.commit()
            return stored

    def upsert_from_source(
        self, authority: Authority, actor: Actor, carried: Carried = EVERYTHING
    ) -> tuple[Outcome, Authority]:
        """Create or replace an authority as a source gave it; skip it if unchanged.

        The source's own dates are kept. A record is unchanged (no new revision, no
        change-log row) when its content hash equals the one stored from the same
        source, which makes reloading the same export idempotent, or when it equals
        the stored record in everything its format can say (``carried``: what it
        cannot say is kept as stored, domain/carried.py), which makes the
        register's own export load back unchanged; and so is one older than the
        stored version (by modification time at the format's precision; an equal
        time replaces). An authority without an id (a foreign record whose control
        number moved to 035) is the one an earlier load stored with that control
        number, or else is created under a minted id.
        """
        if not authority.id:
            validate_incoming(authority)  # before minting, so a bad record costs no id
            authority = authority.with_envelope(id=self._foreign_id(authority))
        validate(authority)
        with self._unit_of_work() as uow:
            _check_merge_chain(authority, uow.authorities.redirect_target)
            current = uow.authorities.get(authority.id)
            if current is None:
                stored = uow.authorities.insert(
                    stamped(authority),
                    "create",
                    actor,
                    content_hash=authority.content_hash(),
                )
                outcome = Outcome.CREATED
            else:
                stored_hash = uow.authorities.content_hash(authority.id)
                modified = current.provenance.modified
                written = None
                if _replacing(authority, stored_hash, modified, carried):
                    written = _changed(authority, current, carried)
                if written is None:
                    return Outcome.UNCHANGED, current
                dated = stamped(written, created=current.provenance.created)
                stored = uow.authorities.update(
                    dated,
                    current.revision,
                    "update",
                    actor,
                    content_hash=written.content_hash(),
                )
                outcome = Outcome.UPDATED
            self._index_on_commit(uow, [stored])
            uow.commit()
            return outcome, stored

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
        with self._unit_of_work() as uow:
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
            self._index_on_commit(uow, [stored])
            uow.commit()
            return Outcome.DELETED

    def _foreign_id(self, foreign: Authority) -> str:
        """The id an earlier load stored a foreign record under, else a new one."""
        with self._unit_of_work() as uow:
            return _foreign_holder(uow, foreign) or uow.authorities.mint_id()

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
            with self._unit_of_work() as uow:
                results |= _write_batch(uow, valid, actor, carried)
                written = [
                    a
                    for n, a in valid
                    if results[n] in (Outcome.CREATED, Outcome.UPDATED)
                ]
                self._index_on_commit(uow, written)
                uow.commit()
        except ConcurrentWriteError:
            return [self._upsert_one(a, actor, carried) for a in authorities]
        return [results[n] for n in range(len(authorities))]

    def _index_on_commit(self, uow: UnitOfWork, written: list[Authority]) -> None:
        """Tell a search backend outside the database, once the data is committed."""
        search = self._search
        # A backend inside the database's transaction (PostgreSQL) wrote the terms
        # with the data; telling it after the commit would only write them again.
        if search is None or search.transactional or not written:
            return
        ids = [a.id for a in written]
        # The stored state, read after the commit: it carries the new revisions,
        # which the index takes as versions (an older one never overwrites).
        uow.on_commit(lambda: search.index(list(self.find_many(ids).values())))

    # Searching (search/model.py says what is asked and answered)

    def search(self, query: SearchQuery) -> SearchResults:
        """Authorities matching free text and filters; raises SearchQueryError."""
        return self._backend().search(checked(query))

    def suggest(
        self, text: str, kinds: Sequence[Kind] = (), limit: int = 10
    ) -> list[Suggestion]:
        """Completions of the start of a heading or variant."""
        return self._backend().suggest(checked_text(text), kinds, checked_size(limit))

    def browse(
        self,
        start: str,
        kinds: Sequence[Kind] = (),
        limit: int = 20,
        forward: bool = True,
    ) -> list[BrowseEntry]:
        """The alphabetical heading index from ``start``."""
        start = checked_text(start, empty=True)
        # One more than a page: the API asks for it to know whether more follow.
        limit = checked_size(limit, most=MAX_SIZE + 1)
        return self._backend().browse(start, kinds, limit, forward)

    def lookup(self, label: str, kinds: Sequence[Kind] = ()) -> list[str]:
        """Ids of the active authorities whose heading or variant is ``label``."""
        return self._backend().lookup(checked_text(label), kinds)

    def prepare_search(self) -> str:
        """Make the search index if there is none yet (``serve`` does this first)."""
        return self._backend().create()

    def rebuild_index(self, batch: int = 500) -> int:
        """Write the search index again from the database; how many were indexed."""
        return self._backend().rebuild(self.all(batch=batch))

    def check_index(self, repair: bool = False, batch: int = 500) -> IndexReport:
        """The index against the database: missing, stale and extra ids.

        With ``repair``, the missing and stale are indexed again as stored (``batch``
        at a time) and the extra removed; the report is what was found before.
        """
        backend = self._backend()
        with self._reading() as uow:
            expected = uow.authorities.revisions()
        report = backend.check(expected)
        if repair:
            backend.remove(report.extra)
            ids = report.ids_to_repair
            for start in range(0, len(ids), batch):
                stored = self.find_many(ids[start : start + batch])
                backend.index(list(stored.values()))
        return report

    def _service(self) -> AuthorityService:
        return self

    def _backend(self) -> SearchBackend:
        if self._search is None:
            raise ConfigurationError("this service was built without search")
        return self._search

    def _upsert_one(
        self, authority: Authority, actor: Actor, carried: Carried
    ) -> Result:
        try:
            return self.upsert_from_source(authority, actor, carried)[0]
        except AuthorityError as error:
            return error


def _replacing(
    incoming: Authority,
    stored_hash: str | None,
    stored_modified: datetime | None,
    carried: Carried,
) -> bool:
    """False when the stored row says a source's record changes nothing.

    Its hash is the one stored from the same source (a reload), or it is older than
    the stored version at its format's precision: catch-up runs load newer exports
    over older ones, and a cataloguer's edit made here after the cut-over is newer
    than anything the old platform exported; an older export loaded afterwards
    must not undo either.
    """
    return stored_hash != incoming.content_hash() and not older(
        incoming, stored_modified, carried
    )


def _changed(
    incoming: Authority, current: Authority, carried: Carried
) -> Authority | None:
    """What replaces ``current``, or None when nothing the source says differs.

    That is ``incoming`` with what its source cannot say kept as stored.
    """
    written = kept_as_stored(incoming, current, carried)
    return None if written.content_hash() == current.content_hash() else written


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


def _write_batch(
    uow: UnitOfWork,
    batch: list[tuple[int, Authority]],
    actor: Actor,
    carried: Carried,
) -> dict[int, Result]:
    """Write the changed records of ``batch``: results by position."""
    stored = uow.bulk.stored([a.id for _, a in batch])
    results: dict[int, Result] = {}
    changed, compared = [], []
    for n, authority in batch:
        current = stored.get(authority.id)
        if current is None:
            changed.append((n, authority))
        elif _replacing(authority, current.content_hash, current.modified, carried):
            compared.append((n, authority))
        else:
            results[n] = Outcome.UNCHANGED
    # The whole stored record only for those the stored row cannot settle: none on
    # a first load or a reload of the same files.
    held = {a.id: a for a in uow.authorities.get_many([a.id for _, a in compared])}
    for n, authority in compared:
        written = _changed(authority, held[authority.id], carried)
        if written is None:
            results[n] = Outcome.UNCHANGED
        else:
            changed.append((n, written))
    changed.sort(key=lambda pair: pair[0])  # checked in file order, as one by one
    refused = _batch_problems(uow, [a for _, a in changed])
    writes = []
    for n, authority in changed:
        if authority.id in refused:
            results[n] = refused[authority.id]
            continue
        current = stored.get(authority.id)
        created = current.created if current else None
        revision = current.revision + 1 if current else 1
        dated = stamped(authority, created=created).with_envelope(revision=revision)
        action = "update" if current else "create"
        writes.append(Write(dated, authority.content_hash(), action))
        results[n] = Outcome.UPDATED if current else Outcome.CREATED
    uow.bulk.write(writes, actor)
    return results


def _batch_problems(
    uow: UnitOfWork, batch: list[Authority]
) -> dict[str, AuthorityError]:
    """Id -> why it cannot be written: a merge cycle, or a taken unique identifier.

    The answers are those of writing the batch one record after another: each
    record is checked against the database and the records before it that passed,
    and an authority rewritten in the batch holds only what its new version says.
    """
    problems: dict[str, AuthorityError] = {}
    passed: dict[str, str | None] = {}  # id -> where it redirects now (None: not)
    claims: dict[tuple[str, str], str] = {}  # unique identifier -> claimant

    def target_of(authority_id: str) -> str | None:
        if authority_id in passed:
            return passed[authority_id]
        return uow.authorities.redirect_target(authority_id)

    for authority in batch:
        try:
            _check_merge_chain(authority, target_of)
            _check_claims(authority, claims)
        except AuthorityError as error:
            problems[authority.id] = error
            continue
        merged = authority.status is Status.MERGED
        passed[authority.id] = authority.merged_into if merged else None
    rewritten = {a.id for a in batch}
    for key, holder in uow.bulk.unique_holders(claims).items():
        if holder not in rewritten:  # a holder in the batch holds what it says now
            problems.setdefault(claims[key], DuplicateIdentifierError(*key, holder))
    return problems


def _check_claims(authority: Authority, claims: dict[tuple[str, str], str]) -> None:
    """Claim the unique identifiers of ``authority``, unless an earlier one has."""
    own = [
        (i.scheme, i.value)
        for i in distinct_identifiers(authority)
        if scheme(i.scheme).unique
    ]
    for key in own:
        holder = claims.get(key, authority.id)
        if holder != authority.id:
            raise DuplicateIdentifierError(*key, holder)
    claims.update(dict.fromkeys(own, authority.id))


MAX_MERGE_CHAIN = 50
"""Redirects followed before a chain of merges is called a loop."""


def _check_merge_chain(
    authority: Authority, target_of: Callable[[str], str | None]
) -> None:
    """A merged authority must not end up redirecting to itself (A -> B -> A).

    ``target_of`` says where an id redirects now. The chain may end at an id not
    stored yet: a load can bring the survivor later.
    """
    if authority.status is not Status.MERGED or not authority.merged_into:
        return
    chain = [authority.id, authority.merged_into]
    while len(chain) <= MAX_MERGE_CHAIN:
        following = target_of(chain[-1])
        if following is None:
            return
        chain.append(following)
        if following == authority.id:
            path = " -> ".join(chain)
            raise ValidationError([Problem(f"merge cycle: {path}", "merged_into")])
    raise ValidationError(
        [Problem(f"a chain of more than {MAX_MERGE_CHAIN} merges", "merged_into")]
    )
