"""The load report for a cut-over: what the sources hold vs the database.

``authority load FILES --report FILE`` (after the load) or ``authority load-report
FILES --report FILE`` (on its own) reads the files again and writes one JSON
document:

- ``database``: authorities by kind, quality level and status, in the whole register;
- ``source``: records read, refused (by reason), deleted (OAI-PMH deleted headers),
  distinct ids, by kind and quality;
- ``ids``: source ids found in the database, those missing (each with file,
  position and why, when the source said), and how many database ids no source named;
- ``differences``: every record whose stored form differs from its input beyond the
  documented normalisations. A MARC record is exported again (``marc_output``,
  everything included, or the public view when that is what it equals) and
  compared field by field with the record as read (``authority.marc.compare``); a
  record of another source is compared as mapped
  (its content hash: the mapping's own normalisations are documented and tested
  with each source). A record that a later file replaced, or that the database
  holds in a newer version (``superseded``: a load never applies an older one),
  is not a difference; modification times are compared at the precision the
  source carries (005: tenths of a second), and what a source cannot say (BARE's
  ``origin`` in MARC, private data in a public export) is not a difference
  (``authority.domain.carried``). A deleted header is compared by status: the
  authority it names must be a tombstone (or merged), unless it was stored again
  later.

Memory: the distinct source ids are kept (sets of strings: a few hundred MB for
the two million of BARE); everything else streams.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from authority.domain import Authority, Status
from authority.domain.carried import EVERYTHING, Carried, kept_as_stored, older
from authority.errors import AuthorityError
from authority.marc import from_marc
from authority.marc.compare import differences
from authority.marc.from_marc import from_fields
from authority.marc.read import read as read_marc
from authority.marc.to_marc import marc_output
from authority.service import Services
from loaders import reading
from loaders.sources import SourceItem, carried, marc

LISTED = 1000
"""Missing ids and differing records listed one by one (the counts are complete)."""


@dataclass
class _Compared:
    """One source record next to what the database holds for it."""

    path: str
    item: SourceItem
    stored: Authority | None
    found: list[str] = field(default_factory=list)
    """Its differences (empty: none)."""
    carried: Carried = EVERYTHING
    """What the source's format says (its times are compared at its precision)."""


@dataclass
class LoadReport:
    """The report, filled record by record."""

    files: list[dict[str, Any]] = field(default_factory=list)
    read: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    deleted: int = 0
    """OAI-PMH deleted headers read."""
    by_kind: Counter[str] = field(default_factory=Counter)
    by_quality: Counter[str] = field(default_factory=Counter)
    ids: set[str] = field(default_factory=set)
    stored_ids: set[str] = field(default_factory=set)
    missing: list[dict[str, Any]] = field(default_factory=list)
    missing_count: int = 0
    compared: int = 0
    superseded: int = 0
    differing: list[dict[str, Any]] = field(default_factory=list)
    differing_count: int = 0

    def add(self, compared: _Compared, last_file: dict[str, str]) -> None:
        """Count one record."""
        self.read += 1
        item, stored = compared.item, compared.stored
        authority = item.authority
        if item.deletion is not None:
            self.deleted += 1
        elif authority is None:
            self.refused[_reason_kind(item.error)] += 1
        else:
            self.by_kind[authority.kind.value] += 1
            self.by_quality[
                authority.quality.value if authority.quality else "none"
            ] += 1
        known = stored.id if stored else (authority.id if authority else item.id)
        if known:
            self.ids.add(known)
        if stored is None:
            self.missing_count += 1
            if len(self.missing) < LISTED:
                self.missing.append(_where(compared, item.error or "not stored"))
            return
        self.stored_ids.add(stored.id)
        if last_file.get(stored.id, compared.path) != compared.path:
            return  # a later file gave this id again: that one is compared
        if _superseded(authority, stored, compared.carried) or _deleted_before(
            item, stored
        ):
            self.superseded += 1
            return  # the database holds a newer version (a newer export, an edit)
        self.compared += 1
        if compared.found:
            self.differing_count += 1
            if len(self.differing) < LISTED:
                self.differing.append(_where(compared, compared.found))

    def document(self, services: Services) -> dict[str, Any]:
        """The report as JSON data."""
        counts = services.reading.counts()
        in_database = sum(counts.values())
        return {
            "files": self.files,
            "database": {
                "authorities": in_database,
                "by_kind_quality_status": [
                    {"kind": k, "quality": q, "status": s, "count": n}
                    for (k, q, s), n in sorted(counts.items())
                ],
            },
            "source": {
                "records": self.read,
                "refused": sum(self.refused.values()),
                "refused_by_reason": dict(self.refused.most_common()),
                "deleted": self.deleted,
                "distinct_ids": len(self.ids),
                "by_kind": dict(sorted(self.by_kind.items())),
                "by_quality": dict(sorted(self.by_quality.items())),
            },
            "ids": {
                "in_source": len(self.ids),
                "found": len(self.stored_ids),
                "missing": self.missing_count,
                "missing_listed": self.missing,
                "only_in_database": in_database - len(self.stored_ids),
            },
            "differences": {
                "compared": self.compared,
                "superseded": self.superseded,
                "differing": self.differing_count,
                "records": self.differing,
            },
        }


Files = list[tuple[str, str]]
"""(path, source) of each file, in load order."""


def load_report(
    services: Services, files: Files, read_items: reading.ItemReader
) -> dict[str, Any]:
    """The load report of ``files`` (``(path, source)``) against the store."""
    report = LoadReport()
    last_file = _last_file_of_ids(files, read_items)
    for path, source in files:
        count = 0
        for compared in _compared(services, path, source, read_items):
            report.add(compared, last_file)
            count += 1
        report.files.append({"file": path, "source": source, "records": count})
    return report.document(services)


def _compared(
    services: Services, path: str, source: str, read_items: reading.ItemReader
) -> Iterator[_Compared]:
    if source in marc.READER_FORMS:
        yield from _compared_marc(services, path, source)
        return
    said = carried(source)
    for _, batch in reading.batches(read_items, [(path, source)]):
        stored = services.reading.find_many(
            [i.authority.id for i in batch if i.authority]
        )
        for item in batch:
            held = stored.get(item.authority.id) if item.authority else None
            found = _content_differences(item, held, said)
            yield _Compared(path, item, held, found, said)


def _compared_marc(services: Services, path: str, source: str) -> Iterator[_Compared]:
    """MARC records, each compared as exported with the record as read."""
    for result in read_marc(path, marc.READER_FORMS[source]):
        if result.deleted is not None:
            deletion = marc.deleted(result.position, result.deleted)
            yield _compared_deletion(services, path, deletion)
            continue
        if result.error is not None or result.leader is None:
            item = SourceItem(result.position, None, result.error)
            yield _Compared(path, item, None)
            continue
        try:
            authority = from_fields(result.leader, result.fields)
        except AuthorityError as error:
            yield _Compared(path, SourceItem(result.position, None, str(error)), None)
            continue
        item = SourceItem(result.position, authority, id=authority.id or None)
        stored = (
            services.reading.find(authority.id)
            if authority.id
            else services.loading.find_foreign(authority)
        )
        found = []
        if stored is not None:
            # A public export's record is its stored record's public view.
            full = authority.fields != stored.public_fields
            output = marc_output(stored, full=full)
            found = differences(
                result.leader, result.fields, output.leader, output.fields
            )
        yield _Compared(path, item, stored, found, from_marc.CARRIED)


def _compared_deletion(services: Services, path: str, item: SourceItem) -> _Compared:
    """A deleted header next to the authority it names: it should be a tombstone."""
    stored = services.reading.find(item.deletion.id) if item.deletion else None
    found = []
    if stored is not None and stored.status is Status.ACTIVE:
        found = ["deleted in the source, active in the register"]
    return _Compared(path, item, stored, found)


def _content_differences(
    item: SourceItem, stored: Authority | None, said: Carried
) -> list[str]:
    if item.authority is None or stored is None:
        return []
    # What the format cannot say is not a difference (domain/carried.py).
    source = kept_as_stored(item.authority, stored, said)
    if source.content_hash() == stored.content_hash() or _same(source, stored):
        return []
    theirs, ours = set(source.fields), set(stored.fields)
    found = [
        f"not stored: {f.tag} {f.to_dict()}" for f in source.fields if f not in ours
    ]
    found += [
        f"not in source: {f.tag} {f.to_dict()}"
        for f in stored.fields
        if f not in theirs
    ]
    return found or ["the envelope differs (status, dates, quality or origin)"]


def _superseded(source: Authority | None, stored: Authority, said: Carried) -> bool:
    """The stored version is newer than the source's (which a load does not apply).

    Newer at the precision the source's format carries (005: tenths of a second).
    """
    return source is not None and older(source, stored.provenance.modified, said)


def _deleted_before(item: SourceItem, stored: Authority) -> bool:
    """The source deleted the record before the stored version was made."""
    when, ours = item.deletion and item.deletion.when, stored.provenance.modified
    return bool(when and ours and when < ours)


def _same(source: Authority, stored: Authority) -> bool:
    """Equal but for what the store fills in (dates the source did not give)."""
    return (
        source.fields == stored.fields
        and source.status == stored.status
        and source.merged_into == stored.merged_into
        and source.quality == stored.quality
        and source.provenance.origin == stored.provenance.origin
        and source.provenance.created in (None, stored.provenance.created)
        and source.provenance.modified in (None, stored.provenance.modified)
    )


def _last_file_of_ids(files: Files, read_items: reading.ItemReader) -> dict[str, str]:
    """Id -> the last file that names it, for ids that more than one file names."""
    if len(files) < 2:
        return {}
    seen: dict[str, str] = {}
    for path, source in files:
        for item in read_items(path, source):
            if item.authority is not None and item.authority.id:
                seen[item.authority.id] = path
    return seen


def _where(compared: _Compared, what: object) -> dict[str, Any]:
    item = compared.item
    known = item.authority.id if item.authority else item.id
    return {"file": compared.path, "position": item.position, "id": known, "why": what}


def _reason_kind(reason: str | None) -> str:
    """A refusal's reason without the record's own details, for counting."""
    text = reason or "not mapped"
    if text.startswith("record ") and ": " in text:
        text = text.split(": ", 1)[1]  # "record 123: 1XX: ..." -> "1XX: ..."
    return text.split(" id ")[0] if text.startswith("duplicate") else text[:120]
