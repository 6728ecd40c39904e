"""The names the pages give the model's values: kinds, statuses, notes, schemes ...

Each is a message of the workbench's catalogues (``lazy_gettext``, read in the
request's language when shown). A value the tables do not know is shown as stored
(an identifier scheme from a source, a label's language we have no name for).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext

LazyString = Any
"""flask_babel's lazy text (untyped): ``str()`` reads it in the request's language."""

KINDS: Mapping[str, LazyString] = {
    "person": lazy_gettext("Person"),
    "family": lazy_gettext("Family"),
    "corporate_body": lazy_gettext("Corporate body"),
    "meeting": lazy_gettext("Meeting"),
    "work": lazy_gettext("Work"),
    "topic": lazy_gettext("Topic"),
    "place": lazy_gettext("Place"),
    "genre_form": lazy_gettext("Genre/form"),
}
"""domain.kinds.Kind."""

STATUSES: Mapping[str, LazyString] = {
    "active": lazy_gettext("Active"),
    "deleted": lazy_gettext("Deleted"),
    "merged": lazy_gettext("Merged"),
}
"""domain.kinds.Status."""

QUALITY: Mapping[str, LazyString] = {
    "kat1": lazy_gettext("Incomplete, or of uncertain quality"),
    "kat2": lazy_gettext("Complete, but not verified by the National Library"),
    "kat3": lazy_gettext("Verified by the National Library"),
}
"""domain.kinds.QualityLevel, as the National Library defines the levels."""

RELATIONS: Mapping[str, LazyString] = {
    "broader": lazy_gettext("Broader"),
    "narrower": lazy_gettext("Narrower"),
    "earlier": lazy_gettext("Earlier name"),
    "later": lazy_gettext("Later name"),
    "parent": lazy_gettext("Parent body"),
    "related": lazy_gettext("Related"),
}
"""domain.view.RELATION_TYPES and ``related``."""

NOTES: Mapping[str, LazyString] = {
    "nonpublic": lazy_gettext("Internal note"),
    "source": lazy_gettext("Source consulted"),
    "title-related": lazy_gettext("Title related to the entity"),
    "source-not-found": lazy_gettext("Source consulted, no information found"),
    "definition": lazy_gettext("Definition"),
    "biographical": lazy_gettext("Biographical or historical data"),
    "public": lazy_gettext("Note"),
    "example": lazy_gettext("Example"),
    "deleted-heading": lazy_gettext("Deleted heading"),
    "history": lazy_gettext("History"),
}
"""domain.view.NOTE_TYPES."""

ATTRIBUTES: Mapping[str, LazyString] = {
    "birth_date": lazy_gettext("Date of birth"),
    "death_date": lazy_gettext("Date of death"),
    "start_date": lazy_gettext("Start date"),
    "end_date": lazy_gettext("End date"),
    "birth_place": lazy_gettext("Place of birth"),
    "death_place": lazy_gettext("Place of death"),
    "associated_places": lazy_gettext("Associated places"),
    "residences": lazy_gettext("Places of residence"),
    "gender": lazy_gettext("Gender"),
    "occupations": lazy_gettext("Occupations"),
    "fields_of_activity": lazy_gettext("Fields of activity"),
    "groups": lazy_gettext("Associated groups"),
    "nationalities": lazy_gettext("Nationalities"),
    "countries": lazy_gettext("Countries"),
    "languages": lazy_gettext("Languages"),
    "other": lazy_gettext("Other attributes"),
}
"""domain.view.Attributes, by field name."""

GENDERS: Mapping[str, LazyString] = {
    "m": lazy_gettext("Male"),
    "f": lazy_gettext("Female"),
}
"""BARE's 375 $a holds the codes m and f."""

SCHEMES: Mapping[str, str | LazyString] = {
    "autid": lazy_gettext("Authority id (BIBSYS)"),
    "handle": "Handle",
    "isni": "ISNI",
    "viaf": "VIAF",
    "bibbi": "Bibbi",
    "orcid": "ORCID",
    "wikidata": "Wikidata",
    "gnd": "GND",
    "uri": "URI",
    "feide": "Feide",
    "orgunitid": lazy_gettext("Organisation unit id"),
}
"""domain.identifiers.SCHEMES; proper names read the same in every language."""

LANGUAGES: Mapping[str, LazyString] = {
    "en": lazy_gettext("English"),
    "nb": lazy_gettext("Norwegian Bokmål"),
    "nn": lazy_gettext("Norwegian Nynorsk"),
    "no": lazy_gettext("Norwegian"),
    "se": lazy_gettext("Northern Sámi"),
    "sma": lazy_gettext("Southern Sámi"),
    "smj": lazy_gettext("Lule Sámi"),
    "sv": lazy_gettext("Swedish"),
    "da": lazy_gettext("Danish"),
    "fi": lazy_gettext("Finnish"),
    "de": lazy_gettext("German"),
    "fr": lazy_gettext("French"),
    "nl": lazy_gettext("Dutch"),
    "la": lazy_gettext("Latin"),
}
"""The languages of labels (``$9 language=nn``), by code."""

ACTIONS: Mapping[str, LazyString] = {
    "create": lazy_gettext("Created"),
    "update": lazy_gettext("Edited"),
    "delete": lazy_gettext("Deleted"),
    "restore": lazy_gettext("Restored"),
    "merge": lazy_gettext("Merged"),
    "relink": lazy_gettext("Relation relinked after a merge"),
    "revert": lazy_gettext("Reverted"),
    "load": lazy_gettext("Loaded"),
}
"""domain.history.Revision.action: what made a revision."""

ENVELOPE: Mapping[str, LazyString] = {
    "status": lazy_gettext("Status"),
    "mergedInto": lazy_gettext("Merged into"),
    "qualityLevel": lazy_gettext("Quality level"),
}
"""The envelope's names in domain.diff's changes."""


def named(table: Mapping[str, str | LazyString], value: str) -> str:
    """``value``'s name from ``table``, in this request's language; else as stored."""
    name = table.get(value)
    return str(name) if name is not None else value
