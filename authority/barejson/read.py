"""BARE's REST JSON -> the entity model: one record in (:func:`from_bare_json`).

The envelope (``authorityType``, ``status``, ``origin``, ``deleted``, ``replacedBy``,
``systemControlNumber``, dates) becomes the authority's envelope; ``marcdata`` becomes
the canonical fields as they are; ``identifiersMap`` becomes 024 fields in BARE's own
output order and ``$2`` codes, the way BARE generated its MARC (domain/bare.md §5).

Explicit inbound normalisations (and nothing else):
- an indicator given as ``""`` is stored as a blank ``" "`` (older BARE data), so
  output gives ``" "`` back: which fields had ``""`` is not kept;
- ``scn`` values are not stored: they are the id, and are regenerated on output;
- an identifiersMap value keeps its form as received (``http://viaf.org/viaf/1``),
  with the canonical form derived beside it (domain/identifiers.py);
- ``CONFERENCE`` and ``MEETING`` both become a meeting; the name it came with is
  kept (``Authority.bare_type``) and goes out again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from authority.barejson.envelope import AUTHORITY_TYPES, DATE_FORMAT
from authority.domain import (
    Authority,
    Field,
    Kind,
    Provenance,
    QualityLevel,
    Status,
    Subfield,
)
from authority.domain.checks import tag_problem
from authority.domain.content import replace_group
from authority.domain.identifiers import SCHEMES, scheme
from authority.domain.local_time import OSLO
from authority.domain.view import kind_of
from authority.errors import Problem, ValidationError

MEETING_NAMES = frozenset({"CONFERENCE", "MEETING"})
"""BARE's two names for a meeting; the one a record came with goes back out."""

NOT_STORED_IDENTIFIERS = frozenset({"scn"})
"""identifiersMap keys that are the record id itself."""


def from_bare_json(record: Mapping[str, Any]) -> Authority:
    """Map one BARE JSON record; raises ValidationError naming every bad key."""
    problems: list[Problem] = []
    marcdata = _shaped(record.get("marcdata"), list, "marcdata", problems)
    fields = tuple(_field(raw, i, problems) for i, raw in enumerate(marcdata))
    identifiers = _shaped(
        record.get("identifiersMap"), dict, "identifiersMap", problems
    )
    fields = replace_group(fields, ("024",), _identifier_fields(identifiers, problems))
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
        origin=_origin(record.get("origin"), problems),
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
        bare_type=_meeting_name(record.get("authorityType"), kind),
    )


def _origin(value: Any, problems: list[Problem]) -> str | None:
    """BARE's ``origin`` (the system a record came from): text, or absent."""
    if value is None or isinstance(value, str):
        return value
    problems.append(Problem(f"origin must be text, not {value!r}", "origin"))
    return None


def _shaped(value: Any, shape: type, key: str, problems: list[Problem]) -> Any:
    """``value`` if it has the JSON shape BARE gave it (absent or empty: empty)."""
    if not value or isinstance(value, shape):
        return value or shape()
    name = "a list" if shape is list else "an object"
    problems.append(Problem(f"{key} must be {name}, not {value!r}", key))
    return shape()


def _meeting_name(value: Any, kind: Kind) -> str | None:
    """BARE's name for a meeting as given (CONFERENCE or MEETING), kept for output."""
    given = str(value).upper()
    return given if kind is Kind.MEETING and given in MEETING_NAMES else None


def _field(raw: Any, position: int, problems: list[Problem]) -> Field:
    if not isinstance(raw, Mapping):
        problems.append(Problem("a field must be an object", f"marcdata[{position}]"))
        return Field("???")
    try:
        tag = str(raw["tag"])
        subfields = tuple(
            Subfield(str(s["subcode"]), str(s["value"])) for s in raw["subfields"]
        )
    except KeyError as error:
        problems.append(
            Problem(f"malformed field: missing {error}", f"marcdata[{position}]")
        )
        return Field("???")
    except TypeError:
        where = f"marcdata[{position}]"
        problems.append(Problem("malformed field: subfields are objects", where))
        return Field("???")
    if problem := tag_problem(tag, control=False):  # ISO 2709 must write it
        problems.append(Problem(problem, f"marcdata[{position}].tag"))
    for number, sub in enumerate(subfields):  # one character, as an indicator
        if len(sub.code) != 1:
            problems.append(
                Problem(
                    f"{tag} subfield code {sub.code!r} is not one character",
                    f"marcdata[{position}].subfields[{number}].subcode",
                )
            )
    ind1, ind2 = (str(raw.get(name) or " ") for name in ("ind1", "ind2"))
    for name, value in (("ind1", ind1), ("ind2", ind2)):
        # MARC has room for one character, and no output can hold more.
        if len(value) != 1:
            problems.append(
                Problem(
                    f"{tag} {name} {value!r} is not one character",
                    f"marcdata[{position}].{name}",
                )  # fmt: skip
            )
    return Field(tag, ind1, ind2, subfields)


def _identifier_fields(
    identifiers: Mapping[str, Any], problems: list[Problem]
) -> list[Field]:
    """024 fields from identifiersMap, in BARE's output order (autid, hdl, isni ...)."""
    order = {name: i for i, name in enumerate(SCHEMES)}
    keys = sorted(
        (k for k in identifiers if k not in NOT_STORED_IDENTIFIERS),
        key=lambda k: order.get(k, len(order)),
    )
    fields = []
    for key in keys:
        values = identifiers[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(
                Problem(
                    f"{key} must be a list of text, not {values!r}",
                    f"identifiersMap.{key}",
                )  # fmt: skip
            )
            continue
        code = scheme(key).marc_code
        fields += [Field("024", "7", " ", (Subfield("a", v), Subfield("2", code)))
                   for v in values]  # fmt: skip
    return fields


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
