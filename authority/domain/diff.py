"""What one revision changed against the one before: fields and envelope.

Fields are compared as a multiset of whole fields (a field edited in place shows
as the old one removed and the new one added, which is what a cataloguer reads
in a MARC editor's history too). The envelope (status, merged into, quality
level) is compared value by value.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from authority.domain.content import Field
from authority.domain.model import Authority


def changes(
    before: Authority | None, after: Authority, *, private: bool = False
) -> list[dict[str, Any]]:
    """The changes from ``before`` (None: nothing, a creation) to ``after``.

    Without ``private``, fields that public output never shows (private
    identifiers, internal notes) are left out of the comparison.
    """
    found: list[dict[str, Any]] = []
    for name, old, new in _envelope(before, after):
        if old != new:
            found.append({"change": "changed", "what": name, "from": old, "to": new})
    old_fields = Counter(_keys(before, private)) if before else Counter()
    new_fields = Counter(_keys(after, private))
    for key in (old_fields - new_fields).elements():
        found.append({"change": "removed", "field": _field(key)})
    for key in (new_fields - old_fields).elements():
        found.append({"change": "added", "field": _field(key)})
    return found


def _envelope(
    before: Authority | None, after: Authority
) -> list[tuple[str, str | None, str | None]]:
    def values(a: Authority | None) -> tuple[str | None, str | None, str | None]:
        if a is None:
            return None, None, None
        quality = a.quality.value if a.quality else None
        return a.status.value, a.merged_into, quality

    old, new = values(before), values(after)
    names = ("status", "mergedInto", "qualityLevel")
    return [(names[n], old[n], new[n]) for n in range(3)]


def _keys(authority: Authority, private: bool) -> list[tuple[Any, ...]]:
    fields = authority.fields if private else authority.public_fields
    return [_key(f) for f in fields]


def _key(f: Field) -> tuple[Any, ...]:
    if f.data is not None:
        return (f.tag, f.data)
    return (f.tag, f.ind1, f.ind2, tuple((s.code, s.value) for s in f.subfields))


def _field(key: tuple[Any, ...]) -> dict[str, Any]:
    if len(key) == 2:
        return {"tag": key[0], "data": key[1]}
    tag, ind1, ind2, subfields = key
    return {"tag": tag, "ind1": ind1, "ind2": ind2,
            "subfields": [list(s) for s in subfields]}  # fmt: skip
