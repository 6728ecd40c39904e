"""Harvests by the real clients, as (identifier, deleted) pairs in the order given."""

from __future__ import annotations

from typing import Any

import oaipmh.client
import oaipmh.metadata
from lxml import etree
from oaipmh.client import Client
from oaipmh.error import NoRecordsMatchError
from oaipmh.metadata import MetadataReader, MetadataRegistry, oai_dc_reader
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch


class _Evaluator:
    """lxml's XPathEvaluator with the ``evaluate`` alias pyoai 2.5.0 still calls.

    lxml 5 dropped the alias of ``__call__``; pyoai (last release 2.5.0) was not
    updated. Only the name is restored: the client's own code runs unchanged.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._evaluate = etree.XPathEvaluator(*args, **kwargs)

    def __call__(self, path: str) -> Any:
        return self._evaluate(path)

    evaluate = __call__


class _Etree:
    """lxml.etree as pyoai's client module sees it: the same, but for the evaluator."""

    XPathEvaluator = _Evaluator

    def __getattr__(self, name: str) -> Any:
        return getattr(etree, name)


oaipmh.client.etree = oaipmh.metadata.etree = _Etree()  # lxml itself is untouched

PATHS = ("/oai", "/authority/rest/oai")


def sickle(
    url: str, verb: str = "ListRecords", **arguments: str
) -> list[tuple[str, bool]]:
    """Sickle's harvest (it follows the resumption tokens)."""
    client = Sickle(url, max_retries=0)
    try:
        items = getattr(client, verb)(ignore_deleted=False, **arguments)
        if verb == "ListRecords":
            return [(r.header.identifier, r.header.deleted) for r in items]
        return [(h.identifier, h.deleted) for h in items]
    except NoRecordsMatch:
        return []


def _registry() -> MetadataRegistry:
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    nothing = MetadataReader(fields={}, namespaces={})
    for prefix in ("marcxchange", "marc21", "rdf"):
        registry.registerReader(prefix, nothing)
    return registry


def pyoai(
    url: str, verb: str = "listRecords", **arguments: object
) -> list[tuple[str, bool]]:
    """pyoai's harvest."""
    client = Client(url, _registry())
    try:
        if verb == "listRecords":
            return [
                (header.identifier(), header.isDeleted())
                for header, _metadata, _about in client.listRecords(**arguments)
            ]
        return [
            (h.identifier(), h.isDeleted()) for h in client.listIdentifiers(**arguments)
        ]
    except NoRecordsMatchError:
        return []
