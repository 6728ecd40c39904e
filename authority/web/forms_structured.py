"""The structured form: the common cases of a person's record, as MARC fields.

Name and dates are the heading's ``$a`` and ``$d`` (100 for a new record),
variants the see-from fields' ``$a`` (4XX), identifiers ``024 7# $a value $2
scheme``, sources ``670 $a`` and public notes ``680 $i``. The form reads these
from the record's fields and writes them back into the same fields, changing only
the subfields it shows: every other field and subfield stays as it was, so the
MARC editor and the form always show one record. Each list shows its fields in
record order and one empty row to add another; an emptied row removes its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from authority.domain import Field, Subfield
from authority.domain.content import replace_group, with_tag
from authority.domain.identifiers import SCHEMES

MAX_ROWS = 200
"""Rows a list of the form may send."""
IDENTIFIER_SCHEMES = ("isni", "viaf", "orcid", "wikidata", "gnd", "bibbi")
"""The schemes offered for a new identifier (024 $2), most used first."""


@dataclass
class Structured:
    """What the structured form shows of a record."""

    name: str = ""
    dates: str = ""
    variants: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    """(scheme code as in 024 $2, value as in 024 $a)."""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


LISTS = {
    "variants": ("4", "a"),
    "sources": ("670", "a"),
    "notes": ("680", "i"),
}
"""List of the form -> (tag prefix of its fields, the subfield it shows)."""


def read_structured(fields: tuple[Field, ...]) -> Structured:
    """What the structured form shows of ``fields``."""
    heading = _heading(fields)
    shown = Structured()
    if heading is not None:
        shown.name = heading.first("a") or ""
        shown.dates = heading.first("d") or ""
    for name, (prefix, code) in LISTS.items():
        values = [f.first(code) or "" for f in _data(fields, prefix)]
        setattr(shown, name, values)
    shown.identifiers = [
        (f.first("2") or "", f.first("a") or "") for f in _data(fields, "024")
    ]
    return shown


def parse_structured(form: Mapping[str, str]) -> Structured:
    """The structured form's inputs (``s-name``, ``s-variants-0`` ...)."""
    sent = Structured(form.get("s-name", ""), form.get("s-dates", ""))
    for name in LISTS:
        setattr(sent, name, _list(form, f"s-{name}-{{}}"))
    schemes = _list(form, "s-identifiers-{}-scheme")
    values = _list(form, "s-identifiers-{}-value")
    sent.identifiers = list(zip(schemes, values, strict=False))
    return sent


def _list(form: Mapping[str, str], pattern: str) -> list[str]:
    found = []
    for n in range(MAX_ROWS):
        key = pattern.format(n)
        if key not in form:
            break
        found.append(form[key])
    return found


def write_structured(fields: tuple[Field, ...], sent: Structured) -> tuple[Field, ...]:
    """``fields`` with what the structured form says, everything else kept.

    Only what changed is written: a value sent as the form showed it (line
    breaks aside, which browsers send as CR LF) leaves its subfield as stored,
    spaces and all; a changed value is written without its outer spaces.
    """
    shown = read_structured(fields)
    name = _kept(sent.name, shown.name)
    dates = _kept(sent.dates, shown.dates)
    if (name, dates) != (shown.name, shown.dates):
        fields = _with_heading(fields, name, dates)
    for list_name in LISTS:
        was, now = getattr(shown, list_name), getattr(sent, list_name)
        setattr(sent, list_name, [_kept(v, was[n] if n < len(was) else None)
                                  for n, v in enumerate(now)])  # fmt: skip
    sent.identifiers = [
        (scheme, _kept(value, shown.identifiers[n][1]))
        if n < len(shown.identifiers)
        else (scheme, value.strip())
        for n, (scheme, value) in enumerate(sent.identifiers)
    ]
    return _write_lists(fields, sent, shown)


def _kept(sent: str, shown: str | None) -> str:
    """``shown`` when ``sent`` is it (its line breaks aside), else ``sent`` trimmed.

    Line breaks aside: a text area sends each as CR LF, a text input (name,
    dates, an identifier) none at all.
    """
    if shown is not None and (
        _lines(sent) == _lines(shown) or sent == "".join(_lines(shown))
    ):
        return shown
    return sent.strip()


def _lines(value: str) -> list[str]:
    return value.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _write_lists(
    fields: tuple[Field, ...], sent: Structured, shown: Structured
) -> tuple[Field, ...]:
    heading = _heading(fields)
    see_from = "4" + (heading.tag[1:] if heading else "00")
    ind1 = heading.ind1 if heading else "1"
    new = {"variants": Field(see_from, ind1, " "), "sources": Field("670"),
           "notes": Field("680")}  # fmt: skip
    for name, (prefix, code) in LISTS.items():
        if getattr(sent, name) != getattr(shown, name):
            rows = [(code, v) for v in getattr(sent, name)]
            fields = _with_list(fields, prefix, rows, new[name])
    if sent.identifiers == shown.identifiers:
        return fields
    return _with_identifiers(fields, sent.identifiers, shown.identifiers)


def _heading(fields: tuple[Field, ...]) -> Field | None:
    return next((f for f in with_tag(fields, "1") if f.data is None), None)


def _data(fields: tuple[Field, ...], prefix: str) -> list[Field]:
    return [f for f in with_tag(fields, prefix) if f.data is None]


def _with_heading(
    fields: tuple[Field, ...], name: str, dates: str
) -> tuple[Field, ...]:
    heading = _heading(fields)
    if heading is None:
        if not name and not dates:
            return fields
        heading = Field("100", "1", " ")
        fields = replace_group(fields, ("1",), [heading])
    changed = _set(_set(heading, "a", name), "d", dates)
    return tuple(changed if f is heading else f for f in fields)


def _set(f: Field, code: str, value: str) -> Field:
    """``f`` with its first ``$code`` set to ``value`` (removed when empty)."""
    subfields = list(f.subfields)
    at = next((n for n, s in enumerate(subfields) if s.code == code), None)
    if at is None and value:
        position = {"a": 0, "i": 0, "d": _after_name(subfields)}
        subfields.insert(position.get(code, len(subfields)), Subfield(code, value))
    elif at is not None and value:
        subfields[at] = Subfield(code, value)
    elif at is not None:
        del subfields[at]
    return f._replace(subfields=tuple(subfields))


def _after_name(subfields: list[Subfield]) -> int:
    """Where a new ``$d`` goes: after the name's own subfields ($a $b $c $q)."""
    name_end = 0
    for n, s in enumerate(subfields):
        if s.code in "abcq":
            name_end = n + 1
    return name_end


def _with_list(
    fields: tuple[Field, ...],
    prefix: str,
    rows: list[tuple[str, str]],
    blank: Field,
) -> tuple[Field, ...]:
    """The fields of ``prefix`` with each row's subfield set; empty rows removed."""
    existing = _data(fields, prefix)
    now: list[Field | None] = list(existing)  # rows the form did not send: kept
    added = []
    for n, (code, value) in enumerate(rows):
        base = existing[n] if n < len(existing) else blank
        if n < len(existing) and value == (base.first(code) or ""):
            continue  # as shown: as stored
        if value.strip():
            changed: Field | None = _set(base, code, value)
        elif n < len(existing) and _without(base, code).subfields:
            changed = _without(base, code)  # other subfields: keep the field
        else:
            changed = None
        if n < len(existing):
            now[n] = changed
        elif changed is not None:
            added.append(changed)
    return _in_place(fields, prefix, existing, now, added)


def _in_place(
    fields: tuple[Field, ...],
    prefix: str,
    existing: list[Field],
    now: list[Field | None],
    added: list[Field],
) -> tuple[Field, ...]:
    """``fields`` with each of ``existing`` replaced by ``now`` where it stands.

    None removes one; ``added`` go after the last that is left. The record's
    order is the cataloguer's: the form moves nothing.
    """
    out: list[Field] = []
    last = None
    for f in fields:
        at = next((n for n, e in enumerate(existing) if e is f), None)
        if at is None:
            out.append(f)
            continue
        if (replaced := now[at]) is not None:
            out.append(replaced)
            last = len(out)
    if not added:
        return tuple(out)
    if last is None:  # none of the group is left: where the tag order puts them
        return replace_group(tuple(out), (prefix,), [*with_tag(tuple(out), prefix),
                                                      *added])  # fmt: skip
    return (*out[:last], *added, *out[last:])


def _without(f: Field, code: str) -> Field:
    return _set(f, code, "")


def _with_identifiers(
    fields: tuple[Field, ...],
    rows: list[tuple[str, str]],
    shown: list[tuple[str, str]],
) -> tuple[Field, ...]:
    existing = _data(fields, "024")
    now: list[Field | None] = list(existing)
    added = []
    for n, (scheme_code, value) in enumerate(rows):
        if n < len(shown) and (scheme_code, value) == shown[n]:
            continue  # as shown: as stored
        base = existing[n] if n < len(existing) else Field("024", "7", " ")
        changed: Field | None = None
        if value.strip():
            was = shown[n] if n < len(shown) else ("", "")
            changed = base
            if value != was[1]:
                changed = _set(changed, "a", value)
            if scheme_code != was[0]:
                changed = _set(changed, "2", scheme_code.strip())
        elif n < len(existing) and [s for s in base.subfields if s.code not in "a2"]:
            changed = _set(_set(base, "a", ""), "2", "")
        if n < len(existing):
            now[n] = changed
        elif changed is not None:
            added.append(changed)
    return _in_place(fields, "024", existing, now, added)


def scheme_choices(current: str, stored: bool = False) -> list[tuple[str, str]]:
    """(024 $2 code, name) for the scheme select: the common ones, and ``current``.

    A ``stored`` identifier without ``$2`` is offered none (the empty code,
    named ``(none)``) and shows it chosen, so that a save adds no ``$2``.
    """
    codes = [SCHEMES[name].marc_code for name in IDENTIFIER_SCHEMES]
    if current and current not in codes:
        codes.append(current)
    names = {s.marc_code: s.name.upper() for s in SCHEMES.values()}
    choices = [(code, names.get(code, code)) for code in codes]
    if stored and not current:
        choices.insert(0, ("", _("(none)")))
    return choices
