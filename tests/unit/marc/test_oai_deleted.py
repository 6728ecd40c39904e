"""OAI-PMH deleted headers come out of the MARC reader in order with the records."""

from __future__ import annotations

import io
from pathlib import Path

from authority.marc.read import DeletedHeader, read
from loaders.sources import marc

OAI = "http://www.openarchives.org/OAI/2.0/"
HARVEST = f"""<?xml version="1.0"?>
<OAI-PMH xmlns="{OAI}"><ListRecords>
<record><header><identifier>oai:bibsys.no:authority:90000001</identifier>
<datestamp>2024-05-01</datestamp></header><metadata>
<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nz  a2200000n  4500</leader>
<controlfield tag="001">90000001</controlfield>
<datafield tag="100" ind1="1" ind2=" "><subfield code="a">Navn</subfield></datafield>
</record></metadata></record>
<record><header status="deleted">
<identifier>oai:bibsys.no:authority:90000002</identifier><datestamp>2024-05-02T10:00:00Z</datestamp></header></record>
<record><header status="deleted"><identifier>urn:nothing</identifier>
<datestamp>2024-05-02</datestamp></header></record>
</ListRecords></OAI-PMH>"""


def test_the_reader_yields_deleted_headers_in_their_place() -> None:
    results = list(read(io.BytesIO(HARVEST.encode()), "xml"))
    assert [(r.position, r.leader is not None, r.error) for r in results] == [
        (1, True, None), (2, False, None), (3, False, None)
    ]  # fmt: skip
    assert results[1].deleted == DeletedHeader(
        "oai:bibsys.no:authority:90000002", "2024-05-02T10:00:00Z"
    )


def test_the_marc_source_makes_them_deletions_of_ids(tmp_path: Path) -> None:
    path = tmp_path / "harvest.xml"
    path.write_text(HARVEST, encoding="utf-8")
    first, second, third = marc.read(str(path), "marcxml")
    assert first.authority is not None and first.authority.id == "90000001"
    assert second.deletion is not None and second.deletion.id == "90000002"
    assert second.deletion.when is not None
    assert second.deletion.when.isoformat() == "2024-05-02T10:00:00+00:00"
    assert third.deletion is None and third.error is not None
    assert "names no authority id" in third.error
