"""Every serialization of every corpus authority parses back to the same graph.

The mapping's triples are the reference (``to_graph``); N-Triples and JSON-LD are
written without rdflib, Turtle and RDF/XML with it, and rdflib parses each of them
back; graphs are compared by isomorphism (blank nodes get new labels on parsing).
"""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from authority.domain import Authority
from authority.linkeddata.graph import to_graph
from authority.linkeddata.serialize import FORMATS, serialize
from authority.linkeddata.uris import Uris
from tests.support import RDFLIB_PARSERS, corpus_authorities, parse_rdf

pytestmark = pytest.mark.slow

URIS = Uris("https://authority.test/")


def parse(data: bytes, form: str) -> Graph:
    return parse_rdf(data, form, URIS.context)


def assert_isomorphic(expected: Graph, actual: Graph, what: str) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(expected, actual)
    pytest.fail(
        f"{what}: graphs differ\n--- only in the mapping:\n"
        f"{only_expected.serialize(format='nt')}\n--- only in the output:\n"
        f"{only_actual.serialize(format='nt')}"
    )


@cache
def reference(authority: Authority) -> Graph:
    return to_graph(authority, URIS)


def test_formats_table_names_each_format_once() -> None:
    assert set(FORMATS) == set(RDFLIB_PARSERS)
    assert len({f.media_type for f in FORMATS.values()}) == len(FORMATS)


@pytest.mark.parametrize("form", ["nt", "ttl", "rdfxml", "jsonld"])
def test_every_format_parses_back_to_the_same_graph(form: str) -> None:
    authorities = corpus_authorities()
    assert len(authorities) > 3000
    for authority in authorities:
        written = parse(serialize(authority, form, URIS), form)
        assert_isomorphic(reference(authority), written, f"{authority.id} as {form}")
