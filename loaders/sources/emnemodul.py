"""Source: BIBSYS's subject module ("emnemodul") XML export, one topic per ``<post>``.

Tekord (root ``<ntub>``) and Humord (root ``<hume>``) were kept in the emnemodul and
exported as one XML file (ISO-8859-1, as declared): a root element of ``<post>``
children, each a term with its id, date, heading parts, links and notes. The mapping
follows UiO's converter for the same files, scriptotek/roald: its
``roald/adapters/bibsys.py`` reads them and its ``roald/adapters/marc21.py`` writes
MARC 21 (``mc2skos/examples/humord-c28807.xml`` is one of its records).

=============================  =======================================================
element                        where it goes
=============================  =======================================================
``term-id``                    ``Authority.id``, exactly as written (001 on output)
``dato``                       ``provenance.created`` and ``.modified``, midnight in
                               Oslo (roald takes ``dato`` as the modification date
                               and dates creation from it: 005 ``<dato>000000.0``),
                               and 008/00-05
(every post)                   008 in roald's pattern for subject terms,
                               ``yymmdd|||anz|nbabn          |a|ana|||| d`` (008/14
                               b: no main entry; 008/15 a: a subject heading), which
                               BARE's generated 008, a pattern for names, gets wrong;
                               ``040 $a NO-TrBIB $b nob $f <code>``, the code from the
                               root element (:data:`VOCABULARY_CODES`)
``hovedemnefrase``             ``150 $a``
``kvalifikator``               in ``150 $a`` as ``Hovedemnefrase (Kvalifikator)``:
                               roald's label, and LCSH's way with qualifiers
``underemnefrase``             ``150 $x``, one each (roald's label joins them with
                               ``" - "``, and so does the view's label)
``se-id``                      a USE reference: ``status=merged``,
                               ``merged_into=<se-id>`` (output adds 682), its own 150
                               kept; its heading is a ``450`` on the preferred term,
                               the end of the chain of se-ids (roald: an altLabel)
``overordnetterm-id``          ``550 $a <target's heading> $w g $0 (NO-TrBIB)<id>``
``ox-id`` (Humord)             the same (roald reads it as broader too)
``se-ogsa-id``                 ``550 $a <target's heading> $0 (NO-TrBIB)<id>``
``klass-signatur/signatur``    ``080 $a``, one per number: Tekord's are UDC (roald
                               writes every notation to 083, which means Dewey)
``definisjon``                 ``677 $a`` (roald)
``noter``                      ``680 $i``, public: the export keeps the closed
                               remarks apart (roald puts both kinds in one note
                               field, 667 now, 680 $i in humord-c28807)
``lukket-bemerkning``          ``667 $a``, internal (UiO published it, as
                               ``680 $i Lukket bemerkning: ...``)
``gen-se-ogsa-henvisning``     ``360 $i`` (roald: a SKOS scope note, not in MARC)
``gen-se-henvisning``          ``260 $i`` (Humord; roald writes its resolved terms
                               to 260)
``type`` (Humord)              008/09 and 008/15 as roald sets them
                               (:data:`TERM_TYPES`), and the local field
``toppterm-id`` and the rest   ``950 $a <name> $b <text>`` in post order: every
                               other element (nested ones by path, ``a/b``), every
                               attribute (``name@attribute``), text between elements,
                               and a second ``term-id``, ``dato``, ``hovedemnefrase``,
                               ``kvalifikator`` or ``se-id``
=============================  =======================================================

The ``550 $a`` and the ``450`` need other posts' headings, which a streaming read has
not seen yet when it meets a link, so :func:`read` makes two streaming passes: the
first keeps each post's heading and se-id (strings only, bounded by the vocabulary's
size), the second maps. Text is kept as received, spaces and all; ids and dates are
stripped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from authority import xmlstream
from authority.domain import Authority, Field, Kind, Provenance, Status, Subfield
from authority.domain.ids import REGISTER_AGENCY, is_valid_id, linking_form
from authority.domain.local_time import midnight
from authority.marc.source_fields import (
    cataloguing_source,
    local_field,
    subject_fixed_length_data,
)
from loaders.sources import SourceItem

ORIGIN = "emnemodul"
AGENCY = REGISTER_AGENCY
"""040 $a and the prefix of the ``$0`` links."""
LANGUAGE = "nob"

VOCABULARY_CODES: dict[str, str] = {"ntub": "tekord", "hume": "humord"}
"""Root element -> 040 $f code; any other root element's own name is the code."""

NOTE_TAGS: dict[str, tuple[str, str]] = {
    "definisjon": ("677", "a"),  # Definition
    "noter": ("680", "i"),  # Public General Note
    "lukket-bemerkning": ("667", "a"),  # Nonpublic General Note
    "gen-se-ogsa-henvisning": ("360", "i"),  # Complex See Also Reference-Subject
    "gen-se-henvisning": ("260", "i"),  # Complex See Reference-Subject
    "signatur": ("080", "a"),  # Universal Decimal Classification Number
}
"""Element -> (tag, subfield code): its text becomes one field of one subfield."""

LINK_TYPES: dict[str, str | None] = {
    "overordnetterm-id": "g",
    "ox-id": "g",
    "se-ogsa-id": None,
}
"""Element naming another post -> the 550's ``$w`` (None: related, no ``$w``)."""

SINGLE = frozenset({"term-id", "dato", "hovedemnefrase", "kvalifikator", "se-id"})
"""Elements read once; a second one in the same post goes to the local field."""

TERM_TYPES: dict[str, tuple[str, str]] = {"F": ("e", "b"), "K": ("a", "b")}
"""Humord's ``<type>`` -> (008/09, 008/15): a facet is a node label, and neither a
facet nor a linking term is for subject use (roald, after the humord README)."""

_SIGNATURE = re.compile(
    rb"^(?:<\?xml[^>]*\?>)?\s*(?:<!--.*?-->\s*)*"  # declaration, comments
    rb"<[A-Za-z_][\w.-]*(?:\s[^>]*)?>\s*<post\s*>",  # any root, then a <post>
    re.DOTALL,
)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']""")
_RAW_LIMIT = 10_000

Heading = tuple[Subfield, ...]


class _PostError(ValueError):
    """A post that cannot become an authority."""


def looks_like(head: bytes) -> bool:
    """True for an emnemodul export, from its first bytes (about 4 KB).

    Args:
        head: The start of the file.

    Returns:
        Whether the file is XML whose root element opens with a ``<post>``.
    """
    return bool(_SIGNATURE.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")))


def read(path: str) -> Iterator[SourceItem]:
    """Every post of an emnemodul export as a topic authority, in bounded memory.

    Args:
        path: The export file.

    Yields:
        One item per post, position = the post's 1-based number. A post that cannot
        be mapped is an item with the reason and its XML; XML that is not
        well-formed (or a truncated file) ends the stream with one such item, as the
        parser cannot go on after it.
    """
    index = _index(path)
    position = 0
    try:
        for post in _posts(path):
            position += 1
            yield _item(position, post, index)
    except etree.XMLSyntaxError as error:
        message = f"XML is not well-formed after post {position}: {error}"
        yield SourceItem(position + 1, None, message, _raw_near(path, error.lineno))
    except xmlstream.DoctypeError as error:
        yield SourceItem(1, None, str(error))


# Reading


def _posts(path: str) -> Iterator[etree._Element]:
    return xmlstream.elements(path, ("post",))


def _raw_near(path: str, line: int | None) -> str | None:
    """The file's text from the last ``<post`` up to the line the parser stopped at."""
    if not line:
        return None
    kept: list[bytes] = []
    with open(path, "rb") as stream:
        head = stream.read(200)
        stream.seek(0)
        for number, text in enumerate(stream, start=1):
            if number > line:
                break
            if b"<post" in text:
                kept = []
            kept.append(text)
    raw = b"".join(kept)[-_RAW_LIMIT:]
    return raw.decode(_encoding(head), "replace")


def _encoding(head: bytes) -> str:
    match = _ENCODING.match(head)
    name = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


@dataclass
class _Post:
    """What one post says, read from its elements in document order."""

    values: dict[str, str] = field(default_factory=dict)
    """The first (stripped for ids and dates) text of each of :data:`SINGLE`."""
    subdivisions: list[str] = field(default_factory=list)
    term_type: str | None = None
    links: list[tuple[str, str | None]] = field(default_factory=list)
    """(target id, ``$w``) per link, in order."""
    fields: list[Field] = field(default_factory=list)
    """Notes, class numbers and local fields, in order."""

    @property
    def heading(self) -> Heading | None:
        main = self.values.get("hovedemnefrase", "")
        if not main.strip():
            return None
        qualifier = self.values.get("kvalifikator")
        label = f"{main} ({qualifier})" if qualifier else main
        return (Subfield("a", label), *(Subfield("x", s) for s in self.subdivisions))


def _read_post(post: etree._Element) -> _Post:
    found = _Post()
    for name, text in _texts(post, ""):
        key = name.rsplit("/", 1)[-1]
        if key in SINGLE and key not in found.values:
            token = key in ("term-id", "dato", "se-id")
            found.values[key] = text.strip() if token else text
        elif key == "underemnefrase":
            found.subdivisions.append(text)
        elif key in NOTE_TAGS:
            tag, code = NOTE_TAGS[key]
            found.fields.append(Field(tag, subfields=(Subfield(code, text),)))
        elif key in LINK_TYPES:
            found.links.append((text.strip(), LINK_TYPES[key]))
        else:
            if key == "type" and found.term_type is None:
                found.term_type = text.strip().upper()
            found.fields.append(local_field(name, text))
    return found


def _texts(element: etree._Element, path: str) -> Iterator[tuple[str, str]]:
    """(name, text) of every text and attribute under ``element``, named by path."""
    own = path or "post"
    for attribute, value in element.items():
        yield f"{own}@{attribute!s}", str(value)
    # Text beside elements (mixed content) is data too, as is an unresolved entity.
    if element.text and element.text.strip():
        yield own, element.text
    for child in element:
        tag, text, tail = child.tag, child.text, child.tail
        if not isinstance(tag, str):
            yield own, str(text)
        else:
            name = tag.rpartition("}")[2]  # the exports use no namespace
            name = f"{path}/{name}" if path else name
            if len(child) or child.keys():
                yield from _texts(child, name)
            elif text and text.strip():  # the common case, without recursion
                yield name, text
        if tail and tail.strip():
            yield own, tail


# Pass 1: headings and USE references


@dataclass(frozen=True)
class _Index:
    vocabulary: str
    headings: dict[str, Heading]
    see_from: dict[str, list[Heading]]
    """Preferred term id -> headings of the posts that say USE it (directly or by a
    chain of se-ids), in file order."""


def _index(path: str) -> _Index:
    headings: dict[str, Heading] = {}
    use: dict[str, str] = {}
    root = ""
    try:
        for post in _posts(path):
            root = root or etree.QName(post.getroottree().getroot()).localname
            found = _read_post(post)
            term_id, heading = found.values.get("term-id"), found.heading
            if term_id and heading:
                headings[term_id] = heading
            if term_id and found.values.get("se-id"):
                use[term_id] = found.values["se-id"]
    except (etree.XMLSyntaxError, xmlstream.DoctypeError):
        pass  # the second pass meets the same error and reports it where it stands
    see_from: dict[str, list[Heading]] = {}
    for source, heading in headings.items():
        target = _preferred(source, use)
        if target is not None:
            see_from.setdefault(target, []).append(heading)
    return _Index(VOCABULARY_CODES.get(root.lower(), root), headings, see_from)


def _preferred(term_id: str, use: dict[str, str]) -> str | None:
    """Where the chain of se-ids from ``term_id`` ends (None: none, or a circle)."""
    seen = {term_id}
    target = use.get(term_id)
    while target is not None and target in use:
        if target in seen:
            return None
        seen.add(target)
        target = use[target]
    return target


# Pass 2: the authority


def _item(position: int, post: etree._Element, index: _Index) -> SourceItem:
    found = _read_post(post)
    try:
        authority = _authority(found, index)
    except _PostError as error:
        raw = etree.tostring(post, encoding="unicode", with_tail=False)
        return SourceItem(position, None, str(error), raw, found.values.get("term-id"))
    return SourceItem(position, authority, id=authority.id)


def _authority(found: _Post, index: _Index) -> Authority:
    term_id = found.values.get("term-id")
    if not term_id:
        raise _PostError("the post has no <term-id>")
    if not is_valid_id(term_id):
        raise _PostError(f"<term-id> {term_id!r} is not an authority id")
    heading = found.heading
    if heading is None:
        raise _PostError(f"post {term_id} has no <hovedemnefrase>")
    successor = found.values.get("se-id")
    if successor == term_id:
        raise _PostError(f"post {term_id} says USE itself (<se-id>)")
    dato = found.values.get("dato", "")
    day = _day(dato)
    fields = [
        *_fixed_length_data(day, found.term_type),
        cataloguing_source(AGENCY, LANGUAGE, index.vocabulary),
        Field("150", subfields=heading),
        *(Field("450", subfields=v) for v in _see_from(term_id, heading, index)),
        *(_relation(target, w, index) for target, w in found.links),
        *found.fields,
        *([local_field("dato", dato)] if dato and day is None else []),
    ]
    fields.sort(key=lambda f: f.tag)  # stable: each tag's fields stay in post order
    moment = midnight(day) if day else None
    return Authority(
        id=term_id,
        kind=Kind.TOPIC,
        fields=tuple(fields),
        status=Status.MERGED if successor else Status.ACTIVE,
        merged_into=successor or None,
        provenance=Provenance(origin=ORIGIN, created=moment, modified=moment),
    )


def _day(text: str) -> date | None:
    """The post's date (None when there is none, or it is no date: it goes to 950)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# 008 — Fixed-Length Data Elements; 040 — Cataloging Source


def _fixed_length_data(day: date | None, term_type: str | None) -> list[Field]:
    if day is None:
        return []  # 008/00-05 must be a date; output generates one from created
    # 008/09 kind of record, 008/15 heading use as a subject added entry
    record_kind, subject_use = TERM_TYPES.get(term_type or "", ("a", "a"))
    return [
        subject_fixed_length_data(day, record_kind=record_kind, subject_use=subject_use)
    ]


# 450 — See From Tracing; 550 — See Also From Tracing


def _see_from(term_id: str, heading: Heading, index: _Index) -> list[Heading]:
    # The same form twice, or the heading itself, says nothing more (roald skips them).
    forms = dict.fromkeys(index.see_from.get(term_id, ()))
    forms.pop(heading, None)
    return list(forms)


def _relation(target: str, control: str | None, index: _Index) -> Field:
    label = index.headings.get(target, ())
    w = (Subfield("w", control),) if control else ()
    return Field("550", subfields=(*label, *w, Subfield("0", linking_form(target))))
