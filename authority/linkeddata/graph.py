"""The mapping's triples as an rdflib graph (for Turtle, RDF/XML and the API)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from authority.domain import Authority
from authority.linkeddata.mapping import to_triples
from authority.linkeddata.namespaces import PREFIXES
from authority.linkeddata.terms import Blank, Object, Triple
from authority.linkeddata.uris import Uris


def to_graph(authority: Authority, uris: Uris) -> Graph:
    """Everything we publish about ``authority`` as a graph."""
    return graph_of(to_triples(authority, uris))


def graph_of(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """The triples added to ``graph`` (a new one with our prefixes bound)."""
    if graph is None:
        graph = new_graph()
    for s, p, o in triples:
        graph.add((rdflib_term(s), URIRef(p), rdflib_term(o)))
    return graph


def new_graph() -> Graph:
    """An empty graph with our prefixes bound (and rdflib's own defaults off)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def rdflib_term(term: Object) -> Node:
    """One light term (``linkeddata/terms.py``) as an rdflib term."""
    if isinstance(term, str):
        return term if isinstance(term, URIRef) else URIRef(term)
    if isinstance(term, Blank):
        return BNode(term.label)
    datatype = URIRef(term.datatype) if term.datatype else None
    return Literal(term.value, lang=term.lang, datatype=datatype)
