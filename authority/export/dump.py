"""Whole-register dumps: every authority (or one kind) in one format, streamed.

The service hands out authorities in id-ordered batches, each format's writer turns
one record at a time into bytes, so a dump of millions of records runs in the memory
of one batch. The MARC forms (``marc/serialize.py``) and the RDF ones
(``linkeddata/serialize.py``: N-Triples, Turtle, JSON-LD lines) share this loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

from authority.domain import Authority, Kind
from authority.export.job import ExportJob
from authority.linkeddata import serialize as rdf
from authority.linkeddata.uris import Uris
from authority.marc import serialize
from authority.marc.to_marc import marc_output


class Source(Protocol):
    """Where a dump reads.

    The register batch by batch (``ReadingService``), or one consistent snapshot of
    it (``service/dumping.py``).
    """

    def all(
        self,
        kind: Kind | None = None,
        batch: int = 500,
        after: str = "",
        until: str | None = None,
    ) -> Iterator[Authority]:
        """Every authority (of one kind) in id order."""
        ...  # pragma: no cover

    def boundaries(self, step: int, kind: Kind | None = None) -> list[str]:
        """Ids that cut it into ranges of ``step`` ids."""
        ...  # pragma: no cover


@dataclass
class DumpReport:
    """What a dump wrote and what it had to leave out."""

    written: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(id, reason) of every authority its format cannot carry."""
    replaced: list[tuple[str, str]] = field(default_factory=list)
    """(id, where) of every authority written with characters its format cannot
    carry replaced by U+FFFD (stored before writes refused them)."""


def dump(
    service: Source,
    job: ExportJob,
    stream: IO[bytes],
    progress: Callable[[int], object] = lambda n: None,
) -> DumpReport:
    """Write what ``job`` describes to ``stream``.

    Deleted and merged authorities are included, as MARC says them (leader/05 ``d``
    or ``x``, a 682 naming the successor) and as RDF says them (``owl:deprecated``,
    ``dct:isReplacedBy``): harvesters must learn about them too. ``progress`` is
    called with the number of authorities written since last time. A parallel job
    (``ExportJob.parallel``) writes the same records in the same order as one
    process.
    """
    if job.parallel:
        return _dump_rdf_parallel(service, job, stream, progress)
    if job.rdf:
        return _dump_rdf(service, job, stream, progress)
    report = DumpReport()
    with serialize.Writer(stream, job.form) as writer:
        for authority in service.all(job.kind):
            _write_one(writer, authority, job, report)
            progress(1)
    return report


def _dump_rdf_parallel(
    service: Source,
    job: ExportJob,
    stream: IO[bytes],
    progress: Callable[[int], object],
) -> DumpReport:
    from authority.export.parallel import dump_rdf_parallel

    report = DumpReport()
    for count, data in dump_rdf_parallel(service, job):
        stream.write(data)
        report.written += count
        progress(count)
    return report


def _dump_rdf(
    service: Source,
    job: ExportJob,
    stream: IO[bytes],
    progress: Callable[[int], object],
) -> DumpReport:
    report = DumpReport()
    with rdf.DumpWriter(stream, job.form, Uris(job.base_uri)) as writer:
        for authority in service.all(job.kind):
            writer.write(authority)
            report.written += 1
            progress(1)
    return report


def _write_one(
    writer: serialize.Writer, authority: Authority, job: ExportJob, report: DumpReport
) -> None:
    record = marc_output(
        authority, organization_code=job.organization_code, full=job.full
    )
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
