"""The store's folder: the writer's store, the readers' snapshots, and who writes.

RocksDB (under pyoxigraph) lets one process open a store for writing, and opening
it read-only while another process writes is undefined behaviour. So readers never
open the writer's store: after each batch the writer publishes a snapshot
(``Store.backup``: hard links to RocksDB's immutable files, a new folder) and points
``current`` at it; a reader reopens when ``current`` has moved::

    SPARQL_DIR/
      stores/<name>/      writer stores (a rebuild makes a new one beside the old),
                          each ``data`` and ``state`` (``store.py``)
      snapshots/<name>/   read-only copies, what queries read
      writer  -> stores/<name>
      current -> snapshots/<name>
      writer.lock         held by the one writer (``authority sparql follow``)
      publish.lock        held while ``writer`` or ``current`` moves

Both links move by ``os.replace`` of a new link, so a reader sees the old target or
the new one, never none. A snapshot is touched when it stops being current (its
mtime then says when it was replaced, not when it was made), and kept for
:data:`SNAPSHOT_GRACE` after that.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import Store

from authority.locking import exclusive
from authority.sparql.store import WriterStore, read_revisions, read_seq, state_path

SNAPSHOT_GRACE = 300.0
"""Seconds an outdated snapshot is kept after it was replaced: a reader checks
``current`` before each query, and no query runs longer than SPARQL_TIMEOUT, so
none reads it by then."""
KEEP_STORES = 1
"""Outdated writer stores kept after a rebuild (to go back to by hand)."""


class WriterBusy(Exception):
    """Another process holds the writer's lock."""


class Folder:
    """One SPARQL_DIR."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def current(self) -> Path | None:
        """The snapshot readers should read (None: never built)."""
        return _target(self.path / "current")

    @property
    def writer_store(self) -> Path | None:
        """The store the writer writes (None: never built)."""
        return _target(self.path / "writer")

    def new_name(self, kind: str) -> Path:
        """A fresh folder name under ``stores`` or ``snapshots``."""
        parent = self.path / kind
        parent.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for n in range(1000):
            candidate = parent / f"{stamp}-{os.getpid()}-{n}"
            if not candidate.exists():
                return candidate
        raise FileExistsError(f"no free name in {parent}")

    @contextmanager
    def writing(self, wait: bool = False) -> Iterator[None]:
        """Be the one writer; WriterBusy when another is (unless ``wait``)."""
        with exclusive(self.path / "writer.lock", wait) as held:
            if not held:
                raise WriterBusy(str(self.path))
            yield

    def publish(self, store: WriterStore) -> bool:
        """Snapshot ``store`` for readers, if it is still the writer's store.

        False when a rebuild has put another store in its place meanwhile (its
        snapshot must not replace the rebuild's).
        """
        with exclusive(self.path / "publish.lock", wait=True):
            if self.writer_store != store.path.resolve():
                return False
            snapshot = self.new_name("snapshots")
            store.snapshot(snapshot)
            self._make_current(snapshot)
        self.prune()
        return True

    def install(self, store: WriterStore) -> None:
        """Make a rebuilt ``store`` the writer's and the readers' store; closes it.

        Closed before ``writer`` points at it: the follower opens the new store
        as soon as it sees it, and RocksDB refuses a store another handle holds.
        """
        with exclusive(self.path / "publish.lock", wait=True):
            snapshot = self.new_name("snapshots")
            store.snapshot(snapshot)
            store.close()
            _point(self.path / "writer", store.path)
            self._make_current(snapshot)
        self.prune()

    def _make_current(self, snapshot: Path) -> None:
        """Point ``current`` at ``snapshot`` (under the publish lock).

        The snapshot it replaces is touched, so that its grace (:meth:`prune`)
        starts now, not when it was made.
        """
        outgoing = self.current
        if outgoing is not None and outgoing.exists():
            os.utime(outgoing)
        _point(self.path / "current", snapshot)

    def published_seq(self) -> int | None:
        """The change-log number readers' snapshot is current to (None: none)."""
        store = self._published()
        return read_seq(store) if store is not None else None

    def published_revisions(self) -> dict[str, int] | None:
        """Authority URI -> revision in the readers' snapshot (None: none)."""
        store = self._published()
        return read_revisions(store) if store is not None else None

    def _published(self) -> Store | None:
        path = self.current
        return Store.read_only(str(state_path(path))) if path is not None else None

    def prune(self, grace: float = SNAPSHOT_GRACE) -> None:
        """Remove snapshots replaced ``grace`` seconds ago, stores past KEEP_STORES.

        A snapshot's mtime says when it was replaced (:meth:`_make_current`).
        """
        now = time.time()
        current, writer = self.current, self.writer_store
        for snapshot in _children(self.path / "snapshots"):
            if snapshot != current and now - _replaced(snapshot) > grace:
                shutil.rmtree(snapshot, ignore_errors=True)
        old = [s for s in _children(self.path / "stores") if s != writer]
        for store in old[: max(0, len(old) - KEEP_STORES)]:
            shutil.rmtree(store, ignore_errors=True)


def _replaced(snapshot: Path) -> float:
    """When ``snapshot`` was replaced (its mtime); long ago when already removed.

    A rebuild's install and the follower's publish may prune at the same time.
    """
    try:
        return snapshot.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _children(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p.resolve() for p in folder.iterdir()), key=lambda p: p.name)


def _target(link: Path) -> Path | None:
    try:
        return (link.parent / os.readlink(link)).resolve()
    except FileNotFoundError:
        return None


def _point(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one step (a new link renamed over it)."""
    aside = link.with_name(f".{link.name}-{os.getpid()}")
    aside.unlink(missing_ok=True)
    aside.symlink_to(os.path.relpath(target, link.parent))
    os.replace(aside, link)
