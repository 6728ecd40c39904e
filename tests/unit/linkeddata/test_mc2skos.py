"""Our SKOS holds every triple mc2skos writes for the Norwegian vocabularies.

mc2skos (UiO) is the converter these vocabularies were published with; its expected
output for the Humord, Realfagstermer (noubomn) and lskjema (noubojur) examples is
the oracle. URIs are compared modulo the URI base: UiO's concept and scheme URIs
are mapped to ours. The one triple we leave out on purpose is the 667 internal note
that mc2skos publishes as ``skos:editorialNote``: internal notes never appear in our
public output.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from authority.linkeddata.graph import to_graph
from authority.linkeddata.uris import Uris
from authority.marc.from_marc import from_fields
from authority.marc.read import read
from tests.support import CORPUS

EXAMPLES = CORPUS / "marc-authority" / "mc2skos"
URIS = Uris("https://authority.test/")
VOCABULARIES = {
    # UiO's URI base -> (our id prefix, id digits, 040 $f scheme code)
    "http://data.ub.uio.no/humord/": ("HUME", 5, "humord"),
    "http://data.ub.uio.no/realfagstermer/": ("REAL", 6, "noubomn"),
    "http://data.ub.uio.no/lskjema/": ("UJUR", 0, "noubojur"),
}
LEFT_OUT = {
    "noubojur-c000504": {
        (SKOS.editorialNote, Literal("(bruk også 762.1)", lang="nb")),  # 667
    },
}


def ours(node: Node) -> Node:
    """UiO's URI for a concept or scheme -> ours; anything else unchanged."""
    if not isinstance(node, URIRef):
        return node
    for base, (prefix, digits, scheme) in VOCABULARIES.items():
        if str(node) == base:
            return URIRef(URIS.scheme(scheme))
        match = re.fullmatch(re.escape(base) + r"c(\d+)", str(node))
        if match:
            number = match.group(1)
            number = number.zfill(digits) if digits else str(int(number))
            return URIRef(URIS.authority(prefix + number))
    return node


@pytest.mark.parametrize(
    "name", ["humord-c28807", "noubomn-c000011", "noubojur-c000504"]
)
def test_our_skos_contains_every_mc2skos_triple(name: str) -> None:
    expected = Graph().parse(EXAMPLES / f"{name}.expected-skos.ttl")
    [result] = list(read(str(EXAMPLES / f"{name}.xml")))
    graph = to_graph(from_fields(result.leader, result.fields), URIS)

    missing = {
        (ours(s), p, ours(o))
        for s, p, o in expected
        if (ours(s), p, ours(o)) not in graph
    }
    assert {(p, o) for _, p, o in missing} == LEFT_OUT.get(name, set())
    assert len(expected) >= 8
