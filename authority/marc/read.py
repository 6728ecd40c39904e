"""Streaming, permissive reading of MARC: one outcome per record, never a crash.

Three forms, each in bounded memory:

- XML: MARCXML (``http://www.loc.gov/MARC21/slim``) and MARCXchange v1
  (``info:lc/xmlns/marcxchange-v1``, as BARE's SRU and OAI emit it), as a collection, a
  single record, or wrapped in an SRU or OAI-PMH response; records whose elements
  carry no namespace (seen in BARE samples) too. The parser never expands entities,
  loads a DTD or touches the network. Leader/09 is not trusted: XML text is Unicode.
- ISO 2709 through pymarc's permissive reader; MARC-8 records (leader/09 blank) are
  decoded to Unicode NFC by pymarc's own MARC-8 tables.
- MARC-in-JSON (pymarc, Koha): one object, an array of them, or one per line,
  streamed with ijson.

A record that cannot be read becomes a :class:`ReadResult` with its 1-based position
and the reason; the stream goes on with the next record where the form allows it.
"""

from __future__ import annotations

import decimal
import io
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import IO, Any

import ijson
from lxml import etree
from pymarc import Field as MarcField
from pymarc import Indicators, Leader, Record
from pymarc import Subfield as MarcSubfield
from pymarc.exceptions import PymarcException

from authority.domain import Field, Subfield

MARCXML = "http://www.loc.gov/MARC21/slim"
MARCXCHANGE = "info:lc/xmlns/marcxchange-v1"
RECORD_TAGS = (f"{{{MARCXML}}}record", f"{{{MARCXCHANGE}}}record", "record")

FORMATS = ("xml", "iso2709", "marcjson")
DEFAULT_LEADER = "00000nz  a2200000n  4500"
LEADER_LENGTH = 24
RECORD_TERMINATOR = b"\x1d"


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
    stream = _peekable(source)
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
    """Every MARC record in an XML file or stream, in bounded memory."""
    position = 0
    events = etree.iterparse(
        source,
        events=("end",),
        tag=RECORD_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,  # so every child of a field is a subfield element
    )
    try:
        for _, element in events:
            position += 1
            yield _xml_outcome(position, element)
            _release(element)
    except etree.XMLSyntaxError as error:
        yield ReadResult.failed(position + 1, f"XML is not well-formed: {error}")


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


def _release(element: etree._Element) -> None:
    # Free what we have read so memory stays flat over millions of records.
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


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
            except (PymarcException, ValueError) as error:
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
    """Every record in a MARC-in-JSON object, array or JSON-lines file."""
    stream = _peekable(source)
    prefix = "item" if stream.peek(64).lstrip().startswith(b"[") else ""
    position = 0
    try:
        for item in ijson.items(stream, prefix, multiple_values=True):
            position += 1
            try:
                yield ReadResult.of(position, record_from_marcjson(item))
            except (PymarcException, AttributeError, TypeError, ValueError,
                    KeyError) as error:  # fmt: skip
                yield ReadResult.failed(position, f"not MARC-in-JSON: {error!r}")
    except ijson.JSONError as error:
        yield ReadResult.failed(position + 1, f"JSON is not well-formed: {error}")
    except decimal.InvalidOperation:  # 1E+11111111111111111111: no Decimal holds it
        yield ReadResult.failed(position + 1, "a JSON number too large to read")


def record_from_marcjson(data: Mapping[str, Any]) -> Record:
    """A pymarc record from one MARC-in-JSON object."""
    record = Record()
    record.leader = Leader(str(data.get("leader") or DEFAULT_LEADER))
    for entry in data["fields"]:
        ((tag, value),) = entry.items()
        if len(tag) != 3:
            raise ValueError(f"field with tag {tag!r}")
        if isinstance(value, str):
            record.fields.append(MarcField(tag=tag, data=value))
            continue
        subfields = [
            MarcSubfield(code, str(text))
            for sub in value["subfields"]
            for code, text in sub.items()
        ]
        indicators = Indicators(value.get("ind1") or " ", value.get("ind2") or " ")
        record.fields.append(
            MarcField(tag=tag, indicators=indicators, subfields=subfields)
        )
    return record


def _peekable(source: IO[bytes]) -> io.BufferedReader:
    if isinstance(source, io.BufferedReader):
        return source
    return io.BufferedReader(_Readable(source))


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


class _Readable(io.RawIOBase):
    """Lets io.BufferedReader (for peeking at the first bytes) wrap any stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
