"""``/dumps`` and ``/.well-known/void``: the listing's body and the format parameter."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from authority.api.contracts.query import Parameters, refused
from authority.api.contracts.style import Contract
from authority.api.contracts.types import Uri
from authority.export.manifest import Manifest

VOID_FORMATS = ("ttl", "jsonld", "rdfxml", "nt")
"""The RDF formats of the description (the authorities' own names for them)."""


class DumpFileEntry(Contract):
    """One file of the current dump (gzip-compressed)."""

    name: str
    url: Uri
    """Where to download it (HTTP Range, ETag and Last-Modified honoured)."""
    format: str
    """``authority export --format``'s name of the form inside."""
    title: str
    media_type: str
    """Of the data inside the gzip; the file is served as application/gzip."""
    bytes: int
    sha256: str
    records: int
    seq_start: int
    seq_end: int
    """The change-log number the dump is current to: follow the change feed
    after it (``/changes.jsonl?after=``) to be exactly current."""
    created: str
    notes: list[str]


class OmittedForm(Contract):
    """A form the dump could not write whole, and why."""

    format: str
    reason: str


class DumpListing(Contract):
    """The current dump: its manifest, with absolute URLs."""

    dump: str
    """The dump's id: when its snapshot was taken."""
    created: str
    seq: int
    """The change log's newest number in the dump's snapshot."""
    records: int
    """Authorities in each file, deleted and merged ones included."""
    files: list[DumpFileEntry]
    omitted: list[OmittedForm]
    manifest: Uri
    """The manifest itself, as ``authority dump`` wrote it."""

    @classmethod
    def of(cls, manifest: Manifest, base: str) -> DumpListing:
        """The listing of ``manifest`` for a deployment at ``base``."""
        return cls(
            dump=manifest.dump,
            created=manifest.created,
            seq=manifest.seq,
            records=manifest.records,
            files=[
                DumpFileEntry(url=f"{base}dumps/{f.name}", **vars(f))
                for f in manifest.files
            ],
            omitted=[OmittedForm(**vars(o)) for o in manifest.omitted],
            manifest=f"{base}dumps/manifest.json",
        )


def _void_format(raw: object) -> str:
    return _choice("format", str(raw), VOID_FORMATS)


class VoidParameters(Parameters):
    """``/.well-known/void``."""

    format: Annotated[
        Literal["ttl", "jsonld", "rdfxml", "nt"] | None,
        Field(description="ttl, jsonld, rdfxml or nt; else Accept (Turtle first)."),
        BeforeValidator(_void_format),
    ] = None


class ListingParameters(Parameters):
    """``/dumps``."""

    format: Annotated[
        Literal["json", "html"] | None,
        Field(description="json or html; else Accept (JSON first)."),
        BeforeValidator(lambda raw: _choice("format", str(raw), ("json", "html"))),
    ] = None


def _choice(name: str, text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise refused(f"{name}={text[:50]!r}; choose from {', '.join(allowed)}")
    return text
