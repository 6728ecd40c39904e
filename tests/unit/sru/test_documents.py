"""The documents of each version, without a register: order, namespaces, the XSDs."""

from __future__ import annotations

import pytest
from lxml import etree

from authority.sru.diagnostics import Diagnostic
from authority.sru.documents import SRU2, SRW, Record, echoed
from authority.sru.writers import search_response
from tests.support import CORPUS

XSD = CORPUS / "schemas/xsd/sru-2.0/sruResponse.xsd"
RECORD = (
    '<marc:record format="MARC21" type="Authority"'
    ' xmlns:marc="info:lc/xmlns/marcxchange-v1"><marc:leader>00000nz  a2200000n  4500'
    '</marc:leader><marc:controlfield tag="001">1</marc:controlfield></marc:record>'
)


def answer(version: str, diagnostics: list[Diagnostic], packing: str = "xml") -> str:
    records = [] if diagnostics else [Record("marcxchange", packing, RECORD, 1, "1")]
    pairs: list[tuple[str, object]] = [
        ("query", "rec.identifier=1"),
        ("startRecord", 1),
    ]
    echo = echoed("echoedSearchRetrieveRequest", pairs, version)
    return search_response(version, len(records), records, None, echo, diagnostics)


def names(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_1_x_in_srw_namespace_and_bibsys_order(version: str) -> None:
    document = etree.fromstring(answer(version, []).encode())
    assert document.tag == f"{{{SRW}}}searchRetrieveResponse"
    assert names(document) == [
        "version",
        "numberOfRecords",
        "records",
        "echoedSearchRetrieveRequest",
        "extraResponseData",
    ]
    record = document[2][0]
    assert names(record) == [
        "recordSchema",
        "recordPacking",
        "recordIdentifier",
        "recordPosition",
        "recordData",
    ]


@pytest.mark.parametrize("packing", ["xml", "string"])
@pytest.mark.parametrize("failed", [False, True])
def test_2_0_validates(packing: str, failed: bool) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    diagnostics = [Diagnostic(16, "dc.title", "unsupported index")] if failed else []
    document = etree.fromstring(answer("2.0", diagnostics, packing).encode())
    assert document.tag == f"{{{SRU2}}}searchRetrieveResponse"
    assert schema.validate(document), schema.error_log


def test_string_packing_escapes_the_record_as_text() -> None:
    document = etree.fromstring(answer("1.2", [], "string").encode())
    data = document.find(f".//{{{SRW}}}recordData")
    assert data is not None and len(data) == 0
    assert data.text == RECORD


def test_diagnostic_in_1_2() -> None:
    document = etree.fromstring(
        answer("1.2", [Diagnostic(10, "a or", "syntax")]).encode()
    )
    diag = "{http://www.loc.gov/zing/srw/diagnostic/}"
    assert document.findtext(f".//{diag}uri") == "info:srw/diagnostic/1/10"
    assert document.findtext(f".//{diag}details") == "a or"
    assert document.findtext(f".//{diag}message") == "syntax"


def test_a_diagnostic_without_its_own_message_has_the_lists_title() -> None:
    document = etree.fromstring(answer("1.2", [Diagnostic(37, "prox")]).encode())
    diag = "{http://www.loc.gov/zing/srw/diagnostic/}"
    assert document.findtext(f".//{diag}details") == "prox"
    assert document.findtext(f".//{diag}message") == "Unsupported boolean operator"
