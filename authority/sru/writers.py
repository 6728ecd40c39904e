"""The three answers as documents: searchRetrieve, scan and explain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from authority.search.model import BrowseEntry
from authority.sru.diagnostics import Diagnostic
from authority.sru.documents import (
    SRU2_SCAN,
    ZEEREX,
    Record,
    attribute,
    diagnostics_xml,
    element,
    extra_response,
    legacy,
    record_xml,
    root,
)
from authority.sru.indexes import CONTEXT_SETS, listed
from authority.sru.schemas import DEFAULT, SCHEMAS

if TYPE_CHECKING:
    from authority.sru.protocol import Deployment


EXTRA = "info:authority/sru/extraTermData"
"""The namespace of a scan term's extra data: the authority the line belongs to."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_response(
    version: str,
    total: int | None,
    records: Sequence[Record],
    following: int | None,
    echo: str,
    diagnostics: Sequence[Diagnostic],
) -> str:
    """searchRetrieveResponse, in the order of both versions' schemas."""
    p = "srw:" if legacy(version) else ""
    parts = [element(f"{p}numberOfRecords", total if total is not None else 0)]
    if records:
        inner = "".join(record_xml(r, version) for r in records)
        parts.append(f"<{p}records>{inner}</{p}records>")
    if following is not None:
        parts.append(element(f"{p}nextRecordPosition", following))
    parts.append(echo)
    parts.append(diagnostics_xml(diagnostics, version))
    parts.append(extra_response(_now(), version))
    return root("searchRetrieveResponse", version, "".join(parts))


def scan_response(
    version: str,
    entries: Sequence[BrowseEntry],
    echo: str,
    diagnostics: Sequence[Diagnostic],
) -> str:
    """scanResponse: one term per line of the heading index."""
    p = "srw:" if legacy(version) else ""
    parts = []
    if entries:
        parts.append(f"<{p}terms>")
        for n, entry in enumerate(entries):
            parts.append(f"<{p}term>")
            parts.append(element(f"{p}value", entry.label))
            parts.append(element(f"{p}numberOfRecords", 1))
            display = f"{entry.label} → {entry.heading}" if entry.see else entry.label
            parts.append(element(f"{p}displayTerm", display))
            parts.append(element(f"{p}whereInList", _where(n, len(entries))))
            parts.append(
                f"<{p}extraTermData>"
                f'<authority xmlns="{EXTRA}" id={attribute(entry.id)}'
                f' see="{"true" if entry.see else "false"}"/>'
                f"</{p}extraTermData>"
            )
            parts.append(f"</{p}term>")
        parts.append(f"</{p}terms>")
    parts.append(echo)
    parts.append(diagnostics_xml(diagnostics, version))
    return root("scanResponse", version, "".join(parts), SRU2_SCAN)


def _where(n: int, count: int) -> str:
    if count == 1:
        return "only"
    return "first" if n == 0 else "last" if n == count - 1 else "inner"


def explain(
    version: str,
    deployment: Deployment,
    packing: str,
    diagnostics: Sequence[Diagnostic],
) -> str:
    """explainResponse: a ZeeRex record a client configures itself from."""
    p = "srw:" if legacy(version) else ""
    record = Record(ZEEREX, packing, zeerex(version, deployment), 1)
    body = record_xml(record, version).replace(
        f"<{p}recordPosition>1</{p}recordPosition>", ""
    )
    body += diagnostics_xml(diagnostics, version)
    return root("explainResponse", version, body)


def zeerex(version: str, deployment: Deployment) -> str:
    """The ZeeRex 2.0 record: server, database, indexes, schemas, settings."""
    url = urlsplit(deployment.base_url)
    port = url.port or (443 if url.scheme == "https" else 80)
    parts = [
        f'<explain xmlns="{ZEEREX}">',
        f'<serverInfo protocol="SRU" version="{version}" transport="{url.scheme}"'
        ' method="GET">',
        element("host", url.hostname or "localhost"),
        element("port", port),
        element("database", url.path.lstrip("/") or "sru"),
        "</serverInfo>",
        "<databaseInfo>",
        f'<title lang="en" primary="true">{deployment.title}</title>',
        '<description lang="en" primary="true">Authority records (persons,'
        " corporate bodies, meetings, works, subjects) in MARC 21, as BIBSYS BARE"
        " served them.</description>",
        "</databaseInfo>",
        _index_info(),
        _schema_info(),
        _config_info(),
        "</explain>",
    ]
    return "".join(parts)


def _index_info() -> str:
    parts = ["<indexInfo>"]
    for name, identifier in CONTEXT_SETS.items():
        parts.append(
            f"<set name={attribute(name)} identifier={attribute(identifier)}/>"
        )
    for index in listed():
        scan = "true" if index.dimension == "words" else "false"
        sort = "true" if index.dimension in ("words", "modified") else "false"
        parts.append(f'<index search="true" scan="{scan}" sort="{sort}">')
        parts.append(f'<title lang="en">{index.title}</title>')
        parts.append(
            f"<map><name set={attribute(index.context_set)}>{index.name}</name></map>"
        )
        parts.append("</index>")
    parts.append("</indexInfo>")
    return "".join(parts)


def _schema_info() -> str:
    parts = ["<schemaInfo>"]
    for schema in SCHEMAS:
        parts.append(
            f"<schema identifier={attribute(schema.identifier)}"
            f' name="{schema.name}" sort="false" retrieve="true">'
            f'<title lang="en">{schema.title}</title></schema>'
        )
    parts.append("</schemaInfo>")
    return "".join(parts)


def _config_info() -> str:
    from authority.sru.protocol import (
        DEFAULT_RECORDS,
        MAXIMUM_RECORDS,
        MAXIMUM_TERMS,
    )

    return (
        "<configInfo>"
        f'<default type="numberOfRecords">{DEFAULT_RECORDS}</default>'
        f'<default type="retrieveSchema">{DEFAULT.name}</default>'
        '<default type="contextSet">cql</default>'
        '<default type="index">cql.serverChoice</default>'
        '<default type="relation">=</default>'
        f'<setting type="maximumRecords">{MAXIMUM_RECORDS}</setting>'
        f'<setting type="maximumTerms">{MAXIMUM_TERMS}</setting>'
        '<supports type="relation">=</supports>'
        '<supports type="relation">==</supports>'
        '<supports type="relation">exact</supports>'
        '<supports type="relation">all</supports>'
        '<supports type="relation">any</supports>'
        '<supports type="booleanModifier">and</supports>'
        '<supports type="maskingCharacter">*</supports>'
        '<supports type="sort"></supports>'
        "</configInfo>"
    )
