"""The MARC view: a record as cataloguers read it, one line per field.

``100 1# $a Ibsen, Henrik, $d 1828-1906``: the tag, the two indicators (a blank
one as ``#``, the MARC 21 documentation's convention), then each subfield with its
code. The leader and the control fields show their data as stored. The lines come
from the project's MARC writer (:func:`authority.marc.to_marc.marc_output`), so the
page shows exactly what the MARC formats carry, generated fields (001, 003, 005,
008, 901 ...) included; the history's diffs use the same lines for stored fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from authority.domain import Authority, Field
from authority.marc.to_marc import marc_output

BLANK_INDICATOR = "#"
"""How a blank indicator is shown (the MARC 21 documentation's convention)."""
LEADER = "LDR"
"""What the leader's line shows in the tag column."""


@dataclass(frozen=True)
class MarcLine:
    """One line of the MARC view: the leader, a control field or a data field."""

    tag: str
    indicators: str = ""
    """Both indicators, blanks as ``#``; empty for the leader and control fields."""
    subfields: tuple[tuple[str, str], ...] = ()
    """(code, value) in stored order."""
    data: str | None = None
    """The data of the leader or of a control field."""

    @property
    def text(self) -> str:
        """The whole line as one text (``100 1# $a Ibsen, Henrik``)."""
        if self.data is not None:
            return f"{self.tag} {self.data}"
        parts = " ".join(f"${code} {value}" for code, value in self.subfields)
        return f"{self.tag} {self.indicators} {parts}"


def marc_lines(
    authority: Authority, *, organization_code: str, full: bool
) -> list[MarcLine]:
    """The authority as the MARC formats write it: the leader, then every field.

    ``full``: the cataloguers' view with private identifiers and internal notes.
    """
    output = marc_output(authority, organization_code=organization_code, full=full)
    return [MarcLine(LEADER, data=output.leader), *map(field_line, output.fields)]


def field_line(field: Field) -> MarcLine:
    """One stored field as a line of the view."""
    if field.data is not None:
        return MarcLine(field.tag, data=field.data)
    return MarcLine(
        field.tag,
        indicators=_indicator(field.ind1) + _indicator(field.ind2),
        subfields=tuple((s.code, s.value) for s in field.subfields),
    )


def lines_of_changes(fields: Iterable[Mapping[str, Any]]) -> list[MarcLine]:
    """The field dicts of :func:`authority.domain.diff.changes`, as lines."""
    found = []
    for field in fields:
        if "data" in field:
            found.append(MarcLine(field["tag"], data=field["data"]))
        else:
            found.append(
                MarcLine(
                    field["tag"],
                    indicators=_indicator(field["ind1"]) + _indicator(field["ind2"]),
                    subfields=tuple(
                        (code, value) for code, value in field["subfields"]
                    ),
                )
            )
    return found


def _indicator(value: str) -> str:
    return value if value and value != " " else BLANK_INDICATOR
