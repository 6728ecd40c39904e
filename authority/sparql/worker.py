"""Queries run in worker processes, stopped at the deadline.

pyoxigraph has no way to cancel a running query (its ``query`` takes no timeout and
holds the GIL-free Rust evaluation until it ends), so a query runs in a worker
process that is killed when SPARQL_TIMEOUT passes: the CPU and memory it used are
released with it, whatever it was doing. Each worker opens the published snapshot
read-only and reopens it when ``current`` has moved (``folder.py``); a worker is
reused for the next query, so a query costs one round trip over a pipe, and a
killed one is replaced by a fresh process (``spawn``: the serving process may hold
threads and database connections that must not be forked).

A worker also limits its address space (:data:`MEMORY_LIMIT`), so a query that
would fill memory before the deadline ends that worker, not the server.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from authority.sparql.query import Answer, QueryRefused, TooManyResults

MEMORY_LIMIT = 4 * 1024**3
"""Bytes of address space one query worker may map."""
IDLE_WORKERS = 4
"""Workers kept waiting for the next query (more are started when many run at once)."""
MOST_WORKERS = 8
"""Queries one pool runs at once; more wait for a worker, at most SPARQL_TIMEOUT
(then 503): a burst of queries never starts a process each."""


class QueryTimeout(Exception):
    """The query ran past the deadline (its worker was stopped)."""


class QueryFailed(Exception):
    """The worker ended without an answer (e.g. it ran out of memory)."""


class StoreMissing(Exception):
    """No store has been built yet."""


class QueryPool:
    """Workers that run queries on the published snapshot of one folder."""

    def __init__(self, folder: Path, timeout: float, limit: int) -> None:
        self._folder, self._timeout, self._limit = folder, timeout, limit
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(MOST_WORKERS)

    def run(self, text: str, accepted: list[str]) -> Answer:
        """The answer, or QueryRefused / TooManyResults / QueryTimeout / QueryFailed."""
        if not self._running.acquire(timeout=self._timeout):
            raise QueryFailed(f"{MOST_WORKERS} queries are running: try again later")
        try:
            worker = self._take()
            try:
                answer = worker.ask((text, accepted, self._limit), self._timeout)
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
        return _Worker(self._folder)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < IDLE_WORKERS:
                self._idle.append(worker)
                return
        worker.stop()


def _unpacked(answer: tuple[str, Any, Any]) -> Answer:
    kind, first, second = answer
    if kind == "ok":
        return Answer(first, second)
    errors: dict[str, type[Exception]] = {
        "refused": QueryRefused,
        "too-many": TooManyResults,
        "missing": StoreMissing,
    }
    raise errors.get(kind, QueryFailed)(first)


class _Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, folder: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        self._process: BaseProcess = context.Process(
            target=serve, args=(theirs, str(folder)), daemon=True
        )
        self._process.start()
        theirs.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def ask(self, request: tuple[str, list[str], int], timeout: float) -> Any:
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


def serve(conn: Connection, folder: str) -> None:
    """A worker's loop: answer requests until the pipe closes."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    reader = _Reader(Path(folder))
    while True:
        try:
            text, accepted, limit = conn.recv()
        except EOFError:
            return
        conn.send(reader.answer(text, accepted, limit))


class _Reader:
    """The snapshot a worker reads, reopened when ``current`` moves."""

    def __init__(self, folder: Path) -> None:
        from authority.sparql.folder import Folder

        self._folder = Folder(folder)
        self._path: Path | None = None
        self._store: Any = None

    def answer(
        self, text: str, accepted: list[str], limit: int
    ) -> tuple[str, Any, Any]:
        from authority.sparql.query import run

        try:
            store = self._current()
            if store is None:
                return ("missing", "the SPARQL store has not been built", None)
            found = run(store, text, accepted, limit)
        except QueryRefused as error:
            return ("refused", str(error), None)
        except TooManyResults as error:
            return ("too-many", str(error), None)
        except Exception as error:  # noqa: BLE001 (answered, never a dead worker)
            return ("failed", f"{type(error).__name__}: {error}", None)
        return ("ok", found.body, found.media_type)

    def _current(self) -> Any:
        from pyoxigraph import Store

        path = self._folder.current
        if path != self._path:
            self._store = None  # let go of the old snapshot before opening the new
            self._store = Store.read_only(str(path)) if path is not None else None
            self._path = path
        return self._store
