"""The load: read -> map -> write, one outcome per record, never stopped by one.

Each source (``loaders/sources/``) yields :class:`SourceItem`s; each mapped authority
goes to the loading service's ``upsert_from_source`` (created / updated / unchanged,
by the upsert rule), each deletion a source reports (an OAI-PMH deleted header) to
its ``delete_from_source`` in its place among the records (deleted), and each
failure — unreadable, unmappable, refused by the service's validation — is counted
and handed to ``on_error`` with its file, position, id and raw record.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authority.domain import Actor, Authority
from authority.domain.carried import Carried
from authority.errors import AuthorityError
from authority.service import LoadingService, Outcome, Result, validate_incoming
from loaders import reading
from loaders.sources import (
    Deletion,
    SourceItem,
    bare_json,
    carried,
    emnemodul,
    marc,
    realfagstermer,
    skos,
)

SOURCES = ("bare-json", "emnemodul", "realfagstermer", "skos", *marc.READER_FORMS)
"""Every source ``authority load --source`` takes."""

SUFFIXES = (".json", ".jsonl", ".ndjson", ".xml", ".mrc", ".marc", ".txt", ".ttl",
            ".nt", ".rdf", ".owl")  # fmt: skip
"""The suffixes of the sources' files: what ``authority load FOLDER`` loads of it."""

OUTCOMES = ("read", "created", "updated", "unchanged", "errors")


class UnknownSourceError(ValueError):
    """A file whose source could not be recognised (and none was given)."""


@dataclass
class LoadReport:
    """Counts of a load, and how long it took."""

    counts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        """Seconds since the load started."""
        return time.monotonic() - self.started

    def summary(self) -> str:
        """``read 10 · created 8 · updated 0 · unchanged 1 · errors 1 · 0.4 s``.

        ``deleted N`` comes before ``errors`` when the files deleted any (OAI-PMH
        deleted headers).
        """
        shown = [*OUTCOMES[:-1], "deleted", OUTCOMES[-1]]  # deleted: when any
        parts = [
            f"{name} {self.counts[name]:,}"
            for name in shown
            if name != "deleted" or self.counts[name]
        ]
        return " · ".join([*parts, f"{self.elapsed:.1f} s"])


ErrorHandler = Callable[[dict[str, Any]], None]


def detect(path: str) -> str:
    """The source of a file, from its first bytes."""
    with open(path, "rb") as stream:
        head = stream.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if bare_json.looks_like(head):
        return "bare-json"
    if emnemodul.looks_like(head):
        return "emnemodul"
    if realfagstermer.looks_like(head):
        return "realfagstermer"
    if skos.looks_like(head):  # before MARCXML: RDF/XML starts with "<" too
        return "skos"
    if text.startswith(b"<"):
        return "marcxml"  # MARCXML, MARCXchange, SRU and OAI: one XML reader
    if text[:1] in (b"{", b"["):
        return "marcjson"
    if len(text) >= 24 and text[:5].isdigit():
        return "iso2709"
    raise UnknownSourceError(f"{path}: cannot tell what this file is; give --source")


def items(path: str, source: str) -> Iterator[SourceItem]:
    """The items of one file of ``source``."""
    if source == "bare-json":
        return bare_json.read(path)
    if source == "emnemodul":
        return emnemodul.read(path)
    if source == "realfagstermer":
        return realfagstermer.read(path)
    if source == "skos":
        return skos.read(path)
    return marc.read(path, source)


RECORD_MARKERS: dict[str, tuple[bytes, int]] = {
    "bare-json": (b'"systemControlNumber"', 1),
    "emnemodul": (b"<post>", 1),
    "realfagstermer": (b"id= ", 1),
    "marcxml": (b"leader>", 2),  # <leader> and </leader>, prefixed or not
    "marcxchange": (b"leader>", 2),
    "iso2709": (b"\x1d", 1),  # the record terminator
    "marcjson": (b'"leader"', 1),
}
"""Source -> (bytes that occur ``n`` times per record, n): a quick count for ETAs."""


def estimate(path: str, source: str) -> int | None:
    """About how many records ``path`` holds (one pass over its bytes), if known."""
    if source not in RECORD_MARKERS:
        return None
    marker, per_record = RECORD_MARKERS[source]
    found, tail = 0, b""
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 24):
            window = tail + chunk
            found += window.count(marker)
            # Too short to hold a marker, long enough to complete one split here.
            tail = window[len(window) - len(marker) + 1 :]
    return found // per_record


def load(
    service: LoadingService | None,
    files: list[tuple[str, str]],
    actor: Actor,
    *,
    dry_run: bool = False,
    limit: int | None = None,
    on_error: ErrorHandler = lambda entry: None,
    progress: Callable[[int], object] = lambda n: None,
    reader_process: bool = False,
) -> LoadReport:
    """Load ``(path, source)`` files in order; ``limit`` caps the records read.

    Records are written in batches, one transaction each (``upsert_many``).
    A dry run writes nothing: its ``service`` rolls every batch back (the runtime's
    ``rehearsal``), or is None when there is no database, and then each record
    only gets the checks a write makes before it asks the database.
    ``reader_process`` reads and maps in a second process while this one writes.
    """
    report = LoadReport()
    read = reading.batches_in_child if reader_process else reading.batches

    def outcome(path: str, item: SourceItem, result: Result | None) -> None:
        if isinstance(result, AuthorityError) or (
            result is None and item.authority is None
        ):
            report.counts["errors"] += 1
            reason = str(result) if result else item.error or "not mapped"
            on_error(_error_entry(path, item, reason))
        elif result is not None:
            report.counts[result.value] += 1

    sources = dict(files)
    for path, batch in read(items, files, limit):
        report.counts["read"] += len(batch)
        said = carried(sources[path])
        for run in _runs(batch):  # a deletion between records keeps its place
            if run[0].deletion is not None:
                deletion = run[0].deletion
                outcome(path, run[0], _delete(service, deletion, actor, dry_run))
                continue
            authorities = [item.authority for item in run if item.authority]
            results = iter(_write(service, authorities, actor, said))
            for item in run:
                outcome(path, item, next(results) if item.authority else None)
        progress(len(batch))
    return report


def _runs(batch: list[SourceItem]) -> Iterator[list[SourceItem]]:
    """The batch in file order: each deletion alone, the records between together."""
    run: list[SourceItem] = []
    for item in batch:
        if item.deletion is None:
            run.append(item)
            continue
        if run:
            yield run
            run = []
        yield [item]
    if run:
        yield run


def _delete(
    service: LoadingService | None, deletion: Deletion, actor: Actor, dry_run: bool
) -> Result:
    """The service's result for a source's deletion (a dry run: deleted)."""
    if dry_run or service is None:
        return Outcome.DELETED
    try:
        return service.delete_from_source(deletion.id, deletion.when, actor)
    except AuthorityError as error:
        return error


def _write(
    service: LoadingService | None,
    authorities: list[Authority],
    actor: Actor,
    said: Carried,
) -> list[Result | None]:
    """The service's result for each record (None: validated only, a dry run)."""
    if service is not None:  # a dry run's rolls back
        return list(service.upsert_many(authorities, actor, said))
    results: list[Result | None] = []
    for authority in authorities:  # a write's own checks: a dry run finds the same
        try:
            validate_incoming(authority)
            results.append(None)
        except AuthorityError as error:
            results.append(error)
    return results


def _error_entry(path: str, item: SourceItem, reason: str) -> dict[str, Any]:
    raw = item.raw
    if raw is None and item.authority is not None:  # mapped, then refused
        raw = json.dumps(item.authority.content(), ensure_ascii=False)
    return {
        "file": str(Path(path)),
        "position": item.position,
        "id": item.id or (item.authority.id if item.authority else None),
        "reason": reason,
        "raw": raw,
    }
