"""What an authority is found by: its heading, variants and labels, normalised.

Both search backends index the same terms, so that they find the same things:
PostgreSQL stores them as rows beside the authority, in the same transaction;
OpenSearch gets them in its document. A term keeps its label as stored (what a hit
shows) beside two normal forms:

- ``key``, for matching: case folded, diacritics off, Nordic letters spelled out the
  way people type them without a Norwegian keyboard (ø -> o, æ -> ae, å -> a,
  ä -> a, ö -> o), punctuation and spacing reduced to single spaces. ``valkeapaa``
  matches Valkeapää, ``bjornson`` Bjørnson, ``rowling j k`` Rowling, J.K.;
- ``sort_key``, for the alphabetical index (domain/collation.py: æ, ø, å after z).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from authority.domain.collation import MAX_KEY, sort_key

if TYPE_CHECKING:
    from authority.domain.model import Authority


class Form(StrEnum):
    """Which kind of name a term is."""

    HEADING = "heading"
    VARIANT = "variant"
    LABEL = "label"
    """A subject heading's label in another language."""


@dataclass(frozen=True)
class Term:
    """One name an authority is found by."""

    form: Form
    label: str
    key: str
    sort_key: str


_SPELLED_OUT = {"ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "ü": "u"}
_SPELLED_OUT |= {"ð": "d", "đ": "d", "þ": "th", "ŋ": "n", "ŧ": "t", "ß": "ss"}
_SPELLED_OUT |= {"œ": "oe", "ł": "l", "ı": "i"}
_NOT_WORD = re.compile(r"[\W_]+")


def _is_spacing_modifier(ch: str) -> bool:
    """ʼ ʹ ˈ and their kind (U+02B0-U+02FF): marks in romanisations, not letters.

    Python counts them as word characters, so ``Hanʼguk`` would not match
    ``hanguk`` if they stayed.
    """
    return "\u02b0" <= ch <= "\u02ff"


def search_key(text: str) -> str:
    """``text`` as searches compare it (see the module docstring)."""
    folded = unicodedata.normalize("NFC", text).casefold()
    folded = "".join(_SPELLED_OUT.get(ch, ch) for ch in folded)
    bare = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(ch) and not _is_spacing_modifier(ch)
    )
    return _NOT_WORD.sub(" ", bare).strip()[:MAX_KEY].rstrip()  # indexed: bounded


def search_terms(authority: Authority) -> list[Term]:
    """The heading, then the variants, then other-language labels; each once."""
    names = [(Form.HEADING, authority.label)] if authority.label else []
    names += [(Form.VARIANT, v.label) for v in authority.variants]
    names += [(Form.LABEL, label.value) for label in authority.labels]
    terms: list[Term] = []
    seen: set[str] = set()
    for form, label in names:
        key = search_key(label)
        if key and key not in seen:
            seen.add(key)
            terms.append(Term(form, label, key, sort_key(label)))
    return terms


def disambiguation(authority: Authority) -> str | None:
    """What tells two like-named authorities apart: occupation, field, place."""
    attributes = authority.attributes
    for values in (
        attributes.occupations,
        attributes.fields_of_activity,
        attributes.associated_places,
        attributes.nationalities,
    ):
        if values:
            return ", ".join(dict.fromkeys(values))
    return None
