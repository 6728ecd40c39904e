"""A consumer of the change feed, as a harvester would write one (tests only).

It keeps a copy of the register: for each id the status and revision the feed
last said, and for each active one the record fetched from the API. It follows
the feed either by pages (the IIIF Change Discovery way: from the collection's
last page back by ``prev`` to where it stopped, then forward by ``next``) or by
``/changes.jsonl?after=<seq>``, and applies each activity as the feed says: Create
and Update fetch the record, Delete and Move drop it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Get = Callable[[str], tuple[int, bytes]]
"""A GET of a path (with query): its status and body."""


@dataclass
class Copy:
    """One authority as the consumer holds it."""

    status: str
    revision: int
    merged_into: str | None = None
    record: dict[str, Any] | None = None


@dataclass
class Consumer:
    """A copy of the register kept current from the feed alone."""

    get: Get
    base: str
    """The register's BASE_URI (the feed's URIs start with it)."""
    seq: int = 0
    """The last change applied: where the next follow resumes."""
    copies: dict[str, Copy] = field(default_factory=dict)
    applied: list[int] = field(default_factory=list)
    """Every seq applied, in order: never a gap, never a repeat."""

    def follow_stream(self, limit: int | None = None) -> None:
        """Apply what ``/changes.jsonl`` has after :attr:`seq`."""
        query = f"?after={self.seq}" + (f"&limit={limit}" if limit else "")
        status, body = self.get("/changes.jsonl" + query)
        assert status == 200, body
        for line in body.decode("utf-8").splitlines():
            self.apply(json.loads(line))

    def follow_pages(self) -> None:
        """Apply what the pages have after :attr:`seq`: back from the last, forward."""
        collection = self._json(self._path(self.base + "changes"))
        url: str | None = collection["last"]["id"]
        page = self._json(self._path(url))  # type: ignore[arg-type]
        while page["startIndex"] > self.seq and "prev" in page:
            page = self._json(self._path(page["prev"]["id"]))
        while True:
            for item in page["orderedItems"]:
                if item["seq"] > self.seq:
                    self.apply(item)
            url = page.get("next", {}).get("id")
            if url is None:
                return
            page = self._json(self._path(url))

    def apply(self, activity: dict[str, Any]) -> None:
        """One activity applied to the copy; its seq must be the next one."""
        assert activity["seq"] == self.seq + 1, (activity["seq"], self.seq)
        subject = activity["object"]
        authority_id = subject["id"].removeprefix(self.base + "authorities/")
        revision = subject["revision"]
        kind = activity["type"]
        if kind in ("Create", "Update"):
            self.copies[authority_id] = self._fetched(authority_id, revision)
        elif kind == "Delete":
            self.copies[authority_id] = Copy("deleted", revision)
        elif kind == "Move":
            target = activity["target"]["id"].removeprefix(self.base + "authorities/")
            self.copies[authority_id] = Copy("merged", revision, target)
        else:
            raise AssertionError(f"unknown activity {kind}")
        self.seq = activity["seq"]
        self.applied.append(self.seq)

    def state(self) -> dict[str, tuple[str, int, str | None]]:
        """Id -> (status, revision, survivor), as the feed left the copy."""
        return {
            i: (c.status, c.revision, c.merged_into) for i, c in self.copies.items()
        }

    def _fetched(self, authority_id: str, revision: int) -> Copy:
        """The record as the API gives it now (a later change may already be in)."""
        status, body = self.get(f"/authorities/{authority_id}")
        if status != 200:  # deleted or merged since: a later activity says so
            return Copy("active", revision)
        record = json.loads(body)
        return Copy("active", revision, record=record)

    def _json(self, path: str) -> dict[str, Any]:
        status, body = self.get(path)
        assert status == 200, (path, status, body[:300])
        found: dict[str, Any] = json.loads(body)
        return found

    @staticmethod
    def _path(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")
