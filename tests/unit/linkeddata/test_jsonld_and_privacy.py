"""The published JSON-LD context, the plain-JSON shape, privacy and letters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authority.linkeddata.jsonld import TERMS, context
from authority.linkeddata.serialize import FORMATS, serialize
from authority.linkeddata.uris import Uris
from tests.support import REPO, corpus_authorities
from tests.unit.linkeddata.test_golden import GOLDEN, authority_of
from tests.unit.linkeddata.test_rdf_formats import parse

URIS = Uris("https://authority.test/")
SAMI = "Áŋŋár-Čođđi, Šárá Ŧžæøå"


def test_the_published_context_is_the_one_the_code_writes() -> None:
    published = json.loads((REPO / "schema" / "context.jsonld").read_text("utf-8"))
    assert published == context(), "regenerate schema/context.jsonld (README)"


def test_keys_that_can_repeat_are_always_arrays() -> None:
    """Developers can read the JSON-LD as plain JSON: a key keeps one shape."""
    shapes: dict[str, set[type]] = {}

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                shapes.setdefault(key, set()).add(type(value))
                walk(value)

    for authority in corpus_authorities():
        walk(json.loads(serialize(authority, "jsonld", URIS)))
    many = {t.name for t in TERMS if t.many and t.container != "@language"}
    assert {k for k in many if k in shapes and shapes[k] != {list}} == set()
    assert shapes["type"] == {list}
    assert shapes["prefLabel"] == {dict}


@pytest.mark.parametrize("form", list(FORMATS))
def test_sami_and_norwegian_letters_survive(form: str) -> None:
    authority = authority_of(GOLDEN / "person-sami-synthetic.xml")
    data = serialize(authority, form, URIS)
    graph = parse(data, form)
    values = {str(o) for o in graph.objects()}
    assert f"{SAMI}, 1948-" in values  # prefLabel
    assert SAMI in values  # schema:name
    assert set("áčđŋšŧžæøå") <= set(SAMI.lower())  # the case covers every letter


@pytest.mark.parametrize("form", list(FORMATS))
@pytest.mark.parametrize(
    "case", ["person-sami-synthetic.xml", "person-private-ids-bare.json"]
)
def test_private_identifiers_and_internal_notes_never_appear(
    form: str, case: str
) -> None:
    authority = authority_of(GOLDEN / case)
    private = [i.original for i in authority.identifiers if i.private]
    internal = [n.text for n in authority.notes if not n.public]
    assert private, "the case must hold private data"
    text = serialize(authority, form, URIS).decode()
    for secret in (*private, *internal, "feide", "orgunitid"):
        assert secret not in text


def test_no_corpus_record_leaks_a_private_value() -> None:
    leaks = []
    for authority in corpus_authorities():
        secrets = [i.original for i in authority.identifiers if i.private]
        secrets += [n.text for n in authority.notes if not n.public and n.text]
        if secrets:
            text = serialize(authority, "nt", URIS).decode()
            leaks += [(authority.id, s) for s in secrets if s in text]
    assert leaks == []


def test_context_file_is_valid_json_ld_context() -> None:
    entries = context()["@context"]
    assert entries["@version"] == 1.1
    assert all(isinstance(k, str) and ":" not in k for k in entries if k[0] != "@")
    assert Path(REPO / "schema" / "context.jsonld").stat().st_size < 20_000
