"""BARE's native REST JSON (``authorities/v2/<scn>``) <-> the entity model.

The envelope (``authorityType``, ``status``, ``origin``, ``deleted``, ``replacedBy``,
``systemControlNumber``, dates) becomes the authority's envelope; ``marcdata`` becomes
the canonical fields as they are; ``identifiersMap`` becomes 024 fields in BARE's own
output order and ``$2`` codes, the way BARE generated its MARC (domain/bare.md §5).

Explicit normalisations (and nothing else):
- an indicator given as ``""`` is stored as a blank ``" "`` (older BARE data);
- ``scn`` values are not stored: they are the id, and are regenerated on output;
- an identifiersMap value keeps its form as received (``http://viaf.org/viaf/1``),
  with the canonical form derived beside it (domain/identifiers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from authority.domain import (
    Authority,
    Field,
    Kind,
    Provenance,
    QualityLevel,
    Status,
    Subfield,
)
from authority.domain.content import replace_group
from authority.domain.identifiers import SCHEMES, scheme
from authority.domain.view import kind_of
from authority.errors import Problem, ValidationError

OSLO = ZoneInfo("Europe/Oslo")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

AUTHORITY_TYPES: dict[str, Kind] = {
    "PERSON": Kind.PERSON,
    "CORPORATION": Kind.CORPORATE_BODY,
    "CONFERENCE": Kind.MEETING,
    "MEETING": Kind.MEETING,
}
"""``authorityType`` -> kind (BARE used both CONFERENCE and MEETING for 111s)."""

NOT_STORED_IDENTIFIERS = frozenset({"scn"})
"""identifiersMap keys that are the record id itself."""


def from_bare_json(record: Mapping[str, Any]) -> Authority:
    """Map one BARE JSON record; raises ValidationError naming every bad key."""
    problems: list[Problem] = []
    fields = tuple(
        _field(raw, i, problems) for i, raw in enumerate(record.get("marcdata") or [])
    )
    fields = replace_group(
        fields, ("024",), _identifier_fields(record.get("identifiersMap") or {})
    )
    kind = kind_of(fields) or AUTHORITY_TYPES.get(
        str(record.get("authorityType")).upper()
    )
    if kind is None:
        problems.append(
            Problem(
                f"unknown authorityType {record.get('authorityType')!r}",
                "authorityType",
            )
        )
    quality = _quality(record.get("status"), problems)
    replaced_by = str(record.get("replacedBy") or "0")
    merged_into = None if replaced_by == "0" else replaced_by
    status = Status.ACTIVE
    if record.get("deleted"):
        status = Status.MERGED if merged_into else Status.DELETED
    provenance = Provenance(
        origin=record.get("origin"),
        created=_date(record.get("createdDate"), "createdDate", problems),
        modified=_date(record.get("lastUpdateDate"), "lastUpdateDate", problems),
    )
    if problems or kind is None:
        raise ValidationError(problems)
    return Authority(
        id=str(record.get("systemControlNumber") or ""),
        kind=kind,
        fields=fields,
        status=status,
        merged_into=merged_into,
        quality=quality,
        provenance=provenance,
    )


def _field(raw: Mapping[str, Any], position: int, problems: list[Problem]) -> Field:
    try:
        tag = str(raw["tag"])
        subfields = tuple(
            Subfield(str(s["subcode"]), str(s["value"])) for s in raw["subfields"]
        )
    except (KeyError, TypeError) as error:
        problems.append(
            Problem(f"malformed field: missing {error}", f"marcdata[{position}]")
        )
        return Field("???")
    ind1, ind2 = (str(raw.get(name) or " ") for name in ("ind1", "ind2"))
    for name, value in (("ind1", ind1), ("ind2", ind2)):
        if (
            len(value) != 1
        ):  # MARC has room for one character, and no output can hold more
            problems.append(
                Problem(
                    f"{tag} {name} {value!r} is not one character",
                    f"marcdata[{position}].{name}",
                )  # fmt: skip
            )
    return Field(tag, ind1, ind2, subfields)


def _identifier_fields(identifiers: Mapping[str, list[str]]) -> list[Field]:
    """024 fields from identifiersMap, in BARE's output order (autid, hdl, isni ...)."""
    order = {name: i for i, name in enumerate(SCHEMES)}
    keys = sorted(
        (k for k in identifiers if k not in NOT_STORED_IDENTIFIERS),
        key=lambda k: order.get(k, len(order)),
    )
    return [
        Field(
            "024",
            "7",
            " ",
            (Subfield("a", value), Subfield("2", scheme(key).marc_code)),
        )
        for key in keys
        for value in identifiers[key]
    ]


def _quality(value: Any, problems: list[Problem]) -> QualityLevel | None:
    if value in (None, ""):
        return None
    try:
        return QualityLevel(str(value).lower())
    except ValueError:
        problems.append(Problem(f"unknown quality level {value!r}", "status"))
        return None


def _date(value: Any, key: str, problems: list[Problem]) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(str(value), DATE_FORMAT).replace(tzinfo=OSLO)
    except ValueError:
        problems.append(
            Problem(f"{value!r} is not a YYYY-MM-DD HH:MM:SS.mmm date", key)
        )
        return None
