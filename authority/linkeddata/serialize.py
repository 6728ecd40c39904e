"""Authorities -> bytes in the RDF formats: one table, one writer per dump.

N-Triples, Turtle (``linkeddata/turtle.py``) and JSON-LD are written from the
mapping's triples directly; only RDF/XML goes through an rdflib graph. The dumps
stream the same writers one record at a time (Turtle: a batch at a time), so a dump
of the whole register runs in the memory of one batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from authority.domain import Authority
from authority.linkeddata.graph import graph_of
from authority.linkeddata.jsonld import to_jsonld
from authority.linkeddata.mapping import to_triples
from authority.linkeddata.terms import Triple, ntriples
from authority.linkeddata.turtle import turtle
from authority.linkeddata.uris import Uris


@dataclass(frozen=True)
class RdfFormat:
    """One RDF format: its name (CLI, ``?format=``), media type and file suffix."""

    name: str
    media_type: str
    suffix: str
    dump: bool
    """``authority export`` can stream it."""


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("nt", "application/n-triples", "nt", dump=True),
        RdfFormat("ttl", "text/turtle", "ttl", dump=True),
        RdfFormat("jsonld", "application/ld+json", "jsonld", dump=True),
        RdfFormat("rdfxml", "application/rdf+xml", "rdf", dump=False),
    )
}
"""Every RDF format we write."""

DUMP_FORMATS = tuple(name for name, f in FORMATS.items() if f.dump)

# rdflib's "pretty-xml" drops what it cannot nest (rdf:List cells with other
# properties), so RDF/XML is its plain "xml".


def serialize(authority: Authority, form: str, uris: Uris) -> bytes:
    """One authority in ``form`` (a key of :data:`FORMATS`)."""
    triples = to_triples(authority, uris)
    if form == "nt":
        return ntriples(triples).encode()
    if form == "jsonld":
        document = to_jsonld(triples, uris.authority(authority.id), uris.context)
        return json.dumps(document, ensure_ascii=False, indent=2).encode()
    if form == "ttl":
        return turtle(triples).encode()
    return graph_of(triples).serialize(format="xml", encoding="utf-8")


class DumpWriter:
    """Streams many authorities in one RDF format to a binary stream."""

    TURTLE_BATCH = 500

    def __init__(self, stream: IO[bytes], form: str, uris: Uris) -> None:
        if form not in DUMP_FORMATS:
            raise ValueError(f"{form!r} is not an RDF dump format")
        self._stream, self._form, self._uris = stream, form, uris
        self._schemes: set[str] = set()
        self._scheme_base = uris.scheme("")
        self._batch: list[Triple] = []
        self._batched = 0

    def __enter__(self) -> DumpWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._flush_turtle()

    def write(self, authority: Authority) -> None:
        """Append one authority."""
        triples = to_triples(authority, self._uris)
        if self._form == "jsonld":
            root = self._uris.authority(authority.id)
            document = to_jsonld(triples, root, self._uris.context)
            line = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            self._stream.write(line.encode() + b"\n")
            return
        triples = list(self._once_per_dump(triples))
        if self._form == "nt":
            self._stream.write(ntriples(triples).encode())
            return
        self._batch.extend(triples)
        self._batched += 1
        if self._batched >= self.TURTLE_BATCH:
            self._flush_turtle()

    def _once_per_dump(self, triples: Iterable[Triple]) -> Iterable[Triple]:
        """Say what a concept scheme is (its type, its titles) once per dump."""
        described = set()
        for triple in triples:
            subject = triple[0]
            if isinstance(subject, str) and subject.startswith(self._scheme_base):
                if subject in self._schemes:
                    continue
                described.add(subject)
            yield triple
        self._schemes |= described

    def _flush_turtle(self) -> None:
        if not self._batch:
            return
        # Each batch is a complete Turtle document; Turtle allows @prefix again
        # later, so the concatenation is one valid document (bnode labels are
        # unique per authority id).
        self._stream.write(turtle(self._batch).encode())
        self._batch, self._batched = [], 0
