"""What a cataloguer's edit is checked for: MARC21 shape, check digits, dates.

The shape: tags of the authority format (or local ones), control fields with data
and data fields with subfields, indicators, subfield codes valid for the heading
field's kind (no $d in a 450), one heading, a 40-character 008.

Pure functions over one authority; the service adds what needs the database
(relation targets, merge chains). Each problem names the field it concerns
(``024`` or ``100/ind1``), so that a problem the stored record already had, in a
field the edit did not touch, is a warning and not a refusal: the legacy register
refused whole records for fields nobody had touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from authority.domain.content import Field
from authority.domain.identifiers import MAX_IDENTIFIER
from authority.domain.model import Authority
from authority.errors import Problem


def _tags(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONTROL_TAGS = frozenset({"001", "003", "005", "006", "007", "008", "009"})
HEADING_TAGS = _tags("100 110 111 130 147 148 150 151 155 162 180 181 182 185")
DATA_TAGS = (
    _tags(
        """010 014 016 020 022 023 024 031 034 035 040 042 043 045 046 050 052 053
        055 060 065 066 070 072 073 075 079 080 083 086 087 260 336 360 368 370 371
        372 373 374 375 376 377 378 380 381 382 383 384 385 386 387 388 640 641 642
        643 644 645 646 663 664 665 666 667 668 670 672 673 675 677 678 680 681 682
        688 788 856 880 883 884 885"""
    )
    | HEADING_TAGS
    | {"4" + t[1:] for t in HEADING_TAGS}
    | {"5" + t[1:] for t in HEADING_TAGS}
    | {"7" + t[1:] for t in HEADING_TAGS}
)
"""The data fields of the MARC21 authority format (2024)."""

CONTROL_CODES = "0123456789iw"
"""Subfields every heading, see-from and see-also field may carry: links, sources,
relationship information and control ($w), and local ones ($9)."""
NAME_CODES = {
    "00": "abcdefghjklmnopqrstvxyz",
    "10": "abcdefghklmnoprstvxyz",
    "11": "acdefghjklnpqstvxyz",
    "30": "adfghklmnoprstvxyz",
    "47": "acdgvxyz",
    "48": "avxyz",
    "50": "abgvxyz",
    "51": "agvxyz",
    "55": "avxyz",
    "62": "a",
    "80": "vxyz",
    "81": "vxyz",
    "82": "vxyz",
    "85": "vxyz",
}
"""Subfield codes of the heading fields (X00 ... X85) in the MARC21 authority format,
by the tag's last two digits, for 1XX, 4XX, 5XX and 7XX alike."""

INDICATOR = re.compile(r"[ 0-9a-z]")
SUBFIELD_CODE = re.compile(r"[0-9a-z]")
DATE_046 = re.compile(r"[\[{]?[-+.,/\d~?%Xu]*\d[-+.,/\d~?%Xu]*[\]}]?")
"""046 $f $g $s $t: a date as MARC asks, yyyy, yyyymmdd or EDTF (``1564-04-26``,
``19uu``, ``[..1564-04-26]``): digits and EDTF's marks, no words."""


UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters no stored record may hold: MARC's own delimiters (U+001D record
terminator, U+001E field terminator, U+001F subfield delimiter: in ISO 2709 a value
holding one becomes another subfield or field) and every other character XML 1.0
cannot carry (the C0 controls, surrogates, U+FFFE, U+FFFF). TAB, LF and CR are
allowed: XML carries them, MARC gives them no meaning, and notes hold line breaks."""

DELIMITER_NAMES = {
    "\x1d": "MARC's record terminator",
    "\x1e": "MARC's field terminator",
    "\x1f": "MARC's subfield delimiter",
}


def problems(authority: Authority) -> list[Problem]:
    """Everything wrong with ``authority`` that the record itself shows."""
    return [
        *_shape(authority.fields),
        *_fixed_data(authority.fields),
        *_identifiers(authority),
        *_dates(authority.fields),
    ]


def _is_local(tag: str) -> bool:
    """9XX and X9X are local fields: every institution may define its own."""
    return tag.startswith("9") or (len(tag) == 3 and tag[1] == "9")


def _shape(fields: tuple[Field, ...]) -> Iterator[Problem]:
    headings = [f for f in fields if f.tag in HEADING_TAGS]
    if len(headings) > 1:
        yield Problem(f"a record has one heading; this one has {len(headings)}", "1XX")
    for f in fields:
        if not re.fullmatch(r"\d{3}", f.tag):
            yield Problem(f"{f.tag!r} is not a MARC tag (three digits)", f.tag)
        elif f.tag in CONTROL_TAGS:
            if f.data is None:
                yield Problem(f"{f.tag} is a control field: data, no subfields", f.tag)
        elif f.data is not None:
            yield Problem(f"{f.tag} is a data field: subfields, no data", f.tag)
        elif f.tag not in DATA_TAGS and not _is_local(f.tag):
            yield Problem(f"{f.tag} is not a field of the authority format", f.tag)
        else:
            yield from _data_field(f)


def _data_field(f: Field) -> Iterator[Problem]:
    for name, value in (("ind1", f.ind1), ("ind2", f.ind2)):
        if not INDICATOR.fullmatch(value or ""):
            yield Problem(
                f"{f.tag} {name} {value!r} is not a blank, digit or letter",
                f"{f.tag}/{name}",
            )
    if not f.subfields:
        yield Problem(f"{f.tag} has no subfields", f.tag)
    allowed = NAME_CODES.get(f.tag[1:]) if f.tag[0] in "1457" else None
    for s in f.subfields:
        if _is_local(f.tag):
            continue
        if not SUBFIELD_CODE.fullmatch(s.code):
            yield Problem(
                f"{f.tag} ${s.code} is not a subfield code (a letter or digit)",
                f"{f.tag}/${s.code}",
            )
        elif allowed is not None and s.code not in allowed + CONTROL_CODES:
            yield Problem(f"{f.tag} has no subfield ${s.code}", f"{f.tag}/${s.code}")


def _fixed_data(fields: tuple[Field, ...]) -> Iterator[Problem]:
    for f in fields:
        if f.tag == "008" and f.data is not None and len(f.data) != 40:
            yield Problem(f"008 has 40 characters, not {len(f.data)}", "008")


def _identifiers(authority: Authority) -> Iterator[Problem]:
    for identifier in authority.identifiers:
        value = identifier.value
        if identifier.scheme in ("isni", "orcid"):
            digits = value.replace("-", "")
            if not re.fullmatch(r"\d{15}[\dX]", digits):
                yield Problem(f"{identifier.scheme} {value!r} is not 16 digits", "024")
            elif mod11_2(digits[:15]) != digits[15]:
                yield Problem(
                    f"{identifier.scheme} {value!r} has a wrong check digit "
                    f"(expected {mod11_2(digits[:15])})",
                    "024",
                )
        elif identifier.scheme == "viaf" and not value.isdigit():
            yield Problem(f"viaf {value!r} is not a VIAF number (digits)", "024")
        elif identifier.scheme == "wikidata" and not re.fullmatch(r"Q\d+", value):
            yield Problem(f"wikidata {value!r} is not a Wikidata item (Q...)", "024")


def mod11_2(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of ``digits`` (ISNI, ORCID)."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _dates(fields: tuple[Field, ...]) -> Iterator[Problem]:
    for f in fields:
        if f.tag != "046":
            continue
        for s in f.subfields:
            if s.code in "fgst" and not DATE_046.fullmatch(s.value.strip()):
                yield Problem(
                    f"046 ${s.code} {s.value!r} is not a date (yyyy, yyyy-mm-dd, EDTF)",
                    f"046/${s.code}",
                )


_TAG = re.compile(r"[0-9A-Za-z]{3}")


def tag_problem(tag: str, control: bool) -> str | None:
    """Why ISO 2709 cannot write ``tag`` back as a control or data field (None: it can).

    A tag is three letters or digits, and ISO 2709 tells control fields from data
    fields by the tag alone: 00X (pymarc's reading, and ours) is a control field.
    """
    if not _TAG.fullmatch(tag):
        return f"tag {tag!r} is not three letters or digits"
    if control and not (tag.isdigit() and tag < "010"):
        return f"a control field's tag is 00X, not {tag!r}"
    if not control and tag.isdigit() and tag < "010":
        return f"tag {tag!r} is a control field's, not a data field's"
    return None


def shape_problems(fields: tuple[Field, ...]) -> Iterator[Problem]:
    """What ISO 2709 cannot write back: a tag, indicator or subfield code misshapen.

    MARC has room for one character per indicator and subfield code; more would
    shift every byte after it in ISO 2709, and a tag alone tells a control field
    from a data field.
    """
    for f in fields:
        if problem := tag_problem(f.tag, f.data is not None):
            yield Problem(problem, f.tag)
        if f.data is not None:
            continue
        places = [("ind1", f.ind1), ("ind2", f.ind2)]
        places += [(f"${s.code}", s.code) for s in f.subfields]
        for where, value in places:
            what = "indicator" if where.startswith("ind") else "subfield code"
            if len(value) != 1:
                message = f"{what} {value!r} is not one character"
                yield Problem(message, f"{f.tag}/{where}")
            elif value in "\t\n\r":  # an XML attribute reads them back as a space
                yield Problem(f"{what} {value!r} is not a MARC one", f"{f.tag}/{where}")


def overlong_identifiers(fields: tuple[Field, ...]) -> Iterator[Problem]:
    """Identifiers (024 ``$a``, 035 ``$a``, any ``$0``) longer than any real one."""
    for f in fields:
        for s in f.subfields:
            named = s.code == "0" or (s.code == "a" and f.tag in ("024", "035"))
            if named and len(s.value.strip()) > MAX_IDENTIFIER:
                yield Problem(
                    f"{f.tag} ${s.code} has {len(s.value):,} characters; an "
                    f"identifier has at most {MAX_IDENTIFIER}",
                    f"{f.tag}/${s.code}",
                )


MAX_RECORD_CHARACTERS = 500_000
"""Characters a record's fields may hold in all: five times ISO 2709's whole record
(99,999 bytes), and every form the register writes stays readable by its own
readers (MARC-in-JSON and JSON lines are read up to 4 MB a record)."""


def oversized(fields: tuple[Field, ...]) -> Iterator[Problem]:
    """The record as a whole, when it holds more than any form may carry back."""
    size = sum(
        len(f.data) if f.data is not None else sum(len(s.value) for s in f.subfields)
        for f in fields
    )
    if size > MAX_RECORD_CHARACTERS:
        yield Problem(
            f"the record holds {size:,} characters; at most {MAX_RECORD_CHARACTERS:,}",
            "fields",
        )


def unwritable_characters(
    fields: tuple[Field, ...], leader: str | None = None
) -> Iterator[Problem]:
    """Every place that holds a character of :data:`UNWRITABLE`.

    Each is named by field tag, occurrence and subfield code: ``100[1]/$a`` is the
    ``$a`` of the first 100, ``008[1]`` the data of the first 008.
    """
    if UNWRITABLE.search(_all_text(fields, leader)) is None:
        return  # the common case, in one search: every load validates every record
    if leader is not None:
        yield from _unwritable(leader, "leader", "leader")
    seen: dict[str, int] = {}
    for f in fields:
        seen[f.tag] = n = seen.get(f.tag, 0) + 1
        field = f"{f.tag}[{n}]"
        yield from _unwritable(f.tag, field, f"{field} tag")
        if f.data is not None:
            yield from _unwritable(f.data, field, f"{f.tag} #{n}")
            continue
        for name, value in (("ind1", f.ind1), ("ind2", f.ind2)):
            yield from _unwritable(value, f"{field}/{name}", f"{f.tag} #{n} {name}")
        for s in f.subfields:
            where = f"{field}/${s.code}"
            yield from _unwritable(s.code, where, f"{f.tag} #{n} subfield code")
            yield from _unwritable(s.value, where, f"{f.tag} #{n} ${s.code}")


def _all_text(fields: tuple[Field, ...], leader: str | None) -> str:
    texts = [leader or ""]
    for f in fields:
        texts += (f.tag, f.ind1, f.ind2, f.data or "")
        for code, value in f.subfields:
            texts += (code, value)
    return "".join(texts)


def unwritable_text(text: str | None, where: str) -> Iterator[Problem]:
    """:data:`UNWRITABLE` in a value of the envelope (``origin``) named ``where``."""
    if text:
        yield from _unwritable(text, where, where)


def _unwritable(text: str, where: str, what: str) -> Iterator[Problem]:
    found = UNWRITABLE.search(text)
    if found is None:
        return
    character = found.group()
    name = DELIMITER_NAMES.get(character) or (
        "a control character" if character < " " else "not a character of XML"
    )
    yield Problem(
        f"{what} holds U+{ord(character):04X} ({name}) at character "
        f"{found.start() + 1}: MARC and XML records cannot carry it",
        where,
    )
