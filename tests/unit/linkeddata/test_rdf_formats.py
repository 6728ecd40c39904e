"""Every serialization of every corpus authority parses back to the same graph.

The mapping's triples are the reference (``to_graph``); N-Triples and JSON-LD are
written without rdflib, Turtle and RDF/XML with it, and rdflib parses each of them
back; graphs are compared by isomorphism (blank nodes get new labels on parsing).
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from authority.domain import Authority
from authority.linkeddata.graph import to_graph
from authority.linkeddata.jsonld import context
from authority.linkeddata.serialize import FORMATS, serialize
from authority.linkeddata.uris import Uris
from tests.support import corpus_authorities

pytestmark = pytest.mark.slow

URIS = Uris("https://authority.test/")
RDFLIB_PARSERS = {"nt": "nt", "ttl": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}


def parse(data: bytes, form: str) -> Graph:
    """Parse our output with rdflib; JSON-LD gets our context from the code, offline."""
    if form == "jsonld":
        document: dict[str, Any] = json.loads(data)
        assert document["@context"] == URIS.context
        document["@context"] = context()["@context"]
        with warnings.catch_warnings():
            # rdflib 7.6's JSON-LD parser trips over its own ConjunctiveGraph
            # deprecation; the warning is about rdflib, not about our data.
            warnings.simplefilter("ignore", DeprecationWarning)
            return Graph().parse(data=json.dumps(document), format="json-ld")
    return Graph().parse(data=data, format=RDFLIB_PARSERS[form])


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
