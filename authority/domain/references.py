"""Every form in which people and systems have named an authority, parsed.

Forty years of BARE left many ways to name one record (domain/bare.md §6): the id
itself, the x-autid, Alma's linking form, the OAI identifier, BARE's REST and HTML
URLs, the old data.bibsys.no and livedata.bibsys.no URIs, our own URIs, the Handle,
and the external identifiers the record carries (ISNI, VIAF, ORCID, Wikidata,
Bibbi, GND). :func:`parse_reference` turns any of them into what to look up: ids, or
(scheme, canonical value) pairs for the identifier index. Private schemes (feide,
orgunitid) are never looked up: resolving them would reveal who an address belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from authority.domain.identifiers import SCHEMES
from authority.domain.ids import from_linking_form, is_valid_id


@dataclass(frozen=True)
class Reference:
    """What a reference names: ids to check, identifiers to look up."""

    ids: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    """(scheme, canonical value) pairs."""


_ID = r"([A-Za-z]{0,8}\d{1,18})"

ID_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"^oai:bibsys\.no:authority:{_ID}$",
        rf"^bibsys\.no:authority:{_ID}$",  # the NB catalogue API's person ids
        rf"^https?://authority\.bibsys\.no/authority/rest/authorities/(?:v2/|html/)?{_ID}(?:[?#].*)?$",
        rf"^https?://livedata\.bibsys\.no/authority/{_ID}(?:[?#].*)?$",
        rf"^https?://[^/]+/(?:.+/)?authorities/{_ID}(?:\.\w+)?(?:[?#].*)?$",
    )
)
"""Forms whose group 1 is the id itself (BARE's URLs, ours under any host)."""

AUTID_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(x\d{1,8})$",
        r"^https?://data\.bibsys\.no/data/notrbib/authorityentry/(x\d{1,8})(?:[?#].*)?$",
    )
)
"""Forms that carry an x-autid (``x`` + the legacy id, zero-padded to 8)."""

IDENTIFIER_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("handle", r"^(?:https?://hdl\.handle\.net/|hdl:)?(\d+(?:\.\d+)*/\S+)$"),
        ("isni", r"^(?:isni:?\s*|https?://(?:www\.)?isni\.org/isni/)?((?:\d\s?){15}[\dX])$"),
        ("viaf", r"^(?:viaf:?\s*|https?://(?:www\.)?viaf\.org/viaf/)(\d+)/?$"),
        ("orcid", r"^(?:orcid:?\s*|https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$"),
        ("wikidata", r"^(?:wd:|https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q\d+)$"),
        ("bibbi", r"^(?:bibbi:?\s*|https?://id\.bs\.no/bibbi/)(\d+)$"),
        ("gnd", r"^(?:gnd:?\s*|https?://d-nb\.info/gnd/)([\dX-]+)$"),
    )
)  # fmt: skip
"""(scheme, form) pairs; group 1, made canonical by the scheme, is looked up."""


def parse_reference(text: str) -> Reference:
    """What ``text`` names; an empty :class:`Reference` when it is no known form.

    A text may fit more than one form (sixteen digits are an id and an ISNI): every
    reading is kept, and the lookup decides which one names something.
    """
    text = _undo_merged_slashes(text.strip())
    ids: list[str] = []
    identifiers: list[tuple[str, str]] = []
    linked = from_linking_form(text)
    if linked is not None:
        ids.append(linked)
    for form in ID_FORMS:
        match = form.match(text)
        if match and is_valid_id(match[1].upper()):
            ids.append(match[1].upper())
    for form in AUTID_FORMS:
        match = form.match(text)
        if match:
            autid = match[1].lower()
            ids.append(str(int(autid[1:])))
            identifiers.append(("autid", autid))
    for name, form in IDENTIFIER_FORMS:
        match = form.match(text)
        if match:
            identifiers.append((name, SCHEMES[name].canonical(match[1])))
    return Reference(tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(identifiers)))


def _undo_merged_slashes(text: str) -> str:
    """``https:/host`` -> ``https://host``: a URL in a path loses a slash to proxies."""
    return re.sub(r"^(https?):/(?!/)", r"\1://", text, flags=re.IGNORECASE)
