"""Norwegian sort keys, computed here rather than borrowed from the database.

The embedded PostgreSQL has no ICU and libc locales differ between machines, so the
order of the heading index is defined by this function and stored beside the heading
(architecture.md, decisions). Compare keys bytewise (``COLLATE "C"``).

The order is Norwegian: æ, ø, å after z; case and other diacritics folded (Sámi
á č đ ŋ š ŧ ž sort as their base letters); ä and ö sort as æ and ø, ü as y; punctuation
separates words but is otherwise ignored.
"""

from __future__ import annotations

import re
import unicodedata

# Characters chosen to sort after "z" in a bytewise (C) comparison: { | }.
_LETTERS_AFTER_Z = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
_BEFORE_FOLDING = {
    "ä": "æ",
    "ö": "ø",
    "ü": "y",
    "ð": "d",
    "đ": "d",
    "þ": "th",
    "ŋ": "n",
    "ŧ": "t",
    "ß": "ss",
    "œ": "oe",
    "ł": "l",
}
_PUNCTUATION = re.compile(r"[^\w{|}]+")

MAX_KEY = 500
"""Characters of a derived key kept: the keys are indexed (btree), and PostgreSQL
refuses an index row over 2,704 bytes; 500 characters of at most 4 bytes stay
under it whatever a heading holds (decomposition can make one character 18).
No real heading comes near it; past it, filing and matching use the first 500."""


def sort_key(text: str) -> str:
    """The key under which ``text`` is filed in the Norwegian heading index."""
    folded = unicodedata.normalize("NFC", text).casefold()
    # Map Norwegian letters before decomposition, so å does not become a + ring.
    folded = "".join(_BEFORE_FOLDING.get(ch, ch) for ch in folded)
    folded = folded.translate(_LETTERS_AFTER_Z)
    stripped = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(ch)
    )
    return _PUNCTUATION.sub(" ", stripped).strip()[:MAX_KEY].rstrip()
