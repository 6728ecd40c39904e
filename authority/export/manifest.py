"""What a dump holds: its manifest, one entry per file, as JSON.

The manifest is what ``/dumps`` lists and what a consumer checks a download
against: each file's size and SHA-256, how many records it holds, and the
change-log number the dump is current to (``seq_end``: follow the change feed after
it to be exactly current). A dump is one snapshot, so ``seq_start`` and ``seq_end``
are the same number; both are kept so a reader never has to know that.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DumpFile:
    """One file of a dump (gzip-compressed)."""

    name: str
    format: str
    """The form's name as ``authority export --format`` says it."""
    title: str
    media_type: str
    """Of the data inside the gzip (the file itself is ``application/gzip``)."""
    bytes: int
    sha256: str
    records: int
    seq_start: int
    seq_end: int
    created: str
    """When the dump's snapshot was taken (ISO 8601, UTC)."""
    notes: list[str] = field(default_factory=list)
    """What a reader must know (records written with characters replaced)."""


@dataclass(frozen=True)
class Omitted:
    """A form the dump could not write whole, and why (no partial file is kept)."""

    format: str
    reason: str


@dataclass(frozen=True)
class Manifest:
    """One dump: its files, what it left out, and where it stands in the change log."""

    dump: str
    """The dump's id (its folder's name): when it was taken, sortable."""
    created: str
    seq: int
    """The change log's newest number in the dump's snapshot."""
    records: int
    base_uri: str
    files: list[DumpFile]
    omitted: list[Omitted] = field(default_factory=list)

    def file(self, name: str) -> DumpFile | None:
        """The file called ``name``, if the dump has one."""
        return next((f for f in self.files if f.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The manifest as plain JSON data."""
        return asdict(self)

    def dumps(self) -> bytes:
        """The manifest's file content."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2)
        return text.encode() + b"\n"

    @classmethod
    def loads(cls, data: bytes) -> Manifest:
        """A manifest from its file's content (ValueError when it is not one)."""
        try:
            raw = json.loads(data)
            return cls(
                **{
                    **raw,
                    "files": [DumpFile(**f) for f in raw["files"]],
                    "omitted": [Omitted(**o) for o in raw.get("omitted", [])],
                }
            )
        except (TypeError, KeyError, AttributeError) as error:
            raise ValueError(f"not a dump manifest: {error}") from error
