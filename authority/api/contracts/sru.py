"""SRU's query parameters (1.1, 1.2 and 2.0), as the OpenAPI document shows them.

The SRU package reads the parameters itself: a bad value is an SRU diagnostic in
the client's version, never a 400 problem, since SRU clients read only SRU XML.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from authority.api.contracts.query import Parameters


class SruParameters(Parameters):
    """explain, searchRetrieve and scan: one address, the operation decides."""

    operation: Literal["explain", "searchRetrieve", "scan"] | None = None
    """The operation (1.1/1.2); 2.0 infers it: query is searchRetrieve, scanClause
    is scan, neither is explain."""
    version: Literal["1.1", "1.2", "2.0"] | None = None
    """The SRU version; none is 2.0."""
    query: str | None = Field(default=None, examples=["bib.namePersonal=ibsen"])
    """CQL: rec.identifier, cql.serverChoice, bib.namePersonal, bib.nameCorporate,
    bib.nameConference, bib.identifierAuthority, bs.authoritytype, marc.<tag>,
    authority.kind, authority.quality, authority.status."""
    startRecord: int | None = Field(default=None, ge=1)
    """The first record's position (1-based)."""
    maximumRecords: int | None = Field(default=None, ge=0, le=100)
    """How many records (default 10, at most 100)."""
    recordSchema: str | None = Field(default=None, examples=["marcxchange"])
    """marcxchange (default), marcxml or rdf; a short name or its URI."""
    recordPacking: str | None = None
    """1.1/1.2: xml (default) or string; 2.0: packed."""
    recordXMLEscaping: Literal["xml", "string"] | None = None
    """2.0: xml (default) or string."""
    sortKeys: str | None = Field(default=None, examples=["bib.namePersonal,,1"])
    """1.1/1.2: ``index,,1`` by heading (A to Å) or ``rec.lastModificationDate,,0``
    (newest first); 2.0 uses CQL's ``sortBy``."""
    queryType: Literal["cql"] | None = None
    """2.0: cql (the only one)."""
    scanClause: str | None = Field(default=None, examples=["bib.namePersonal=ibsen"])
    """scan: a name index and where in the heading index to start."""
    responsePosition: int | None = Field(default=None, ge=0)
    """scan: where the start term stands in the answer (default 1)."""
    maximumTerms: int | None = Field(default=None, ge=1, le=100)
    """scan: how many terms (default 20, at most 100)."""
