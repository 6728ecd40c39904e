"""A lock file between processes: one dump at a time, one SPARQL writer at a time.

``flock`` on a file beside the data: the kernel releases it when its holder exits,
however it exits, so a killed process never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(path: Path, wait: bool) -> Iterator[bool]:
    """Hold the lock ``path`` names while the block runs: True when held.

    Without ``wait`` another holder makes it False at once (the block then runs
    without it and should say so); with ``wait`` it waits for the lock.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:  # closing releases the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
