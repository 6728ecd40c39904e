"""Streaming, permissive reading of MARC: one outcome per record, never a crash.

Three forms, each in bounded memory:

- XML: MARCXML (``http://www.loc.gov/MARC21/slim``) and MARCXchange v1
  (``info:lc/xmlns/marcxchange-v1``, as BARE's SRU and OAI emit it), as a collection, a
  single record, or wrapped in an SRU or OAI-PMH response; records whose elements
  carry no namespace (seen in BARE samples) too. The parser never expands entities,
  loads a DTD or touches the network, and a document with a DOCTYPE is refused
  whole, wherever it stands (one error at position 1): its entities could only be
  dropped, never read. Leader/09 is not trusted: XML text is Unicode.
- ISO 2709 through pymarc's permissive reader; MARC-8 records (leader/09 blank) are
  decoded to Unicode NFC by pymarc's own MARC-8 tables.
- MARC-in-JSON (pymarc, Koha): one object, an array of them, or one per line,
  streamed within authority.json_input's bounds.

A record that cannot be read becomes a :class:`ReadResult` with its 1-based position
and the reason; the stream goes on with the next record where the form allows it.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import IO, Any

from lxml import etree
from pymarc import Field as MarcField
from pymarc import Indicators, Leader, Record
from pymarc import Subfield as MarcSubfield
from pymarc.exceptions import PymarcException

from authority import json_input, xmlstream
from authority.domain import Field, Subfield

MARCXML = "http://www.loc.gov/MARC21/slim"
MARCXCHANGE = "info:lc/xmlns/marcxchange-v1"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_HEADER = f"{{{OAI}}}header"
RECORD_TAGS = (f"{{{MARCXML}}}record", f"{{{MARCXCHANGE}}}record", "record")

FORMATS = ("xml", "iso2709", "marcjson")
DEFAULT_LEADER = "00000nz  a2200000n  4500"
LEADER_LENGTH = 24
RECORD_TERMINATOR = b"\x1d"


@dataclass(frozen=True)
class DeletedHeader:
    """An OAI-PMH header with ``status="deleted"``: the source deleted the record.

    Such a header comes without metadata: there is no record to read, only its
    identifier (``oai:bibsys.no:authority:<id>``) and when it was deleted.
    """

    identifier: str
    datestamp: str


@dataclass(frozen=True)
class ReadResult:
    """One record read (its leader and fields), or why it could not be read."""

    position: int
    """1-based number of the record in its file."""
    leader: str | None
    fields: tuple[Field, ...] = ()
    error: str | None = None
    raw: str | None = None
    """The record as found, when it could not be read (for the error report)."""
    deleted: DeletedHeader | None = None
    """Set (and leader None) when the source says the record is deleted."""

    @cached_property
    def marc_record(self) -> Record | None:
        """The record as a pymarc record (None when it could not be read)."""
        if self.error is not None or self.leader is None:
            return None
        record = Record()
        record.leader = Leader(self.leader)
        record.fields = [marc_field(f) for f in self.fields]
        return record

    @classmethod
    def of(cls, position: int, marc_record: Record) -> ReadResult:
        """The outcome for a record that pymarc has read."""
        return cls(position, str(marc_record.leader), fields_of(marc_record))

    @classmethod
    def failed(cls, position: int, error: str, raw: str | None = None) -> ReadResult:
        """The outcome for a record that could not be read."""
        return cls(position, None, (), error, raw)


def read(source: str | IO[bytes], form: str | None = None) -> Iterator[ReadResult]:
    """Every record in a file or binary stream; ``form`` is guessed when None."""
    if isinstance(source, str):
        with open(source, "rb") as stream:
            yield from read(stream, form)
        return
    stream = json_input.peekable(source)
    form = form or detect(stream.peek(64))
    readers = {"xml": read_xml, "iso2709": read_iso2709, "marcjson": read_marcjson}
    if form not in readers:
        raise ValueError(f"unknown MARC form {form!r}; known: {', '.join(FORMATS)}")
    yield from readers[form](stream)


def detect(head: bytes) -> str:
    """The MARC form of a file from its first bytes."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "marcjson"
    return "iso2709"


# XML


def read_xml(source: str | IO[bytes]) -> Iterator[ReadResult]:
    """Every MARC record in an XML file or stream, in bounded memory.

    XML that is not well-formed ends the stream with one failed result, after every
    record that was complete before the break. A document with a DTD is one failed
    result and nothing else. An OAI-PMH header with ``status="deleted"`` is a
    result of its own, in its place among the records.
    """
    position = 0
    try:
        for element in xmlstream.elements(source, (*RECORD_TAGS, OAI_HEADER)):
            if element.tag == OAI_HEADER:
                if element.get("status") == "deleted":  # in order with the records
                    position += 1
                    yield ReadResult(position, None, deleted=_deletion(element))
                continue
            position += 1
            yield _xml_outcome(position, element)
    except xmlstream.DoctypeError as error:
        yield ReadResult.failed(1, str(error))
    except etree.XMLSyntaxError as error:
        yield ReadResult.failed(position + 1, f"XML is not well-formed: {error}")


def _deletion(header: etree._Element) -> DeletedHeader:
    return DeletedHeader(
        (header.findtext(f"{{{OAI}}}identifier") or "").strip(),
        (header.findtext(f"{{{OAI}}}datestamp") or "").strip(),
    )


def _xml_outcome(position: int, element: etree._Element) -> ReadResult:
    try:
        leader, fields = _xml_record(element)
        leader = leader or DEFAULT_LEADER  # MARC requires one; some exports omit it
        if len(leader) != LEADER_LENGTH:
            raise ValueError(f"leader {leader!r} is not 24 characters long")
    except ValueError as error:
        raw = etree.tostring(element, encoding="unicode")
        return ReadResult.failed(position, str(error), raw)
    return ReadResult(position, leader, fields)


_DATAFIELD = frozenset(
    {f"{{{MARCXML}}}datafield", f"{{{MARCXCHANGE}}}datafield", "datafield"}
)
_CONTROLFIELD = frozenset(
    {f"{{{MARCXML}}}controlfield", f"{{{MARCXCHANGE}}}controlfield", "controlfield"}
)
_LEADER = frozenset({f"{{{MARCXML}}}leader", f"{{{MARCXCHANGE}}}leader", "leader"})


def _xml_record(element: etree._Element) -> tuple[str, tuple[Field, ...]]:
    # The hot loop of every XML load: set lookups on the element's own tag string
    # rather than etree.QName, attribute reads without the attrib proxy.
    leader = ""
    fields = []
    for child in element:
        name = child.tag
        if name in _DATAFIELD:
            get = child.get
            fields.append(
                Field(
                    _tag(get("tag"), child),
                    get("ind1") or " ",
                    get("ind2") or " ",
                    tuple(
                        [Subfield(sub.get("code", ""), sub.text or "") for sub in child]
                    ),
                )
            )
        elif name in _CONTROLFIELD:
            fields.append(Field(_tag(child.get("tag"), child), data=child.text or ""))
        elif name in _LEADER:
            leader = child.text or ""
    return leader, tuple(fields)


def _tag(tag: str | None, element: etree._Element) -> str:
    if tag is None or len(tag) != 3:
        raise ValueError(f"field with tag {tag!r} (line {element.sourceline})")
    return tag


# ISO 2709


def read_iso2709(source: IO[bytes]) -> Iterator[ReadResult]:
    """Every record in a binary MARC file, MARC-8 or UTF-8, in bounded memory.

    Records are cut at the record terminator (0x1D, which data cannot contain) rather
    than trusted by their leader's length, so a record with a wrong length costs only
    itself: pymarc's own reader stops for good at the first one.
    """
    for position, chunk in enumerate(_terminated(source), start=1):
        with warnings.catch_warnings():
            # pymarc warns about odd subfield codes and keeps going; so do we.
            warnings.simplefilter("ignore")
            try:
                record = Record(chunk, to_unicode=True, utf8_handling="strict")
            except (PymarcException, ValueError, IndexError, KeyError) as error:
                # (pymarc's decoding of a damaged directory raises all of these)
                raw = chunk.decode("utf-8", "replace")
                yield ReadResult.failed(position, _reader_error(error, chunk), raw)
                continue
        yield ReadResult.of(position, record)


def _terminated(source: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    pending = b""
    while block := source.read(size):
        pending += block
        *complete, pending = pending.split(RECORD_TERMINATOR)
        for chunk in complete:
            if chunk.strip(b"\r\n "):
                yield chunk + RECORD_TERMINATOR
    if pending.strip(b"\r\n \x1a"):  # a last record without its terminator
        yield pending


def _reader_error(error: BaseException, chunk: bytes) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"leader/09 says UTF-8 but the data is not: {error.reason}"
    if not chunk.endswith(RECORD_TERMINATOR):
        return "the file ends inside a record (no record terminator)"
    length = chunk[:5]
    if not length.isdigit() or int(length) != len(chunk):
        return (
            f"leader length {length!r} does not match the record's {len(chunk)} bytes"
        )
    return f"{type(error).__name__}: {error}".rstrip(": ")


# MARC-in-JSON


def read_marcjson(source: IO[bytes]) -> Iterator[ReadResult]:
    """Every record in a MARC-in-JSON object, array or JSON-lines file.

    Read within json_input's bounds (nesting, number size, record size); in JSON
    lines a bad line costs only itself.
    """
    for found in json_input.records(source):
        if found.error is not None:
            yield ReadResult.failed(found.position, found.error, found.raw)
            continue
        try:
            record = record_from_marcjson(found.value)
        except (PymarcException, ValueError) as error:
            raw = json.dumps(found.value, ensure_ascii=False)
            yield ReadResult.failed(found.position, f"not MARC-in-JSON: {error}", raw)
            continue
        yield ReadResult.of(found.position, record)


def record_from_marcjson(data: Any) -> Record:
    """A pymarc record from one MARC-in-JSON object; ValueError says what is wrong."""
    if not isinstance(data, Mapping):
        raise ValueError("a record is a JSON object")
    record = Record()
    record.leader = Leader(_text(data.get("leader") or DEFAULT_LEADER, "leader"))
    fields = data.get("fields")
    if not isinstance(fields, list):
        raise ValueError("'fields' is a list of fields")
    record.fields = [_marcjson_field(n, entry) for n, entry in enumerate(fields)]
    return record


def _marcjson_field(n: int, entry: Any) -> MarcField:
    if not isinstance(entry, Mapping) or len(entry) != 1:
        raise ValueError(f"field {n} is an object of one tag")
    ((tag, value),) = entry.items()
    if len(tag) != 3:
        raise ValueError(f"field with tag {tag!r}")
    if isinstance(value, str):
        return MarcField(tag=tag, data=value)
    if not isinstance(value, Mapping) or not isinstance(value.get("subfields"), list):
        raise ValueError(f"field {n} ({tag}) is text or an object with subfields")
    subfields = []
    for sub in value["subfields"]:
        if not isinstance(sub, Mapping):
            raise ValueError(f"a subfield of field {n} ({tag}) is not an object")
        for code, text in sub.items():
            subfields.append(MarcSubfield(code, _text(text, f"{tag} ${code}")))
    ind1, ind2 = (_indicator(value.get(name), tag, name) for name in ("ind1", "ind2"))
    return MarcField(tag=tag, indicators=Indicators(ind1, ind2), subfields=subfields)


def _indicator(value: Any, tag: str, name: str) -> str:
    if value in (None, ""):
        return " "
    if not isinstance(value, str) or len(value) != 1:
        raise ValueError(f"{tag} {name} {value!r} is not one character")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} {value!r} is not text")
    return value


# pymarc <-> canonical fields


def fields_of(marc_record: Record) -> tuple[Field, ...]:
    """A pymarc record's fields as canonical content, exactly as they are."""
    return tuple(_field(f) for f in marc_record.fields)


def _field(marc_field: MarcField) -> Field:
    if marc_field.is_control_field():
        return Field(marc_field.tag, data=marc_field.data or "")
    ind1, ind2 = marc_field.indicators or (" ", " ")
    return Field(
        marc_field.tag,
        ind1 or " ",
        ind2 or " ",
        tuple(Subfield(s.code, s.value) for s in marc_field.subfields),
    )


def marc_field(f: Field) -> MarcField:
    """A canonical field as a pymarc field."""
    if f.is_control:
        return MarcField(tag=f.tag, data=f.data)
    return MarcField(
        tag=f.tag,
        indicators=Indicators(f.ind1, f.ind2),
        subfields=[MarcSubfield(s.code, s.value) for s in f.subfields],
    )
