"""A parallel dump hands out a bounded number of ranges ahead of what it writes."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from authority.export.parallel import in_order


def touched(path: str) -> str:
    """A task that leaves a trace of having run (in a worker process)."""
    Path(path).touch()
    return path


def test_a_slow_parent_holds_only_the_ranges_in_flight(tmp_path: Path) -> None:
    tasks = [str(tmp_path / f"{i:02}") for i in range(20)]
    with multiprocessing.get_context("spawn").Pool(processes=2) as pool:
        results = in_order(pool, touched, tasks, ahead=2)
        assert next(results) == tasks[0]
        time.sleep(2)  # the parent busy with the first range (gzip)
        # Pool.imap had run all 20 by now, holding their results in the parent
        assert len(list(tmp_path.iterdir())) <= 3
        assert list(results) == tasks[1:]  # and then every one, in order
