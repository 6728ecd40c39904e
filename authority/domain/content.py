"""The canonical content of an authority: its MARC fields, in order, as received.

BARE's own ``marcdata`` is such a list, and so is every MARC record. Keeping the list
(rather than only what the model understands) is what makes the register lossless:
fields the model does not interpret travel through untouched, with their indicators,
subfield codes, order and spacing. The structured view (heading, variants, relations
...) is derived from this list in ``domain/view.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import starmap
from typing import Any, NamedTuple

# Named tuples rather than frozen dataclasses: a dump or a load builds tens of these
# per record, and a tuple is built several times faster than a frozen dataclass
# (whose __init__ goes through object.__setattr__ per attribute).


class Subfield(NamedTuple):
    """One subfield: a one-character code and its value, spaces and all."""

    code: str
    value: str


class Field(NamedTuple):
    """One MARC field. Control fields (00X) have ``data``; the others have subfields."""

    tag: str
    ind1: str = " "
    ind2: str = " "
    subfields: tuple[Subfield, ...] = ()
    data: str | None = None

    @property
    def is_control(self) -> bool:
        """True for 001-009, which carry data instead of indicators and subfields."""
        return self.data is not None

    def values(self, *codes: str) -> list[str]:
        """Values of the subfields with any of ``codes``, in order."""
        return [s.value for s in self.subfields if s.code in codes]

    def first(self, code: str) -> str | None:
        """The first value of subfield ``code``, or None."""
        return next((s.value for s in self.subfields if s.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """The field as plain JSON data (the storage and API form)."""
        if self.data is not None:
            return {"tag": self.tag, "data": self.data}
        return {
            "tag": self.tag,
            "ind1": self.ind1,
            "ind2": self.ind2,
            "subfields": [[s.code, s.value] for s in self.subfields],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Field:
        """Inverse of :meth:`to_dict`."""
        if "data" in data:
            return cls(tag=data["tag"], data=data["data"])
        return cls(
            tag=data["tag"],
            ind1=data["ind1"],
            ind2=data["ind2"],
            subfields=tuple(starmap(Subfield, data["subfields"])),
        )


def with_tag(fields: Iterable[Field], *prefixes: str) -> Iterator[Field]:
    """Fields whose tag starts with any of ``prefixes`` (``"4"`` gives every 4XX)."""
    return (f for f in fields if f.tag.startswith(prefixes))


def replace_group(
    fields: tuple[Field, ...], prefixes: tuple[str, ...], new: Iterable[Field]
) -> tuple[Field, ...]:
    """Replace every field of a tag group, keeping everything else where it was.

    The new fields go where the first old one stood; when the group was empty they go
    before the first field with a higher tag, so the record stays in tag order.
    """
    new = tuple(new)
    kept: list[Field] = []
    insert_at: int | None = None
    for f in fields:
        if f.tag.startswith(prefixes):
            insert_at = len(kept) if insert_at is None else insert_at
        else:
            kept.append(f)
    if insert_at is None:
        lowest = min(new, key=lambda f: f.tag).tag if new else "999"
        insert_at = next((i for i, f in enumerate(kept) if f.tag > lowest), len(kept))
    return (*kept[:insert_at], *new, *kept[insert_at:])
