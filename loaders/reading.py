"""The reading side of a load: files -> batches of checked items, here or in a child.

Reading and mapping a record is Python work; so is preparing it for storage (its
content as JSON, its hash). Writing is mostly the database's work. A large load
therefore reads in a second process (``spawn``ed: it shares nothing with the
writer) that hands finished batches to the writer through a bounded queue, so two
cores work at once and memory stays bounded by the batches in flight.

A batch never spans two files, and every item in it is already checked for an id
seen earlier in the same file: within one file two records with one id are a broken
export (the second is refused, the first stands), across files a later record
replaces an earlier one (a newer export).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from loaders.sources import SourceItem

Batch = tuple[str, list[SourceItem]]
"""(path, items): consecutive items of one file."""

BATCH_SIZE = 500
"""Records per batch: one transaction each, so a kill costs at most this many."""

CHILD_GC_THRESHOLDS = (100_000, 50, 100)
"""The reader makes objects by the million and keeps few: collect less often."""

ItemReader = Callable[[str, str], Iterator[SourceItem]]
"""(path, source) -> its items: ``pipeline.items``."""


def batches(
    read: ItemReader,
    files: list[tuple[str, str]],
    limit: int | None = None,
    size: int = BATCH_SIZE,
) -> Iterator[Batch]:
    """The items of ``files`` in batches, checked and prepared, in this process."""
    read_so_far = 0
    for path, source in files:
        first_seen: dict[str, int] = {}  # id -> position, within this file
        batch: list[SourceItem] = []
        for item in read(path, source):
            if limit is not None and read_so_far >= limit:
                break
            read_so_far += 1
            batch.append(_prepared(_checked(item, first_seen)))
            if len(batch) >= size:
                yield path, batch
                batch = []
        if batch:
            yield path, batch
        if limit is not None and read_so_far >= limit:
            return


def batches_in_child(
    read: ItemReader,
    files: list[tuple[str, str]],
    limit: int | None = None,
    size: int = BATCH_SIZE,
) -> Iterator[Batch]:
    """:func:`batches`, made in a child process while the caller writes."""
    context = multiprocessing.get_context("spawn")
    handoff: multiprocessing.Queue[Any] = context.Queue(maxsize=8)
    child = context.Process(
        target=_child_main,
        args=(read, files, limit, size, handoff, os.getpid()),
        name="authority-load-reader",
        daemon=True,
    )
    child.start()
    try:
        while True:
            with _collector_paused():
                message = handoff.get()
            if message is None:
                return
            if isinstance(message, str):  # the child's traceback
                raise RuntimeError(f"the reading process failed:\n{message}")
            yield message
    finally:
        child.kill()
        child.join()


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Unpickling a batch makes a few hundred thousand objects, none of them
    # garbage; with the cyclic collector running meanwhile it took three times
    # as long. The collector runs again, once, after.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _child_main(
    read: ItemReader,
    files: list[tuple[str, str]],
    limit: int | None,
    size: int,
    handoff: multiprocessing.Queue[Any],
    parent: int,
) -> None:
    gc.set_threshold(*CHILD_GC_THRESHOLDS)
    try:
        for batch in batches(read, files, limit, size):
            _put(handoff, batch, parent)
        _put(handoff, None, parent)
    except Exception:  # boundary: the writer reports it and stops
        import traceback

        _put(handoff, traceback.format_exc(), parent)


def _put(handoff: multiprocessing.Queue[Any], message: object, parent: int) -> None:
    # Waits while the writer is behind, but not for a writer that died (kill -9):
    # an orphaned reader would wait on a full queue for ever.
    while True:
        try:
            handoff.put(message, timeout=1)
            return
        except queue.Full:
            if os.getppid() != parent:
                # At exit the queue would wait for its feeder thread to hand over
                # what it buffered, to a pipe nobody reads any more: for ever.
                handoff.cancel_join_thread()
                raise SystemExit(1) from None


def _checked(item: SourceItem, first_seen: dict[str, int]) -> SourceItem:
    """The item, or an error item when its id came earlier in the same file."""
    authority = item.authority
    if authority is None or not authority.id:
        return item
    earlier = first_seen.setdefault(authority.id, item.position)
    if earlier == item.position:
        return item
    reason = f"duplicate id {authority.id}: also record #{earlier} of this file"
    raw = item.raw or json.dumps(authority.content(), ensure_ascii=False)
    return SourceItem(item.position, None, reason, raw, authority.id)


def _prepared(item: SourceItem) -> SourceItem:
    """Compute what the writer needs (cached on the authority, pickled with it)."""
    authority = item.authority
    if authority is not None:  # each of these caches what it computes
        authority.content_hash()
        authority.heading  # noqa: B018
        authority.identifiers  # noqa: B018
    return item
