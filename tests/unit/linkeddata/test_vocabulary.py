"""Every RDF term we write exists in the published ontologies (catches typos)."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from authority.linkeddata.mapping import to_triples
from authority.linkeddata.namespaces import MADS, SCHEMA, PlainTerms, mads
from authority.linkeddata.terms import Lit
from authority.linkeddata.uris import Uris
from tests.support import CORPUS, corpus_authorities

ONTOLOGIES = CORPUS / "ontologies"
DEFINED_BY_FILES = {
    str(MADS._NS): "madsrdf-v1.4.0.rdf",
    str(SKOS._NS): "skos-core.nt.ttl",
    str(SCHEMA._NS): "schemaorg.nt.ttl",
    str(DCTERMS._NS): "dcterms.nt.ttl",
}
CLOSED_BY_RDFLIB = (RDF, OWL, FOAF, XSD)
"""No ontology file in the corpus: rdflib's closed namespaces list their terms."""


@cache
def ontology_terms() -> frozenset[str]:
    graph = Graph()
    for name in DEFINED_BY_FILES.values():
        path = ONTOLOGIES / name
        graph.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return frozenset(str(s) for s in graph.subjects() if isinstance(s, URIRef))


def known(term: str) -> bool:
    for namespace, _ in DEFINED_BY_FILES.items():
        if term.startswith(namespace):
            return term in ontology_terms()
    return any(term.startswith(str(ns._NS)) and URIRef(term) in ns
               for ns in CLOSED_BY_RDFLIB)  # fmt: skip


@pytest.mark.parametrize("namespace", [MADS, SCHEMA], ids=["madsrdf", "schema"])
def test_every_declared_term_is_in_its_ontology(namespace: type) -> None:
    missing = [name for name in namespace.__annotations__ if
               f"{namespace._NS}{name}" not in ontology_terms()]  # fmt: skip
    assert missing == []


def test_every_term_in_the_corpus_output_exists() -> None:
    uris = Uris("https://authority.test/")
    used: set[str] = set()
    for authority in corpus_authorities():
        for _, predicate, obj in to_triples(authority, uris):
            used.add(predicate)
            if predicate == str(RDF.type) and isinstance(obj, str):
                used.add(obj)
            if isinstance(obj, Lit) and obj.datatype:
                used.add(obj.datatype)
    assert len(used) > 60
    assert sorted(t for t in used if not known(t)) == []


def test_a_typo_in_a_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = MADS.authoritativeLable
    with pytest.raises(AttributeError):
        _ = mads.authoritativeLable
    with pytest.raises(AttributeError):
        _ = PlainTerms(SKOS).preferredLabel
