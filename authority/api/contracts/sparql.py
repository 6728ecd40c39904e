"""The SPARQL 1.1 Protocol's parameters (GET query or POST form).

``query`` is the SPARQL text, read whole; its syntax is the store's to judge (a
malformed query is a 400 with the parser's message). ``format`` names an answer's
form where a client cannot set Accept; ``update``, ``default-graph-uri`` and
``named-graph-uri`` are read only to be refused, by name.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from authority.api.contracts.query import Parameters, refused
from authority.sparql.answers import FORMAT_NAMES

MAX_QUERY = 20_000
"""Characters one query may hold (413 beyond): Skosmos' longest is under 2,000."""


def _format(raw: object) -> str:
    text = str(raw)
    if text not in FORMAT_NAMES:
        allowed = ", ".join(FORMAT_NAMES)
        raise refused(f"format={text[:40]!r}; choose from {allowed}")
    return text


class SparqlParameters(Parameters):
    """A query and how its answer is written."""

    query: str | None = Field(
        default=None,
        examples=["SELECT ?label WHERE { ?c skos:prefLabel ?label } LIMIT 10"],
    )
    """SPARQL 1.1 (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of every
    authority's graph; each authority is also a named graph, called by its URI.
    At most 20,000 characters; no SERVICE."""
    format: Annotated[str | None, BeforeValidator(_format)] = Field(
        default=None, examples=["json"], json_schema_extra={"enum": list(FORMAT_NAMES)}
    )
    """Instead of Accept: json, xml, csv, tsv (SELECT, ASK: json, xml); turtle,
    nt, jsonld, rdfxml (CONSTRUCT, DESCRIBE). A form that does not fit the query
    gives its default (JSON, Turtle)."""
    update: str | None = None
    """Refused (400): the endpoint is read-only."""
