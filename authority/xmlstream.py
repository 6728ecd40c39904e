"""Streaming XML: every record element of a file, in bounded memory, never a lost one.

The XML readers (MARCXML and MARCXchange in ``marc/read.py``, the subject module's
export in ``loaders/sources/emnemodul.py``) read a file of record elements. They
share one rule: every record that is complete before the XML breaks (a tag that
does not match, a truncated file) is delivered, and only then the error.

lxml's ``iterparse`` does not keep that rule since lxml 6.2: when a chunk it feeds
to libxml2 ends in an error, it drops the events that chunk had already produced
(``_ParseEventsIterator.abort()``) and raises, so up to one chunk of good records
(70 posts of Tekord) was lost, depending on where the chunks fell. Here the parser is
an ``XMLPullParser`` fed in bounded chunks by us, and the events it has queued are
drained before the error is raised, whatever the chunk size.

The parser never expands entities, loads a DTD or touches the network, and a
document that has a DTD is refused whole (:class:`DoctypeError`): an entity
reference in it would otherwise silently become nothing. The refusal asks the
parsed document, not its first bytes, so a DOCTYPE behind a long comment is found.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO, cast

from lxml import etree

CHUNK = 1 << 16
"""Bytes fed to the parser at a time: memory stays flat, and no chunk size matters."""


class DoctypeError(ValueError):
    """The document has a DTD (an internal subset or an external one): refused whole."""


def refused(element: etree._Element) -> str | None:
    """Why the document of ``element`` is refused: it has a DTD (None: it has not)."""
    info = element.getroottree().docinfo
    doctype: str = info.doctype  # type: ignore[attr-defined]  # not in lxml-stubs
    if not doctype and info.internalDTD is None and info.externalDTD is None:
        return None
    return f"XML with a DTD is refused (no DTDs, no entities): {doctype or 'DOCTYPE'}"


def refused_file(source: str | IO[bytes]) -> str | None:
    """:func:`refused` for an XML file, read no further than its root element.

    For readers that hand the file to another parser (rdflib's RDF/XML reader
    expands internal entities and drops external ones without a word). A file
    whose start libxml2 cannot parse is refused with libxml2's reason: it stops
    billion laughs in the DTD, which expat, after it, would go on expanding.
    """
    if isinstance(source, str):
        with open(source, "rb") as stream:
            return refused_file(stream)
    events = etree.iterparse(
        source,
        events=("start",),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for _, element in events:
            return refused(element)
    except etree.XMLSyntaxError as error:
        return f"XML is not well-formed: {error}"
    return None


def elements(
    source: str | IO[bytes], tags: Collection[str], chunk: int = CHUNK
) -> Iterator[etree._Element]:
    """Every element named in ``tags``, at its end tag, in document order.

    Each element is freed (with what came before it) once the caller asks for the
    next one, so do not keep it.

    Args:
        source: A file path or a binary stream.
        tags: The record elements' names, ``{namespace}local`` or ``local``.
        chunk: Bytes fed to the parser at a time (tests vary it).

    Yields:
        Each complete record element.

    Raises:
        DoctypeError: Before any element, when the document has a DTD.
        etree.XMLSyntaxError: After the last complete element, when the XML is not
            well-formed or ends too early (``lineno`` says where).
    """
    if isinstance(source, str):
        with open(source, "rb") as stream:
            yield from _elements(stream, tags, chunk, source)
    else:
        yield from _elements(source, tags, chunk, None)


def _elements(
    stream: IO[bytes], tags: Collection[str], chunk: int, name: str | None
) -> Iterator[etree._Element]:
    parser = etree.XMLPullParser(
        events=("end",),
        tag=list(tags),
        base_url=name,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,  # so every child of a record is data
    )
    checked = False
    while True:
        block = stream.read(chunk)
        error: etree.XMLSyntaxError | None = None
        root: etree._Element | None = None
        try:
            if block:
                parser.feed(block)
            else:
                root = parser.close()
        except etree.XMLSyntaxError as raised:
            error = raised
        events = parser.read_events()
        if error is not None and not block:
            # A failed close() ends every element still open, the record cut off by
            # the end of the file too: those are no complete records.
            events = iter(())
        for _, found in events:
            element = cast(etree._Element, found)  # "end" events carry elements
            if not checked and (reason := refused(element)):
                raise DoctypeError(reason)
            checked = True
            yield element
            _release(element)
        if error is not None:
            raise error  # after the records completed before the break
        if not block:
            if not checked and root is not None and (reason := refused(root)):
                raise DoctypeError(reason)  # a file without records has a DTD
            return


def _release(element: etree._Element) -> None:
    # Free what has been read, so that memory stays flat whatever the file size:
    # the earlier siblings of the record and of every element around it (an OAI-PMH
    # record wraps each MARC record in <record><metadata>, which would stay behind).
    element.clear()
    for node in (element, *element.iterancestors()):
        parent = node.getparent()
        while parent is not None and node.getprevious() is not None:
            del parent[0]
