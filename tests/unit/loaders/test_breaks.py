"""A file that breaks after N complete records delivers exactly those N, then one
error, wherever the break falls against the parser's buffers (lxml 6.2's iterparse
dropped up to a chunk of good records before a break: issue 16).

Every reader is tried with breaks below, at and beyond the 32 KiB chunks of lxml's
iterparse and the 64 KiB chunks of ``authority.xmlstream``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from authority import xmlstream
from authority.marc.read import read as read_marc
from loaders.sources import emnemodul, realfagstermer, skos

OFFSETS = [
    200,
    32_767,
    32_768,
    32_769,
    65_535,
    65_536,
    65_537,
    100_000,
    131_072,
    131_073,
    196_608,
    250_000,
]
"""Where a break falls, in bytes from the start of the file."""
RECORDS = 3_000  # 270 KB to 500 KB in each form

Outcome = tuple[int, str | None, bool]
"""(position, id, read without error) of one item."""


def _marc(namespace: str, prefix: str) -> tuple[bytes, Callable[[int], bytes]]:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}collection {xmlns}="{namespace}">'
    )

    def record(i: int) -> bytes:
        return (
            f"<{p}record><{p}leader>00000nz  a2200000n  4500</{p}leader>"
            f'<{p}controlfield tag="001">{90000000 + i}</{p}controlfield>'
            f'<{p}datafield tag="100" ind1="1" ind2=" ">'
            f'<{p}subfield code="a">Navn {i}, Ærlig</{p}subfield></{p}datafield>'
            f"</{p}record>\n"
        ).encode()

    return head.encode(), record


def _post(i: int) -> bytes:
    return (
        f"<post><term-id>NTUB{i:05d}</term-id><dato>2001-02-03</dato>"
        f"<hovedemnefrase>Term {i} på norsk</hovedemnefrase></post>\n"
    ).encode("iso-8859-1")


def _read_marc(path: str) -> list[Outcome]:
    return [
        (
            r.position,
            next((f.data for f in r.fields if f.tag == "001"), None),
            not r.error,
        )
        for r in read_marc(path, "xml")
    ]


def _read_emnemodul(path: str) -> list[Outcome]:
    return [(i.position, i.id, i.error is None) for i in emnemodul.read(path)]


MARCXML = _marc("http://www.loc.gov/MARC21/slim", "")
MARCXCHANGE = _marc("info:lc/xmlns/marcxchange-v1", "marc")
FORMS = {
    "marcxml": (*MARCXML, _read_marc, lambda i: str(90000000 + i)),
    "marcxchange": (*MARCXCHANGE, _read_marc, lambda i: str(90000000 + i)),
    "emnemodul": (
        b"<?xml version='1.0' encoding='iso-8859-1'?>\n<ntub>\n",
        _post,
        _read_emnemodul,
        lambda i: f"NTUB{i:05d}",
    ),
}


def _records(form: str) -> tuple[bytes, list[int]]:
    """The file's bytes without the closing root tag, and where each record ends."""
    head, record, _, _ = FORMS[form]
    data, ends = bytearray(head), []
    for i in range(1, RECORDS + 1):
        data += record(i)
        ends.append(data.rindex(b">"))  # the record is complete at its end tag's '>'
    return bytes(data), ends


def _expect(found: list[Outcome], form: str, complete: int) -> None:
    ids = FORMS[form][3]
    assert found[:complete] == [(i, ids(i), True) for i in range(1, complete + 1)]
    assert len(found) == complete + 1, "one error item after the complete records"
    assert found[-1][0] == complete + 1 and not found[-1][2]


@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("form", FORMS)
def test_a_file_cut_anywhere_delivers_every_record_completed_before_the_cut(
    tmp_path: Path, form: str, offset: int
) -> None:
    data, ends = _records(form)
    path = tmp_path / "cut.xml"
    just_after = next(end for end in ends if end >= offset) + 1  # a record's '>'
    for cut in (offset, offset + 1, just_after):
        path.write_bytes(data[:cut])
        complete = sum(1 for end in ends if end < cut)
        _expect(FORMS[form][2](str(path)), form, complete)


@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("form", FORMS)
def test_a_broken_tag_after_n_records_delivers_exactly_n(
    tmp_path: Path, form: str, offset: int
) -> None:
    data, ends = _records(form)
    complete = sum(1 for end in ends if end < offset)
    at = ends[complete - 1] + 1 if complete else len(FORMS[form][0])
    broken = data[at:].replace(b"</", b"</x", 1)  # the next record's first end tag
    path = tmp_path / "broken.xml"
    path.write_bytes(data[:at] + broken)
    _expect(FORMS[form][2](str(path)), form, complete)


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 16, 1 << 20])
@pytest.mark.parametrize("cut", [True, False])
def test_the_xml_stream_delivers_the_same_records_whatever_its_chunk_size(
    tmp_path: Path, chunk: int, cut: bool
) -> None:
    head, record = MARCXML
    data = head + b"".join(record(i) for i in range(1, 41))
    at = len(head + b"".join(record(i) for i in range(1, 26)))  # 25 records
    path = tmp_path / "records.xml"
    path.write_bytes(data[: at + 30] if cut else data[:at] + b"<record></x>")
    seen: list[str] = []
    with pytest.raises(etree.XMLSyntaxError):
        for element in xmlstream.elements(str(path), ["{*}record"], chunk):
            seen.append(element[1].text or "")
    assert seen == [str(90000000 + i) for i in range(1, 26)]


def test_a_broken_realfagstermer_block_costs_only_itself(tmp_path: Path) -> None:
    # A text export has no parser state to lose: each block is read on its own.
    blocks = [f"id= REAL{i:06d}\nte= Term {i}\n\n".encode() for i in range(1, 10_001)]
    for offset in (200, 65_537, 250_000):
        data = b"".join(blocks)
        at = data.index(b"id= ", offset)
        path = tmp_path / f"realfagstermer-idtermer-{offset}.txt"
        path.write_bytes(data[:at] + b"id= REAL\xff\xfe\nnot a line\n\n" + data[at:])
        found = list(realfagstermer.read(str(path)))
        bad = data[:at].count(b"id= ") + 1
        assert len(found) == len(blocks) + 1
        assert [i.position for i in found if i.error] == [bad]
        assert [i.id for i in found if i.authority] == [
            f"REAL{i:06d}" for i in range(1, len(blocks) + 1)
        ]


def test_a_skos_file_that_breaks_anywhere_is_one_error_item(tmp_path: Path) -> None:
    # A graph is parsed whole (rdflib): a broken file gives no concept at all, never
    # the part before the break, and that does not depend on where the break is.
    concept = (
        "<https://authority.test/authorities/REAL{i:06d}> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/2004/02/skos/core#Concept> .\n"
        "<https://authority.test/authorities/REAL{i:06d}> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Term {i}"@nb .\n'
    )
    data = "".join(concept.format(i=i) for i in range(1, 1_500)).encode()
    assert len(data) > max(OFFSETS)
    for offset in (200, 65_537, 250_000):
        at = data.index(b"\n", offset) + 1
        path = tmp_path / f"vocabulary-{offset}.nt"
        path.write_bytes(data[:at] + b"this is no triple .\n" + data[at:])
        found = list(skos.read(str(path)))
        assert [(i.position, i.authority) for i in found] == [(1, None)]
        assert found[0].error is not None and "not valid" in found[0].error
