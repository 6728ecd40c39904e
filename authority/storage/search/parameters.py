"""The parameters of search in PostgreSQL's statements, from what was asked.

Pure functions of the query: every value reaches SQL as a bound parameter, and a
tsquery word is quoted (a key holds letters, digits and spaces only), so nothing
a user types becomes SQL or tsquery syntax.
"""

from __future__ import annotations

from typing import Any

from authority.domain.search_terms import search_key
from authority.search.model import NO_VOCABULARY, SearchQuery, to_precision

COUNT_LIMIT = 250
"""Matches a relevance search counts at most (more when a page lies deeper): past
it the total is a lower bound, as OpenSearch's ``track_total_hits`` default."""
SUGGEST_CANDIDATES = 40
"""Candidate terms per branch of a suggest, at least (four per completion asked)."""
CORRECTIONS_PER_WORD = 3
MIN_PREFIX = 3
"""A suggest's half-typed last word shorter than this is a LIKE filter, not a
tsquery prefix (see text_params)."""
MIN_CORRECTED = 3
"""Words shorter than this are not corrected: too many words are one edit away."""


def text_params(query_text: str, *, half_typed: bool = False) -> dict[str, str]:
    """The query's key and its LIKE, range and tsquery forms.

    ``half_typed``: the tsquery's last word is a prefix (suggest); else every word
    is whole (search, as OpenSearch's ``multi_match`` on words). A half-typed last
    word of one or two letters after whole words is not a tsquery prefix, which
    would read the posting lists of every word it starts, but a LIKE filter on the
    terms the whole words found (``last``).
    """
    key = search_key(query_text)
    words = key.split()
    last = "%"
    if half_typed and len(words) > 1 and len(words[-1]) < MIN_PREFIX:
        last = f"% {like_prefix(words.pop())}"
    lexemes = [lexeme(w) for w in words]
    if half_typed and last == "%":
        lexemes[-1] = lexeme(words[-1], last=True)
    return {
        "key": key,
        "prefix": like_prefix(key),
        "after": successor(key),
        "words": " & ".join(lexemes),
        "last": last,
    }


def typo_params(words: list[str], corrections: dict[str, list[str]]) -> dict[str, Any]:
    """The corrected queries, as the search statement's parameters.

    Each key with one word corrected, as a key range; and a tsquery with every
    word as typed or corrected.
    """
    keys = [
        " ".join([*words[:i], c, *words[i + 1 :]])
        for i, word in enumerate(words)
        for c in corrections.get(word, [])
    ]
    return {
        "lows": keys,
        "highs": [successor(k) for k in keys],
        "typos": " & ".join(
            "(" + " | ".join(map(lexeme, [w, *corrections.get(w, [])])) + ")"
            for w in words
        ),
    }


def correctable(word: str) -> bool:
    """Long enough to correct, and not a number: 1977 and 1978 are two people."""
    return len(word) >= MIN_CORRECTED and not word.isdigit()


def lexeme(word: str, *, last: bool = False) -> str:
    """A quoted tsquery word, or (``last``) a prefix of one.

    A key holds letters, digits and spaces only, so a word needs no escaping.
    """
    return f"'{word}':*" if last else f"'{word}'"


def successor(key: str) -> str:
    """The least string after every string that starts with ``key``.

    In code point order, which is the byte order that ``~<~`` compares.
    """
    if not key:
        return "\U0010ffff"
    after = ord(key[-1]) + 1
    return key[:-1] + chr(0xE000 if after == 0xD800 else after)  # no surrogates


def like_prefix(key: str) -> str:
    """A LIKE pattern for the strings that start with ``key``."""
    # The key has no LIKE wildcards (only letters, digits, spaces); escape anyway.
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def filters(query: SearchQuery) -> dict[str, Any]:
    """The query's filters: arrays of values (an empty one: no restriction).

    The modification bounds are cut to the precision compared (None: open).
    """
    start, end = query.modified_from, query.modified_until
    return {
        "kinds": [k.value for k in query.kinds],
        "qualities": [q.value for q in query.qualities],
        "statuses": [s.value for s in query.statuses],
        "vocabularies": list(query.vocabularies),
        "no_vocabulary": NO_VOCABULARY,
        "modified_from": to_precision(start) if start else None,
        "modified_until": to_precision(end) if end else None,
    }
