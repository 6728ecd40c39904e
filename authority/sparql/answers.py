"""What a query's answer may be: media types, limits, errors; without the store.

The API and the query pool read these (``authority --help`` builds the app, and
should not load pyoxigraph for it); ``query.py`` maps the media types to the store's
formats.
"""

from __future__ import annotations

from dataclasses import dataclass

SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
)
"""SELECT's media types (the first is the default)."""
BOOLEAN = SOLUTION_TYPES[:4]
"""ASK's media types (CSV and TSV define no boolean)."""
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "text/plain",
)
"""CONSTRUCT's and DESCRIBE's media types (the first is the default)."""
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    # SPARQLWrapper's names (it sends format= with every request)
    "json-ld": "application/ld+json",
    "n3": "text/turtle",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
}
"""The ``format`` parameter's short names."""


class QueryRefused(Exception):
    """A query we do not run: malformed, an update, or a SERVICE call."""


class TooManyResults(Exception):
    """The answer holds more than the limit allows (rows, triples or bytes)."""


@dataclass(frozen=True)
class Limits:
    """How large one answer may be."""

    rows: int
    """Solutions of a SELECT, triples of a CONSTRUCT or DESCRIBE."""
    bytes: int
    """Bytes of the answer, serialized."""


@dataclass(frozen=True)
class Answer:
    """A query's answer, serialized."""

    body: bytes
    media_type: str
    seq: int | None = None
    """The change-log number the snapshot answering is current to."""
