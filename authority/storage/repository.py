"""Reading and writing authorities, their history and the change log.

Every write here happens inside the caller's transaction (the unit of work owns it):
the authority row, its identifier rows, its redirect, a history row and a change-log
row are written together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    Select,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from authority.domain import Actor, Authority, Kind, Provenance, QualityLevel, Status
from authority.domain.collation import sort_key
from authority.domain.history import (
    Change,
    Logged,
    Published,
    Revision,
    Stamped,
    Window,
)
from authority.domain.identifiers import Identifier, scheme
from authority.domain.search_terms import disambiguation, search_terms
from authority.domain.view import system_control_numbers
from authority.domain.vocabularies import vocabulary
from authority.errors import (
    DuplicateIdentifierError,
    DuplicateIdError,
    NotFoundError,
    RevisionMismatchError,
)
from authority.storage.models import (
    MINTED_IDS,
    AuthorityModel,
    ChangeModel,
    CounterModel,
    IdentifierModel,
    RedirectModel,
    RevisionModel,
    SearchTermModel,
)

STATUSES: dict[str | None, Status] = {s.value: s for s in Status}
"""A stored status word -> its Status (a dict lookup: the feed reads millions)."""


class AuthorityRepository:
    """Authorities in PostgreSQL, within one session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # Reading

    def get(self, authority_id: str) -> Authority | None:
        """The current state of ``authority_id`` (any status), or None.

        One statement, the redirect joined: the read API's every request.
        """
        row = self.session.execute(_GET, {"id": authority_id}).first()
        return _to_authority(row, row.to_id) if row is not None else None

    def redirect_target(self, authority_id: str) -> str | None:
        """Where a merged id points, or None."""
        return self.session.scalar(
            select(RedirectModel.to_id).where(RedirectModel.from_id == authority_id)
        )

    def content_hash(self, authority_id: str) -> str | None:
        """The stored content hash, for cheap unchanged-detection on reloads."""
        return self.session.scalar(
            select(AuthorityModel.content_hash).where(AuthorityModel.id == authority_id)
        )

    def ids_by_identifier(self, scheme_name: str, value: str) -> list[str]:
        """Ids of the authorities that carry an identifier (canonical value)."""
        return list(
            self.session.scalars(
                select(IdentifierModel.authority_id)
                .where(
                    IdentifierModel.scheme == scheme_name,
                    IdentifierModel.value == value,
                )
                .order_by(IdentifierModel.authority_id)
                .distinct()
            )
        )

    def ids_by_identifiers(
        self, asked: list[tuple[str, str]], limit: int
    ) -> list[list[str]]:
        """:meth:`ids_by_identifier` for many (scheme, value) pairs: one statement.

        At most ``limit`` active holders of each, by id; one id list per pair, in
        order. A reconciliation batch asks its identifiers so (one round trip, not
        one per value, and no value held by thousands floods the answer). Deleted
        and merged holders keep their identifiers in the index but are left out
        here, before the limit: else they could take the places of all but one
        active holder, which would then look like the only one (a safe match).
        """
        if not asked:
            return []
        statement = text(
            "SELECT q.n, h.authority_id "
            "FROM unnest(CAST(:schemes AS text[]), CAST(:values AS text[])) "
            "WITH ORDINALITY AS q(scheme, value, n) "
            "CROSS JOIN LATERAL ("
            " SELECT DISTINCT i.authority_id FROM authority_identifiers i"
            " JOIN authorities a ON a.id = i.authority_id AND a.status = 'active'"
            " WHERE i.scheme = q.scheme AND i.value = q.value"
            " ORDER BY i.authority_id LIMIT :limit) h "
            "ORDER BY q.n, h.authority_id"
        )
        found: list[list[str]] = [[] for _ in asked]
        rows = self.session.execute(statement, {
            "schemes": [scheme for scheme, _ in asked],
            "values": [value for _, value in asked],
            "limit": limit,
        })  # fmt: skip
        for number, authority_id in rows:
            found[number - 1].append(authority_id)
        return found

    def ids_by_name_key(self, key: str, kind: Kind, limit: int) -> list[str]:
        """Active authorities of ``kind`` with a name whose key is ``key`` or more.

        ``key`` or ``key`` and more words (its dates): what a duplicate check asks
        the database itself, which a search backend outside it may not know yet.
        A key holds letters, digits and spaces only, so LIKE sees no wildcard.
        """
        t = SearchTermModel
        query = (
            select(t.authority_id)
            .where(
                t.kind == kind.value,
                t.status == Status.ACTIVE.value,
                (t.key == key) | t.key.like(f"{key} %"),
            )
            .group_by(t.authority_id)
            .order_by(func.min(func.length(t.key)), t.authority_id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def ids_by_name_keys(
        self, asked: list[tuple[str, tuple[Kind, ...]]], limit: int
    ) -> list[list[str]]:
        """:meth:`ids_by_name_key` for many keys at once (one statement).

        ``asked`` holds (key, kinds) pairs, no kinds meaning every kind; the
        answer is one id list per pair, in order. A reconciliation batch asks
        its names so: one round trip, not one per name. ``key`` and longer keys
        that start with it are one range of the ``text_pattern_ops`` index (a
        key holds letters, digits and spaces, so ``key || '!'`` bounds it).
        """
        if not asked:
            return []
        statement = text(
            "SELECT q.n, s.authority_id "
            "FROM unnest(CAST(:keys AS text[]), CAST(:kinds AS text[])) "
            "WITH ORDINALITY AS q(key, kinds, n) "
            "CROSS JOIN LATERAL ("
            " SELECT t.authority_id, min(length(t.key)) AS length FROM search_terms t"
            " WHERE t.key ~>=~ q.key AND t.key ~<~ (q.key || '!')"
            " AND (t.key = q.key OR t.key LIKE q.key || ' %')"
            " AND t.status = 'active'"
            " AND (q.kinds = '' OR t.kind = ANY(string_to_array(q.kinds, ',')))"
            " GROUP BY t.authority_id"
            " ORDER BY length, t.authority_id LIMIT :limit) s "
            "ORDER BY q.n, s.length, s.authority_id"
        )
        keys = [key for key, _ in asked]
        kinds = [",".join(k.value for k in kinds) for _, kinds in asked]
        found: list[list[str]] = [[] for _ in asked]
        rows = self.session.execute(
            statement, {"keys": keys, "kinds": kinds, "limit": limit}
        )
        for number, authority_id in rows:
            found[number - 1].append(authority_id)
        return found

    def count(self, kind: Kind | None = None) -> int:
        """Number of authority ids (of one kind), whatever their status."""
        query = select(func.count()).select_from(AuthorityModel)
        if kind is not None:
            query = query.where(AuthorityModel.kind == kind.value)
        return self.session.scalar(query) or 0

    def ids_by_vocabulary(
        self, code: str, after: str = "", limit: int = 1000
    ) -> list[str]:
        """Up to ``limit`` ids of vocabulary ``code`` after ``after``, in id order.

        Any status. Keyset paging on ``ix_authorities_vocabulary_id``: each page
        is one index range scan, however deep (an OAI-PMH set's pages).
        """
        a = AuthorityModel
        query = (
            select(a.id)
            .where(a.vocabulary == code, a.id > after)
            .order_by(a.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def get_many(self, ids: list[str]) -> list[Authority]:
        """The stored authorities among ``ids`` (any status), in id order."""
        query = _columns().where(AuthorityModel.id.in_(ids)).order_by(AuthorityModel.id)
        return [_to_authority(row, row.to_id) for row in self.session.execute(query)]

    def counts(self) -> dict[tuple[str, str, str], int]:
        """(kind, quality level or "none", status) -> how many authorities."""
        a = AuthorityModel
        quality = func.coalesce(a.quality, "none")
        query = select(a.kind, quality, a.status, func.count()).group_by(
            a.kind, quality, a.status
        )
        return {(k, q, s): n for k, q, s, n in self.session.execute(query)}

    def page(
        self,
        after: str,
        limit: int,
        kind: Kind | None = None,
        until: str | None = None,
    ) -> list[Authority]:
        """Up to ``limit`` authorities with ids in (``after``, ``until``], in order.

        Keyset paging on the primary key: each page is one cheap index range scan,
        however deep into the register it starts. Columns, not ORM objects: a dump
        reads every row once and needs no identity map (twice as fast).
        """
        query = (
            _columns()
            .where(AuthorityModel.id > after)
            .order_by(AuthorityModel.id)
            .limit(limit)
        )
        if kind is not None:
            query = query.where(AuthorityModel.kind == kind.value)
        if until is not None:
            query = query.where(AuthorityModel.id <= until)
        return [_to_authority(row, row.to_id) for row in self.session.execute(query)]

    def boundaries(self, step: int, kind: Kind | None = None) -> list[str]:
        """Every ``step``-th id (of one kind) in id order: where to cut a dump.

        One pass over the primary key index, so a dump can be split into ranges of
        ``step`` ids that separate processes read side by side.
        """
        numbered = select(
            AuthorityModel.id,
            func.row_number().over(order_by=AuthorityModel.id).label("n"),
        )
        if kind is not None:
            numbered = numbered.where(AuthorityModel.kind == kind.value)
        ranked = numbered.subquery()
        query = select(ranked.c.id).where(ranked.c.n % step == 0).order_by(ranked.c.id)
        return list(self.session.scalars(query))

    def history(self, authority_id: str) -> list[Revision]:
        """Every revision of an authority, oldest first."""
        rows = self.session.scalars(
            select(RevisionModel)
            .where(RevisionModel.authority_id == authority_id)
            .order_by(RevisionModel.revision)
        )
        return [_to_revision(row) for row in rows]

    def changes(self, after: int = 0, limit: int = 1000) -> list[Change]:
        """Change-log entries with ``seq > after``, in order."""
        rows = self.session.scalars(
            select(ChangeModel)
            .where(ChangeModel.seq > after)
            .order_by(ChangeModel.seq)
            .limit(limit)
        )
        return [_to_change(r) for r in rows]

    def published(self, after: int, until: int, limit: int) -> list[Published]:
        """Change-log entries ``after < seq <= until`` in order, with what they left."""
        return [
            Published(
                Change(r[0], r[1], r[2], r[3], Actor(r[4], r[5]), r[6]),
                STATUSES[r[7]],
                r[8],
                STATUSES.get(r[9]),
            )
            for r in self.logged(after, until, limit)
        ]

    def logged(self, after: int, until: int, limit: int) -> list[Logged]:
        """The rows of :meth:`published`, plain values (a stream reads millions).

        Keyset paging on the log's primary key, one table: each entry holds the
        status and survivor of the revision it wrote and the status of the one
        before (written with it; migration 0007 filled in the older ones).
        """
        c = ChangeModel
        query = (
            select(
                c.seq,
                c.authority_id,
                c.revision,
                c.action,
                c.actor,
                c.institution,
                c.recorded,
                c.status,
                c.merged_into,
                c.status_before,
            )  # fmt: skip
            .where(c.seq > after, c.seq <= until)
            .order_by(c.seq)
            .limit(limit)
        )
        # Rows index and unpack as the tuples they stand for (measured: no slower
        # than the driver's own tuples here).
        return cast(list[Logged], self.session.execute(query).all())

    # Harvesting: the change log, latest change per authority

    def last_change(self) -> int:
        """The change log's highest number (0 when empty): a harvest's fixed end.

        Read from the counter with a share lock, which waits for a writer that has
        taken a number and not yet committed: its change is then in this harvest,
        and any change numbered later is stamped after this read, so after the
        harvest's responseDate (taken before it), which a harvester's next ``from``
        includes. Reading the log's highest committed number instead would let
        such a change fall between two harvests.
        """
        value = self.session.scalar(
            select(CounterModel.value)
            .where(CounterModel.name == "change_log")
            .with_for_update(read=True)
        )
        return int(value or 0)

    def committed_head(self) -> int:
        """The change log's highest committed number (0 when empty), without waiting.

        Writers hold the counter row locked from taking a number until they commit
        (``_next_change_seq``), so the committed counter is the newest committed
        change and every change up to it is committed: a reader that goes no
        further never meets a number filled in later. Unlike :meth:`last_change`
        it takes no lock, so a feed poll never waits for a writer (nor a writer
        for it); what a writer in flight adds comes with the next read.
        """
        value = self.session.scalar(
            select(CounterModel.value).where(CounterModel.name == "change_log")
        )
        return int(value or 0)

    def earliest_change(self) -> datetime | None:
        """When the first change still in the log was recorded."""
        return self.session.scalar(select(func.min(ChangeModel.recorded)))

    def stamp(self, authority_id: str) -> datetime | None:
        """When ``authority_id`` last changed (its latest change-log entry)."""
        return self.session.scalar(
            select(func.max(ChangeModel.recorded)).where(
                ChangeModel.authority_id == authority_id
            )
        )

    def harvest(self, window: Window, after: int, limit: int) -> list[Stamped]:
        """The next ``limit`` authorities of ``window`` after change number ``after``.

        Keyset paging on the change log's number (no OFFSET): each page is a range
        scan of its primary key from ``after``, each row kept only if no later row of
        the same authority lies in the window. The window ends at ``last_seq``, fixed
        when a harvest starts, so an authority changed while a harvest pages keeps
        its place in it (its later change comes in the next harvest).
        """
        c = ChangeModel
        query = (
            _columns()
            .add_columns(c.seq, c.recorded)
            .join(c, c.authority_id == AuthorityModel.id)
            .where(*_in_window(c, window), c.seq > after, ~_superseded(c, window))
            .order_by(c.seq)
            .limit(limit)
        )
        rows = self.session.execute(query)
        return [Stamped(r.seq, r.recorded, _to_authority(r, r.to_id)) for r in rows]

    def vocabularies(self) -> list[str]:
        """The subject vocabularies the register holds, in code order (any status)."""
        a = AuthorityModel
        query = select(a.vocabulary).where(a.vocabulary.is_not(None)).distinct()
        return sorted(v for v in self.session.scalars(query) if v is not None)

    def harvest_size(self, window: Window) -> int:
        """How many authorities :meth:`harvest` gives for ``window`` in all."""
        c = ChangeModel
        query = (
            select(func.count())
            .select_from(c)
            .join(AuthorityModel, c.authority_id == AuthorityModel.id)
            .where(*_in_window(c, window), ~_superseded(c, window))
        )
        return int(self.session.scalar(query) or 0)

    # Writing

    def lock(self, keys: Iterable[str]) -> None:
        """Hold a lock on each of ``keys`` until this transaction ends.

        PostgreSQL advisory locks on a hash of each key (at most
        :data:`LOCK_SPACE` of them), taken in one order so that two writers never
        wait on each other in a circle. A duplicate check takes them on a record's
        name keys and identifiers before it looks, so that two creates of one
        person are checked and written one after the other. Keys that share a lock
        only make an unrelated create wait.
        """
        for number in sorted({_lock_number(k) for k in keys}):
            self.session.execute(_LOCK, {"key": number})

    def mint_id(self) -> str:
        """A new numeric id that no legacy or earlier minted id can have."""
        while True:
            candidate = str(self.session.scalar(MINTED_IDS.next_value()))
            if self.session.get(AuthorityModel, candidate) is None:
                return candidate

    def insert(
        self,
        authority: Authority,
        action: str,
        actor: Actor,
        content_hash: str | None = None,
    ) -> Authority:
        """Store a new authority at revision 1, with history and change-log rows.

        ``content_hash`` is what a reload from the same source compares against; it
        defaults to the hash of ``authority`` itself.
        """
        if self.session.get(AuthorityModel, authority.id) is not None:
            raise DuplicateIdError(authority.id)
        stored = _with_revision(authority, 1)
        self._check_unique_identifiers(stored)
        self.session.execute(
            insert(AuthorityModel).values(**_row(stored, content_hash))
        )
        self._after_write(stored, action, actor)
        return stored

    def update(
        self,
        authority: Authority,
        expected_revision: int,
        action: str,
        actor: Actor,
        content_hash: str | None = None,
    ) -> Authority:
        """Replace an authority if it is still at ``expected_revision``."""
        stored = _with_revision(authority, expected_revision + 1)
        self._check_unique_identifiers(stored)
        result = self.session.execute(
            update(AuthorityModel)
            .where(AuthorityModel.id == authority.id)
            .where(AuthorityModel.revision == expected_revision)
            .values(**_row(stored, content_hash))
            .returning(AuthorityModel.revision)
        )
        if result.first() is None:
            current = self.session.scalar(
                select(AuthorityModel.revision).where(AuthorityModel.id == authority.id)
            )
            if current is None:
                raise NotFoundError(authority.id)
            raise RevisionMismatchError(authority.id, expected_revision, current)
        self.session.execute(
            delete(IdentifierModel).where(IdentifierModel.authority_id == authority.id)
        )
        self._after_write(stored, action, actor)
        return stored

    def _after_write(self, authority: Authority, action: str, actor: Actor) -> None:
        self._write_identifiers(authority)
        self._write_search_terms(authority)
        self._write_redirect(authority)
        # Numbered first, then timed: under the counter's lock the times follow the
        # numbers, so a harvest by date never misses a change a later one preceded.
        seq = self._next_change_seq()
        now = datetime.now(UTC)
        self.session.execute(
            insert(RevisionModel).values(**_revision_row(authority, action, actor, now))
        )
        self.session.execute(
            insert(ChangeModel).values(
                seq=seq,
                authority_id=authority.id,
                revision=authority.revision,
                action=action,
                actor=actor.name,
                institution=actor.institution,
                recorded=now,
                # the state it left, as the history row above has it, and the
                # status of the revision before (None: the first), for the feed
                status=authority.status.value,
                merged_into=authority.merged_into,
                status_before=select(RevisionModel.status)
                .where(
                    RevisionModel.authority_id == authority.id,
                    RevisionModel.revision == authority.revision - 1,
                )
                .scalar_subquery(),
            )
        )

    def _next_change_seq(self) -> int:
        # The counter row stays locked until commit, so change-log numbers are handed
        # out in commit order and a rolled-back writer leaves no gap.
        value = self.session.scalar(
            update(CounterModel)
            .where(CounterModel.name == "change_log")
            .values(value=CounterModel.value + 1)
            .returning(CounterModel.value)
        )
        if value is None:
            raise RuntimeError("counter row missing: run `authority db upgrade`")
        return int(value)

    def _write_identifiers(self, authority: Authority) -> None:
        rows = [
            dict(zip(INDEX_COLUMNS, row, strict=True)) for row in index_rows(authority)
        ]
        if not rows:
            return
        try:
            with self.session.begin_nested():
                self.session.execute(insert(IdentifierModel), rows)
        except IntegrityError as error:
            # A concurrent writer took a unique value between our check and insert;
            # the check now sees it committed and names the holder.
            self._check_unique_identifiers(authority)
            held = distinct_identifiers(authority)
            first = next(i for i in held if scheme(i.scheme).unique)
            raise DuplicateIdentifierError(
                first.scheme, first.value, "another authority"
            ) from error

    def revisions(self) -> dict[str, int]:
        """Id -> revision of every authority: what a search index should hold.

        One query over two columns; no record is read or parsed.
        """
        rows = self.session.execute(select(AuthorityModel.id, AuthorityModel.revision))
        return {id_: revision for id_, revision in rows}

    def _write_search_terms(self, authority: Authority) -> None:
        self.session.execute(
            delete(SearchTermModel).where(SearchTermModel.authority_id == authority.id)
        )
        rows = [
            dict(zip(SEARCH_COLUMNS, row, strict=True))
            for row in search_rows(authority)
        ]
        if rows:
            self.session.execute(insert(SearchTermModel), rows)

    def _check_unique_identifiers(self, authority: Authority) -> None:
        for identifier in distinct_identifiers(authority):
            if not scheme(identifier.scheme).unique:
                continue
            holder = self.session.scalar(
                select(IdentifierModel.authority_id).where(
                    IdentifierModel.scheme == identifier.scheme,
                    IdentifierModel.value == identifier.value,
                    IdentifierModel.is_unique,
                    IdentifierModel.authority_id != authority.id,
                )
            )
            if holder is not None:
                raise DuplicateIdentifierError(
                    identifier.scheme, identifier.value, holder
                )

    def _write_redirect(self, authority: Authority) -> None:
        if authority.status is Status.MERGED and authority.merged_into:
            statement = pg_insert(RedirectModel).values(
                from_id=authority.id,
                to_id=authority.merged_into,
                created=datetime.now(UTC),
            )
            self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[RedirectModel.from_id],
                    set_={"to_id": statement.excluded.to_id},
                )
            )
        else:
            self.session.execute(
                delete(RedirectModel).where(RedirectModel.from_id == authority.id)
            )


INDEX_COLUMNS = ("authority_id", "scheme", "value", "original", "is_unique")

CONTROL_NUMBER_SCHEME = "035"
"""The identifier index's name for system control numbers (``035 $a``)."""
RELATION_SCHEME = "5XX"
"""The identifier index's name for relation targets (``5XX $0``, as ids): what a
merge reads to move the relations that point at the authority merged away."""


def index_rows(authority: Authority) -> Iterator[tuple[str, str, str, str, bool]]:
    """The identifier index rows of ``authority`` (INDEX_COLUMNS), for both paths.

    Its 024 identifiers, its 035 system control numbers (as they are), and the
    ids its relations point at.
    """
    for i in distinct_identifiers(authority):
        yield (authority.id, i.scheme, i.value, i.original, scheme(i.scheme).unique)
    for number in dict.fromkeys(system_control_numbers(authority.fields)):
        yield (authority.id, CONTROL_NUMBER_SCHEME, number, number, False)
    targets = (r.target_id for r in authority.relations if r.target_id)
    for target in dict.fromkeys(targets):
        yield (authority.id, RELATION_SCHEME, target, target, False)


SEARCH_COLUMNS = (
    "authority_id",
    "position",
    "form",
    "label",
    "key",
    "sort_key",
    "kind",
    "status",
    "quality",
    "heading",
    "disambiguation",
    "nationalities",
    "modified",
    "vocabulary",
)


def search_rows(authority: Authority) -> Iterator[tuple[Any, ...]]:
    """The search term rows of ``authority`` (SEARCH_COLUMNS), for both paths."""
    context = (
        authority.kind.value,
        authority.status.value,
        authority.quality.value if authority.quality else None,
        authority.label,
        disambiguation(authority),
        list(authority.attributes.nationalities),
        authority.provenance.modified,
        vocabulary(authority),
    )
    for position, term in enumerate(search_terms(authority)):
        yield (authority.id, position, term.form.value, term.label, term.key,
               term.sort_key, *context)  # fmt: skip


def distinct_identifiers(authority: Authority) -> Iterator[Identifier]:
    """The identifiers of ``authority``, each (scheme, value) once."""
    seen = set()
    for identifier in authority.identifiers:
        key = (identifier.scheme, identifier.value)
        if key not in seen:
            seen.add(key)
            yield identifier


_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


LOCK_SPACE = 256
"""Advisory locks a duplicate check may take at most: keys share them by hash. A
record may have thousands of variants, and PostgreSQL's lock table is small (about
64 per connection), so a lock per key could fail a create, and others with it; two
unrelated creates that share a lock only wait for each other a few milliseconds."""
_LOCK_BASE = int.from_bytes(b"NORAF", "big") << 16  # our corner of the key space


def _lock_number(key: str) -> int:
    """``key``'s advisory lock: one of :data:`LOCK_SPACE` numbers."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return _LOCK_BASE + int.from_bytes(digest, "big") % LOCK_SPACE


def _with_revision(authority: Authority, revision: int) -> Authority:
    return replace(authority, revision=revision)


def _row(authority: Authority, content_hash: str | None = None) -> dict[str, Any]:
    return {
        "id": authority.id,
        "kind": authority.kind.value,
        "status": authority.status.value,
        "quality": authority.quality.value if authority.quality else None,
        "content": authority.content(),
        "content_hash": content_hash or authority.content_hash(),
        "heading": authority.label,
        "sort_key": sort_key(authority.label),
        "origin": authority.provenance.origin,
        "created": authority.provenance.created,
        "modified": authority.provenance.modified,
        "revision": authority.revision,
        "vocabulary": vocabulary(authority),
    }


def _columns() -> Select[Any]:
    """The columns an authority is made from, its redirect joined."""
    a = AuthorityModel
    return select(
        a.id,
        a.kind,
        a.status,
        a.quality,
        a.content,
        a.origin,
        a.created,
        a.modified,
        a.revision,
        RedirectModel.to_id,
    ).outerjoin(RedirectModel, RedirectModel.from_id == a.id)


def _in_window(change: Any, window: Window) -> list[Any]:
    """The conditions a change (of ``change``'s alias) meets to be in ``window``."""
    conditions = [change.seq <= window.last_seq]
    if window.since is not None:
        conditions.append(change.recorded >= window.since)
    if window.before is not None:
        conditions.append(change.recorded < window.before)
    if window.kind is not None:
        conditions.append(AuthorityModel.kind == window.kind)
    if window.quality == "*":
        conditions.append(AuthorityModel.quality.is_not(None))
    elif window.quality is not None:
        conditions.append(AuthorityModel.quality == window.quality)
    if window.vocabulary == "*":
        conditions.append(AuthorityModel.vocabulary.is_not(None))
    elif window.vocabulary is not None:
        conditions.append(AuthorityModel.vocabulary == window.vocabulary)
    return conditions


def _superseded(change: Any, window: Window) -> Any:
    """A later change of the same authority lies in ``window`` too."""
    later = aliased(ChangeModel)
    conditions = [
        later.authority_id == change.authority_id,
        later.seq > change.seq,
        later.seq <= window.last_seq,
    ]
    if window.before is not None:
        conditions.append(later.recorded < window.before)
    return exists().where(*conditions)


_GET = _columns().where(AuthorityModel.id == bindparam("id"))
"""Built once: making the statement cost as much as running it."""


def _revision_row(
    authority: Authority, action: str, actor: Actor, now: datetime
) -> dict[str, Any]:
    row = _row(authority)
    for derived in ("id", "content_hash", "heading", "sort_key", "vocabulary"):
        del row[derived]
    return {
        **row,
        "authority_id": authority.id,
        "merged_into": authority.merged_into,
        "action": action,
        "actor": actor.name,
        "institution": actor.institution,
        "recorded": now,
    }


def _to_authority(row: Any, merged_into: str | None) -> Authority:
    """An authority from a model, a revision or a row of the same columns."""
    return Authority(
        id=row.authority_id if isinstance(row, RevisionModel) else row.id,
        kind=Kind(row.kind),
        fields=Authority.fields_from_content(row.content),
        status=Status(row.status),
        merged_into=merged_into,
        quality=QualityLevel(row.quality) if row.quality else None,
        provenance=Provenance(row.origin, row.created, row.modified),
        revision=row.revision,
        leader=Authority.leader_from_content(row.content),
        bare_type=Authority.bare_type_from_content(row.content),
    )


def _to_change(row: ChangeModel) -> Change:
    return Change(
        row.seq,
        row.authority_id,
        row.revision,
        row.action,
        Actor(row.actor, row.institution),
        row.recorded,
    )


def _to_revision(row: RevisionModel) -> Revision:
    return Revision(
        authority=_to_authority(row, row.merged_into),
        action=row.action,
        actor=Actor(row.actor, row.institution),
        recorded=row.recorded,
    )
