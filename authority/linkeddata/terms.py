"""RDF terms as plain tuples, and the N-Triples form of a triple.

The mapping (``linkeddata/mapping.py``) produces triples of these light terms instead
of rdflib objects: an IRI is a plain ``str`` (``namespaces.PlainTerms`` hands out the
vocabulary that way), a literal is :class:`Lit`, a blank node :class:`Blank`.
``linkeddata/graph.py`` turns them into an rdflib graph for Turtle, RDF/XML and the
API; the dump writes N-Triples lines straight from them, because building an rdflib
graph per record and running its serializer costs several times more than the
mapping itself (``bench/linkeddata_bench.py`` measures the dump).
``tests/unit/linkeddata/test_rdf_formats.py`` proves every path gives the same graph.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Lit(NamedTuple):
    """A literal: a language-tagged string, a typed value, or a plain string."""

    value: str
    lang: str | None = None
    datatype: str | None = None


class Blank(NamedTuple):
    """A blank node, labelled so that labels never clash within a dump."""

    label: str


Subject = str | Blank
Object = str | Blank | Lit
Triple = tuple[Subject, str, Object]

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*$")
"""An absolute IRI that N-Triples, Turtle and RDF/XML can all carry as it is."""

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES})


def is_iri(value: str) -> bool:
    """True when ``value`` is an absolute IRI safe in every RDF syntax we write."""
    return bool(_IRI.match(value))


def ntriples_term(term: Object) -> str:
    """One term in N-Triples syntax."""
    if isinstance(term, str):
        return f"<{term}>"
    if isinstance(term, Blank):
        return f"_:{term.label}"
    lexical = term.value.translate(_ESCAPES)
    if term.lang:
        return f'"{lexical}"@{term.lang}'
    if term.datatype:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def ntriples(triples: list[Triple]) -> str:
    """The triples as N-Triples lines (UTF-8 text, one triple per line)."""
    lines = []
    for s, p, o in triples:
        subject = f"<{s}>" if type(s) is str else ntriples_term(s)
        obj = f"<{o}>" if type(o) is str else ntriples_term(o)
        lines.append(f"{subject} <{p}> {obj} .\n")
    return "".join(lines)
