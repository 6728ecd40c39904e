"""The XML an SRU answer is made of, in 1.1/1.2 (SRW's) and 2.0 (OASIS's) shape.

1.1 and 1.2 follow BIBSYS's answers (its namespaces, element order, recordIdentifier).
Written as escaped text, as marc/serialize.py writes records: the records themselves
come in as XML text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from authority.sru.diagnostics import Diagnostic

SRW = "http://www.loc.gov/zing/srw/"
SRW_DIAGNOSTIC = "http://www.loc.gov/zing/srw/diagnostic/"
SRU2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
SRU2_DIAGNOSTIC = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
SRU2_SCAN = "http://docs.oasis-open.org/ns/search-ws/scan"
ZEEREX = "http://explain.z3950.org/dtd/2.0/"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
BIBSYS_NAMESPACES = (
    ' xmlns:xcql="http://www.loc.gov/zing/cql/xcql/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:marc="info:lc/xmlns/marcxchange-v1"'
    ' xmlns:marcxml="http://www.loc.gov/MARC21/slim"'
)
"""What BIBSYS's SRU declared on its root, kept for clients that look for them."""


def legacy(version: str) -> bool:
    """True for SRU 1.1 and 1.2 (SRW's namespace, a version element)."""
    return version != "2.0"


def element(name: str, text: object) -> str:
    """``<name>text</name>``, the text escaped."""
    return f"<{name}>{escape(str(text))}</{name}>"


@dataclass(frozen=True)
class Record:
    """One record of an answer: its data as XML text and where it stands."""

    schema: str
    packing: str
    """xml or string."""
    data: str
    position: int
    identifier: str | None = None


def record_xml(record: Record, version: str) -> str:
    """One record: 1.x in BIBSYS's order, 2.0 in the XSD's."""
    p = "srw:" if legacy(version) else ""
    data = escape(record.data) if record.packing == "string" else record.data
    parts = [f"<{p}record>", element(f"{p}recordSchema", record.schema)]
    if legacy(version):
        parts.append(element("srw:recordPacking", record.packing))
        if record.identifier is not None:  # BIBSYS's place for it
            parts.append(element("srw:recordIdentifier", record.identifier))
        parts.append(element("srw:recordPosition", record.position))
        parts.append(f"<srw:recordData>{data}</srw:recordData>")
    else:
        parts.append(element("recordXMLEscaping", record.packing))
        parts.append(f"<recordData>{data}</recordData>")
        parts.append(element("recordPosition", record.position))
    parts.append(f"</{p}record>")
    return "".join(parts)


def diagnostics_xml(diagnostics: Sequence[Diagnostic], version: str) -> str:
    """The diagnostics element (empty text when there are none)."""
    if not diagnostics:
        return ""
    if legacy(version):
        open_, ns, close = "<srw:diagnostics>", SRW_DIAGNOSTIC, "</srw:diagnostics>"
    else:
        open_, ns, close = "<diagnostics>", SRU2_DIAGNOSTIC, "</diagnostics>"
    parts = [open_]
    for diagnostic in diagnostics:
        parts.append(f'<diag:diagnostic xmlns:diag="{ns}">')
        parts.append(element("diag:uri", diagnostic.uri))
        if diagnostic.details:
            parts.append(element("diag:details", diagnostic.details))
        if diagnostic.message:
            parts.append(element("diag:message", diagnostic.message))
        parts.append("</diag:diagnostic>")
    parts.append(close)
    return "".join(parts)


def echoed(name: str, pairs: Sequence[tuple[str, object]], version: str) -> str:
    """The echoed request: the parameters as the client sent them, in schema order."""
    p = "srw:" if legacy(version) else ""
    inner = "".join(element(f"{p}{k}", v) for k, v in pairs if v not in (None, ""))
    return f"<{p}{name}>{inner}</{p}{name}>"


def extra_response(response_date: str, version: str) -> str:
    """The extraResponseData element with BIBSYS's unqualified responseDate."""
    p = "srw:" if legacy(version) else ""
    date = element("responseDate", response_date)
    if not legacy(version):  # an unqualified child is not lax-valid in 2.0's ##any
        date = f'<responseDate xmlns="">{escape(response_date)}</responseDate>'
    return f"<{p}extraResponseData>{date}</{p}extraResponseData>"


def root(name: str, version: str, body: str, namespace: str | None = None) -> str:
    """The whole document: the root element around ``body``."""
    if legacy(version):
        head = f'<srw:{name} xmlns:srw="{SRW}"{BIBSYS_NAMESPACES}>'
        head += element("srw:version", version)
        return f"{DECLARATION}{head}{body}</srw:{name}>"
    ns = namespace or SRU2
    return f'{DECLARATION}<{name} xmlns="{ns}">{body}</{name}>'


def attribute(value: str) -> str:
    """``value`` quoted and escaped as an attribute value."""
    return quoteattr(value)
