"""Queries run in worker processes, stopped at the deadline.

pyoxigraph has no way to cancel a running query (its ``query`` takes no timeout and
holds the GIL-free Rust evaluation until it ends), so a query runs in a worker
process that is killed when SPARQL_TIMEOUT passes: the CPU and memory it used are
released with it, whatever it was doing. Each worker opens the published snapshot
read-only and reopens it when ``current`` has moved (``folder.py``); a worker is
reused for the next query, so a query costs one round trip over a pipe, and a
killed one is replaced by a fresh process (``spawn``: the serving process may hold
threads and database connections that must not be forked).

A worker also limits its address space (:class:`Budget`), so a query that would fill
memory before the deadline ends that worker, not the server; and an answer is
measured (rows and bytes, ``query.py``) before it is pickled through the pipe.

Every gunicorn process of a pod has a pool, so the pod's budget is divided: a pool
runs about its share of the pod's cores at once (at least 2, so one slow query
does not hold every other back), and each worker may map its share of half the
pod's memory (the rest is gunicorn's, PostgreSQL's clients' and the page cache the
store reads through), between :data:`LEAST_MEMORY` and :data:`MOST_MEMORY`.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from authority.sparql.answers import Answer, Limits, QueryRefused, TooManyResults

LEAST_MEMORY = 3 * 1024**3 // 2
"""Bytes of address space a query worker may always map. The limit counts what is
reserved, not what is used: Python, rdflib, RocksDB's threads and malloc's arenas
reserve about half a GiB before the first query, and at 512 MiB one worker in eight
died on a trivial query (a thread it could not start)."""
MOST_MEMORY = 4 * 1024**3
"""Bytes of address space no query worker maps more than."""
IDLE_WORKERS = 2
"""Workers kept waiting for the next query (more are started when many run at once)."""


@dataclass(frozen=True)
class Budget:
    """What one pool may use: queries at once, address space per worker."""

    workers: int
    """Queries one pool runs at once; more wait for a worker, at most
    SPARQL_TIMEOUT (then 503): a burst of queries never starts a process each."""
    memory: int
    """Bytes of address space one query worker may map."""

    @classmethod
    def shared(cls, cores: int, pools: int, memory: int | None = None) -> Budget:
        """A pool's share of a pod of ``cores``, ``pools`` pools, ``memory`` bytes.

        ``memory`` unset: the cgroup's limit, else the machine's.
        """
        pools = max(1, pools)
        workers = max(2, cores // pools)
        total = memory if memory is not None else pod_memory()
        each = total // 2 // (pools * workers)
        return cls(workers, max(LEAST_MEMORY, min(MOST_MEMORY, each)))


def pod_memory() -> int:
    """Bytes of memory this process's cgroup may use (else the machine's)."""
    machine = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for path in ("/sys/fs/cgroup/memory.max",  # cgroup v2
                 "/sys/fs/cgroup/memory/memory.limit_in_bytes"):  # fmt: skip
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            return min(int(text), machine)
    return machine


class QueryTimeout(Exception):
    """The query ran past the deadline (its worker was stopped)."""


class QueryFailed(Exception):
    """The worker ended without an answer (e.g. it ran out of memory)."""


class StoreMissing(Exception):
    """No store has been built yet."""


class QueryPool:
    """Workers that run queries on the published snapshot of one folder."""

    def __init__(
        self, folder: Path, timeout: float, limits: Limits, budget: Budget
    ) -> None:
        self._folder, self._timeout, self._limits = folder, timeout, limits
        self.budget = budget
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(budget.workers)

    def run(self, text: str, accepted: list[str]) -> Answer:
        """The answer, or QueryRefused / TooManyResults / QueryTimeout / QueryFailed."""
        if not self._running.acquire(timeout=self._timeout):
            busy = self.budget.workers
            raise QueryFailed(f"{busy} queries are running: try again later")
        try:
            worker = self._take()
            try:
                answer = worker.ask((text, accepted, self._limits), self._timeout)
            except BaseException:
                worker.stop()
                raise
            self._give_back(worker)
        finally:
            self._running.release()
        return _unpacked(answer)

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
        return _Worker(self._folder, self.budget.memory)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < IDLE_WORKERS:
                self._idle.append(worker)
                return
        worker.stop()


def _unpacked(answer: tuple[str, Any, Any, int | None]) -> Answer:
    kind, first, second, seq = answer
    if kind == "ok":
        return Answer(first, second, seq)
    errors: dict[str, type[Exception]] = {
        "refused": QueryRefused,
        "too-many": TooManyResults,
        "missing": StoreMissing,
    }
    raise errors.get(kind, QueryFailed)(first)


class _Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, folder: Path, memory: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        self._process: BaseProcess = context.Process(
            target=serve, args=(theirs, str(folder), memory), daemon=True
        )
        self._process.start()
        theirs.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def ask(self, request: tuple[str, list[str], Limits], timeout: float) -> Any:
        self._conn.send(request)
        if not self._conn.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s")
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise QueryFailed("the query's worker ended (out of memory?)") from None

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)
        self._conn.close()


def serve(conn: Connection, folder: str, memory: int) -> None:
    """A worker's loop: answer requests until the pipe closes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    reader = _Reader(Path(folder))
    while True:
        try:
            text, accepted, limits = conn.recv()
        except EOFError:
            return
        conn.send(reader.answer(text, accepted, limits))


class _Reader:
    """The snapshot a worker reads, reopened when ``current`` moves."""

    def __init__(self, folder: Path) -> None:
        from authority.sparql.folder import Folder

        self._folder = Folder(folder)
        self._path: Path | None = None
        self._store: Any = None
        self._seq: int | None = None

    def answer(
        self, text: str, accepted: list[str], limits: Limits
    ) -> tuple[str, Any, Any, int | None]:
        from authority.sparql.query import run

        try:
            store = self._current()
            if store is None:
                return ("missing", "the SPARQL store has not been built", None, None)
            found = run(store, text, accepted, limits)
        except QueryRefused as error:
            return ("refused", str(error), None, None)
        except TooManyResults as error:
            return ("too-many", str(error), None, None)
        except Exception as error:  # noqa: BLE001 (answered, never a dead worker)
            return ("failed", f"{type(error).__name__}: {error}", None, None)
        return ("ok", found.body, found.media_type, self._seq)

    def _current(self) -> Any:
        from pyoxigraph import Store

        from authority.sparql.store import data_path, read_seq, state_path

        path = self._folder.current
        if path != self._path:
            self._store = self._seq = None  # let go of the old before opening
            if path is not None:
                self._store = Store.read_only(str(data_path(path)))
                self._seq = read_seq(Store.read_only(str(state_path(path))))
            self._path = path
        return self._store
