"""The bare-json source finds BARE's records in every shape of file it came in."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest

from loaders.pipeline import detect
from loaders.sources import bare_json
from tests.support import CORPUS

SAMPLES = CORPUS / "bare" / "json"


@cache
def sample(name: str) -> Any:
    """A BARE JSON sample, read when a test needs it (never at collection)."""
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def rilke() -> dict[str, Any]:
    return cast(dict[str, Any], sample("noraf_90053126.json"))


def search() -> dict[str, Any]:
    return cast(dict[str, Any], sample("bareManyAuthorityResponse.json"))


def ids(path: Path) -> list[str | None]:
    return [item.id for item in bare_json.read(str(path))]


@pytest.mark.parametrize(
    "shape", ["single", "array", "lines", "search", "search-lines"]
)
def test_every_shape_gives_every_record(shape: str, tmp_path: Path) -> None:
    records = search()["results"]
    expected = [r["systemControlNumber"] for r in records]
    path = tmp_path / f"{shape}.json"
    text = {
        "single": json.dumps(records[0]),
        "array": json.dumps(records, indent=1),
        "lines": "\n".join(json.dumps(r) for r in records),
        "search": json.dumps(search(), indent=2),
        "search-lines": json.dumps(search()) + "\n" + json.dumps(search()),
    }[shape]
    path.write_text(text, encoding="utf-8")
    wanted = {"single": expected[:1], "search-lines": expected * 2}.get(shape, expected)
    assert ids(path) == wanted
    assert detect(str(path)) == "bare-json"
    assert all(item.authority is not None for item in bare_json.read(str(path)))


def test_an_empty_search_response_is_bare_json_with_no_records() -> None:
    path = SAMPLES / "bareEmptyResponse.json"
    assert detect(str(path)) == "bare-json"
    assert ids(path) == []


def test_a_record_of_the_wrong_shape_is_an_error_and_the_next_one_comes(
    tmp_path: Path,
) -> None:
    bad = {**rilke(), "systemControlNumber": "90000002", "marcdata": {"tag": "100"}}
    path = tmp_path / "records.json"
    path.write_text(json.dumps([bad, "text", rilke()]), encoding="utf-8")
    items = list(bare_json.read(str(path)))
    assert [(i.position, i.id, i.authority is None) for i in items] == [
        (1, "90000002", True),
        (2, None, True),
        (3, "90053126", False),
    ]
    assert items[0].raw and items[0].error


def test_marc_in_json_is_not_taken_for_bare_json(tmp_path: Path) -> None:
    path = tmp_path / "marc.json"
    path.write_text(json.dumps({"leader": "00000nz  a2200000n  4500", "fields": []}))
    assert detect(str(path)) == "marcjson"


def test_an_indicator_of_two_characters_is_refused(tmp_path: Path) -> None:
    fields = [dict(f) for f in rilke()["marcdata"]]
    fields[2] = {**fields[2], "ind1": "12"}  # the 100
    path = tmp_path / "record.json"
    path.write_text(json.dumps({**rilke(), "marcdata": fields}), encoding="utf-8")
    [item] = list(bare_json.read(str(path)))
    assert item.authority is None
    assert item.error is not None and "100 ind1 '12' is not one character" in item.error


# Hostile and broken files (issue 16)


def records_of(path: Path) -> list[tuple[int, str | None, str | None]]:
    return [(i.position, i.id, i.error) for i in bare_json.read(str(path))]


def test_a_corrupt_json_line_costs_only_itself(tmp_path: Path) -> None:
    good = [dict(rilke(), systemControlNumber=str(n)) for n in (1, 2, 4, 5)]
    lines = [json.dumps(r) for r in good[:2]]
    lines += ['{"systemControlNumber": "3", "marcdata": [}', *map(json.dumps, good[2:])]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = records_of(path)
    read = [(p, i) for p, i, e in found if e is None]
    assert read == [(1, "1"), (2, "2"), (4, "4"), (5, "5")]
    [(position, _, reason)] = [r for r in found if r[2] is not None]
    assert position == 3
    assert reason is not None and reason.startswith("line 3: not well-formed JSON")


def test_an_empty_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert records_of(path) == [(1, None, "no JSON: the input is empty")]


def test_an_identifier_that_is_not_text_is_the_record_s_error(tmp_path: Path) -> None:
    path = tmp_path / "isni.json"
    bad = dict(rilke(), identifiersMap={"isni": [True]})
    path.write_text(json.dumps([bad, rilke()]), encoding="utf-8")
    first, second = bare_json.read(str(path))
    assert first.error is not None and "isni must be a list of text" in first.error
    assert first.raw is not None and json.loads(first.raw) == bad
    assert second.error is None and second.id == rilke()["systemControlNumber"]


@pytest.mark.parametrize(
    "flood", [b"[" * 20_000, b'{"a":' * 120_000], ids=["brackets", "objects"]
)
def test_a_flood_is_one_error(flood: bytes, tmp_path: Path) -> None:
    path = tmp_path / "flood.json"
    path.write_bytes(b'[{"systemControlNumber": "x", "marcdata": ' + flood)
    [(position, _, reason)] = records_of(path)
    assert position == 1
    assert reason is not None and "nested deeper than 32 levels" in reason
