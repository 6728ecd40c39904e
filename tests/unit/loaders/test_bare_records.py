"""bench/bare_records.py writes SYNTHETIC BARE records the project's readers accept."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from authority.domain.view import kind_of
from authority.errors import MarcMappingError, ValidationError
from authority.marc.from_marc import from_fields
from authority.marc.read import read
from authority.service import validate
from bench.bare_records import records, write_json_lines, write_marcxchange
from loaders.sources import bare_json
from tests.support import CORPUS

XSD = CORPUS / "schemas" / "xsd" / "marcxchange-1-1.xsd"
COUNT = 2_000
BROKEN = 5.0  # percent: enough of every kind of breakage in 2 000 records


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def test_json_lines_map_except_the_intended_broken_ones(tmp_path: Path) -> None:
    path = tmp_path / "bare.jsonl"
    assert write_json_lines(path, COUNT, seed=3, broken=BROKEN) == COUNT
    flaws = [flaw for _, flaw in records(COUNT, seed=3, broken=BROKEN)]
    items = list(bare_json.read(str(path)))
    assert len(items) == COUNT
    seen: set[str] = set()
    failed = Counter()
    for item, flaw in zip(items, flaws, strict=True):
        if flaw == "long-indicator":  # refused by the source: MARC has one character
            assert item.authority is None and item.error
            assert "is not one character" in item.error
            failed[flaw] += 1
            continue
        assert item.authority is not None, (item.position, item.error)
        authority = item.authority
        if flaw == "duplicate-id":
            assert authority.id in seen
            failed[flaw] += 1
        elif flaw is None:
            assert authority.id not in seen
            validate(authority)
        else:
            with pytest.raises(ValidationError) as error:
                validate(authority)
            reason = {"no-heading": "no heading", "self-replaced": "merged into itself"}
            assert reason[flaw] in str(error.value)
            if flaw == "no-heading":
                assert kind_of(authority.fields) is None
            failed[flaw] += 1
        seen.add(authority.id)
    intended = Counter(f for f in flaws if f)
    assert failed == intended
    assert set(intended) == {
        "no-heading",
        "self-replaced",
        "duplicate-id",
        "long-indicator",
    }
    assert 0.03 * COUNT < sum(intended.values()) < 0.07 * COUNT


def test_marcxchange_is_valid_and_reads_back(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    clean = tmp_path / "clean.xml"
    assert write_marcxchange(clean, COUNT, seed=2, broken=0) == COUNT
    schema.assertValid(etree.parse(str(clean)))
    authorities = [from_fields(r.leader, r.fields) for r in read(str(clean))]
    assert len(authorities) == COUNT
    assert authorities[0].id == "10000000"
    assert len(authorities[9].id) == 13
    merged = sum(1 for a in authorities if a.status.name != "ACTIVE")
    assert 0.015 * COUNT < merged < 0.05 * COUNT


def test_broken_marcxchange_fails_where_intended(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    path = tmp_path / "broken.xml"
    write_marcxchange(path, COUNT, seed=3, broken=BROKEN)
    flaws = Counter(flaw for _, flaw in records(COUNT, seed=3, broken=BROKEN))
    assert not schema.validate(etree.parse(str(path)))
    ind1_errors = [e for e in schema.error_log if "'ind1'" in e.message]
    assert len(ind1_errors) == len(schema.error_log) == flaws["long-indicator"]
    refused: Counter[str] = Counter()
    for result in read(str(path)):
        try:
            from_fields(result.leader, result.fields)
        except MarcMappingError as error:
            # A long indicator cannot be written back (ISO 2709 has room for one).
            long = "is not one character" in str(error)
            assert long or "1XX" in str(error)
            refused["long-indicator" if long else "no-heading"] += 1
    assert refused["no-heading"] == flaws["no-heading"]
    assert refused["long-indicator"] == flaws["long-indicator"]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    one, two, other = tmp_path / "1", tmp_path / "2", tmp_path / "3"
    write_json_lines(one, 300, seed=7)
    write_json_lines(two, 300, seed=7)
    write_json_lines(other, 300, seed=8)
    assert one.read_bytes() == two.read_bytes() != other.read_bytes()
    write_marcxchange(one, 300, seed=7)
    write_marcxchange(two, 300, seed=7)
    assert one.read_bytes() == two.read_bytes()


def test_kinds_and_sami_letters_in_real_proportions(tmp_path: Path) -> None:
    path = tmp_path / "bare.jsonl"
    write_json_lines(path, COUNT)
    lines = path.read_text(encoding="utf-8").splitlines()
    kinds = Counter(json.loads(line)["authorityType"] for line in lines)
    assert abs(kinds["PERSON"] / COUNT - 0.85) < 0.03
    assert abs(kinds["CORPORATION"] / COUNT - 0.12) < 0.03
    assert abs(kinds["CONFERENCE"] / COUNT - 0.03) < 0.015
    text = "\n".join(lines)
    assert all(letter in text for letter in "áčŋšŧÁŊČ")
    assert '"ind1":""' in text  # old data's empty indicators
    assert '"replacedBy":"1' in text  # merged records name their survivor
