"""The vocabulary sets over the corpus register: Sickle's harvest of each equals
the database's count; ListSets names every vocabulary held and validates."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import text

from authority.extension import runtime
from authority.oai.sets import set_named
from tests.integration.oai.harvest import sickle
from tests.integration.oai.test_harvesters import OAI, expected
from tests.unit.oai.schemas import validate


def held(app: Flask, code: str) -> int:
    """Authorities of vocabulary ``code`` in the database, any status."""
    sql = text("SELECT count(*) FROM authorities WHERE vocabulary = :code")
    with runtime(app).database.engine.connect() as connection:
        return int(connection.execute(sql, {"code": code}).scalar_one())


@pytest.mark.parametrize("code", ["humord", "noubomn"])
@pytest.mark.parametrize("prefix", ["marcxchange", "oai_dc"])
def test_sickle_harvests_a_vocabulary_as_the_database_counts(
    oai_corpus_app: Flask, corpus_url: str, code: str, prefix: str
) -> None:
    spec = f"vocabulary:{code}"
    got = Counter(sickle(corpus_url + "/oai", metadataPrefix=prefix, set=spec))
    assert sum(got.values()) == held(oai_corpus_app, code) > 0
    assert got == expected(oai_corpus_app, set_named(spec))


def test_list_sets_names_every_vocabulary_held(oai_corpus_app: Flask) -> None:
    response = oai_corpus_app.test_client().get("/oai?verb=ListSets")
    validate(response.data)
    specs = [e.text for e in etree.fromstring(response.data).iter(f"{OAI}setSpec")]
    sql = text(
        "SELECT DISTINCT vocabulary FROM authorities WHERE vocabulary IS NOT NULL"
    )
    with runtime(oai_corpus_app).database.engine.connect() as connection:
        codes = sorted(connection.scalars(sql))
    assert {"vocabulary:humord", "vocabulary:noubomn"} <= set(specs)
    assert [s for s in specs if s and s.startswith("vocabulary:")] == [
        f"vocabulary:{c}" for c in codes
    ]


def test_every_page_of_a_vocabulary_set_validates(oai_corpus_app: Flask) -> None:
    client = oai_corpus_app.test_client()
    query = {
        "verb": "ListRecords",
        "metadataPrefix": "oai_dc",
        "set": "vocabulary:humord",
    }
    while True:
        response = client.get("/oai", query_string=query)
        validate(response.data)
        root = etree.fromstring(response.data)
        for header in root.iter(f"{OAI}header"):
            assert "vocabulary:humord" in [e.text for e in header.iter(f"{OAI}setSpec")]
        token = root.findtext(f".//{OAI}resumptionToken")
        if not token:
            break
        query = {"verb": "ListRecords", "resumptionToken": token}
