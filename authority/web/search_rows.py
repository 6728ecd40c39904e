"""What the search and browse pages show: result rows, facets, index entries.

Plain data for the templates (which escape every value): a hit as a row with its
links and the three forms a cataloguer copies, a facet as its checkboxes with
counts, an index line with the heading it refers to. The names of kinds, levels
and statuses are the interface's words (gettext); record data is shown as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from flask import url_for
from flask_babel import format_number, gettext

import authority.search.model as found
from authority.api.authorities import uris
from authority.domain import Kind, QualityLevel, Status
from authority.domain.ids import linking_form
from authority.search.model import NO_VOCABULARY, SearchResults
from authority.web import labels


def _(message: str, **variables: object) -> str:
    """flask-babel's gettext, typed (the package has no type hints)."""
    return str(gettext(message, **variables))


def kind_name(kind: Kind) -> str:
    """A kind of authority in the interface's language."""
    return str(labels.KINDS[kind.value])


def quality_description(level: QualityLevel) -> str:
    """What a cataloguing level means, in the interface's language."""
    return str(labels.QUALITY[level.value])


def status_name(status: Status) -> str:
    """An authority's status in the interface's language."""
    return str(labels.STATUSES[status.value])


def record_href(authority_id: str) -> str:
    """The record page of an authority."""
    return url_for("web.record", authority_id=authority_id)


@dataclass(frozen=True)
class Row:
    """One hit as the result list shows it."""

    id: str
    label: str
    href: str
    kind: str
    disambiguation: str | None
    matched: str | None
    quality: QualityLevel | None
    quality_description: str | None
    status: str | None
    """The status's name when the authority is not active (else None)."""
    linking_form: str
    uri: str


def rows(hits: Sequence[found.Hit]) -> list[Row]:
    """``hits`` as rows of the result list.

    The words for kinds, levels and statuses are looked up once per page, not per
    hit: a page of twenty is rendered in a few milliseconds (bench/workbench.py).
    """
    base = uris()
    kinds: dict[Kind, str] = {}
    levels: dict[QualityLevel, str] = {}
    made = []
    for hit in hits:
        if hit.kind not in kinds:
            kinds[hit.kind] = kind_name(hit.kind)
        if hit.quality and hit.quality not in levels:
            levels[hit.quality] = quality_description(hit.quality)
        made.append(
            Row(
                id=hit.id,
                label=hit.label,
                href=record_href(hit.id),
                kind=kinds[hit.kind],
                disambiguation=hit.disambiguation,
                matched=hit.matched if hit.matched != hit.label else None,
                quality=hit.quality,
                quality_description=levels[hit.quality] if hit.quality else None,
                status=None if hit.status is Status.ACTIVE else status_name(hit.status),
                linking_form=linking_form(hit.id),
                uri=base.authority(hit.id),
            )
        )
    return made


@dataclass(frozen=True)
class Entry:
    """One line of the alphabetical index: a heading, or a variant that sees one."""

    label: str
    href: str
    see: str | None
    """The heading a variant refers to (None: this line is the heading)."""


def entry(line: found.BrowseEntry) -> Entry:
    """``line`` as the browse page shows it."""
    return Entry(line.label, record_href(line.id), line.heading if line.see else None)


@dataclass(frozen=True)
class Option:
    """One checkbox of a facet."""

    value: str
    label: str
    count: int | None
    """Matches with this value (None: not counted, as statuses not searched)."""
    checked: bool

    @property
    def count_text(self) -> str:
        """The count in the page's locale (below 1,000, as every locale writes it)."""
        if self.count is None:
            return ""
        return str(self.count) if self.count < 1000 else format_number(self.count)


@dataclass(frozen=True)
class Facet:
    """A facet as a fieldset of checkboxes: parameter name, legend, options."""

    name: str
    legend: str
    options: list[Option]

    @property
    def id(self) -> str:
        """The fieldset's id (the error summary links to it)."""
        return f"facet-{self.name}"


class Asked(Protocol):
    """What :func:`facets` needs of the page's parameters."""

    kind: tuple[Kind, ...]
    quality: tuple[QualityLevel, ...]
    vocabulary: tuple[str, ...]

    @property
    def statuses(self) -> tuple[Status, ...]:
        """The statuses searched."""


def facets(asked: Asked, results: SearchResults | None) -> list[Facet]:
    """The four facets, each value with its count and whether it is chosen.

    A value shows when matches have it or when it is chosen; the statuses always
    show, since deleted and merged authorities are counted only when searched for.
    """
    counts = results.facets if results else {}

    def options(
        name: str, values: list[str], chosen: set[str], label: Callable[[str], str]
    ) -> list[Option]:
        counted = counts.get(name, {})
        everything = results is None  # the form alone: every value, not counted
        shown = [v for v in values if everything or v in counted or v in chosen]
        return [Option(v, label(v), counted.get(v), v in chosen) for v in shown]

    vocabularies = sorted(counts.get("vocabulary", {}), key=_vocabulary_order)
    vocabularies += [v for v in asked.vocabulary if v not in vocabularies]
    statuses = {str(s) for s in asked.statuses}
    return [
        Facet(
            "kind",
            _("Kind"),
            options(
                "kind",
                [k.value for k in Kind],
                {str(k) for k in asked.kind},
                lambda v: kind_name(Kind(v)),
            ),
        ),
        Facet(
            "quality",
            _("Quality level"),
            options(
                "quality",
                [q.value for q in reversed(QualityLevel)],
                {str(q) for q in asked.quality},
                lambda v: f"{v} – {quality_description(QualityLevel(v))}",
            ),
        ),
        Facet(
            "status",
            _("Status"),
            [
                Option(
                    s.value,
                    status_name(s),
                    counts.get("status", {}).get(s.value),
                    s.value in statuses,
                )
                for s in Status
            ],
        ),
        Facet(
            "vocabulary",
            _("Vocabulary"),
            options(
                "vocabulary", vocabularies, set(asked.vocabulary), _vocabulary_name
            ),
        ),
    ]


def _vocabulary_order(code: str) -> tuple[bool, str]:
    return (code != NO_VOCABULARY, code)


def _vocabulary_name(code: str) -> str:
    if code == NO_VOCABULARY:
        return _("Names (no subject vocabulary)")
    return code
