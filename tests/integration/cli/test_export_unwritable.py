"""``authority export`` and a record it cannot write as stored: never corrupt output,
never a record gone without a word.

Writes refuse control characters now (service/records.py), so such a record can
only come from before that: it is stored here through the repository, as it was.
"""

from __future__ import annotations

from pathlib import Path

import pymarc
import pytest

from authority.domain import Actor, Authority, Field, Kind, Subfield
from authority.marc.read import read
from authority.service import Services
from tests.integration.cli.test_cli import run

pytestmark = pytest.mark.slow

INJECTED = "1950\x1fdINJECTED"


def _stored_before_the_check(services: Services) -> None:
    fields = (
        Field("100", "1", " ", (Subfield("a", "Gammel, Gro"), Subfield("d", INJECTED))),
    )
    clean = (Field("100", "1", " ", (Subfield("a", "Ren, Rolf"),)),)
    with services.register.unit_of_work() as uow:
        for authority_id, content in (("90000031", fields), ("90000032", clean)):
            authority = Authority(authority_id, Kind.PERSON, content)
            uow.authorities.insert(authority, "create", Actor("before"))
        uow.commit()


@pytest.mark.parametrize("form", ["iso2709", "marcxml", "marcxchange", "marcjson"])
def test_a_stored_control_character_is_replaced_and_reported_never_skipped(
    committed_services: Services, database_url: str, tmp_path: Path, form: str
) -> None:
    _stored_before_the_check(committed_services)
    target = tmp_path / f"dump.{form}"
    done = run(
        "export", "--format", form, "--output", str(target), DATABASE_URL=database_url
    )
    results = list(read(str(target)))
    assert [r.error for r in results] == [None, None]  # both records, both readable
    [old] = [r for r in results if ("001", "90000031") in
             {(f.tag, f.data) for f in r.fields}]  # fmt: skip
    [heading] = [f for f in old.fields if f.tag == "100"]
    if form == "marcjson":  # JSON carries the character: nothing to replace
        assert done.returncode == 0, done.stderr
        assert heading.subfields[-1].value == INJECTED
        return
    assert done.returncode == 1
    assert "Exported 2 authorities" in done.stderr
    assert "replaced by U+FFFD in 90000031: 100[1]/$d" in done.stderr
    assert [s.code for s in heading.subfields] == ["a", "d"]  # no $dINJECTED
    assert heading.subfields[-1].value == "1950\ufffddINJECTED"
    if form == "iso2709":
        with open(target, "rb") as stream:
            assert len(list(pymarc.MARCReader(stream))) == 2
