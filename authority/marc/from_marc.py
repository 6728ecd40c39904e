"""A MARC21 authority record (pymarc) -> the entity model.

The record's fields become the canonical content as they are. The only fields left
out are those that output regenerates *identically* from the envelope, so storing
them would say the same thing twice:

- 001 (the id) and 005 (the modification time, when it parses);
- 003 when it is our own organization code;
- 008 when it is BARE's fixed pattern behind the date entered on file;
- 901 when it holds nothing but the quality level;
- the 682 that output writes for a merged record;
- the leader when it is the one output would generate for the record's status.

Everything else, fields the model does not read included, is kept in order with
indicators and subfields exactly as received. A record whose 001 is not one of our
ids (another agency's ``n2015013824``, ``IISGa1047487``), or any record when the
caller asks for new ids, is a *foreign* record: its ``(003)001`` moves to 035 and it
gets a minted id when stored, which is what MARC practice does on import.
"""

from __future__ import annotations

from datetime import datetime

from pymarc import Record

from authority.domain import (
    Authority,
    Field,
    Provenance,
    QualityLevel,
    Status,
    Subfield,
)
from authority.domain.carried import Carried
from authority.domain.checks import shape_problems
from authority.domain.content import replace_group, with_tag
from authority.domain.ids import REGISTER_AGENCY, from_linking_form, is_valid_id
from authority.domain.local_time import OSLO
from authority.domain.view import kind_of
from authority.errors import MarcMappingError
from authority.marc import tags
from authority.marc.read import fields_of
from authority.marc.to_marc import (
    generated_005,
    generated_008,
    generated_leader,
    replaced_by_field,
    same_leader,
)


def from_marc(
    marc_record: Record,
    replaced_by: str | None = None,
    *,
    organization_code: str = REGISTER_AGENCY,
    mint_id: bool = False,
) -> Authority:
    """Map one pymarc record (see :func:`from_fields`)."""
    return from_fields(
        str(marc_record.leader),
        fields_of(marc_record),
        replaced_by,
        organization_code=organization_code,
        mint_id=mint_id,
    )


def from_fields(
    leader: str,
    fields: tuple[Field, ...],
    replaced_by: str | None = None,
    *,
    organization_code: str = REGISTER_AGENCY,
    mint_id: bool = False,
    check_shape: bool = True,
) -> Authority:
    """Map one record's leader and fields; raises MarcMappingError naming the tag.

    ``replaced_by`` is the successor when the source says so outside the record
    (BARE JSON's ``replacedBy``); ``mint_id`` treats every record as foreign.
    ``check_shape=False`` leaves misshapen tags, indicators and subfield codes to
    the write's own checks (the API lists every problem of a body at once).
    """
    control = _control_fields(fields)
    control_number = (control.get(tags.CONTROL_NUMBER) or "").strip()
    if check_shape:
        _check_shape(fields, control_number)
    foreign = mint_id or not is_valid_id(control_number)
    if foreign:
        fields = _as_foreign(fields, control_number)
    kind = kind_of(fields)
    if kind is None:
        raise MarcMappingError(
            "the record has no heading (1XX field)", control_number or None, "1XX"
        )
    status, successor = _status(leader, fields, replaced_by)
    quality = _quality(fields)
    provenance = Provenance(
        created=_created(control.get(tags.FIXED_LENGTH_DATA)),
        modified=_modified(control.get(tags.LATEST_TRANSACTION)),
    )
    kept = tuple(
        f
        for f in fields
        if f.tag not in tags.MAYBE_REGENERATED
        or not _regenerated(f, provenance, status, successor, organization_code)
    )
    return Authority(
        id="" if foreign else control_number,
        kind=kind,
        fields=kept,
        status=status,
        merged_into=successor,
        quality=quality,
        provenance=provenance,
        leader=None if same_leader(leader, generated_leader(status)) else leader,
    )


def _check_shape(fields: tuple[Field, ...], control_number: str) -> None:
    # A reader refuses what ISO 2709 cannot write back at once, as the record's error.
    for problem in shape_problems(fields):
        raise MarcMappingError(problem.message, control_number or None, problem.where)


def _control_fields(fields: tuple[Field, ...]) -> dict[str, str]:
    """Tag -> data of the first control field with that tag."""
    control: dict[str, str] = {}
    for f in fields:
        if f.data is not None and f.tag not in control:
            control[f.tag] = f.data
    return control


def _regenerated(
    f: Field,
    provenance: Provenance,
    status: Status,
    successor: str | None,
    organization_code: str,
) -> bool:
    """True for a field that output writes back exactly as it stands."""
    if f.tag == tags.CONTROL_NUMBER:
        return True
    if f.tag == tags.LATEST_TRANSACTION:
        return provenance.modified is not None
    if f.tag == tags.CONTROL_NUMBER_IDENTIFIER:
        return f.data == organization_code
    if f.tag == tags.FIXED_LENGTH_DATA:
        created = provenance.created
        return created is not None and f.data == generated_008(created)
    if f.tag == tags.QUALITY_LEVEL:
        return _is_quality_only(f)
    if f.tag == tags.DELETED_HEADING and status is Status.MERGED and successor:
        return f == replaced_by_field(successor, organization_code)
    return False


# 001/003 -> 035 — System Control Number (foreign records)


def _as_foreign(fields: tuple[Field, ...], control_number: str) -> tuple[Field, ...]:
    agency = next(
        (f.data for f in fields if f.tag == tags.CONTROL_NUMBER_IDENTIFIER), None
    )
    kept = tuple(
        f
        for f in fields
        if f.tag not in (tags.CONTROL_NUMBER, tags.CONTROL_NUMBER_IDENTIFIER)
    )
    if not control_number:
        return kept
    number = f"({agency}){control_number}" if agency else control_number
    own = Field(tags.SYSTEM_CONTROL_NUMBER, " ", " ", (Subfield("a", number),))
    existing = tuple(with_tag(kept, tags.SYSTEM_CONTROL_NUMBER))
    return replace_group(kept, (tags.SYSTEM_CONTROL_NUMBER,), (*existing, own))


# Leader/05 — Record status; 682 — Deleted Heading Information


def _status(
    leader: str, fields: tuple[Field, ...], replaced_by: str | None
) -> tuple[Status, str | None]:
    code = leader[5:6]
    status = tags.LEADER_STATUS.get(code, Status.ACTIVE)
    if status is Status.ACTIVE:
        return status, None
    successor = replaced_by
    if successor is None and code in tags.REPLACED_CODES:
        successor = next(
            (
                target
                for f in with_tag(fields, tags.DELETED_HEADING)
                for target in map(from_linking_form, f.values("0"))
                if target
            ),
            None,
        )
    return (Status.MERGED, successor) if successor else (status, None)


# 901 — Local: quality level (kat1-kat3)


def _is_quality_only(f: Field) -> bool:
    return (
        len(f.subfields) == 1
        and f.subfields[0].code == "a"
        and f.subfields[0].value in tags.QUALITY_VALUES
    )


def _quality(fields: tuple[Field, ...]) -> QualityLevel | None:
    for f in with_tag(fields, tags.QUALITY_LEVEL):
        for value in f.values("a"):
            if value in tags.QUALITY_VALUES:
                return QualityLevel(value)
    return None


# 005 — Date and Time of Latest Transaction; 008/00-05 — Date entered on file


def as_005(modified: datetime) -> datetime | None:
    """A modification time as 005 writes it and reads it back: tenths, Oslo time."""
    return _modified(generated_005(modified))


def as_008(created: datetime) -> datetime | None:
    """A creation time as 008 writes it and reads it back: the day, in Oslo."""
    return _created(generated_008(created))


CARRIED = Carried(origin=False, bare_type=False, modified=as_005, created=as_008)
"""What MARC says of an authority: no ``origin``, no BARE ``authorityType``; 005 to
the tenth of a second and 008 to the day (authority.domain.carried)."""


def _modified(data: str | None) -> datetime | None:
    if not data:
        return None
    # yyyymmddhhmmss.f; by hand, as strptime is the slowest step of a load.
    if len(data) != 16 or data[14] != "." or not (data[:14] + data[15]).isdigit():
        return None  # kept verbatim in the content instead
    try:
        return datetime(
            int(data[:4]), int(data[4:6]), int(data[6:8]), int(data[8:10]),
            int(data[10:12]), int(data[12:14]), int(data[15]) * 100_000, OSLO,
        )  # fmt: skip
    except ValueError:
        return None


def _created(data: str | None) -> datetime | None:
    if not data:
        return None
    if not (data[:6].isascii() and data[:6].isdigit()):  # not ¹ or ٣: int() fails
        return None
    year = 2000 + int(data[:2])
    if year > datetime.now().year:  # 008 has a two-digit year
        year -= 100
    try:
        return datetime(year, int(data[2:4]), int(data[4:6]), tzinfo=OSLO)
    except ValueError:
        return None
