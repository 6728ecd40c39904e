"""Real harvesters against /oai and BARE's /authority/rest/oai: the database's counts.

Sickle and pyoai each harvest every format x every set of the small register (pages
of 4), and Sickle and pyoai the whole corpus-loaded register in marcxchange on
BARE's path. Every page of the small harvests validates against OAI-PMH.xsd with
the metadata's schema.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from flask import Flask
from lxml import etree

from authority.domain import Status
from authority.extension import runtime
from authority.oai.formats import FORMATS
from authority.oai.sets import SETS, Set, vocabulary_set
from tests.integration.oai.harvest import pyoai, sickle
from tests.unit.oai.schemas import validate

OAI = "{http://www.openarchives.org/OAI/2.0/}"
PREFIX = "oai:bibsys.no:authority:"


HELD = [vocabulary_set(code) for code in ("lcgft", "noubomn")]
"""The small register's vocabularies (the sample's), a set each."""
EVERY_SET = [*SETS, *(s for s in HELD if s is not None)]


def expected(app: Flask, chosen: Set | None = None) -> Counter[tuple[str, bool]]:
    """(OAI identifier, deleted) of every authority in the set, from the database."""
    everything = runtime(app).services.reading.all()
    return Counter(
        (PREFIX + a.id, a.status is not Status.ACTIVE)
        for a in everything
        if chosen is None or chosen.holds(a)
    )


@pytest.mark.parametrize("chosen", EVERY_SET, ids=lambda s: s.spec)
@pytest.mark.parametrize("prefix", list(FORMATS))
def test_sickle_every_format_and_set(
    oai_app: Flask, oai_url: str, prefix: str, chosen: Set
) -> None:
    got = sickle(oai_url + "/oai", metadataPrefix=prefix, set=chosen.spec)
    assert Counter(got) == expected(oai_app, chosen)


@pytest.mark.parametrize("chosen", EVERY_SET, ids=lambda s: s.spec)
@pytest.mark.parametrize("prefix", list(FORMATS))
def test_pyoai_every_format_and_set(
    oai_app: Flask, oai_url: str, prefix: str, chosen: Set
) -> None:
    got = pyoai(oai_url + "/authority/rest/oai", metadataPrefix=prefix, set=chosen.spec)
    assert Counter(got) == expected(oai_app, chosen)


def test_identifiers_by_both_clients(oai_app: Flask, oai_url: str) -> None:
    want = expected(oai_app)
    assert (
        Counter(sickle(oai_url + "/oai", "ListIdentifiers", metadataPrefix="oai_dc"))
        == want
    )
    assert (
        Counter(pyoai(oai_url + "/oai", "listIdentifiers", metadataPrefix="oai_dc"))
        == want
    )


@pytest.mark.parametrize("prefix", list(FORMATS))
def test_every_page_validates(oai_app: Flask, prefix: str) -> None:
    client = oai_app.test_client()
    query: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": prefix}
    pages = 0
    while True:
        response = client.get("/oai", query_string=query)
        assert response.status_code == 200
        assert response.mimetype == "text/xml"
        validate(response.data)
        pages += 1
        token = etree.fromstring(response.data).findtext(f".//{OAI}resumptionToken")
        if not token:
            break
        query = {"verb": "ListRecords", "resumptionToken": token}
    assert pages > 1


def test_post_is_answered_as_get(oai_app: Flask) -> None:
    client = oai_app.test_client()
    form = {"verb": "ListIdentifiers", "metadataPrefix": "marc21"}
    posted = client.post("/authority/rest/oai", data=form).data
    got = client.get("/authority/rest/oai", query_string=form).data
    strip = lambda d: etree.tostring(etree.fromstring(d).find(f"{OAI}ListIdentifiers"))  # noqa: E731
    assert strip(posted) == strip(got)


def test_get_record_takes_every_id_form(oai_corpus_app: Flask) -> None:
    client = oai_corpus_app.test_client()
    for form in ("oai:bibsys.no:authority:90053126", "90053126", "x90053126",
                 "(NO-TrBIB)90053126"):  # fmt: skip
        query = {
            "verb": "GetRecord",
            "metadataPrefix": "marcxchange",
            "identifier": form,
        }
        root = etree.fromstring(client.get("/oai", query_string=query).data)
        assert (
            root.findtext(f".//{OAI}header/{OAI}identifier") == PREFIX + "90053126"
        ), form


def test_whole_corpus_in_marcxchange_on_bares_path(
    oai_corpus_app: Flask, corpus_url: str
) -> None:
    want = expected(oai_corpus_app)
    assert sum(want.values()) == runtime(oai_corpus_app).services.reading.count()
    url = corpus_url + "/authority/rest/oai"
    got = sickle(url, metadataPrefix="marcxchange", set="bibsys_authorities")
    assert Counter(got) == want
    assert Counter(pyoai(url, metadataPrefix="marcxchange")) == want


def test_incremental_from_a_date(oai_corpus_app: Flask, corpus_url: str) -> None:
    # the corpus register's merge is dated by its change log, not by 005
    later = pyoai(
        corpus_url + "/oai", metadataPrefix="marc21", from_=datetime(2000, 1, 1)
    )
    assert len(later) == sum(expected(oai_corpus_app).values())
