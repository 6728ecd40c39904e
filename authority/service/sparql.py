"""Keeping the SPARQL store: rebuilt from the database, kept current, checked.

Like the search index the store is derived and always rebuildable. One writer
(``authority sparql follow``, or a follower thread of ``authority serve``) reads the
change log after the number the store is current to, writes the current public graph
of every authority changed (``linkeddata``: deleted and merged ones keep their
deprecated description, as their record page does), says the new number, and
publishes a snapshot for the readers. Applying a change writes the authority's state
now, so a change applied twice, or a change read after a later one was already
written, ends the same: the store converges on the database.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from authority.domain import Authority
from authority.errors import ConfigurationError
from authority.linkeddata.mapping import to_triples
from authority.linkeddata.uris import Uris
from authority.search.model import IndexReport
from authority.service.dumping import DumpingService, Snapshot
from authority.service.reading import ReadingService
from authority.service.register import Register
from authority.sparql.folder import Folder
from authority.sparql.store import Entry, WriterStore, nquads
from authority.storage.database import Database, data_dir
from authority.storage.unit_of_work import UnitOfWork

_log = logging.getLogger(__name__)

RANGE = 2000
"""Ids per task of a rebuild in worker processes."""
POLL = 1.0
"""Seconds the follower waits when the change log has nothing new."""
FOLLOW_BATCH = 1000
"""Changes applied in one round."""
PUBLISH_EVERY = 2.0
"""Seconds between snapshots while the follower is behind (each is a new folder of
hard links; readers see the changes applied up to it)."""


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild stored."""

    count: int
    """Authorities in the store."""
    seq: int
    """The change-log number of the snapshot it was read from (the store's)."""


@dataclass(frozen=True)
class Followed:
    """What one round of following did."""

    seq: int
    """The change-log number the store is now current to."""
    changes: int
    authorities: int


class SparqlService:
    """The SPARQL store of one folder against the register it is derived from."""

    def __init__(
        self, register: Register, reading: ReadingService, uris: Uris, folder: Path
    ) -> None:
        self._register = register
        self._reading = reading
        self._dumping = DumpingService(register)
        self._uris = uris
        self.folder = Folder(folder)

    @classmethod
    def configured(
        cls, register: Register, reading: ReadingService, config: Mapping[str, Any]
    ) -> SparqlService:
        """The store of ``config``: SPARQL_DIR (unset: DATA_DIR/sparql), BASE_URI."""
        return cls(register, reading, Uris(config["BASE_URI"]), sparql_dir(config))

    def entry(self, authority: Authority) -> Entry:
        """What the store holds of ``authority``."""
        uri = self._uris.authority(authority.id)
        return Entry(uri, authority.revision, to_triples(authority, self._uris))

    def rebuild(
        self, batch: int = 500, workers: int = 1, database_url: str = ""
    ) -> Rebuilt:
        """A new store from one snapshot of the database, swapped in whole.

        The snapshot (``service/dumping.py``, as ``authority dump`` reads) holds
        every change up to its number and none after, so the store says exactly
        the number its data is current to; the follower applies the changes after
        it. The writer's lock is not needed: the follower notices the new store.
        With ``workers`` > 1 and a ``database_url``, ranges of ids are read (from
        the same snapshot) and mapped in that many worker processes (as
        ``authority export`` does) and this process only writes the store.
        """
        store = WriterStore(self.folder.new_name("stores"))
        counted = [0]
        try:
            with self._dumping.snapshot() as snapshot:

                def entries() -> Iterator[Entry]:
                    for authority in snapshot.all(batch=batch):
                        counted[0] += 1
                        yield self.entry(authority)

                def chunks() -> Iterator[tuple[bytes, bytes]]:
                    mapped = self._mapped_in_workers(snapshot, workers, database_url)
                    for count, data, state in mapped:
                        counted[0] += count
                        yield data, state

                if workers > 1 and database_url:
                    store.load_nquads(chunks(), snapshot.seq)
                else:
                    store.load(entries(), snapshot.seq)
                seq = snapshot.seq
            self.folder.install(store)  # closes it first
        finally:
            store.close()
        return Rebuilt(counted[0], seq)

    def build_if_missing(self) -> Rebuilt | None:
        """As the one writer, rebuild when there is no store yet (``serve``).

        WriterBusy when another process is the writer (it builds, or has built):
        two ``serve`` sharing a SPARQL_DIR never both rebuild.
        """
        with self.folder.writing():
            if self.folder.writer_store is not None:
                return None
            return self.rebuild()

    def _mapped_in_workers(
        self, snapshot: Snapshot, workers: int, database_url: str
    ) -> Iterator[tuple[int, bytes, bytes]]:
        cuts = snapshot.boundaries(RANGE)
        tasks = [
            (database_url, snapshot.id, self._uris.base, after, until)
            for after, until in zip(["", *cuts], [*cuts, None], strict=True)
        ]
        context = multiprocessing.get_context("spawn")  # no connection is shared
        with context.Pool(processes=workers) as pool:
            yield from pool.imap(_mapped_range, tasks)

    def follow_once(self, store: WriterStore, limit: int = FOLLOW_BATCH) -> Followed:
        """Apply the changes after the store's number (up to ``limit``).

        Readers see them once the store is published (``folder.publish``).
        """
        after = store.seq()
        changes = self._reading.changes(after, limit)
        if not changes:
            return Followed(after, 0, 0)
        ids = list(dict.fromkeys(c.authority_id for c in changes))
        found = self._reading.find_many(ids)
        missing = [self._uris.authority(i) for i in ids if i not in found]
        seq = changes[-1].seq
        store.apply((self.entry(a) for a in found.values()), missing, seq)
        return Followed(seq, len(changes), len(ids))

    def catch_up(self) -> int:
        """As the one writer, apply every change there is now; the store's number."""
        with self.folder.writing(wait=True):
            store = self._writer(None)
            if store is None:
                raise ConfigurationError(
                    "no SPARQL store: run authority sparql rebuild"
                )
            try:
                while self.follow_once(store).changes:
                    pass
                self.folder.publish(store)
                return store.seq()
            finally:
                store.close()

    def follow(self, stop: threading.Event, poll: float = POLL) -> None:
        """Be the one writer until ``stop``: apply changes as they are committed.

        WriterBusy (``folder.py``) when another process is the writer. A rebuild
        swaps in a new store meanwhile: the next round opens that one (and tries
        again after ``poll`` while RocksDB refuses to open it).
        """
        with self.folder.writing():
            store: WriterStore | None = None
            published = 0.0
            try:
                while not stop.is_set():
                    try:
                        store = self._writer(store)
                    except OSError as error:  # e.g. still held by the rebuild
                        _log.warning("the SPARQL store cannot be opened: %s", error)
                        store = None
                        stop.wait(poll)
                        continue
                    done = self.follow_once(store) if store is not None else None
                    if done is None or not done.changes:
                        stop.wait(poll)
                        continue
                    # Published when caught up, and at least every PUBLISH_EVERY
                    # while a long run of changes (a load) is applied.
                    caught_up = done.changes < FOLLOW_BATCH
                    if caught_up or time.monotonic() - published >= PUBLISH_EVERY:
                        self.folder.publish(store)  # type: ignore[arg-type]
                        published = time.monotonic()
            finally:
                if store is not None:
                    store.close()

    def _writer(self, store: WriterStore | None) -> WriterStore | None:
        """The writer's store, opened again if a rebuild has swapped it."""
        path = self.folder.writer_store
        if store is not None and store.path.resolve() == path:
            return store
        if store is not None:
            store.close()
        return WriterStore(path) if path is not None else None

    def seq(self) -> int | None:
        """The number the published snapshot is current to (None: never built)."""
        return self.folder.published_seq()

    def check(self, repair: bool = False) -> IndexReport:
        """The published store against the database: missing, stale, extra ids.

        With ``repair`` (the writer's lock is taken: stop ``follow`` first), the
        missing and stale are written again as stored and the extra removed; the
        report is what was found before.
        """
        with self._register.read() as uow:
            expected = uow.authorities.revisions()
        held = self.folder.published_revisions() or {}
        prefix = self._uris.authority("")
        have = {uri.removeprefix(prefix): rev for uri, rev in held.items()}
        report = IndexReport(
            expected=len(expected),
            missing=sorted(i for i in expected if i not in have),
            stale=sorted(i for i, r in expected.items() if i in have and have[i] != r),
            extra=sorted(i for i in have if i not in expected),
        )
        if repair and not report.ok:
            self._repair(report)
        return report

    def _repair(self, report: IndexReport) -> None:
        with self.folder.writing():
            store = self._writer(None)
            if store is None:
                raise ConfigurationError(
                    "no SPARQL store: run authority sparql rebuild"
                )
            try:
                for ids in _chunks(report.ids_to_repair + report.extra, 500):
                    found = self._reading.find_many(ids)
                    gone = [self._uris.authority(i) for i in ids if i not in found]
                    entries = (self.entry(a) for a in found.values())
                    store.apply(entries, gone, store.seq())
                self.folder.publish(store)
            finally:
                store.close()


def _mapped_range(
    task: tuple[str, str, str, str, str | None],
) -> tuple[int, bytes, bytes]:
    """One range of ids of the rebuild's snapshot as N-Quads (data, state).

    Runs in a worker process of a rebuild.
    """
    database_url, snapshot_id, base, after, until = task
    uris = Uris(base)
    data, state = [], []
    with _worker_dumping(database_url).joined(snapshot_id) as snapshot:
        for authority in snapshot.all(batch=500, after=after, until=until):
            entry = Entry(uris.authority(authority.id), authority.revision, [])
            text = nquads(replace(entry, triples=to_triples(authority, uris)))
            data.append(text[0])
            state.append(text[1])
    return len(data), "".join(data).encode(), "".join(state).encode()


@cache
def _worker_dumping(database_url: str) -> DumpingService:
    """This worker's snapshot reader (built once per process)."""
    database = Database.from_config({"DATABASE_URL": database_url})
    return DumpingService(Register(lambda: UnitOfWork(database.sessions)))


def sparql_dir(config: Mapping[str, Any]) -> Path:
    """SPARQL_DIR, else the data directory's ``sparql`` folder."""
    configured = config.get("SPARQL_DIR")
    if configured:
        return Path(configured).expanduser().absolute()
    return data_dir(config) / "sparql"


def _chunks(ids: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
