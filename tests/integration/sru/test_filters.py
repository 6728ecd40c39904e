"""SRU's dc record schema, and queries by modification date and vocabulary
(filters of the search layer; alone, a query of filters only)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from sqlalchemy import text

from authority.dc import OAI_DC
from authority.extension import runtime
from tests.integration.sru.test_sru import NS, XSD, get
from tests.unit.dc.test_write import oai_dc


@pytest.fixture(scope="module")
def client(sru_app: Flask) -> FlaskClient:
    return sru_app.test_client()


def count(app: Flask, where: str, **params: object) -> int:
    sql = text(f"SELECT count(*) FROM authorities WHERE {where}")  # noqa: S608
    with runtime(app).database.engine.connect() as connection:
        return int(connection.execute(sql, params).scalar_one())


def total(client: FlaskClient, query: str, version: str = "1.2") -> int:
    document = get(client, version=version, operation="searchRetrieve", query=query)
    found = document.xpath("//*[local-name()='numberOfRecords']/text()")
    assert found, etree.tostring(document)[:500]
    return int(found[0])


@pytest.mark.parametrize("schema", ["dc", "oai_dc", "info:srw/schema/1/dc-v1.1"])
def test_dc_records_validate_as_oai_dc(client: FlaskClient, schema: str) -> None:
    document = get(
        client,
        version="1.2",
        operation="searchRetrieve",
        query="cql.any=handel",
        recordSchema=schema,
        maximumRecords="10",
    )
    records = document.findall("srw:records/srw:record", NS)
    assert records
    for record in records:
        named = record.findtext("srw:recordSchema", namespaces=NS)
        assert named in ("dc", "info:srw/schema/1/dc-v1.1")
        data = record.find("srw:recordData", NS)
        assert len(data) == 1 and etree.QName(data[0]).namespace == OAI_DC
        oai_dc().validate(etree.tostring(data[0]).decode())


def test_explain_lists_dc_and_the_new_indexes(client: FlaskClient) -> None:
    document = get(client, version="1.2", operation="explain")
    names = document.xpath("//*[local-name()='schema']/@name")
    assert "dc" in names
    indexes = {
        (n.get("set"), n.text) for n in document.xpath("//*[local-name()='name']")
    }
    assert {("rec", "lastModificationDate"), ("authority", "vocabulary")} <= indexes


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("authority.vocabulary = humord", "vocabulary = 'humord'"),
        ("authority.vocabulary any \"humord noubomn\"",
         "vocabulary IN ('humord', 'noubomn')"),  # fmt: skip
        ("rec.lastModificationDate > 2016-01-01", "modified >= '2016-01-02T00:00Z'"),
        ("rec.lastModificationDate < 2016-01-01", "modified < '2016-01-01T00:00Z'"),
        ("rec.lastModificationDate >= 2016-01-01", "modified >= '2016-01-01T00:00Z'"),
        ("rec.lastModificationDate <= 2016-01-01", "modified < '2016-01-02T00:00Z'"),
        ("rec.lastModificationDate = 2019-01-23",
         "modified >= '2019-01-23T00:00Z' AND modified < '2019-01-24T00:00Z'"),
        ("bs.authoritytype = person and rec.lastModificationDate > 2016-01-01",
         "kind IN ('person', 'family') AND modified >= '2016-01-02T00:00Z'"),
    ],
)  # fmt: skip
def test_filters_alone_count_as_the_database(
    sru_app: Flask, client: FlaskClient, query: str, where: str, version: str
) -> None:
    expected = count(sru_app, f"({where}) AND status = 'active'")
    assert total(client, query, version) == expected


def test_words_and_a_date_split_the_words_answer(client: FlaskClient) -> None:
    every = total(client, "cql.any=handel")
    newer = total(client, "cql.any=handel and rec.lastModificationDate >= 2016-01-01")
    older = total(client, "cql.any=handel and rec.lastModificationDate < 2016-01-01")
    assert 0 < newer + older <= every  # the undated ones are in neither


def test_an_id_and_a_vocabulary(client: FlaskClient) -> None:
    assert (
        total(client, "rec.identifier=HUME28807 and authority.vocabulary=humord") == 1
    )
    assert (
        total(client, "rec.identifier=HUME28807 and authority.vocabulary=noubomn") == 0
    )


def test_a_filter_only_2_0_answer_validates_sorted_newest_first(
    client: FlaskClient,
) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = get(
        client,
        version="2.0",
        query="rec.lastModificationDate > 2016-01-01 "
        "sortBy rec.lastModificationDate/sort.descending",
        recordSchema="dc",
        maximumRecords="20",
    )
    schema.assertValid(document)
    assert len(document.xpath("//*[local-name()='recordData']")) == 20
