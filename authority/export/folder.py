"""The dump folder (``DUMP_DIR``): one sub-folder per dump, the current manifest on top.

Layout::

    DUMP_DIR/manifest.json                       the current dump (written last)
    DUMP_DIR/<dump id>/authority-<dump id>.nt.gz  its files, and a copy of its manifest

Every file lands atomically: written beside its name and renamed into place when
whole, the manifest last of all, so a reader of ``manifest.json`` never finds a file
it names missing or partial, and an interrupted dump leaves the previous one as it
was. Pruning keeps the newest ``keep`` (at least 2) complete dumps (the current one
always) and removes sub-folders without a manifest (interrupted dumps); one dump runs
at a time (a lock file), so no dump in progress is taken for an interrupted one.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from authority.errors import ConfigurationError
from authority.export.manifest import DUMP_ID, MANIFEST, Manifest
from authority.export.output import atomically
from authority.locking import exclusive

log = logging.getLogger(__name__)

LOCK = ".lock"
MIN_KEEP = 2
"""Dumps kept at least: the one before the current stays for the requests that read
its manifest and are about to open its files (a download in progress)."""


class DumpFolder:
    """The dumps in one folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> Manifest | None:
        """The current dump's manifest (None before the first dump)."""
        read = self.current_as_written()
        return read[0] if read is not None else None

    def current_as_written(self) -> tuple[Manifest, bytes] | None:
        """The current dump's manifest and its file's bytes, read once (None: none).

        Serve these bytes, not the file again: by then it may be the next dump's.
        A manifest that cannot be read (written by hand, damaged on disk, a field of
        the wrong type) counts as none, with a warning: ``/dumps`` then says there
        is no dump, and the next ``authority dump`` writes a whole new one.
        """
        try:
            data = (self.path / MANIFEST).read_bytes()
        except FileNotFoundError:
            return None
        try:
            return Manifest.loads(data), data
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
        with exclusive(self.path / LOCK, wait=False) as held:
            if not held:
                raise ConfigurationError(f"another dump is running in {self.path}")
            yield

    def new(self, dump_id: str) -> Path:
        """A new, empty sub-folder for the dump ``dump_id``."""
        folder = self.path / dump_id
        folder.mkdir()
        return folder

    def publish(self, manifest: Manifest) -> None:
        """Make ``manifest`` the current dump (its files are all in place)."""
        data = manifest.dumps()
        for path in (self.path / manifest.dump / MANIFEST, self.path / MANIFEST):
            with atomically(path) as written:
                written.write(data)

    def prune(self, keep: int) -> list[str]:
        """Remove all but the newest ``keep`` complete dumps; the ids removed.

        ``keep`` is at least :data:`MIN_KEEP` whatever is asked.
        """
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
        kept = {p.name for p in complete[: max(keep, MIN_KEEP)]}
        if current is not None:
            kept.add(current.dump)
        removed = [p for p in dumps if p.name not in kept]
        for folder in removed:
            shutil.rmtree(folder)
        return [p.name for p in removed]
