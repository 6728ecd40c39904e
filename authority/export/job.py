"""What one export writes: a frozen description, built once and passed on whole."""

from __future__ import annotations

from dataclasses import dataclass

from authority.domain import Kind
from authority.domain.ids import REGISTER_AGENCY
from authority.linkeddata import serialize as rdf
from authority.marc import serialize


def dump_formats() -> tuple[str, ...]:
    """Every format ``authority export`` writes."""
    return (*serialize.FORMATS, *rdf.DUMP_FORMATS)


@dataclass(frozen=True)
class ExportJob:
    """Every authority (of ``kind``) in ``form``; the rest says how.

    ``full`` (MARC only) adds private identifiers and internal notes; RDF is always
    public. RDF forms can be written by ``workers`` processes side by side, each
    reading its own ranges of ``range_size`` ids from ``database_url``
    (``export/parallel.py``). Frozen and plain, so a worker process gets it as it is.
    """

    form: str
    kind: Kind | None = None
    organization_code: str = REGISTER_AGENCY
    """MARC 003 and 040 (``ORGANIZATION_CODE``)."""
    full: bool = False
    base_uri: str = "http://127.0.0.1:5000/"
    """Where the RDF's URIs live (``BASE_URI``)."""
    workers: int = 1
    database_url: str | None = None
    range_size: int = 2000
    """Ids per task of a parallel RDF dump (``EXPORT_RANGE``)."""
    snapshot: str | None = None
    """A parallel dump's workers read this exported snapshot (``authority dump``),
    so they see the register as the parent does; None: each range as it is now."""

    @property
    def rdf(self) -> bool:
        """True for the RDF forms (N-Triples, Turtle, JSON-LD lines)."""
        return self.form in rdf.DUMP_FORMATS

    @property
    def parallel(self) -> bool:
        """True when worker processes write it (RDF, several workers, a database)."""
        return self.rdf and self.workers > 1 and bool(self.database_url)
