"""Golden cases: a MARC or BARE JSON input and the RDF we expect from it.

Compared by graph isomorphism, with the difference printed as Turtle when they
differ. ``tests/data/golden/SOURCES.md`` says where each input comes from and how to
regenerate the expectations after a deliberate change.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from authority.barejson.read import from_bare_json
from authority.domain import Authority
from authority.domain.ids import MINTED_ID_START
from authority.linkeddata.graph import to_graph
from authority.linkeddata.uris import Uris
from authority.marc.from_marc import from_fields
from authority.marc.read import read

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".xml", ".json"))
URIS = Uris("https://authority.test/")


def authority_of(path: Path) -> Authority:
    if path.suffix == ".json":
        return from_bare_json(json.loads(path.read_text(encoding="utf-8")))
    [result] = list(read(str(path)))
    authority = from_fields(result.leader, result.fields)
    return authority if authority.id else replace(authority, id=str(MINTED_ID_START))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    graph = to_graph(authority_of(path), URIS)
    expected_path = path.with_suffix(".ttl")
    if os.environ.get("AUTHORITY_REGENERATE_GOLDEN"):
        expected_path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    expected = Graph().parse(expected_path)
    if not isomorphic(to_isomorphic(expected), to_isomorphic(graph)):
        _, only_expected, only_actual = graph_diff(expected, graph)
        pytest.fail(
            f"{path.name}: RDF differs from {expected_path.name}\n"
            f"--- expected, missing:\n{only_expected.serialize(format='turtle')}\n"
            f"--- produced, unexpected:\n{only_actual.serialize(format='turtle')}"
        )


def test_there_is_a_case_for_every_kind_with_a_thing_and_the_lifecycle() -> None:
    kinds = {authority_of(p).kind.value for p in CASES}
    statuses = {authority_of(p).status.value for p in CASES}
    assert {"person", "corporate_body", "meeting", "topic", "place"} <= kinds
    assert {"active", "deleted", "merged"} <= statuses
