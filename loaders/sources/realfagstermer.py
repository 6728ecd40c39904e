"""Source: Realfagstermer's own text exports ("Roald 2" format), one term per block.

UiO's Science Library kept Realfagstermer in four UTF-8 text files, one per kind of
term: ``idtermer.txt`` (topics), ``idsteder.txt`` (places), ``idformer.txt``
(forms) and ``idtider.txt`` (periods). A term is a block of ``key= value`` lines;
blank lines separate the blocks. The mapping gives the shape of UiO's own MARC 21
exports of the vocabulary (the ones mc2skos reads as ``noubomn``), the shape
bench/subject_records.py writes; beyond it, this source keeps what bench drops (the
950s, the acronym's ``$w d``, every dw=):

=================  ===================================================================
key                where it goes
=================  ===================================================================
``id``             ``Authority.id``, exactly as written (001 on output), and
                   ``024 7_ $a http://data.ub.uio.no/realfagstermer/c<digits> $2 uri``
(every term)       ``003 NoOU``; ``040 $a NoOU $b nob $f noubomn``
``te``             the heading, ``1XX $a``, its tag from the file: 150 ``idtermer``,
                   151 ``idsteder``, 155 ``idformer``, 148 ``idtider`` (the register has
                   no kind for chronological terms: the view reads 148 as a topic)
``tio``            ``provenance.created`` (the UTC stamp as written) and 008/00-05 (its
                   date), 008 in roald's pattern for subject terms,
                   ``yymmdd|||anz|nbabn          |a|ana|||| d``
``tie``, ``tis``   ``provenance.modified``: the latest of tio, tie and tis (005 on
                   output); a tie or tis stamp that is not that moment goes to 950
``tis``            ``status=deleted``
``fly``            ``status=merged``, ``merged_into=<id>`` and ``682 $i Erstattet av
                   $a <its te> $0 (NoOU)<id>``; a term that names itself
                   (REAL005503) is written deleted, its fly= kept in 950
``bf``             ``4XX $a``
``ak``             ``4XX $a <acronym> $w d`` (4XX $w/0 ``d``: acronym)
``nn``, ``en``,    ``4XX $a <label> $9 language=<key>``, the first of each language
``la``             also ``$9 rank=preferred`` (its preferred label in that language)
``ot``             ``5XX $a <target's te> $w g $0 (NoOU)<id>`` (broader)
``ut``             the same with ``$w h`` (narrower)
``so``             the same without ``$w`` (related); every 5XX takes its tag from
                   the target's file, as a topic may name a place
``dw``             ``083 04 $a <number> $2 23no`` (Dewey, the Norwegian WebDewey)
``no``             ``667 $a`` (internal note)
``de``             ``677 $a`` (definition)
``ba``, ``ms``,    ``950 $a <key> $b <value>`` in block order: ``ba`` (UiO's codes, not
any other key      in its MARC), ``ms`` (class numbers such as ``62.41``, which are not
                   MSC notation, so not 065), unknown keys, and a second id, te, tio
                   or fly
=================  ===================================================================

The 5XX ``$a`` and the 682 need other terms' headings, and links cross the files (a
topic's so= may name a place), so :func:`read` makes two streaming passes: the first
keeps each term's heading and tag (strings only, bounded by the vocabulary's size)
from the file and from its sibling files beside it (``...idsteder.txt`` next to
``...idtermer.txt``), the second maps. A file whose name says none of the four kinds
is read as topics, and a link to a term in no file read is written without ``$a``.
Fields go in tag order, and within a tag in the order of UiO's exports (bf, ak,
then nn, en, la; ot, ut, so), else in block order. Values are kept as written (only
the space after ``=`` is dropped; ids, links and stamps are stripped); a line with
an empty value says nothing and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from authority.domain import Authority, Field, Provenance, Status, Subfield
from authority.domain.ids import VOCABULARY_AGENCY, is_valid_id, linking_form
from authority.domain.view import HEADING_KINDS
from authority.marc.source_fields import (
    cataloguing_source,
    local_field,
    subject_fixed_length_data,
)
from loaders.sources import SourceItem

ORIGIN = "realfagstermer"
AGENCY = VOCABULARY_AGENCY
"""003, 040 $a and the prefix of the ``$0`` links (UiO's MARC organization code)."""
LANGUAGE = "nob"
VOCABULARY = "noubomn"
URI = "http://data.ub.uio.no/realfagstermer/c"

FILE_TAGS: dict[str, str] = {
    "termer": "50",
    "steder": "51",
    "former": "55",
    "tider": "48",
}
"""File kind (``id<kind>.txt``) -> the last two digits of its 1XX/4XX/5XX tags."""
DEFAULT_TAG = "50"

LABEL_LANGUAGES = ("nn", "en", "la")
"""Keys holding labels in other languages (the key is the ``$9 language=`` code)."""

SEE_FROM: dict[str, tuple[Subfield, ...]] = {"bf": (), "ak": (Subfield("w", "d"),)}
"""Keys of see-from forms in the vocabulary's language -> subfields after ``$a``."""

LINK_TYPES: dict[str, str | None] = {"ot": "g", "ut": "h", "so": None}
"""Key naming another term -> the 5XX's ``$w`` (None: related, no ``$w``)."""

NOTE_TAGS: dict[str, tuple[str, str]] = {
    "no": ("667", "a"),  # Nonpublic General Note
    "de": ("677", "a"),  # Definition
}
"""Key -> (tag, subfield code): its value becomes one field of one subfield."""

SINGLE = frozenset({"id", "te", "tio", "fly"})
"""Keys read once; a second one in the same block goes to the local field."""

STAMPS = ("tie", "tis")
REPLACED_BY = "Erstattet av"
"""682 $i of a replaced term (bench/subject_records.py's wording)."""

_SIGNATURE = re.compile(rb"\Aid= ?[^\s=]+[ \t]*\r?\n[a-z][a-z0-9]*=")
_KEY = re.compile(r"^[a-z][a-z0-9]*$")
_FILE = re.compile(r"^(?P<stem>.*?)id(?P<kind>termer|steder|former|tider)(?P<end>.*)$")
_ID_LINE = re.compile(r"^id=[ \t]*(\S+)", re.MULTILINE)
_DIGITS = re.compile(r"(\d+)$")
_BOM = b"\xef\xbb\xbf"


class _BlockError(ValueError):
    """A block that cannot become an authority."""


def looks_like(head: bytes) -> bool:
    """True for a Realfagstermer text export, from its first bytes (about 4 KB).

    Args:
        head: The start of the file.

    Returns:
        Whether the file opens with an ``id= `` line followed by another key.
    """
    return bool(_SIGNATURE.match(head.removeprefix(_BOM)))


def read(path: str) -> Iterator[SourceItem]:
    """Every term of a Realfagstermer export as an authority, in bounded memory.

    Args:
        path: One of the four export files (its name gives the kind).

    Yields:
        One item per block, position = the block's 1-based number. A block that
        cannot be mapped (no id, an id that is no authority id, no heading, a line
        that is not ``key= value``, bytes that are not UTF-8, an id given twice) is
        an item with the reason and the block's text.
    """
    suffix = _file_tag(path)
    index = _index(path)
    for position, block in enumerate(_blocks(path), start=1):
        yield _item(position, block, suffix, index)


# Reading


@dataclass(frozen=True)
class _Block:
    """One block as read: its first line number and raw lines."""

    line: int
    lines: tuple[bytes, ...]

    @property
    def raw(self) -> str:
        return b"".join(self.lines).decode("utf-8", "replace")


def _blocks(path: str) -> Iterator[_Block]:
    """The file's blocks: runs of non-blank lines."""
    lines: list[bytes] = []
    first = 0
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if number == 1:
                line = line.removeprefix(_BOM)
            if line.strip():
                first = first or number
                lines.append(line)
            elif lines:
                yield _Block(first, tuple(lines))
                lines, first = [], 0
    if lines:
        yield _Block(first, tuple(lines))


def _pairs(block: _Block) -> list[tuple[str, str]]:
    """The block's ``(key, value)`` pairs in order; raises for a malformed line."""
    pairs = []
    for offset, data in enumerate(block.lines):
        try:
            line = data.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            raise _BlockError(
                f"line {block.line + offset} is not UTF-8: {error}"
            ) from None
        key, sep, value = line.partition("=")
        if not sep or not _KEY.match(key.strip()):
            raise _BlockError(
                f"line {block.line + offset} is not a 'key= value' line: {line!r}"
            )
        value = value.removeprefix(" ")
        if value.strip():
            pairs.append((key.strip(), value))
    return pairs


def _file_tag(path: str) -> str:
    match = _FILE.match(Path(path).name)
    return FILE_TAGS[match.group("kind")] if match else DEFAULT_TAG


def _siblings(path: str) -> list[Path]:
    """The other kinds' files beside ``path`` (same name but for the kind)."""
    own = Path(path)
    match = _FILE.match(own.name)
    if match is None:
        return []
    stem, end = match.group("stem"), match.group("end")
    names = (f"{stem}id{kind}{end}" for kind in FILE_TAGS if kind != match["kind"])
    return [own.with_name(name) for name in names if own.with_name(name).is_file()]


@dataclass
class _Term:
    """What one block says, read from its lines in order."""

    values: dict[str, str] = field(default_factory=dict)
    """The first value of each of :data:`SINGLE` (ids and stamps stripped)."""
    stamps: list[tuple[str, str]] = field(default_factory=list)
    """(key, stamp) of every tie and tis, stripped."""
    see_from: dict[str, list[Field]] = field(default_factory=dict)
    """Key of :data:`SEE_FROM` -> its 4XX fields, in order."""
    labels: dict[str, list[str]] = field(default_factory=dict)
    """Language -> labels, in order (the first is the preferred one)."""
    links: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    """Key of :data:`LINK_TYPES` -> (target id, ``$w``) per link, in order."""
    fields: list[Field] = field(default_factory=list)
    """Class numbers, notes and local fields, in order."""


def _read_term(pairs: list[tuple[str, str]], suffix: str) -> _Term:
    term = _Term()
    for key, value in pairs:
        if key in SINGLE and key not in term.values:
            term.values[key] = value if key == "te" else value.strip()
        elif key in STAMPS:
            term.stamps.append((key, value.strip()))
        elif key in SEE_FROM:
            subfields = (Subfield("a", value), *SEE_FROM[key])
            field_ = Field(f"4{suffix}", subfields=subfields)
            term.see_from.setdefault(key, []).append(field_)
        elif key in LABEL_LANGUAGES:
            term.labels.setdefault(key, []).append(value)
        elif key in LINK_TYPES:
            link = (value.strip(), LINK_TYPES[key])
            term.links.setdefault(key, []).append(link)
        elif key in NOTE_TAGS:
            tag, code = NOTE_TAGS[key]
            term.fields.append(Field(tag, subfields=(Subfield(code, value),)))
        elif key == "dw":
            term.fields.append(_dewey(value))
        else:
            term.fields.append(local_field(key, value))
    return term


# Pass 1: headings and tags of every term in the file and its siblings


@dataclass(frozen=True)
class _Index:
    terms: dict[str, tuple[str, str]]
    """Term id -> (tag digits, heading)."""
    first: dict[str, int]
    """Term id -> position of its first block in the file being read."""


def _index(path: str) -> _Index:
    terms: dict[str, tuple[str, str]] = {}
    first: dict[str, int] = {}
    for sibling in _siblings(path):
        for _, term_id, heading in _headings(str(sibling)):
            terms.setdefault(term_id, (_file_tag(str(sibling)), heading))
    suffix = _file_tag(path)
    for position, term_id, heading in _headings(path):
        first.setdefault(term_id, position)
        terms[term_id] = (suffix, heading)
    return _Index(terms, first)


def _headings(path: str) -> Iterator[tuple[int, str, str]]:
    """(position, id, heading) of every block that has both."""
    for position, block in enumerate(_blocks(path), start=1):
        try:
            pairs = _pairs(block)
        except _BlockError:
            continue  # the second pass reports it
        values: dict[str, str] = {}
        for key, value in pairs:
            if key in ("id", "te"):
                values.setdefault(key, value)
        if "id" in values and "te" in values:
            yield position, values["id"].strip(), values["te"]


# Pass 2: the authority


def _item(position: int, block: _Block, suffix: str, index: _Index) -> SourceItem:
    try:
        term = _read_term(_pairs(block), suffix)
        authority = _authority(position, term, suffix, index)
    except _BlockError as error:
        raw = block.raw
        found = _ID_LINE.search(raw)
        term_id = found.group(1) if found else None
        return SourceItem(position, None, str(error), raw, term_id)
    return SourceItem(position, authority, id=authority.id)


def _authority(position: int, term: _Term, suffix: str, index: _Index) -> Authority:
    term_id = term.values.get("id")
    if not term_id:
        raise _BlockError("the block has no id= line")
    if not is_valid_id(term_id):
        raise _BlockError(f"id= {term_id!r} is not an authority id")
    if index.first.get(term_id, position) != position:
        raise _BlockError(
            f"{term_id} is given twice (first in block {index.first[term_id]})"
        )
    heading = term.values.get("te")
    if heading is None:
        raise _BlockError(f"{term_id} has no te= heading")
    successor = term.values.get("fly")
    replaced = successor is not None and successor != term_id
    created, modified, stamp_fields = _dates(term)
    fields = [
        Field("003", data=AGENCY),
        *([subject_fixed_length_data(created)] if created else []),
        *_identifier(term_id),
        cataloguing_source(AGENCY, LANGUAGE, VOCABULARY),
        Field(f"1{suffix}", subfields=(Subfield("a", heading),)),
        *(f for key in SEE_FROM for f in term.see_from.get(key, [])),
        *_labels(term.labels, suffix),
        *(
            _relation(target, w, suffix, index)
            for key in LINK_TYPES
            for target, w in term.links.get(key, [])
        ),
        *term.fields,
        *([_replaced_by(successor, index)] if successor and replaced else []),
        *([local_field("fly", successor)] if successor and not replaced else []),
        *stamp_fields,
    ]
    fields.sort(key=lambda f: f.tag)  # stable: the order above within each tag
    status = Status.ACTIVE
    if replaced:
        status = Status.MERGED
    elif successor or any(key == "tis" for key, _ in term.stamps):
        status = Status.DELETED
    return Authority(
        id=term_id,
        kind=HEADING_KINDS[f"1{suffix}"],
        fields=tuple(fields),
        status=status,
        merged_into=successor if replaced else None,
        provenance=Provenance(origin=ORIGIN, created=created, modified=modified),
    )


# 005, 008 — dates (tio, tie, tis)


def _dates(term: _Term) -> tuple[datetime | None, datetime | None, list[Field]]:
    """(created, modified, 950s for the stamps that neither of them holds)."""
    kept: list[Field] = []
    tio = term.values.get("tio")
    created = _moment(tio) if tio else None
    if tio and created is None:
        kept.append(local_field("tio", tio))
    moments = [(key, stamp, _moment(stamp)) for key, stamp in term.stamps]
    known = [m for _, _, m in moments if m is not None]
    modified = max([*known, *([created] if created else [])], default=None)
    for key, stamp, moment in moments:
        if moment is None or moment != modified:
            kept.append(local_field(key, stamp))
    return created, modified, kept


def _moment(stamp: str) -> datetime | None:
    """``2014-08-25T00:00:00Z`` as an aware datetime (a stamp without zone: UTC)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# 024 — Other Standard Identifier; 040 — Cataloging Source; 083 — Dewey


def _identifier(term_id: str) -> list[Field]:
    match = _DIGITS.search(term_id)
    if match is None:
        return []  # a numeric-free id has no URI in UiO's pattern
    subfields = (Subfield("a", URI + match.group(1)), Subfield("2", "uri"))
    return [Field("024", "7", " ", subfields)]


def _dewey(number: str) -> Field:
    return Field(
        "083", "0", "4", (Subfield("a", number.strip()), Subfield("2", "23no"))
    )


# 4XX — See From Tracing (labels in other languages)


def _labels(labels: dict[str, list[str]], suffix: str) -> list[Field]:
    fields = []
    for language in LABEL_LANGUAGES:
        for n, value in enumerate(labels.get(language, [])):
            rank = (Subfield("9", "rank=preferred"),) if n == 0 else ()
            subfields = (
                Subfield("a", value),
                *rank,
                Subfield("9", f"language={language}"),
            )
            fields.append(Field(f"4{suffix}", subfields=subfields))
    return fields


# 5XX — See Also From Tracing; 682 — Deleted Heading Information


def _relation(target: str, control: str | None, suffix: str, index: _Index) -> Field:
    target_suffix, label = index.terms.get(target, (suffix, ""))
    subfields = [
        *([Subfield("a", label)] if label else []),
        *([Subfield("w", control)] if control else []),
        Subfield("0", linking_form(target, AGENCY)),
    ]
    return Field(f"5{target_suffix}", subfields=tuple(subfields))


def _replaced_by(successor: str, index: _Index) -> Field:
    label = index.terms.get(successor, ("", ""))[1]
    subfields = [
        Subfield("i", REPLACED_BY),
        *([Subfield("a", label)] if label else []),
        Subfield("0", linking_form(successor, AGENCY)),
    ]
    return Field("682", subfields=tuple(subfields))
