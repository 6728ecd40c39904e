"""Other people's tools judge our MARC: the XSDs, yaz-marcdump, and MARC-8 oracles.

No database here, but whole-corpus work and an external program, hence integration.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pymarc
import pytest
from lxml import etree

from authority.domain import Authority, Field, Subfield
from authority.domain.ids import MINTED_ID_START
from authority.errors import MarcMappingError
from authority.marc.from_marc import from_fields
from authority.marc.read import read, read_xml
from authority.marc.serialize import Writer
from authority.marc.to_marc import MarcOutput, marc_output
from tests.support import CORPUS, debian_tool

pytestmark = pytest.mark.slow

XSD = CORPUS / "schemas" / "xsd"
ENCODING = CORPUS / "marc-encoding"


def corpus_authorities() -> Iterator[Authority]:
    folders = (CORPUS / "marc-authority", CORPUS / "bare" / "marcxchange")
    for path in sorted(p for f in folders for p in f.rglob("*")):
        if path.suffix not in (".xml", ".mrc"):
            continue
        for result in read(str(path)):
            try:
                authority = from_fields(result.leader or "", result.fields)
            except MarcMappingError:
                continue  # the one Koha record with no 1XX
            yield authority if authority.id else _with_id(authority, result.position)


def _with_id(authority: Authority, position: int) -> Authority:
    return replace(authority, id=str(MINTED_ID_START + position))


@pytest.fixture(scope="module")
def corpus_records() -> list[MarcOutput]:
    return [marc_output(a, full=True) for a in corpus_authorities()]


def dumped(records: list[MarcOutput], form: str) -> bytes:
    stream = io.BytesIO()
    with Writer(stream, form) as writer:
        for record in records:
            writer.write(record)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("form", "schema"),
    [("marcxml", "MARC21slim.xsd"), ("marcxchange", "marcxchange-1-1.xsd")],
)
def test_xml_output_of_the_whole_corpus_is_valid(
    corpus_records: list[MarcOutput], form: str, schema: str
) -> None:
    assert len(corpus_records) > 3000
    xsd = etree.XMLSchema(etree.parse(str(XSD / schema)))
    document = etree.fromstring(dumped(corpus_records, form))
    xsd.assertValid(document)
    assert not document.xpath("//@id")  # never BARE's numeric, illegal xsd:ID


@pytest.fixture(scope="session")
def yaz_marcdump() -> str:
    """yaz-marcdump (Debian ``yaz``), installed here when missing and we may."""
    return debian_tool("yaz-marcdump", "yaz")


def test_yaz_reads_our_iso2709_as_we_wrote_it(
    corpus_records: list[MarcOutput], yaz_marcdump: str, tmp_path: Path
) -> None:
    iso = tmp_path / "corpus.mrc"
    iso.write_bytes(dumped(corpus_records, "iso2709"))
    done = subprocess.run(
        [yaz_marcdump, "-i", "marc", "-o", "marcxml", "-f", "UTF-8", "-t", "UTF-8",
         str(iso)],
        capture_output=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    theirs = [r for r in read_xml(io.BytesIO(done.stdout))]
    assert len(theirs) == len(corpus_records)
    for ours, result in zip(corpus_records, theirs, strict=True):
        assert result.error is None
        assert result.fields == ours.fields


def test_marc8_lines_decode_like_pymarcs_utf8_oracle() -> None:
    marc8 = (ENCODING / "pymarc-test_marc8.txt").read_bytes().splitlines()
    utf8 = (ENCODING / "pymarc-test_utf8.txt").read_text("utf-8").splitlines()
    assert len(marc8) == len(utf8) > 100
    for line, expected in zip(marc8, utf8, strict=True):
        decoded = pymarc.marc8_to_unicode(line)
        assert decoded == unicodedata.normalize("NFC", expected)
        assert unicodedata.is_normalized("NFC", decoded)


HALF_MARKS = str.maketrans("", "", "\ufe20\ufe21\ufe22\ufe23\u0360\u0361")
"""LC's MARC-8 table maps the ligature and double-tilde *halves* to U+FE20-FE23 (what
pymarc does); marc4j's UTF-8 twin uses the double diacritics U+0361/U+0360. Both
are correct renderings; these are the only differences allowed."""


def test_marc8_file_reads_as_its_utf8_twin() -> None:
    marc8 = list(read(str(ENCODING / "marc4j-brkrtest.marc8.mrc")))
    utf8 = list(read(str(ENCODING / "marc4j-brkrtest.utf8.mrc")))
    assert len(marc8) == len(utf8) == 8
    for ours, twin in zip(marc8, utf8, strict=True):
        assert ours.error is None and twin.error is None
        assert [_nfc(f) for f in ours.fields] == [_nfc(f) for f in twin.fields]
        for field in ours.fields:
            for sub in field.subfields:
                assert unicodedata.is_normalized("NFC", sub.value)


def _nfc(field: Field) -> Field:
    if field.is_control:
        return field
    return Field(
        field.tag,
        field.ind1,
        field.ind2,
        tuple(
            Subfield(
                s.code, unicodedata.normalize("NFC", s.value).translate(HALF_MARKS)
            )
            for s in field.subfields
        ),
    )


@pytest.mark.parametrize(
    "name", ["evergreen-hebrew.marc8.mrc", "evergreen-lul_fre_100.marc8.mrc"]
)
def test_real_marc8_files_read_without_errors(name: str) -> None:
    results = list(read(str(ENCODING / name)))
    assert results and all(r.error is None for r in results)
    assert all(
        unicodedata.is_normalized("NFC", s.value)
        for r in results
        for f in r.fields
        for s in f.subfields
    )
