"""What the record page shows of an authority: terms and values, read for a person.

Pure over the domain (plus the request's language for the names of values): the
view functions pass an authority, the stored targets of its relations and whether
the reader may see private fields, and get the page's parts back. Record data is
shown as stored; a value in a known language carries it (``lang``).

Public (the default): ``Authority.public_identifiers`` and ``public_notes`` only,
no feide or orgunitid, no 667, as every public format. ``private``: everything the
API's JSON shows a token-holder, each private value marked so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _

from authority.domain import Attributes, Authority
from authority.domain.local_time import OSLO
from authority.web import labels
from authority.web.labels import named

Link = Callable[[str], str]
"""An authority id -> the URL of its page on this site."""


@dataclass(frozen=True)
class Value:
    """One value on the page: text, a link when ``href`` is set."""

    text: str
    href: str | None = None
    lang: str | None = None
    qualifier: str | None = None
    private: bool = False


@dataclass(frozen=True)
class Entry:
    """A term of a definition list and its values (``VIAF`` -> two VIAF ids)."""

    term: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Moment:
    """A date and time: machine-readable for ``<time datetime>``, and readable."""

    iso: str
    text: str


def summary(
    authority: Authority, related: Mapping[str, Authority], link: Link
) -> list[Entry]:
    """Kind, quality level, status (and the survivor of a merge), id."""
    entries = [Entry(_("Kind"), (Value(named(labels.KINDS, authority.kind)),))]
    if authority.quality:
        level = authority.quality.value
        entries.append(
            Entry(
                _("Quality level"),
                (Value(level, qualifier=named(labels.QUALITY, level)),),
            )
        )
    entries.append(
        Entry(_("Status"), (Value(named(labels.STATUSES, authority.status)),))
    )
    if authority.merged_into:
        target = related.get(authority.merged_into)
        text = (target.label if target else "") or authority.merged_into
        entries.append(
            Entry(_("Merged into"), (Value(text, link(authority.merged_into)),))
        )
    return entries


def variants(authority: Authority) -> list[Value]:
    """The see-from forms, as their labels."""
    return [Value(v.label) for v in authority.variants if v.label]


def relations(
    authority: Authority, related: Mapping[str, Authority], link: Link
) -> list[Entry]:
    """Relations by type, each target linked and shown by its current label."""
    pairs = []
    for relation in authority.relations:
        target_id = relation.target_id
        target = related.get(target_id) if target_id else None
        text = (target.label if target else "") or relation.label or target_id or ""
        if text:
            href = link(target_id) if target_id else None
            pairs.append((named(labels.RELATIONS, relation.type), Value(text, href)))
    return grouped(pairs)


def identifiers(authority: Authority, private: bool) -> list[Entry]:
    """External identifiers by scheme, linked where the scheme has a URI."""
    shown = authority.identifiers if private else authority.public_identifiers
    hidden = _("not public")
    return grouped(
        (
            named(labels.SCHEMES, i.scheme),
            Value(
                i.value,
                href=i.uri,
                qualifier=hidden if i.private else None,
                private=i.private,
            ),
        )
        for i in shown
    )


def notes(authority: Authority, private: bool) -> list[Entry]:
    """Notes by type; internal ones (667) only in the private view."""
    shown = authority.notes if private else authority.public_notes
    return grouped(
        (named(labels.NOTES, n.type), Value(n.text, private=not n.public))
        for n in shown
        if n.text
    )


def attributes(authority: Authority) -> list[Entry]:
    """The attributes present, in the order ``Attributes`` declares them."""
    entries = []
    for attribute in dataclasses.fields(Attributes):
        value = getattr(authority.attributes, attribute.name)
        values: tuple[str, ...] = (value,) if isinstance(value, str) else value or ()
        values = tuple(v.strip() for v in values if v and v.strip())
        if not values:
            continue
        if attribute.name == "gender":
            values = tuple(named(labels.GENDERS, v) for v in values)
        term = named(labels.ATTRIBUTES, attribute.name)
        entries.append(Entry(term, tuple(Value(v) for v in values)))
    return entries


def languages(authority: Authority) -> list[Entry]:
    """Labels by language, each value marked with its language."""
    preferred = _("preferred")
    return grouped(
        (
            named(labels.LANGUAGES, label.language),
            Value(
                label.value,
                lang=label.language,
                qualifier=preferred if label.preferred else None,
            ),
        )
        for label in authority.labels
        if label.value
    )


def grouped(pairs: Iterable[tuple[str, Value]]) -> list[Entry]:
    """Values under their terms, terms in order of first appearance."""
    groups: dict[str, list[Value]] = {}
    for term, value in pairs:
        groups.setdefault(term, []).append(value)
    return [Entry(term, tuple(values)) for term, values in groups.items()]


def moment(when: datetime | None) -> Moment | None:
    """A stored time in Oslo, written the way the page's language writes it.

    In UTC a record created at midnight in Oslo would show the day before. A time
    without a zone is Oslo time already (BARE's dates had none).
    """
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=OSLO)
    local = when.astimezone(OSLO)
    # HTML's <time datetime> allows at most three digits of fractional seconds.
    return Moment(local.isoformat(timespec="seconds"), format_datetime(local, "long"))
