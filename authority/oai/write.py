"""OAI-PMH documents, built with lxml: the envelope, headers, records, lists."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from lxml import etree

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"


def q(name: str) -> str:
    """``name`` in the OAI-PMH namespace."""
    return f"{{{OAI}}}{name}"


def datestamp(moment: datetime) -> str:
    """A UTC datestamp at second granularity."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    now: datetime, base_url: str, request: Mapping[str, str]
) -> etree._Element:
    """``OAI-PMH`` with its responseDate and request; the verb's element comes next."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI, "xsi": XSI})  # type: ignore[dict-item]
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {SCHEMA}")
    etree.SubElement(root, q("responseDate")).text = datestamp(now)
    echoed = etree.SubElement(root, q("request"), dict(request))
    echoed.text = base_url
    return root


def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """A child of ``parent`` in the OAI-PMH namespace."""
    child = etree.SubElement(parent, q(name))
    if text is not None:
        child.text = text
    return child


def header(
    parent: etree._Element,
    identifier: str,
    stamp: datetime,
    specs: list[str],
    deleted: bool,
) -> etree._Element:
    """A record's header (``status="deleted"`` for a deleted or merged authority)."""
    element = add(parent, "header")
    if deleted:
        element.set("status", "deleted")
    add(element, "identifier", identifier)
    add(element, "datestamp", datestamp(stamp))
    for spec in specs:
        add(element, "setSpec", spec)
    return element


def descriptions(parent: etree._Element, texts: Mapping[str, str]) -> None:
    """A set's ``setDescription``: oai_dc with one dc:description per language."""
    dc = etree.SubElement(
        add(parent, "setDescription"),
        f"{{{OAI_DC}}}dc",
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
    )
    dc.set(
        f"{{{XSI}}}schemaLocation",
        f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    )
    for language, text in texts.items():
        element = etree.SubElement(dc, f"{{{DC}}}description")
        element.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        element.text = text


def identifier_description(
    parent: etree._Element, repository: str, sample: str
) -> None:
    """Identify's ``description``: the oai-identifier scheme of our identifiers."""
    element = etree.SubElement(
        add(parent, "description"),
        f"{{{IDENTIFIER}}}oai-identifier",
        nsmap={None: IDENTIFIER, "xsi": XSI},  # type: ignore[dict-item]
    )
    element.set(f"{{{XSI}}}schemaLocation", f"{IDENTIFIER} {IDENTIFIER_SCHEMA}")
    for name, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        etree.SubElement(element, f"{{{IDENTIFIER}}}{name}").text = text


def document(root: etree._Element) -> bytes:
    """The response's bytes, UTF-8 with an XML declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
