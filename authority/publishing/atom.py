"""The change feed's newest changes as an Atom feed (RFC 4287), for feed readers.

The same activities as the pages (``feed.activity``), newest first: each entry's
category is the activity's type, its link the authority, its id the change's
number under the collection (a change's number never changes, so neither does its
entry). Machines should follow the pages or the JSON lines: Atom has no paging
here, only the latest changes.
"""

from __future__ import annotations

import re

from lxml import etree

from authority.domain.history import Published
from authority.publishing.feed import Feed, activity, timestamp

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry: shown as U+FFFD here (the JSON views keep it)."""
EPOCH = "1970-01-01T00:00:00Z"
"""An empty log's ``updated``: Atom requires one."""


def atom(feed: Feed, entries: list[Published], publisher: str) -> bytes:
    """The Atom document of ``entries`` (newest first), published by ``publisher``."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]
    _text(root, "id", f"{feed.collection}.atom")
    _text(root, "title", "Changes to the authority register")
    newest = timestamp(entries[0].change.recorded) if entries else EPOCH
    _text(root, "updated", newest)
    author = etree.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", publisher)
    _link(root, f"{feed.collection}.atom", "self", MEDIA_TYPE)
    _link(root, feed.collection, "alternate", "application/ld+json")
    for entry in entries:
        _entry(root, feed, entry)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return document


def _entry(root: etree._Element, feed: Feed, published: Published) -> None:
    found = activity(feed.uris, published)
    change, subject = published.change, found["object"]["id"]
    entry = etree.SubElement(root, f"{{{ATOM}}}entry")
    _text(entry, "id", f"{feed.collection}#{change.seq}")
    title = f"{found['type']} {change.authority_id} (revision {change.revision})"
    if "target" in found:
        title += f" into {found['target']['id'].rsplit('/', 1)[-1]}"
    _text(entry, "title", title)
    _text(entry, "updated", found["endTime"])
    etree.SubElement(entry, f"{{{ATOM}}}category", term=found["type"])
    _link(entry, subject, "alternate", None)
    if "actor" in found:
        author = etree.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", found["actor"]["name"])


def _text(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}{name}").text = NOT_XML.sub("\ufffd", value)


def _link(parent: etree._Element, href: str, rel: str, kind: str | None) -> None:
    link = etree.SubElement(parent, f"{{{ATOM}}}link", href=href, rel=rel)
    if kind:
        link.set("type", kind)
