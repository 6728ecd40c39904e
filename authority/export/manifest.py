"""What a dump holds: its manifest, one entry per file, as JSON.

The manifest is what ``/dumps`` lists and what a consumer checks a download
against: each file's size and SHA-256, how many records it holds, and the
change-log number the dump is current to (``seq_end``: follow the change feed after
it to be exactly current). A dump is one snapshot, so ``seq_start`` and ``seq_end``
are the same number; both are kept so a reader never has to know that.

Reading a manifest is strict (pydantic, strict mode): every field present, of its
exact type (no ``"3"`` for 3, no ``true`` for 1), counts not negative, checksums
of 64 hex digits, the dump id and file names plain names (never a path). A file
that is anything else is no manifest (ValueError), whatever it parses as.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError

MANIFEST = "manifest.json"
DUMP_ID = re.compile(r"\d{8}T\d{6}\.\d{6}Z")
"""A dump's id: the UTC time its snapshot was taken, to the microsecond."""

STRICT = ConfigDict(strict=True, extra="forbid")
Count = Annotated[int, Field(ge=0)]
FileName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")]
"""A plain file name: no path, no leading dot (``..``, ``.lock``)."""


def _iso_time(text: str) -> str:
    datetime.fromisoformat(text)  # a ValueError makes it no manifest
    return text


Timestamp = Annotated[str, AfterValidator(_iso_time)]
"""An ISO 8601 time (``/dumps/manifest.json``'s Last-Modified is read from it)."""


@dataclass(frozen=True)
class DumpFile:
    """One file of a dump (gzip-compressed)."""

    __pydantic_config__ = STRICT

    name: FileName
    format: str
    """The form's name as ``authority export --format`` says it."""
    title: str
    media_type: str
    """Of the data inside the gzip (the file itself is ``application/gzip``)."""
    bytes: Count
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    records: Count
    seq_start: Count
    seq_end: Count
    created: Timestamp
    """When the dump's snapshot was taken (ISO 8601, UTC)."""
    notes: list[str] = field(default_factory=list)
    """What a reader must know (records written with characters replaced)."""


@dataclass(frozen=True)
class Omitted:
    """A form the dump could not write whole, and why (no partial file is kept)."""

    __pydantic_config__ = STRICT
    format: str
    reason: str


@dataclass(frozen=True)
class Manifest:
    """One dump: its files, what it left out, and where it stands in the change log."""

    __pydantic_config__ = STRICT

    dump: Annotated[str, Field(pattern=DUMP_ID.pattern)]
    """The dump's id (its folder's name): when it was taken, sortable."""
    created: Timestamp
    seq: Count
    """The change log's newest number in the dump's snapshot."""
    records: Count
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
            return READER.validate_json(data)
        except ValidationError as error:
            # pydantic's ValidationError is a ValueError; say it once, briefly
            raise ValueError(f"not a dump manifest: {error}") from None


READER = TypeAdapter(Manifest)
"""Manifests read strictly (the module's docstring)."""
