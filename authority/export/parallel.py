"""RDF dumps written by several processes: one range of ids per task, output in order.

Mapping and writing RDF is Python work per record, and so is reading a record back
from the store; one process keeps one core busy. The register is cut into ranges of
``range_size`` ids (``EXPORT_RANGE``; one index pass, ``service.boundaries``), a
pool of worker processes each read, map and write one range at a time through their
own database connection, and the parent writes the ranges' bytes in id order.
Workers are started with ``spawn``: they share no connection, no lock and no
half-initialised state with the parent. Memory stays bounded by the ranges in
flight: at most :data:`AHEAD` ranges per worker are handed out before the parent
has written the oldest (``Pool.imap`` would hand out all of them, and a parent
slower than its workers, gzip, would then hold every range's bytes at once).

Each range is written by the same :class:`~authority.linkeddata.serialize.DumpWriter`
as a one-process dump; the only difference is that a concept scheme's description
(its type and titles) is said once per range instead of once per dump (the same
triples again: the same graph).
"""

from __future__ import annotations

import io
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING, TypeVar

from authority.domain import Authority
from authority.export.job import ExportJob
from authority.linkeddata.serialize import DumpWriter
from authority.linkeddata.uris import Uris
from authority.service import Services

if TYPE_CHECKING:
    from authority.export.dump import Source

AHEAD = 2
"""Ranges handed out per worker ahead of the one the parent writes next."""

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Range:
    """One task: the job's authorities with ids after ``after`` up to ``until``."""

    job: ExportJob
    after: str
    until: str | None
    """None: to the end of the register."""


def dump_rdf_parallel(service: Source, job: ExportJob) -> Iterator[tuple[int, bytes]]:
    """(authorities, bytes) of each range in id order, written by ``job.workers``."""
    cuts = service.boundaries(job.range_size, job.kind)
    tasks = [
        Range(job, after, until)
        for after, until in zip(["", *cuts], [*cuts, None], strict=True)
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=job.workers) as pool:
        yield from in_order(pool, write_range, tasks, AHEAD * job.workers)


def in_order(
    pool: Pool, function: Callable[[T], R], tasks: Iterable[T], ahead: int
) -> Iterator[R]:
    """``function`` of each task, in order: at most ``ahead`` tasks ahead.

    A task is handed out only when fewer than ``ahead`` are out and not yet yielded
    (their results are what the parent holds).
    """
    pending: deque[AsyncResult[R]] = deque()
    for task in tasks:
        if len(pending) >= ahead:
            yield pending.popleft().get()
        pending.append(pool.apply_async(function, (task,)))
    while pending:
        yield pending.popleft().get()


def write_range(task: Range) -> tuple[int, bytes]:
    """One range of ids in the job's RDF form (runs in a worker process)."""
    job = task.job
    if job.database_url is None:
        raise ValueError("a parallel dump reads from a database URL")
    stream = io.BytesIO()
    count = 0
    with ExitStack() as stack:
        writer = stack.enter_context(DumpWriter(stream, job.form, Uris(job.base_uri)))
        for authority in _authorities(stack, task):
            writer.write(authority)
            count += 1
    return count, stream.getvalue()


def _authorities(stack: ExitStack, task: Range) -> Iterator[Authority]:
    """The task's range, from the job's snapshot when it names one."""
    job = task.job
    services = _services(str(job.database_url))
    source: Source = services.reading
    if job.snapshot is not None:
        source = stack.enter_context(services.dumping.joined(job.snapshot))
    return source.all(job.kind, 500, task.after, task.until)


@cache
def _services(database_url: str) -> Services:
    """This worker's services on ``database_url`` (built once per process)."""
    from authority.extension import Runtime

    return Runtime({"DATABASE_URL": database_url}).services
