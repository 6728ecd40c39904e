"""SRU's query parameters (1.1, 1.2 and 2.0), as the OpenAPI document shows them.

The SRU package reads the parameters itself: a bad value is an SRU diagnostic in
the client's version, never a 400 problem, since SRU clients read only SRU XML. So
every parameter is a plain string here (any value is answered, with a diagnostic
where it is wrong); the values SRU knows are in the descriptions and examples.
"""

from __future__ import annotations

from pydantic import Field

from authority.api.contracts.query import Parameters


class SruParameters(Parameters):
    """explain, searchRetrieve and scan: one address, the operation decides."""

    operation: str | None = Field(default=None, examples=["searchRetrieve"])
    """explain, searchRetrieve or scan (1.1/1.2); 2.0 infers it: query is
    searchRetrieve, scanClause is scan, neither is explain."""
    version: str | None = Field(default=None, examples=["1.2"])
    """1.1, 1.2 or 2.0; none is 2.0."""
    query: str | None = Field(default=None, examples=["bib.namePersonal=ibsen"])
    """CQL: rec.identifier, cql.serverChoice, bib.namePersonal, bib.nameCorporate,
    bib.nameConference, bib.identifierAuthority, bs.authoritytype, marc.<tag>,
    authority.kind, authority.quality, authority.status."""
    startRecord: str | None = Field(default=None, examples=["1"])
    """The first record's position (1-based)."""
    maximumRecords: str | None = Field(default=None, examples=["10"])
    """How many records (default 10, at most 100)."""
    recordSchema: str | None = Field(default=None, examples=["marcxchange"])
    """marcxchange (default), marcxml or rdf; a short name or its URI."""
    recordPacking: str | None = None
    """1.1/1.2: xml (default) or string; 2.0: packed."""
    recordXMLEscaping: str | None = None
    """2.0: xml (default) or string."""
    sortKeys: str | None = Field(default=None, examples=["bib.namePersonal,,1"])
    """1.1/1.2: ``index,,1`` by heading (A to Å) or ``rec.lastModificationDate,,0``
    (newest first); 2.0 uses CQL's ``sortBy``."""
    queryType: str | None = None
    """2.0: cql (the only one)."""
    scanClause: str | None = Field(default=None, examples=["bib.namePersonal=ibsen"])
    """scan: a name index and where in the heading index to start."""
    responsePosition: str | None = Field(default=None, examples=["1"])
    """scan: where the start term stands in the answer (default 1)."""
    maximumTerms: str | None = Field(default=None, examples=["20"])
    """scan: how many terms (default 20, at most 100)."""
