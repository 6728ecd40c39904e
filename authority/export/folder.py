"""The dump folder (``DUMP_DIR``): one sub-folder per dump, the current manifest on top.

Layout::

    DUMP_DIR/manifest.json                       the current dump (written last)
    DUMP_DIR/<dump id>/authority-<dump id>.nt.gz  its files, and a copy of its manifest

Every file lands atomically: written beside its name and renamed into place when
whole, the manifest last of all, so a reader of ``manifest.json`` never finds a file
it names missing or partial, and an interrupted dump leaves the previous one as it
was. Pruning keeps the newest ``keep`` complete dumps (the current one always) and
removes sub-folders without a manifest (interrupted dumps); one dump runs at a time
(a lock file), so no dump in progress is taken for an interrupted one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from authority.errors import ConfigurationError
from authority.export.manifest import MANIFEST, Manifest

log = logging.getLogger(__name__)

LOCK = ".lock"
DUMP_ID = re.compile(r"\d{8}T\d{6}\.\d{6}Z")
"""A dump's id: the UTC time its snapshot was taken, to the microsecond."""


class DumpFolder:
    """The dumps in one folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> Manifest | None:
        """The current dump's manifest (None before the first dump).

        A manifest that cannot be read (written by hand, damaged on disk) counts as
        none, with a warning: ``/dumps`` then says there is no dump, and the next
        ``authority dump`` writes a whole new one.
        """
        try:
            return Manifest.loads((self.path / MANIFEST).read_bytes())
        except FileNotFoundError:
            return None
        except ValueError as error:
            log.warning(
                "%s is unreadable, taken for none: %s", self.path / MANIFEST, error
            )
            return None

    def path_of(self, manifest: Manifest, name: str) -> Path | None:
        """Where ``manifest``'s file ``name`` is; None for a name it does not list.

        Only names the manifest lists are served, so no request can reach another
        file (``..``, an absolute path, the lock, an older dump).
        """
        if manifest.file(name) is None:
            return None
        return self.path / manifest.dump / name

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock; ConfigurationError when another dump holds it."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / LOCK, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise ConfigurationError(
                    f"another dump is running in {self.path}"
                ) from error
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def new(self, dump_id: str) -> Path:
        """A new, empty sub-folder for the dump ``dump_id``."""
        folder = self.path / dump_id
        folder.mkdir()
        return folder

    def publish(self, manifest: Manifest) -> None:
        """Make ``manifest`` the current dump (its files are all in place)."""
        data = manifest.dumps()
        _write_atomically(self.path / manifest.dump / MANIFEST, data)
        _write_atomically(self.path / MANIFEST, data)

    def prune(self, keep: int) -> list[str]:
        """Remove all but the newest ``keep`` complete dumps; the ids removed."""
        current = self.current()
        dumps = sorted(
            (
                p
                for p in self.path.iterdir()
                if p.is_dir() and DUMP_ID.fullmatch(p.name)
            ),
            key=lambda p: p.name,
            reverse=True,
        )
        complete = [p for p in dumps if (p / MANIFEST).exists()]
        kept = {p.name for p in complete[: max(keep, 1)]}
        if current is not None:
            kept.add(current.dump)
        removed = [p for p in dumps if p.name not in kept]
        for folder in removed:
            shutil.rmtree(folder)
        return [p.name for p in removed]


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "wb") as written:
            written.write(data)
            written.flush()
            os.fsync(written.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
