"""The load: read -> map -> write, one outcome per record, never stopped by one.

Each source (``loaders/sources/``) yields :class:`SourceItem`s; each mapped authority
goes to ``service.upsert_from_source`` (created / updated / unchanged, by content
hash), each failure — unreadable, unmappable, refused by the service's validation —
is counted and handed to ``on_error`` with its file, position, id and raw record.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authority.domain import Actor
from authority.errors import AuthorityError
from authority.service import AuthorityService, validate
from loaders.sources import SourceItem, bare_json, emnemodul, marc

SOURCES = ("bare-json", "emnemodul", *marc.READER_FORMS)
"""Every source ``authority load --source`` takes (SKOS follows)."""

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
        """``read 10 · created 8 · updated 0 · unchanged 1 · errors 1 · 0.4 s``."""
        parts = [f"{name} {self.counts[name]:,}" for name in OUTCOMES]
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
    return marc.read(path, source)


def load(
    service: AuthorityService | None,
    files: list[tuple[str, str]],
    actor: Actor,
    *,
    dry_run: bool = False,
    limit: int | None = None,
    on_error: ErrorHandler = lambda entry: None,
    progress: Callable[[int], object] = lambda n: None,
) -> LoadReport:
    """Load ``(path, source)`` files in order; ``limit`` caps the records read.

    ``service`` may be None for a dry run, which validates but never writes.
    """
    report = LoadReport()
    for path, source in files:
        first_seen: dict[str, int] = {}  # id -> position, within this file
        for item in items(path, source):
            if limit is not None and report.counts["read"] >= limit:
                return report
            report.counts["read"] += 1
            outcome, reason = _duplicate(item, first_seen) or _write(
                service, item, actor, dry_run
            )
            if reason is not None:
                report.counts["errors"] += 1
                on_error(_error_entry(path, item, reason))
            elif outcome is not None:
                report.counts[outcome] += 1
            progress(1)
    return report


def _duplicate(item: SourceItem, first_seen: dict[str, int]) -> tuple[None, str] | None:
    """An id met twice in one file: the second is refused, the first stands.

    Across files a later record replaces an earlier one (a newer export); inside
    one file two records with one id are a broken export, not an update.
    """
    if item.authority is None or not item.authority.id:
        return None
    earlier = first_seen.setdefault(item.authority.id, item.position)
    if earlier == item.position:
        return None
    return (
        None,
        f"duplicate id {item.authority.id}: also record #{earlier} of this file",
    )


def _write(
    service: AuthorityService | None, item: SourceItem, actor: Actor, dry_run: bool
) -> tuple[str | None, str | None]:
    """(outcome, None) or (None, why the record was refused)."""
    if item.authority is None:
        return None, item.error or "not mapped"
    try:
        if dry_run or service is None:  # a write's own checks: a dry run finds the same
            validate(item.authority)
            return None, None
        outcome, _ = service.upsert_from_source(item.authority, actor)
    except AuthorityError as error:
        return None, str(error)
    return outcome.value, None


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
