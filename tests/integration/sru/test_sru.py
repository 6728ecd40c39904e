"""SRU over the corpus: the documents of each version, BIBSYS's 1.2 shape, the
2.0 XSDs, ids in every form, paging, sorting, packing, scan and diagnostics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from authority import create_app
from authority.extension import runtime
from tests.integration.cli.test_cli import free_port
from tests.integration.search.backends import opensearch_app
from tests.support import CORPUS

SRW = "http://www.loc.gov/zing/srw/"
SRU2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
SCAN2 = "http://docs.oasis-open.org/ns/search-ws/scan"
DIAG2 = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
MARCX = "info:lc/xmlns/marcxchange-v1"
BIBSYS = CORPUS / "marc-authority/bibsys/authority-sru-proxy-SRU_response-90361304.xml"
XSD = CORPUS / "schemas/xsd/sru-2.0/sruResponse.xsd"
NS = {"srw": SRW, "sru": SRU2, "marc": MARCX, "scan": SCAN2, "diag": DIAG2}


@pytest.fixture(scope="module")
def client(sru_app: Flask) -> FlaskClient:
    return sru_app.test_client()


@pytest.fixture(scope="module")
def sru2() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def get(client: FlaskClient, path: str = "/sru", **params: str) -> etree._Element:
    response = client.get(path, query_string=params)
    assert response.status_code == 200
    assert response.content_type == "application/xml; charset=utf-8"
    return etree.fromstring(response.data)


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def shape(element: etree._Element) -> list[str]:
    return [local(child) for child in element]


def diagnostic(document: etree._Element) -> str:
    uris = document.xpath("//*[local-name()='diagnostic']/*[local-name()='uri']")
    assert uris, etree.tostring(document)
    return str(uris[0].text)


def test_version_1_2_has_bibsys_shape(client: FlaskClient) -> None:
    ours = get(
        client,
        "/authority/rest/sru",
        operation="searchRetrieve",
        version="1.2",
        query="rec.identifier=90361304",
        recordSchema="marcxchange",
    )
    theirs = etree.parse(str(BIBSYS)).getroot()
    assert ours.tag == theirs.tag == f"{{{SRW}}}searchRetrieveResponse"
    assert ours.nsmap == theirs.nsmap
    assert shape(ours) == [
        "version",
        "numberOfRecords",
        "records",
        "echoedSearchRetrieveRequest",
        "extraResponseData",
    ]
    assert shape(ours) == shape(theirs)
    record, their_record = (
        d.find("srw:records/srw:record", NS) for d in (ours, theirs)
    )
    assert shape(record) == shape(their_record)
    assert record.findtext("srw:recordIdentifier", namespaces=NS) == "90361304"
    assert record.findtext("srw:recordSchema", namespaces=NS) == "marcxchange"
    assert record.findtext("srw:recordPacking", namespaces=NS) == "xml"
    marc = record.find("srw:recordData/marc:record", NS)
    assert marc is not None
    assert dict(marc.attrib) == {"format": "MARC21", "type": "Authority"}  # no @id
    their_marc = their_record.find("srw:recordData/marc:record", NS)
    assert [(f.tag, f.get("tag")) for f in marc][1:] == [
        (f.tag, f.get("tag")) for f in their_marc
    ][1:]
    assert ours.find("srw:extraResponseData/responseDate", NS) is not None
    echo = ours.find("srw:echoedSearchRetrieveRequest", NS)
    assert shape(echo) == [e for e in shape(theirs[3]) if e != "operation"]


@pytest.mark.parametrize("operation", ["explain", "searchRetrieve", "scan", "bad"])
def test_version_2_0_answers_validate(
    client: FlaskClient, sru2: etree.XMLSchema, operation: str
) -> None:
    params = {
        "explain": {},
        "searchRetrieve": {"query": "cql.any=handel", "maximumRecords": "2"},
        "scan": {"scanClause": "bib.namePersonal=h", "maximumTerms": "3"},
        "bad": {"query": "a or"},
    }[operation]
    document = get(client, version="2.0", **params)
    if operation == "scan":
        assert document.tag == f"{{{SCAN2}}}scanResponse"
        assert len(document.findall("scan:terms/scan:term", NS)) == 3
    assert sru2.validate(document), sru2.error_log


def test_2_0_search_has_records(client: FlaskClient) -> None:
    document = get(client, query="cql.any=handel", maximumRecords="1")
    assert int(document.findtext("sru:numberOfRecords", namespaces=NS)) >= 2
    assert document.findtext("sru:nextRecordPosition", namespaces=NS) == "2"
    record = document.find("sru:records/sru:record", NS)
    assert shape(record) == [
        "recordSchema",
        "recordXMLEscaping",
        "recordData",
        "recordPosition",
    ]


@pytest.mark.parametrize(
    "form",
    ["90361304", "(NO-TrBIB)90361304", "x90361304", "http://viaf.org/viaf/126209034"],
)
@pytest.mark.parametrize("index", ["rec.identifier", "bib.identifierAuthority"])
def test_every_id_form_finds_the_record(
    client: FlaskClient, index: str, form: str
) -> None:
    document = get(
        client, version="1.2", operation="searchRetrieve", query=f'{index}="{form}"'
    )
    assert document.xpath("//srw:recordIdentifier/text()", namespaces=NS) == [
        "90361304"
    ]


def test_bare_authoritytype_and_marc_tags(client: FlaskClient) -> None:
    for query in (
        "bib.nameConference=nato",
        "marc.111=nato and bs.authoritytype=conference",
        "cql.any=nato and bs.authoritytype=meeting",
    ):
        document = get(client, version="1.2", operation="searchRetrieve", query=query)
        ids = document.xpath("//srw:recordIdentifier/text()", namespaces=NS)
        assert "90361304" in ids, query
    document = get(
        client,
        version="1.2",
        operation="searchRetrieve",
        query="cql.any=nato and bs.authoritytype=person",
    )
    assert "90361304" not in document.xpath(
        "//srw:recordIdentifier/text()", namespaces=NS
    )


def test_string_packing_escapes_the_record(client: FlaskClient) -> None:
    document = get(
        client,
        version="1.1",
        operation="searchRetrieve",
        query="rec.identifier=90361304",
        recordPacking="string",
    )
    data = document.find("srw:records/srw:record/srw:recordData", NS)
    assert len(data) == 0
    assert etree.fromstring(data.text.encode()).get("type") == "Authority"


@pytest.mark.parametrize("schema", ["marcxml", "info:srw/schema/1/marcxml-v1.1", "rdf"])
def test_other_record_schemas(client: FlaskClient, schema: str) -> None:
    document = get(
        client,
        version="1.2",
        operation="searchRetrieve",
        query="rec.identifier=90361304",
        recordSchema=schema,
    )
    data = document.find("srw:records/srw:record/srw:recordData", NS)
    assert len(data) == 1
    expected = (
        "http://www.loc.gov/MARC21/slim"
        if "marc" in schema
        else "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    )
    assert etree.QName(data[0]).namespace == expected


def test_paging_walks_every_record_once(client: FlaskClient) -> None:
    seen: list[str] = []
    start = "1"
    while start:
        document = get(
            client,
            version="1.2",
            operation="searchRetrieve",
            query="cql.any=handel",
            maximumRecords="2",
            startRecord=start,
            sortKeys="bib.namePersonal,,1",
        )
        total = int(document.findtext("srw:numberOfRecords", namespaces=NS))
        seen += document.xpath("//srw:recordIdentifier/text()", namespaces=NS)
        start = document.findtext("srw:nextRecordPosition", namespaces=NS) or ""
    assert len(seen) == len(set(seen)) == total >= 2


def test_sort_by_heading_in_both_spellings(client: FlaskClient) -> None:
    one = get(
        client,
        version="1.2",
        operation="searchRetrieve",
        query="cql.any=handel",
        sortKeys="bib.namePersonal,,1",
    )
    two = get(client, query="cql.any=handel sortBy bib.namePersonal/sort.ascending")
    ids = [
        d.xpath("//*[local-name()='controlfield'][@tag='001']/text()")
        for d in (one, two)
    ]
    assert ids[0] == ids[1] and len(ids[0]) >= 2


@pytest.mark.parametrize(
    ("params", "number"),
    [
        ({"version": "1.2", "operation": "searchRetrieve"}, 7),
        ({"version": "1.2", "operation": "fetch"}, 4),
        ({"version": "1.0", "operation": "explain"}, 5),
        ({"version": "3.0"}, 5),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "x",
                "recordSchema": "mods",
            },
            66,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "x",
                "recordPacking": "json",
            },
            71,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "x",
                "maximumRecords": "-1",
            },
            6,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "x",
                "maximumRecords": "1000",
            },
            6,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "cql.any=handel",
                "startRecord": "500",
            },
            61,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "x",
                "sortKeys": "dc.date,,1",
            },
            88,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "rec.identifier=1 and x",
            },
            18,
        ),
        (
            {
                "version": "1.2",
                "operation": "searchRetrieve",
                "query": "authority.status=active",
            },
            48,
        ),
        ({"version": "1.2", "operation": "searchRetrieve", "query": "cql.any=%%%"}, 36),
        ({"version": "1.2", "operation": "scan"}, 7),
        (
            {
                "version": "1.2",
                "operation": "scan",
                "scanClause": "x",
                "maximumTerms": "1000",
            },
            121,
        ),
        ({"version": "2.0", "query": "x", "queryType": "searchTerms"}, 11),
    ],
)
def test_failures_are_diagnostics(
    client: FlaskClient, params: dict[str, str], number: int
) -> None:
    assert diagnostic(get(client, **params)) == f"info:srw/diagnostic/1/{number}"


def test_scan_response_position(client: FlaskClient) -> None:
    first = get(
        client,
        version="1.2",
        operation="scan",
        scanClause="cql.serverChoice=h",
        maximumTerms="5",
    )
    values = first.xpath("//srw:term/srw:value/text()", namespaces=NS)
    assert len(values) == 5
    around = get(
        client,
        version="1.2",
        operation="scan",
        scanClause=f'cql.serverChoice="{values[2]}"',
        maximumTerms="5",
        responsePosition="3",
    )
    assert around.xpath("//srw:term/srw:value/text()", namespaces=NS)[:3] == values[:3]
    assert (
        around.xpath("//srw:term/srw:whereInList/text()", namespaces=NS)[0] == "first"
    )


@pytest.fixture(scope="module")
def on_opensearch(sru_app: Flask) -> Iterator[FlaskClient]:
    for app in opensearch_app(sru_app):
        yield app.test_client()


QUERIES = [
    "cql.any=handel",
    "authority.vocabulary = humord",
    "rec.lastModificationDate > 2016-01-01",
    "bs.authoritytype=meeting and rec.lastModificationDate <= 2016-01-01",
    "bib.namePersonal=handel*",
    "cql.any=nato and bs.authoritytype=meeting",
    'bib.namePersonal="Handel, George Frideric, 1685-1759"',
    "rec.identifier=90361304",
]


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_answer_alike(
    client: FlaskClient, on_opensearch: FlaskClient, query: str
) -> None:
    answers = [
        get(
            c,
            version="1.2",
            operation="searchRetrieve",
            query=query,
            maximumRecords="100",
            sortKeys="bib.namePersonal,,1",
        )
        for c in (client, on_opensearch)
    ]
    totals = [a.findtext("srw:numberOfRecords", namespaces=NS) for a in answers]
    ids = [a.xpath("//srw:recordIdentifier/text()", namespaces=NS) for a in answers]
    # The same records; not compared in order: the two backends' heading sort keys
    # differ for some records (corpus id 40, a search-layer matter, not SRU's).
    assert totals[0] == totals[1]
    assert sorted(ids[0]) == sorted(ids[1]) and ids[0]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_database_that_is_down_is_diagnostic_2(version: str) -> None:
    """Not a 503 problem+json: an SRU client reads only SRU."""
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2"
    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False})
    try:
        document = get(
            app.test_client(), version=version, operation="searchRetrieve", query="x"
        )
    finally:
        runtime(app).close()
    assert diagnostic(document) == "info:srw/diagnostic/1/2"


@pytest.mark.parametrize(
    "clause",
    [
        "bib.namePersonal=ibsen and authority.vocabulary=humord",
        "bib.namePersonal=ibsen and rec.lastModificationDate>2020-01-01",
        "bib.namePersonal=ibsen and authority.quality=kat3",
    ],
)
def test_a_scan_with_a_filter_is_refused_not_ignored(
    client: FlaskClient, clause: str
) -> None:
    answer = get(client, version="1.2", operation="scan", scanClause=clause)
    assert diagnostic(answer) == "info:srw/diagnostic/1/48"
