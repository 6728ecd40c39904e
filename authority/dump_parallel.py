"""RDF dumps written by several processes: one range of ids per task, output in order.

Mapping and writing RDF is Python work per record, and so is reading a record back
from the store; one process keeps one core busy. The register is cut into ranges of
``range_size`` ids (``EXPORT_RANGE``; one index pass, ``service.boundaries``), a
pool of worker processes each read, map and write one range at a time through their
own database connection, and the parent writes the ranges' bytes in id order.
Workers are started with ``spawn``: they share no connection, no lock and no
half-initialised state with the parent. Memory stays bounded by the ranges in
flight (a few times ``range_size`` records).

Each range is written by the same :class:`~authority.linkeddata.serialize.DumpWriter`
as a one-process dump; the only difference is that a concept scheme's description
(its type and titles) is said once per range instead of once per dump (the same
triples again: the same graph).
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Iterator
from functools import cache

from authority.domain import Kind
from authority.linkeddata.serialize import DumpWriter
from authority.linkeddata.uris import Uris
from authority.service import ReadingService

Task = tuple[str, str, str | None, str, str | None, str]
"""(database URL, form, kind, after, until, base URI)."""


def dump_rdf_parallel(
    service: ReadingService,
    form: str,
    kind: Kind | None,
    base_uri: str,
    workers: int,
    database_url: str,
    range_size: int = 2000,
) -> Iterator[tuple[int, bytes]]:
    """(authorities, bytes) of each range in id order, written by ``workers``."""
    cuts = service.boundaries(range_size, kind)
    ranges = list(zip(["", *cuts], [*cuts, None], strict=True))
    tasks: list[Task] = [
        (database_url, form, kind.value if kind else None, after, until, base_uri)
        for after, until in ranges
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=workers) as pool:
        yield from pool.imap(write_range, tasks)


def write_range(task: Task) -> tuple[int, bytes]:
    """One range of ids in one RDF form (runs in a worker process)."""
    database_url, form, kind, after, until, base_uri = task
    stream = io.BytesIO()
    count = 0
    with DumpWriter(stream, form, Uris(base_uri)) as writer:
        service = _service(database_url)
        for authority in service.all(Kind(kind) if kind else None, 500, after, until):
            writer.write(authority)
            count += 1
    return count, stream.getvalue()


@cache
def _service(database_url: str) -> ReadingService:
    """This worker's reading service on ``database_url`` (built once per process)."""
    from authority.runtime import Runtime

    return Runtime({"DATABASE_URL": database_url}).services.reading
