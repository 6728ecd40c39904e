"""``authority dump``: the whole register in every published form, into the dump folder.

One consistent snapshot (``service/dumping.py``) is written in each form of
:data:`FORMS`, gzip-compressed, each file renamed into place when whole; then its
manifest (sizes, SHA-256, record counts, the snapshot's change-log number) is
published (``folder.py``). ISO 2709 is written only when every record fits it (a
record longer than 99,999 bytes, a field longer than 9,999, or a MARC delimiter in
the data does not): otherwise the manifest names it among the omitted forms, with
the reason, and no file is kept.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from authority.export.dump import DumpReport, dump
from authority.export.folder import DumpFolder
from authority.export.job import ExportJob
from authority.export.manifest import DumpFile, Manifest, Omitted
from authority.export.output import output
from authority.service.dumping import DumpingService, Snapshot


@dataclass(frozen=True)
class Form:
    """One form a dump is published in."""

    format: str
    """``authority export --format``'s name."""
    title: str
    media_type: str
    suffix: str
    whole: bool = False
    """Kept only when every record could be written (ISO 2709)."""


FORMS = (
    Form("nt", "N-Triples", "application/n-triples", "nt"),
    Form("jsonld", "JSON-LD lines", "application/x-ndjson", "jsonld.jsonl"),
    Form("marcxml", "MARCXML", "application/marcxml+xml", "marcxml.xml"),
    Form("marcjsonl", "MARC-in-JSON lines", "application/x-ndjson", "marc.jsonl"),
    Form("iso2709", "MARC 21 (ISO 2709)", "application/marc", "mrc", whole=True),
)
"""Every form, in the order they are written (N-Triples first: harvesters' choice)."""


@dataclass(frozen=True)
class Outcome:
    """What ``authority dump`` did: the new manifest, or None when up to date."""

    manifest: Manifest | None
    head: int
    removed: list[str]


def run_dump(
    dumping: DumpingService,
    folder: DumpFolder,
    job: ExportJob,
    force: bool = False,
    keep: int = 2,
    progress: Callable[[int], object] = lambda n: None,
    started: Callable[[int], object] = lambda total: None,
) -> Outcome:
    """Dump the register into ``folder`` unless its current dump is up to date.

    ``job`` carries the settings every form shares (base URI, organization code,
    workers); ``started`` is told how many records will be written in all.
    """
    with folder.locked():
        current = folder.current()
        head = dumping.head()
        if not force and _up_to_date(folder, current, head, job):
            return Outcome(None, head, [])
        with dumping.snapshot() as snapshot:
            started(snapshot.count(job.kind) * len(FORMS))
            manifest = write_dump(snapshot, folder, job, progress)
        folder.publish(manifest)
        return Outcome(manifest, manifest.seq, folder.prune(keep))


def _up_to_date(
    folder: DumpFolder, current: Manifest | None, head: int, job: ExportJob
) -> bool:
    """The current dump holds every change up to ``head``, under the same URIs."""
    return (
        current is not None
        and current.seq == head
        and current.base_uri == job.base_uri
        and all(
            (path := folder.path_of(current, f.name)) is not None and path.is_file()
            for f in current.files
        )
    )


def write_dump(
    snapshot: Snapshot,
    folder: DumpFolder,
    job: ExportJob,
    progress: Callable[[int], object],
) -> Manifest:
    """Write every form of ``snapshot`` into a new sub-folder; its manifest."""
    now = datetime.now(UTC)
    dump_id = now.strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder.new(dump_id)
    try:
        return _write_forms(snapshot, target, dump_id, now, job, progress)
    except BaseException:
        # Interrupted (Ctrl-C, a failure): nothing of this dump stays behind.
        shutil.rmtree(target, ignore_errors=True)
        raise


def _write_forms(
    snapshot: Snapshot,
    target: Path,
    dump_id: str,
    now: datetime,
    job: ExportJob,
    progress: Callable[[int], object],
) -> Manifest:
    created = now.isoformat(timespec="seconds")
    files: list[DumpFile] = []
    omitted: list[Omitted] = []
    records = snapshot.count(job.kind)
    for form in FORMS:
        path = target / f"authority-{dump_id}.{form.suffix}.gz"
        with output(str(path)) as stream:
            report = dump(
                snapshot, replace(job, form=form.format, snapshot=snapshot.id),
                stream, progress,
            )  # fmt: skip
        if form.whole and (report.skipped or report.replaced):
            path.unlink()
            omitted.append(Omitted(form.format, _why_not(report)))
            continue
        files.append(_entry(path, form, report, snapshot.seq, created))
    return Manifest(
        dump_id, created, snapshot.seq, records, job.base_uri, files, omitted
    )


def _entry(
    path: Path, form: Form, report: DumpReport, seq: int, created: str
) -> DumpFile:
    digest = hashlib.sha256()
    with open(path, "rb") as written:
        while chunk := written.read(1 << 20):
            digest.update(chunk)
    notes = [
        f"{authority_id}: characters it cannot carry replaced by U+FFFD in {where}"
        for authority_id, where in report.replaced
    ]
    return DumpFile(
        path.name, form.format, form.title, form.media_type, path.stat().st_size,
        digest.hexdigest(), report.written, seq, seq, created, notes,
    )  # fmt: skip


def _why_not(report: DumpReport) -> str:
    problems = [*report.skipped, *report.replaced]
    first_id, first_reason = problems[0]
    return (
        f"{len(problems)} records do not fit ISO 2709 "
        f"(the first: {first_id}: {first_reason})"
    )
