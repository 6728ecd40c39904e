"""The plain, accessible HTML page of one authority.

A pure function: the caller passes the authority, the stored targets of its
relations, the URI patterns, the links to the other formats and the page language,
and gets a complete HTML5 document back. No Flask request context, no I/O beyond
reading the template once, so it is unit-testable like ``to_marc`` and ``to_graph``.

Only public content appears: ``Authority.public_identifiers`` and
``Authority.public_notes`` (no feide or orgunitid, no 667). Everything from the data
goes through Jinja's autoescaping; every label comes from ``api/messages.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from authority.api.messages import DEFAULT, SUPPORTED, translate
from authority.api.templating import template
from authority.domain import Attributes, Authority
from authority.domain.local_time import OSLO
from authority.linkeddata.uris import Uris

TEMPLATE = "authority.html"
"""The page template, in ``authority/api/templates/``."""

BLANK_INDICATOR = "#"
"""How a blank indicator is shown (the MARC 21 documentation's convention)."""


@dataclass(frozen=True)
class _Value:
    """One value shown on the page: text, a link when ``href`` is set."""

    text: str
    href: str | None = None
    lang: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class _Entry:
    """A term of a definition list and its values (``VIAF`` -> two VIAF ids)."""

    term: str
    values: tuple[_Value, ...]


@dataclass(frozen=True)
class _Moment:
    """A date and time: machine-readable for ``<time datetime>``, and readable."""

    iso: str
    text: str


@dataclass(frozen=True)
class _Format:
    """A link to this authority in another format."""

    name: str
    label: str
    href: str


def to_html(
    authority: Authority,
    *,
    related: Mapping[str, Authority],
    uris: Uris,
    formats: Sequence[tuple[str, str, str]],
    language: str,
) -> str:
    """Render the public HTML page of ``authority``.

    Args:
        authority: the authority to show.
        related: stored authorities by id, for the targets of its relations; a
            target found here is shown with its current label, any other with the
            label the relation carries.
        uris: the deployment's URI patterns (links to related authorities).
        formats: ``(format name, human label, href)`` of each other representation.
        language: ``en`` or ``nb``; any other value renders English.

    Returns:
        A complete HTML5 document.
    """
    if language not in SUPPORTED:
        language = DEFAULT
    t = partial(translate, language)
    heading = authority.heading
    title = authority.label or t("heading.missing")
    quality = authority.quality
    return template(TEMPLATE).render(
        t=t,
        language=language,
        title=title,
        canonical=uris.authority(authority.id) if authority.id else None,
        authority_id=authority.id,
        kind=t(f"kind.{authority.kind.value}"),
        quality=(
            _Value(
                t(f"quality.{quality.value}"),
                qualifier=t(f"quality.{quality.value}.description"),
            )
            if quality
            else None
        ),
        status=t(f"status.{authority.status.value}"),
        merged_into=_merged_into(authority, related, uris),
        heading=heading,
        indicators=(_indicators(heading.ind1, heading.ind2) if heading else None),
        variants=[
            _Value(variant.label) for variant in authority.variants if variant.label
        ],
        relations=_relations(authority, related, uris, t),
        identifiers=_grouped(
            (
                t(f"scheme.{i.scheme}", default=i.scheme),
                _Value(i.value, href=i.uri),
            )
            for i in authority.public_identifiers
        ),
        notes=_grouped(
            (t(f"note.{note.type}"), _Value(note.text))
            for note in authority.public_notes
            if note.text
        ),
        attributes=_attributes(authority.attributes, t),
        labels=_grouped(
            (
                t(f"language.{label.language}", default=label.language),
                _Value(
                    label.value,
                    lang=label.language,
                    qualifier=t("label.preferred") if label.preferred else None,
                ),
            )
            for label in authority.labels
            if label.value
        ),
        created=_moment(authority.provenance.created),
        modified=_moment(authority.provenance.modified),
        revision=authority.revision,
        formats=[_Format(name, label, href) for name, label, href in formats],
    )


def _merged_into(
    authority: Authority, related: Mapping[str, Authority], uris: Uris
) -> _Value | None:
    target_id = authority.merged_into
    if not target_id:
        return None
    target = related.get(target_id)
    return _Value(
        (target.label if target else "") or target_id, uris.authority(target_id)
    )


def _relations(
    authority: Authority,
    related: Mapping[str, Authority],
    uris: Uris,
    t: partial[str],
) -> list[_Entry]:
    """Relations grouped by type, each target linked and shown by its current label."""
    pairs = []
    for relation in authority.relations:
        target_id = relation.target_id
        target = related.get(target_id) if target_id else None
        text = (target.label if target else "") or relation.label or target_id or ""
        if not text:
            continue
        href = uris.authority(target_id) if target_id else None
        pairs.append((t(f"relation.{relation.type}"), _Value(text, href)))
    return _grouped(pairs)


def _attributes(attributes: Attributes, t: partial[str]) -> list[_Entry]:
    """The attributes present, in the order ``Attributes`` declares them."""
    entries = []
    for attribute in dataclasses.fields(attributes):
        value = getattr(attributes, attribute.name)
        values: tuple[str, ...] = (value,) if isinstance(value, str) else value or ()
        values = tuple(v.strip() for v in values if v and v.strip())
        if not values:
            continue
        if attribute.name == "gender":  # BARE's 375 $a holds the codes m / f
            values = tuple(t(f"gender.{v}", default=v) for v in values)
        entries.append(
            _Entry(t(f"attribute.{attribute.name}"), tuple(_Value(v) for v in values))
        )
    return entries


def _grouped(pairs: Iterable[tuple[str, _Value]]) -> list[_Entry]:
    """Values under their terms, terms in order of first appearance."""
    groups: dict[str, list[_Value]] = {}
    for term, value in pairs:
        groups.setdefault(term, []).append(value)
    return [_Entry(term, tuple(values)) for term, values in groups.items()]


def _indicators(ind1: str, ind2: str) -> str:
    return "".join((ind or " ").replace(" ", BLANK_INDICATOR) for ind in (ind1, ind2))


def _moment(moment: datetime | None) -> _Moment | None:
    """A stored time in Norwegian time, e.g. ``2012-03-19 00:00 CET``.

    In UTC a record created at midnight in Oslo would show the day before. A time
    without a zone is Norwegian time already (BARE's dates had none).
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    local = moment.astimezone(OSLO)
    # HTML's <time datetime> allows at most three digits of fractional seconds.
    return _Moment(local.isoformat(timespec="seconds"), f"{local:%Y-%m-%d %H:%M %Z}")
