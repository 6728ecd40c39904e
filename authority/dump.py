"""Whole-register dumps: every authority (or one kind) in one format, streamed.

The service hands out authorities in id-ordered batches, each format's writer turns
one record at a time into bytes, so a dump of millions of records runs in the memory
of one batch. The MARC forms (``marc/serialize.py``) and the RDF ones
(``linkeddata/serialize.py``: N-Triples, Turtle, JSON-LD lines) share this loop.
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from authority.domain import Authority, Kind
from authority.linkeddata import serialize as rdf
from authority.linkeddata.uris import Uris
from authority.marc import serialize
from authority.marc.to_marc import marc_output
from authority.service import ReadingService


@dataclass
class DumpReport:
    """What a dump wrote and what it had to leave out."""

    written: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(id, reason) of every authority its format cannot carry."""
    replaced: list[tuple[str, str]] = field(default_factory=list)
    """(id, where) of every authority written with characters its format cannot
    carry replaced by U+FFFD (stored before writes refused them)."""


def dump_formats() -> tuple[str, ...]:
    """Every format ``authority export`` writes."""
    return (*serialize.FORMATS, *rdf.DUMP_FORMATS)


def dump(
    service: ReadingService,
    form: str,
    stream: IO[bytes],
    *,
    kind: Kind | None = None,
    organization_code: str = "NO-TrBIB",
    full: bool = False,
    base_uri: str = "http://127.0.0.1:5000/",
    progress: Callable[[int], object] = lambda n: None,
    workers: int = 1,
    database_url: str | None = None,
    range_size: int = 2000,
) -> DumpReport:
    """Write every authority (of ``kind``) to ``stream`` in ``form``.

    Deleted and merged authorities are included, as MARC says them (leader/05 ``d``
    or ``x``, a 682 naming the successor) and as RDF says them (``owl:deprecated``,
    ``dct:isReplacedBy``): harvesters must learn about them too. ``full`` (MARC
    only) adds private identifiers and internal notes; RDF is always public.
    ``progress`` is called with the number of authorities written since last time.

    RDF forms can be written by ``workers`` processes side by side, each reading its
    own ranges of ``range_size`` ids from ``database_url`` (``dump_parallel.py``):
    the same records in the same order as with one process.
    """
    if form in rdf.DUMP_FORMATS and workers > 1 and database_url:
        parallel = (form, kind, base_uri, workers, database_url, range_size)
        return _dump_rdf_parallel(service, stream, parallel, progress)
    if form in rdf.DUMP_FORMATS:
        return _dump_rdf(service, form, stream, kind, Uris(base_uri), progress)
    report = DumpReport()
    with serialize.Writer(stream, form) as writer:
        for authority in service.all(kind):
            _write_one(writer, authority, organization_code, full, report)
            progress(1)
    return report


def _dump_rdf_parallel(
    service: ReadingService,
    stream: IO[bytes],
    parallel: tuple[str, Kind | None, str, int, str, int],
    progress: Callable[[int], object],
) -> DumpReport:
    from authority.dump_parallel import dump_rdf_parallel

    report = DumpReport()
    for count, data in dump_rdf_parallel(service, *parallel):
        stream.write(data)
        report.written += count
        progress(count)
    return report


def _dump_rdf(
    service: ReadingService,
    form: str,
    stream: IO[bytes],
    kind: Kind | None,
    uris: Uris,
    progress: Callable[[int], object],
) -> DumpReport:
    report = DumpReport()
    with rdf.DumpWriter(stream, form, uris) as writer:
        for authority in service.all(kind):
            writer.write(authority)
            report.written += 1
            progress(1)
    return report


def _write_one(
    writer: serialize.Writer,
    authority: Authority,
    organization_code: str,
    full: bool,
    report: DumpReport,
) -> None:
    record = marc_output(authority, organization_code=organization_code, full=full)
    try:
        writer.write(record)
    except serialize.UnwritableCharacterError:
        # Neither left out (a harvester would take it for deleted) nor written
        # with a delimiter that changes its structure: written, marked, reported.
        replaced, places = serialize.with_characters_replaced(record)
        writer.write(replaced)
        report.replaced.append((authority.id, "; ".join(places)))
        report.written += 1
    except serialize.UnwritableRecordError as error:
        report.skipped.append((authority.id, str(error)))
    else:
        report.written += 1


@contextmanager
def output(target: str) -> Iterator[IO[bytes]]:
    """A binary stream for ``target``: ``-`` is standard output, ``*.gz`` is gzipped.

    A file is written beside its final name and renamed into place only when the dump
    finishes, so an interrupted export never leaves a truncated file that looks whole.
    """
    if target == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    final = Path(target)
    partial = final.with_name(final.name + ".part")
    try:
        with open(partial, "wb") as raw:
            if final.suffix == ".gz":
                with gzip.GzipFile(fileobj=raw, mode="wb", filename="") as zipped:
                    yield cast(IO[bytes], zipped)
            else:
                yield raw
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
