"""BARE's native REST JSON: one record, a search response, an array, or JSON lines.

The envelope is mapped by ``authority.barejson.read.from_bare_json`` (the foundation's
mapping: ``authorityType``, ``status``, ``deleted``, ``replacedBy``, dates in
Europe/Oslo, ``marcdata``, ``identifiersMap``). Here: finding the records in each
shape of file, streamed — an array or JSON lines record by record, a search
response by its ``results`` (BARE answered at most a few hundred per page).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from authority import json_input
from authority.barejson.read import from_bare_json
from authority.errors import AuthorityError
from loaders.sources import SourceItem

_BARE_KEYS = (
    b'"marcdata"',
    b'"systemControlNumber"',
    b'"authorityType"',
    b'"numFound"',  # a search response, possibly with no results
)


def looks_like(head: bytes) -> bool:
    """True for JSON that carries BARE's envelope keys (not MARC-in-JSON)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] in (b"{", b"[") and any(key in head for key in _BARE_KEYS)


def read(path: str) -> Iterator[SourceItem]:
    """Every BARE record in ``path``, mapped; a broken record is an error item.

    Read within authority.json_input's bounds; in JSON lines a bad line costs only
    itself, and a search response's results are records of their own.
    """
    position = 0
    with open(path, "rb") as stream:
        for found in json_input.records(stream):
            if found.error is not None:
                position += 1
                yield SourceItem(position, None, found.error, found.raw)
                continue
            for record in _records(found.value):
                position += 1
                yield _item(position, record)


def _records(value: Any) -> list[Any]:
    if isinstance(value, Mapping) and isinstance(value.get("results"), list):
        results: list[Any] = value["results"]  # a search response
        return results
    return [value]


def _item(position: int, record: Any) -> SourceItem:
    if not isinstance(record, Mapping):
        return SourceItem(position, None, "not a JSON object", json.dumps(record))
    raw_id = record.get("systemControlNumber")
    known_id = str(raw_id) if raw_id not in (None, "") else None
    if known_id is None:
        # A create request (BARE assigned the id on POST), not a stored record: a
        # migration keeps ids, and loading it twice must not make two authorities.
        raw = json.dumps(record, ensure_ascii=False)
        return SourceItem(position, None, "no systemControlNumber", raw)
    try:
        authority = from_bare_json(record)
    except (AuthorityError, KeyError, TypeError, ValueError, AttributeError) as error:
        # A record of the wrong shape (a list where BARE has an object ...) is a
        # record error like a validation problem: reported, and the load goes on.
        raw = json.dumps(record, ensure_ascii=False)
        return SourceItem(position, None, str(error), raw, known_id)
    return SourceItem(position, authority, id=authority.id)
