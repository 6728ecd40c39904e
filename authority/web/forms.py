"""The MARC field editor's form: rows of fields in, fields out; pure functions.

A record is edited as rows, one per field: tag, indicators and subfields (code and
value), or a control field's data. The form names every input by position
(``f-3-tag``, ``f-3-ind1``, ``f-3-s-0-code``, ``f-3-s-0-value``, ``f-0-data``), so
the page works without JavaScript: a submit button ``action`` (``add-field``,
``remove-field:3``, ``move-up:3`` ...) makes the server change the rows and show
the form again, unsaved. Positions count from 0 in names and from 1 for people.
Two hidden companions keep what a browser would change: ``f-3-s-0-breaks`` the
line breaks of a value holding a CR (:func:`restored`), ``f-3-ind1-literal`` an
indicator stored as ``#`` (a typed ``#`` is a blank).

Parsing never fails: what a cataloguer typed comes back as typed, with a message
per input that cannot become MARC (:func:`row_errors`); only rows without such
messages become :class:`~authority.domain.Field` values (:func:`fields_of`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace

from flask import has_request_context
from flask_babel import format_decimal
from flask_babel import gettext as _

from authority.domain import Field, Subfield
from authority.domain.checks import UNWRITABLE

MAX_FIELDS = 1000
"""Rows a form may hold (the longest record of the corpus has a few hundred)."""
MAX_SUBFIELDS = 200
"""Subfields a row may hold."""
MAX_VALUE = 9999
"""Characters a value may hold: ISO 2709 has four digits for a field's length."""

_ROW = re.compile(r"f-(\d{1,6})-(?:tag|data|ind1|ind2)")
_SUBFIELD = re.compile(r"f-(\d{1,6})-s-(\d{1,6})-(?:code|value)")
BREAKS = {"n": "\n", "r": "\r", "rn": "\r\n"}
"""A line break's name in a ``-breaks`` input -> the break (see :func:`restored`)."""
_BREAK = re.compile("\r\n|\r|\n")


@dataclass
class Row:
    """One field as the form holds it; ``data`` is not None for a control field."""

    tag: str = ""
    ind1: str = " "
    ind2: str = " "
    subfields: list[tuple[str, str]] = field(default_factory=list)
    data: str | None = None

    @property
    def is_control(self) -> bool:
        """True for a control field (001-009): data, no indicators or subfields."""
        return self.data is not None


@dataclass
class Parsed:
    """The rows a form sent, and what could not be read (too many rows)."""

    rows: list[Row]
    too_many: bool = False


# Fields <-> rows


def rows_of(fields: tuple[Field, ...] | list[Field]) -> list[Row]:
    """The rows that show ``fields``."""
    return [
        Row(f.tag, data=f.data)
        if f.data is not None
        else Row(f.tag, f.ind1, f.ind2, [(s.code, s.value) for s in f.subfields])
        for f in fields
    ]


def fields_of(rows: list[Row]) -> tuple[Field, ...]:
    """The fields of ``rows``; empty rows and empty subfields are left out.

    Call it on rows :func:`row_errors` found nothing wrong with.
    """
    found = []
    for row in rows:
        if row.is_control:
            if row.tag or row.data:
                found.append(Field(row.tag, data=row.data or ""))
            continue
        subfields = tuple(Subfield(c, v) for c, v in row.subfields if c or v)
        if row.tag or subfields:
            found.append(Field(row.tag, row.ind1 or " ", row.ind2 or " ", subfields))
    return tuple(found)


# The form's inputs


def parse_rows(form: Mapping[str, str]) -> Parsed:
    """The rows a form sent, in the order of their positions (gaps closed)."""
    positions: dict[int, dict[int, None]] = {}
    for name in form:
        if found := _ROW.fullmatch(name):
            positions.setdefault(int(found.group(1)), {})
        elif found := _SUBFIELD.fullmatch(name):
            positions.setdefault(int(found.group(1)), {})[int(found.group(2))] = None
    ordered = sorted(positions)
    too_many = len(ordered) > MAX_FIELDS
    rows = [_row(form, n, sorted(positions[n])) for n in ordered[:MAX_FIELDS]]
    return Parsed(rows, too_many)


def _row(form: Mapping[str, str], n: int, subfields: list[int]) -> Row:
    prefix = f"f-{n}-"
    tag = form.get(prefix + "tag", "").strip()
    if prefix + "data" in form:
        return Row(tag, data=restored(form, prefix + "data", prefix + "breaks"))
    pairs = [
        (
            form.get(f"{prefix}s-{m}-code", ""),
            restored(form, f"{prefix}s-{m}-value", f"{prefix}s-{m}-breaks"),
        )
        for m in subfields[:MAX_SUBFIELDS]
    ]
    ind1, ind2 = (
        _indicator(form.get(prefix + name, " "), prefix + name + "-literal" in form)
        for name in ("ind1", "ind2")
    )
    return Row(tag, ind1, ind2, pairs)


def _indicator(value: str, literal: bool) -> str:
    """An empty indicator is a blank, and so is ``#`` (people type it for one).

    Unless the page marked it ``literal``: a ``#`` the record holds as such.
    """
    return " " if value == "" or (value == "#" and not literal) else value


# Line breaks (notes hold them; browsers post every one as CR LF)


def restored(form: Mapping[str, str], name: str, breaks_name: str) -> str:
    """The value of input ``name`` with the line breaks it was shown with.

    Browsers send every line break of a form as CR LF, whatever the value held.
    So each break sent is read as LF (what a person types), unless the page
    carried the value's own breaks in ``breaks_name`` (:func:`breaks_of`, for a
    value holding a CR) and the value still has as many: then each is put back.
    """
    value = form.get(name, "")
    sent = _BREAK.split(value)
    kept = form.get(breaks_name, "").split()
    if len(kept) != len(sent) - 1 or any(k not in BREAKS for k in kept):
        return "\n".join(sent)
    parts = [sent[0]]
    for k, part in zip(kept, sent[1:], strict=True):
        parts += [BREAKS[k], part]
    return "".join(parts)


def breaks_of(value: str) -> str:
    """The line breaks of ``value`` named for its ``-breaks`` input, or nothing.

    Only a value holding a CR needs them: LF alone is what a break is read as.
    """
    if "\r" not in value:
        return ""
    names = {v: k for k, v in BREAKS.items()}
    return " ".join(names[b] for b in _BREAK.findall(value))


def too_many_subfields(form: Mapping[str, str]) -> int | None:
    """The first row (position) that sent more subfields than a row may hold."""
    counts: dict[int, set[int]] = {}
    for name in form:
        if found := _SUBFIELD.fullmatch(name):
            counts.setdefault(int(found.group(1)), set()).add(int(found.group(2)))
    over = sorted(n for n, seen in counts.items() if len(seen) > MAX_SUBFIELDS)
    return over[0] if over else None


# Ids of inputs (one scheme, used by templates, errors and focus)


def field_id(n: int, part: str = "tag") -> str:
    """The id of row ``n``'s input ``part`` (tag, ind1, ind2, data)."""
    return f"f-{n}-{part}"


def subfield_id(n: int, m: int, part: str) -> str:
    """The id of row ``n``'s subfield ``m`` input ``part`` (code, value)."""
    return f"f-{n}-s-{m}-{part}"


FIELDS_ID = "fields"
"""The id of the list of fields: where a problem of the whole record points."""


# What cannot become MARC


def row_errors(rows: list[Row], stored: Collection[Field] = ()) -> dict[str, str]:
    """A message per input the form cannot make a field of.

    Only what no field can hold: a missing tag, a tag or an indicator or a
    subfield code of the wrong length, a value MARC cannot carry. Whether a tag,
    code or value is right for the record is the record checks' to say, as for
    the API: an error in what changed, a warning in what is stored unchanged.
    One rule is the editor's own, for a heading that is not ``stored`` as it is:
    no empty subfield (the checks let it pass, and a heading needs its words).
    """
    errors: dict[str, str] = {}
    for n, row in enumerate(rows, 1):
        place = n - 1
        empty = (
            not row.tag and not row.data and not any(c or v for c, v in row.subfields)
        )
        if not row.tag and not empty:
            errors[field_id(place)] = _("Enter a tag for field %(n)s", n=n)
        elif row.tag and len(row.tag) != 3:
            errors[field_id(place)] = _(
                "The tag of field %(n)s must be three characters, like 100", n=n
            )
        if row.is_control:
            _value_error(errors, field_id(place, "data"), row.data or "", n, None)
            continue
        for name in ("ind1", "ind2"):
            value = getattr(row, name)
            if len(value) != 1 or UNWRITABLE.search(value) or value in "\t\n\r":
                errors[field_id(place, name)] = _(
                    "Indicator %(i)s of field %(n)s must be one character (a blank, "
                    "digit or letter)",
                    i=name[-1],
                    n=n,
                )
        for m, (code, value) in enumerate(row.subfields, 1):
            if not code and not value:
                continue
            if len(code) != 1 or UNWRITABLE.search(code) or code.isspace():
                errors[subfield_id(place, m - 1, "code")] = _(
                    "The code of field %(n)s, subfield %(m)s must be one letter or "
                    "digit",
                    n=n,
                    m=m,
                )
            _value_error(errors, subfield_id(place, m - 1, "value"), value, n, m)
            if (
                n - 1 == heading_position(rows)
                and code
                and not value.strip()
                and fields_of([row]) not in [(f,) for f in stored]
            ):
                errors.setdefault(
                    subfield_id(place, m - 1, "value"),
                    _(
                        "Enter a value for field %(n)s, subfield %(m)s: the heading "
                        "has no empty subfields",
                        n=n,
                        m=m,
                    ),
                )
    return errors


def _value_error(
    errors: dict[str, str], where: str, value: str, n: int, m: int | None
) -> None:
    if len(value) > MAX_VALUE:
        errors[where] = _(
            "Field %(n)s holds %(count)s characters; a value holds at most %(max)s",
            n=n,
            count=number(len(value)),
            max=number(MAX_VALUE),
        )
    elif found := UNWRITABLE.search(value):
        errors[where] = _(
            "Field %(n)s holds a control character (U+%(code)s) that MARC cannot "
            "carry; remove it",
            n=n,
            code=format(ord(found.group()), "04X"),
        )


def number(value: int) -> str:
    """``value`` as the page's language writes it (1 000), or 1,000 outside a page."""
    if has_request_context():
        return str(format_decimal(value))
    return f"{value:,}"


# Editing actions (the buttons named ``action``)

Edited = tuple[list["Row"], str | None]
"""Rows after an action, and the id of the input to focus (None: as it was)."""


def apply_action(rows: list[Row], action: str) -> tuple[list[Row], str | None]:
    """The rows after an editing ``action``, and the id of the input to focus.

    An action naming a row or subfield that does not exist changes nothing.
    """
    name, _sep, where = action.partition(":")
    numbers = [int(p) for p in where.split(":") if p.isdigit() and len(p) < 7]
    rows = [replace(r, subfields=list(r.subfields)) for r in rows]
    if name == "add-field":
        if len(rows) >= MAX_FIELDS:
            return rows, None
        rows.append(Row(subfields=[("a", "")]))
        return rows, field_id(len(rows) - 1)
    if not numbers or not 0 <= numbers[0] < len(rows):
        return rows, None
    n = numbers[0]
    if name in FIELD_ACTIONS:
        return FIELD_ACTIONS[name](rows, n)
    if name in SUBFIELD_ACTIONS and len(numbers) > 1:
        return SUBFIELD_ACTIONS[name](rows, n, numbers[1])
    if name == "add-subfield" and not rows[n].is_control:
        if len(rows[n].subfields) < MAX_SUBFIELDS:
            rows[n].subfields.append(("", ""))
        return rows, subfield_id(n, len(rows[n].subfields) - 1, "code")
    return rows, None


def _remove_field(rows: list[Row], n: int) -> tuple[list[Row], str | None]:
    del rows[n]
    if not rows:
        return rows, "add-field"
    return rows, field_id(min(n, len(rows) - 1))


def _move_field(rows: list[Row], n: int, by: int) -> tuple[list[Row], str | None]:
    """Swap row ``n`` with its neighbour: the page shows the record's order."""
    to = n + by
    if not 0 <= to < len(rows):
        return rows, field_id(n)
    rows[n], rows[to] = rows[to], rows[n]
    return rows, field_id(to)


FIELD_ACTIONS: dict[str, Callable[[list[Row], int], Edited]] = {
    "remove-field": _remove_field,
    "move-up": lambda rows, n: _move_field(rows, n, -1),
    "move-down": lambda rows, n: _move_field(rows, n, 1),
}


def _remove_subfield(rows: list[Row], n: int, m: int) -> tuple[list[Row], str | None]:
    subfields = rows[n].subfields
    if not 0 <= m < len(subfields):
        return rows, None
    del subfields[m]
    if not subfields:
        return rows, f"add-subfield-{n}"
    return rows, subfield_id(n, min(m, len(subfields) - 1), "code")


def _move_subfield(
    rows: list[Row], n: int, m: int, by: int
) -> tuple[list[Row], str | None]:
    subfields = rows[n].subfields
    to = m + by
    if not (0 <= m < len(subfields) and 0 <= to < len(subfields)):
        return rows, None
    subfields[m], subfields[to] = subfields[to], subfields[m]
    return rows, subfield_id(n, to, "code")


SUBFIELD_ACTIONS: dict[str, Callable[[list[Row], int, int], Edited]] = {
    "remove-subfield": _remove_subfield,
    "move-subfield-up": lambda rows, n, m: _move_subfield(rows, n, m, -1),
    "move-subfield-down": lambda rows, n, m: _move_subfield(rows, n, m, 1),
}


# The order the editor shows


def heading_position(rows: list[Row]) -> int | None:
    """The position of the heading (the first 1XX data field), if there is one."""
    return next(
        (n for n, r in enumerate(rows) if r.tag.startswith("1") and not r.is_control),
        None,
    )


def display_order(rows: list[Row]) -> list[tuple[int, bool, bool]]:
    """(position, may move up, may move down) of each row, in the record's order.

    What the editor shows is what is stored: the heading keeps its place among
    the fields (marked, and linked from the top of the form), and every row
    moves past its neighbours, the heading too.
    """
    last = len(rows) - 1
    return [(n, n > 0, n < last) for n in range(len(rows))]


# Where the record checks point


_WHERE = re.compile(
    r"(?P<tag>[0-9A-Za-z]{3}|[0-9]XX)(?:\[(?P<nth>\d+)\])?"
    r"(?:(?: tag)|/(?P<part>ind1|ind2|\$.*))?"
)


def locate(where: str | None, rows: list[Row]) -> str:
    """The id of the input a record check's ``where`` (``100/$a``, ``024``) names.

    ``100[2]/$a`` is the ``$a`` of the second 100; ``1XX`` a heading (the first
    1XX row, else the list of fields); anything not about a field (``id``,
    ``kind``) is the list of fields.
    """
    found = _WHERE.fullmatch(where or "")
    if found is None:
        return FIELDS_ID
    tag, part = found.group("tag"), found.group("part")
    nth = int(found.group("nth") or 1)
    prefix = tag.replace("XX", "")
    matching = [n for n, r in enumerate(rows) if r.tag.startswith(prefix)]
    if tag.endswith("XX"):
        return field_id(matching[0]) if matching else FIELDS_ID
    matching = [n for n in matching if rows[n].tag == tag]
    if len(matching) < nth:
        return FIELDS_ID
    n = matching[nth - 1]
    if part in ("ind1", "ind2"):
        return field_id(n, part)
    if part and part.startswith("$") and not rows[n].is_control:
        codes = [c for c, _v in rows[n].subfields]
        if part[1:] in codes:
            return subfield_id(n, codes.index(part[1:]), "value")
    if rows[n].is_control:
        return field_id(n, "data")
    return field_id(n)
