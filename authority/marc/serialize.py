"""MARC records -> bytes: ISO 2709, MARCXML, MARCXchange, MARC-in-JSON.

A record here is anything with a ``leader`` and canonical ``fields``
(:class:`MarcData`): what ``to_marc.marc_output`` builds, or a ``ReadResult``;
``from_pymarc`` adapts a pymarc record. ISO 2709 is pymarc's own (``as_marc``
computes lengths and base address; leader/09 is ``a`` so the data is UTF-8). The XML
and JSON forms are written here as text, not through pymarc objects or an element
tree: a dump of two million records spends most of its time in this loop, and joining
escaped strings is several times faster (``bench/marc_bench.py`` measures it against
pymarc's ``record_to_xml``). MARCXchange comes out in BARE's shape (``marc:`` prefix,
``format="MARC21" type="Authority"``) but never with BARE's numeric ``@id``, which is
not a legal ``xsd:ID``.

Writers stream: :class:`Writer` writes a header, one record at a time, and a footer,
so a whole-register export holds one record in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from pymarc import Leader, Record

from authority.domain import Field, Subfield
from authority.domain.checks import UNWRITABLE, unwritable_characters
from authority.marc.read import fields_of, marc_field

MARCXML = "http://www.loc.gov/MARC21/slim"
MARCXCHANGE = "info:lc/xmlns/marcxchange-v1"

FORMATS = ("marcxml", "marcxchange", "iso2709", "marcjson", "marcjsonl")
"""Every MARC form we write, by the name the CLI and the API use (``marcjsonl``:
MARC-in-JSON lines, one record per line, for dumps)."""

MEDIA_TYPES = {
    "marcxml": "application/marcxml+xml",
    "marcxchange": "application/xml",
    "iso2709": "application/marc",
    "marcjson": "application/marc+json",
    "marcjsonl": "application/x-ndjson",
}

ISO2709_MAX_RECORD = 99_999
"""The record length has five digits (leader/00-04)."""
ISO2709_MAX_FIELD = 9_999
"""A directory entry's field length has four digits."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, not even as character references."""
_DELIMITERS = re.compile("[\x1d\x1e\x1f]")
"""MARC's record, field and subfield delimiters: in ISO 2709 data they would end a
record, a field or a subfield where none ends."""
REPLACEMENT = "\ufffd"


class UnwritableRecordError(ValueError):
    """A record holds something its output form cannot represent."""


class UnwritableCharacterError(UnwritableRecordError):
    """A record holds a character its form cannot carry.

    A write refuses such characters (``domain.checks.UNWRITABLE``); a record stored
    before that may still hold one. A dump writes it with the characters replaced
    (:func:`with_characters_replaced`) and reports it.
    """


def with_characters_replaced(record: MarcData) -> tuple[MarcData, list[str]]:
    """``record`` with every character of ``UNWRITABLE`` as U+FFFD, and where each was.

    For a dump: the record is neither left out (a harvester would take it for gone)
    nor written with a delimiter that changes its structure.
    """
    places = [
        f"{p.where}: {p.message}"
        for p in unwritable_characters(tuple(record.fields), record.leader)
    ]
    fields = tuple(
        Field(
            _replaced(f.tag),
            _replaced(f.ind1),
            _replaced(f.ind2),
            tuple(Subfield(_replaced(s.code), _replaced(s.value)) for s in f.subfields),
            None if f.data is None else _replaced(f.data),
        )
        for f in record.fields
    )
    return _Adapted(_replaced(record.leader or ""), fields), places


def _replaced(text: str) -> str:
    return UNWRITABLE.sub(REPLACEMENT, text)


class MarcData(Protocol):
    """A MARC record as the serializers take it."""

    @property
    def leader(self) -> str | None:
        """The leader (None: the record could not be read)."""

    @property
    def fields(self) -> Sequence[Field]:
        """Every field, 001 included, in order."""


@dataclass(frozen=True)
class _Adapted:
    leader: str
    fields: tuple[Field, ...]


def from_pymarc(record: Record) -> MarcData:
    """A pymarc record as serializer input."""
    return _Adapted(str(record.leader), fields_of(record))


# XML


def _text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:  # a literal CR would be read back as LF
        value = value.replace("\r", "&#13;")
    return value


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def xml_record(
    record: MarcData, flavor: str = "marcxml", standalone: bool = True
) -> str:
    """One record as a MARCXML or MARCXchange ``record`` element.

    ``standalone`` declares the namespace on the element (a document of its own);
    inside a collection the collection declares it.
    """
    marcxchange = flavor == "marcxchange"
    p = "marc:" if marcxchange else ""
    if marcxchange:
        declaration = f' xmlns:marc="{MARCXCHANGE}"' if standalone else ""
        head = f'<marc:record format="MARC21" type="Authority"{declaration}>'
    else:
        head = f'<record xmlns="{MARCXML}">' if standalone else "<record>"
    parts = [head, f"<{p}leader>{_text(record.leader or '')}</{p}leader>"]
    for field in record.fields:
        tag = _attribute(field.tag)
        if field.data is not None:
            parts.append(
                f'<{p}controlfield tag="{tag}">{_text(field.data)}</{p}controlfield>'
            )
            continue
        parts.append(
            f'<{p}datafield tag="{tag}" ind1="{_attribute(field.ind1)}"'
            f' ind2="{_attribute(field.ind2)}">'
        )
        for sub in field.subfields:
            parts.append(
                f'<{p}subfield code="{_attribute(sub.code)}">{_text(sub.value)}'
                f"</{p}subfield>"
            )
        parts.append(f"</{p}datafield>")
    parts.append(f"</{p}record>")
    text = "".join(parts)
    if bad := _NOT_XML.search(text):
        raise UnwritableCharacterError(
            f"record {_control_number(record)} holds U+{ord(bad.group()):04X},"
            " which XML cannot carry"
        )
    return text


def _control_number(record: MarcData) -> str:
    return next((f.data for f in record.fields if f.tag == "001" and f.data), "?")


# The other forms


def iso2709(record: MarcData) -> bytes:
    """One record in ISO 2709 transmission format, UTF-8 (pymarc's writer)."""
    _check_delimiters(record)
    marc = Record()
    marc.leader = Leader(record.leader or "")
    marc.fields = [marc_field(f) for f in record.fields]
    data = marc.as_marc()
    # pymarc writes what does not fit without a word: a record over 99,999 bytes
    # gets a truncated length, a field over 9,999 bytes a wrong directory entry.
    if len(data) > ISO2709_MAX_RECORD or (
        len(data) > ISO2709_MAX_FIELD  # else no field can be too long
        and any(len(f.as_marc("utf-8")) > ISO2709_MAX_FIELD for f in marc.fields)
    ):
        raise UnwritableRecordError(
            f"record {_control_number(record)} is too long for ISO 2709"
            f" ({len(data)} bytes; at most {ISO2709_MAX_RECORD}, fields"
            f" {ISO2709_MAX_FIELD})"
        )
    return data


def _check_delimiters(record: MarcData) -> None:
    texts = [record.leader or ""]
    for f in record.fields:
        texts += [f.tag, f.ind1, f.ind2, f.data or ""]
        texts += [t for s in f.subfields for t in (s.code, s.value)]
    if bad := _DELIMITERS.search("".join(texts)):  # one search: dumps run this
        raise UnwritableCharacterError(
            f"record {_control_number(record)} holds U+{ord(bad.group()):04X},"
            " one of MARC's delimiters, which ISO 2709 cannot carry in data"
        )


def marcjson(record: MarcData) -> str:
    """One record as a MARC-in-JSON object (the shape of pymarc's ``as_dict``)."""
    fields: list[dict[str, Any]] = [
        {f.tag: f.data}
        if f.data is not None
        else {
            f.tag: {
                "ind1": f.ind1,
                "ind2": f.ind2,
                "subfields": [{s.code: s.value} for s in f.subfields],
            }
        }
        for f in record.fields
    ]
    return json.dumps({"leader": record.leader, "fields": fields}, ensure_ascii=False)


def to_bytes(record: MarcData, form: str) -> bytes:
    """One record as a document of its own in ``form`` (what the API serves)."""
    if form in ("marcxml", "marcxchange"):
        body = xml_record(record, form, standalone=True)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
    if form == "iso2709":
        return iso2709(record)
    if form in ("marcjson", "marcjsonl"):
        return marcjson(record).encode()
    raise ValueError(f"unknown MARC form {form!r}; known: {', '.join(FORMATS)}")


# Streaming


class Writer:
    """Writes many records as one document (a collection, an array, a file)."""

    def __init__(self, stream: IO[bytes], form: str) -> None:
        if form not in FORMATS:
            raise ValueError(f"unknown MARC form {form!r}; known: {', '.join(FORMATS)}")
        self.stream = stream
        self.form = form
        self.count = 0
        self._record: Callable[[MarcData], bytes] = {
            "marcxml": lambda r: xml_record(r, "marcxml", False).encode() + b"\n",
            "marcxchange": lambda r: (
                xml_record(r, "marcxchange", False).encode() + b"\n"
            ),
            "iso2709": iso2709,
            "marcjson": self._json_item,
            "marcjsonl": lambda r: marcjson(r).encode() + b"\n",
        }[form]

    def __enter__(self) -> Writer:
        self.stream.write(self._header())
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stream.write(self._footer())

    def write(self, record: MarcData) -> None:
        """Append one record; raises UnwritableRecordError and writes nothing then."""
        data = self._record(record)
        self.stream.write(data)
        self.count += 1

    def _json_item(self, record: MarcData) -> bytes:
        separator = b",\n" if self.count else b"\n"
        return separator + marcjson(record).encode()

    def _header(self) -> bytes:
        return {
            "marcxml": f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<collection xmlns="{MARCXML}">\n',
            "marcxchange": f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<marc:collection xmlns:marc="{MARCXCHANGE}">\n',
            "iso2709": "",
            "marcjson": "[",
            "marcjsonl": "",
        }[self.form].encode()

    def _footer(self) -> bytes:
        return {
            "marcxml": "</collection>\n",
            "marcxchange": "</marc:collection>\n",
            "iso2709": "",
            "marcjson": "\n]\n",
            "marcjsonl": "",
        }[self.form].encode()
