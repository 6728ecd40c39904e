"""Language tags for labels and notes: MARC language codes -> BCP 47.

A label's language is its own ``$9 language=xx`` (UiO's convention) when it has one,
else the record's cataloguing language (040 $b, a MARC 21 / ISO 639-2 code). Labels
must carry a tag: SKOS integrity (one ``prefLabel`` per language, SHACL S14) is
checked per tag, and ``und`` says honestly that we do not know.
"""

from __future__ import annotations

import re

from authority.linkeddata.tables import inverse

UNDETERMINED = "und"
"""BCP 47 (and MARC) for "language not known"."""

MARC_TO_BCP47: dict[str, str] = {
    "nob": "nb",
    "nno": "nn",
    "nor": "no",
    "sme": "se",
    "smj": "smj",
    "sma": "sma",
    "smn": "smn",
    "sms": "sms",
    "fkv": "fkv",
    "eng": "en",
    "dan": "da",
    "swe": "sv",
    "fin": "fi",
    "isl": "is",
    "ice": "is",
    "fao": "fo",
    "ger": "de",
    "deu": "de",
    "fre": "fr",
    "fra": "fr",
    "spa": "es",
    "ita": "it",
    "dut": "nl",
    "nld": "nl",
    "por": "pt",
    "rus": "ru",
    "pol": "pl",
    "lat": "la",
    "heb": "he",
    "ara": "ar",
    "chi": "zh",
    "zho": "zh",
    "jpn": "ja",
}
"""MARC codes -> the shortest BCP 47 tag; Sámi languages without a 2-letter code keep
their ISO 639-3 code, which is their BCP 47 tag."""

BCP47_TO_MARC: dict[str, str] = inverse(
    MARC_TO_BCP47,
    {"is": "isl", "de": "ger", "fr": "fre", "nl": "dut", "zh": "chi"},
)
"""BCP 47 tag -> MARC code: :data:`MARC_TO_BCP47` backwards. Where MARC has two codes
for a language (bibliographic and terminology), the first listed: nb -> nob, de ->
ger."""

_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")


def bcp47(code: str | None) -> str:
    """The BCP 47 tag for a MARC or ISO 639 code (``und`` when unknown or absent)."""
    if not code:
        return UNDETERMINED
    text = code.strip().lower()
    if text in MARC_TO_BCP47:
        return MARC_TO_BCP47[text]
    return text if _TAG.match(text) and len(text) == 2 else UNDETERMINED
