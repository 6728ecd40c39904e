"""Sources: each legacy export format, read into mapped authorities one by one.

A source module offers ``read(path) -> Iterator[SourceItem]`` (streaming, in bounded
memory) and ``looks_like(head: bytes) -> bool`` (auto-detection from the first bytes
of a file). A record that cannot be read or mapped is an item with an ``error``,
never an exception that stops the load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from authority.barejson.write import CARRIED as BARE_JSON_CARRIED
from authority.domain import Authority
from authority.domain.carried import Carried
from authority.marc.from_marc import CARRIED as MARC_CARRIED

SUBJECTS = ("emnemodul", "realfagstermer", "skos")
SUBJECTS_CARRIED = Carried(bare_type=False, leader=False)
"""The subject sources name their own origin and give their dates as they are."""


@dataclass(frozen=True)
class Deletion:
    """A source's word that an authority is deleted (an OAI-PMH deleted header)."""

    id: str
    when: datetime | None
    """When the source deleted it (None: it did not say)."""


@dataclass(frozen=True)
class SourceItem:
    """One record as a source read it: the mapped authority, or why there is none."""

    position: int
    """1-based position of the record in its file."""
    authority: Authority | None
    error: str | None = None
    """Why the record could not be read or mapped (None when it was)."""
    raw: str | None = None
    """The record as read, for the error report (None when it was mapped)."""
    id: str | None = None
    """The record's id when the source knows it, mapped or not."""
    deletion: Deletion | None = None
    """Set when the source deleted the record (no authority then, and no error)."""


def carried(source: str) -> Carried:
    """What ``source``'s format says of an authority (the rest is kept as stored)."""
    if source == "bare-json":
        return BARE_JSON_CARRIED
    if source in SUBJECTS:
        return SUBJECTS_CARRIED
    return MARC_CARRIED  # every MARC form: one mapping, one 005
