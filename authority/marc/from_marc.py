"""A MARC21 authority record (pymarc) -> the entity model.

The record's fields become the canonical content as they are, except those that the
envelope carries and output regenerates: 001 (the id), 005 (the modification time)
and a 901 that holds nothing but the quality level. Status comes from leader/05,
quality from 901 $a, dates from 005 and 008/00-05.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pymarc import Field as MarcField
from pymarc import Record

from authority.domain import (
    Authority,
    Field,
    Provenance,
    QualityLevel,
    Status,
    Subfield,
)
from authority.domain.ids import is_valid_id
from authority.domain.view import kind_of
from authority.errors import MarcMappingError

OSLO = ZoneInfo("Europe/Oslo")

RECORD_STATUS: dict[str, Status] = {
    "d": Status.DELETED,
    "s": Status.DELETED,
    "x": Status.DELETED,
}
"""Leader/05 -> status; ``s``/``x`` (replaced) become merged with a known successor."""

REGENERATED_TAGS = frozenset({"001", "005"})


def from_marc(marc_record: Record, replaced_by: str | None = None) -> Authority:
    """Map one record; raises MarcMappingError naming the record and the tag."""
    control_number = (
        (marc_record["001"].data or "").strip() if marc_record["001"] else ""
    )
    if not is_valid_id(control_number):
        raise MarcMappingError(
            f"001 {control_number!r} is not a valid authority id", None, "001"
        )
    fields = tuple(
        _field(f)
        for f in marc_record.fields
        if f.tag not in REGENERATED_TAGS and not _is_quality_only(f)
    )
    kind = kind_of(fields)
    if kind is None:
        raise MarcMappingError(
            "the record has no heading (1XX field)", control_number, "1XX"
        )
    status = RECORD_STATUS.get(_leader(marc_record, 5), Status.ACTIVE)
    if replaced_by and status is not Status.ACTIVE:
        status = Status.MERGED
    return Authority(
        id=control_number,
        kind=kind,
        fields=fields,
        status=status,
        merged_into=replaced_by if status is Status.MERGED else None,
        quality=_quality(marc_record),
        provenance=Provenance(
            created=_created(marc_record), modified=_modified(marc_record)
        ),
    )


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


def _leader(marc_record: Record, position: int) -> str:
    leader = str(marc_record.leader or "")
    return leader[position] if len(leader) > position else " "


# 901 — Local: quality level (kat1-kat3)


def _is_quality_only(marc_field: MarcField) -> bool:
    if marc_field.tag != "901" or marc_field.is_control_field():
        return False
    codes = [(s.code, s.value) for s in marc_field.subfields]
    return (
        len(codes) == 1
        and codes[0][0] == "a"
        and codes[0][1] in {q.value for q in QualityLevel}
    )


def _quality(marc_record: Record) -> QualityLevel | None:
    for f in marc_record.get_fields("901"):
        for value in f.get_subfields("a"):
            if value in {q.value for q in QualityLevel}:
                return QualityLevel(value)
    return None


# 005 — Date and Time of Latest Transaction; 008/00-05 — Date entered on file


def _modified(marc_record: Record) -> datetime | None:
    field = marc_record["005"]
    if not field or not field.data:
        return None
    try:
        return datetime.strptime(field.data[:14], "%Y%m%d%H%M%S").replace(tzinfo=OSLO)
    except ValueError:
        return None


def _created(marc_record: Record) -> datetime | None:
    field = marc_record["008"]
    if not field or not field.data:
        return None
    try:
        entered = datetime.strptime(field.data[:6], "%y%m%d")
    except ValueError:
        return None
    if entered.year > datetime.now().year:  # 008 has a two-digit year
        entered = entered.replace(year=entered.year - 100)
    return entered.replace(tzinfo=OSLO)
