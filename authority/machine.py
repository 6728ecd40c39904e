"""What the machine gives this process: the cores its worker processes may use.

Shared by the gunicorn settings (``authority/gunicorn.py``), ``authority export``
and the benchmarks, none of which should have to load another's code to know it.
"""

from __future__ import annotations

import os


def cores() -> int:
    """Cores this process may run on (a container's share, not the host's), at most 8.

    Each worker holds its own database connections; past a handful the database,
    not Python, is the limit.
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return max(1, min(8, usable or os.cpu_count() or 1))
