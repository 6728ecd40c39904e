"""The emnemodul source: both Tekord exports map completely, losslessly, and bad
input becomes error items with a position, never an exception."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from authority.domain import Authority, Field, Status, Subfield
from authority.marc.from_marc import from_fields
from authority.marc.to_marc import marc_output
from authority.service import validate
from loaders.sources import SourceItem
from loaders.sources.emnemodul import looks_like, read
from tests.support import CORPUS, head_of

TEKORD_2019 = CORPUS / "bare/emnemodul/tekord-2019-06.bibsys-emnemodul.iso-8859-1.xml"
TEKORD_OLDER = CORPUS / "vocab-sources/norwegian/tekord.iso-8859-1.xml"
EXPORTS = [TEKORD_2019, TEKORD_OLDER]
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(scope="module")
def items() -> dict[Path, list[SourceItem]]:
    return {path: list(read(str(path))) for path in EXPORTS}


@pytest.fixture(scope="module")
def mapped(items: dict[Path, list[SourceItem]]) -> dict[Path, dict[str, Authority]]:
    return {
        path: {i.authority.id: i.authority for i in found if i.authority}
        for path, found in items.items()
    }


@cache
def posts(path: Path) -> tuple[etree._Element, ...]:
    return tuple(etree.parse(str(path)).getroot())


def export(tmp_path: Path, *posts: str, root: str = "ntub") -> str:
    path = tmp_path / "export.xml"
    body = "\n".join(f"<post>{p}</post>" for p in posts)
    text = f"<?xml version='1.0' encoding='iso-8859-1'?>\n<{root}>\n{body}\n</{root}>\n"
    path.write_bytes(text.encode("iso-8859-1"))
    return str(path)


def post(term_id: str, heading: str, *more: str) -> str:
    return (
        f"<term-id>{term_id}</term-id><dato>2001-02-03</dato>"
        f"<hovedemnefrase>{heading}</hovedemnefrase>{''.join(more)}"
    )


def subfields(authority: Authority, tag: str) -> list[tuple[Subfield, ...]]:
    return [f.subfields for f in authority.fields if f.tag == tag]


# Both real exports


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_every_post_maps_without_errors(
    path: Path, items: dict[Path, list[SourceItem]]
) -> None:
    found = items[path]
    errors = [(i.position, i.error) for i in found if i.error]
    assert not errors, errors[:20]
    assert len(found) == path.read_bytes().count(b"<post>")
    assert [i.position for i in found] == list(range(1, len(found) + 1))
    for item in found:
        assert item.authority is not None and item.id == item.authority.id
        validate(item.authority)  # storable: the service's structural rules


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_ids_are_kept_exactly(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    assert {p.findtext("term-id") for p in posts(path)} == set(mapped[path])


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_nothing_in_a_post_is_lost(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    lost = []
    for element in posts(path):
        authority = mapped[path][element.findtext("term-id") or ""]
        created = authority.provenance.created
        kept = "\0".join(
            [
                *(s.value for f in authority.fields for s in f.subfields),
                *(f.data for f in authority.fields if f.data is not None),
                authority.id,
                authority.merged_into or "",
                created.date().isoformat() if created else "",
            ]
        )
        for part in element.iter():
            text = (part.text or "").strip()
            if part is not element and text and text not in kept:
                lost.append((authority.id, part.tag, text))
    assert not lost, lost[:20]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_closed_notes_are_only_in_667_and_never_public(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    checked = 0
    for element in posts(path):
        closed = [e.text for e in element.iterfind("lukket-bemerkning")]
        if not closed:
            continue
        authority = mapped[path][element.findtext("term-id") or ""]
        assert [s[0].value for s in subfields(authority, "667")] == closed
        holding = {
            f.tag for f in authority.fields for s in f.subfields if s.value in closed
        }
        assert holding == {"667"}
        public = [s.value for f in authority.public_fields for s in f.subfields]
        assert not set(closed) & set(public)
        assert [n.text for n in authority.notes if not n.public] == [
            c.strip() for c in closed if c
        ]
        checked += 1
    assert checked > 250


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_every_authority_comes_back_the_same_through_marc(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    # 001, 005 and the merged record's 682 are generated and read back; 008 is ours.
    changed = []
    for authority in mapped[path].values():
        output = marc_output(authority, full=True)
        back = from_fields(output.leader, output.fields)
        back = replace(back, provenance=replace(back.provenance, origin="emnemodul"))
        if back != authority:
            changed.append(authority.id)
    assert not changed, changed[:20]


def test_one_post_field_by_field(mapped: dict[Path, dict[str, Authority]]) -> None:
    authority = mapped[TEKORD_2019]["NTUB00001"]
    assert authority.fields == (
        Field("008", data="911223|||anz|nbabn          |a|ana|||| d"),
        Field("040", subfields=(Subfield("a", "NO-TrBIB"), Subfield("b", "nob"),
                                Subfield("f", "tekord"))),
        Field("080", subfields=(Subfield("a", "512.541"),)),
        Field("150", subfields=(Subfield("a", "Abelske grupper"),)),
        Field("550", subfields=(Subfield("a", "Gruppeteori"), Subfield("w", "g"),
                                Subfield("0", "(NO-TrBIB)NTUB04223"))),
    )  # fmt: skip
    midnight = datetime(1991, 12, 23, tzinfo=OSLO)
    assert authority.provenance.created == midnight
    assert authority.provenance.modified == midnight
    assert authority.provenance.origin == "emnemodul"
    assert authority.status is Status.ACTIVE and authority.quality is None


def test_qualifier_and_subdivision_make_one_heading(
    mapped: dict[Path, dict[str, Authority]],
) -> None:
    authority = mapped[TEKORD_2019]["NTUB01026"]
    assert subfields(authority, "150") == [
        (Subfield("a", "Bevisføring (Matematikk)"), Subfield("x", "Databehandling"))
    ]
    assert authority.label == "Bevisføring (Matematikk) - Databehandling"  # roald's


def test_norwegian_letters_survive_the_latin_1_decoding(
    mapped: dict[Path, dict[str, Authority]],
) -> None:
    for path in EXPORTS:
        assert mapped[path]["NTUB12168"].label == "Ål"
        assert mapped[path]["NTUB12156"].label == "Øl"
        assert mapped[path]["NTUB13668"].label == "Europeiske økonomiske fellesskap"
        assert mapped[path]["NTUB15984"].label == "Peanøtter - Biokjemi"


def test_a_use_reference_is_merged_and_a_see_from_of_its_target(
    mapped: dict[Path, dict[str, Authority]],
) -> None:
    merged = mapped[TEKORD_2019]["NTUB13668"]
    assert merged.status is Status.MERGED and merged.merged_into == "NTUB02883"
    assert merged.label == "Europeiske økonomiske fellesskap"  # its own 150 kept
    target = mapped[TEKORD_2019]["NTUB02883"]
    assert target.status is Status.ACTIVE
    assert "Europeiske økonomiske fellesskap" in [v.label for v in target.variants]


def test_a_chain_of_use_references_ends_at_the_preferred_term(
    mapped: dict[Path, dict[str, Authority]],
) -> None:
    # Forbruksvarer - Estetikk USE Industriell formgivning, which since 2015 is
    # itself USE Design: the see-from goes where a search should land.
    by_id = mapped[TEKORD_2019]
    assert by_id["NTUB03458"].merged_into == "NTUB04880"  # as the export says
    assert by_id["NTUB04880"].merged_into == "NTUB02027"
    assert [v.label for v in by_id["NTUB02027"].variants] == [
        "Forbruksvarer - Estetikk",
        "Industriell formgivning",
        "Produktdesign",
    ]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_every_use_reference_is_a_see_from_of_its_preferred_term(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    by_id = mapped[path]
    merged = [a for a in by_id.values() if a.status is Status.MERGED]
    assert len(merged) == sum(1 for p in posts(path) if p.find("se-id") is not None)
    for authority in merged:
        target = by_id[authority.merged_into or ""]
        while target.merged_into:
            target = by_id[target.merged_into]
        assert authority.label in [v.label for v in target.variants], authority.id


def test_broader_and_related_become_550_with_links(
    mapped: dict[Path, dict[str, Authority]],
) -> None:
    authority = mapped[TEKORD_2019]["NTUB00007"]
    broader = [r for r in authority.relations if r.type == "broader"]
    assert [(r.target_id, r.label) for r in broader] == [("NTUB10077", "Spektroskopi")]
    assert broader[0].subfields[-2:] == (
        Subfield("w", "g"),
        Subfield("0", "(NO-TrBIB)NTUB10077"),
    )
    related = [r for r in authority.relations if r.type == "related"]
    assert [r.target_id for r in related] == [
        "NTUB00608",
        "NTUB04964",
        "NTUB06400",
        "NTUB11385",
    ]
    assert related[0].label == "Atomspektrum"
    assert all("w" not in [s.code for s in r.subfields] for r in related)


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_every_link_is_a_relation_to_its_target(
    path: Path, mapped: dict[Path, dict[str, Authority]]
) -> None:
    for element in posts(path):
        authority = mapped[path][element.findtext("term-id") or ""]
        expected = [
            ("broader" if e.tag == "overordnetterm-id" else "related", e.text)
            for e in element
            if e.tag in ("overordnetterm-id", "se-ogsa-id")
        ]
        found = [(r.type, r.target_id) for r in authority.relations]
        assert sorted(found) == sorted(expected), authority.id
        assert all(r.label for r in authority.relations), authority.id


# Bad input


def test_a_truncated_file_ends_with_one_error_item(tmp_path: Path) -> None:
    data = TEKORD_2019.read_bytes()
    cut = tmp_path / "truncated.xml"
    start_of_post_1000 = _nth(data, b"<post>", 1000)
    cut.write_bytes(data[: start_of_post_1000 + 40])

    found = list(read(str(cut)))

    assert [i.error for i in found[:999]] == [None] * 999
    assert len(found) == 1000
    last = found[-1]
    assert last.position == 1000 and last.authority is None
    assert last.error is not None and "not well-formed" in last.error
    assert "line" in last.error  # the parser's own message, with where it stopped
    assert last.raw is not None and last.raw.startswith("<post>")


def test_invalid_xml_in_the_middle_stops_cleanly_with_its_position(
    tmp_path: Path,
) -> None:
    data = TEKORD_2019.read_bytes()
    broken = tmp_path / "broken.xml"
    at = _nth(data, b"</post>", 500)
    broken.write_bytes(data[:at] + b"</pots>" + data[at + len(b"</post>") :])
    term_id = posts(TEKORD_2019)[499].findtext("term-id") or ""

    found = list(read(str(broken)))

    assert len(found) == 500
    assert all(i.error is None for i in found[:499])
    assert found[-1].position == 500 and found[-1].authority is None
    assert found[-1].error is not None and "pots" in found[-1].error
    assert found[-1].raw is not None and term_id in found[-1].raw


def test_a_post_without_term_id_or_heading_is_an_error_and_the_next_come(
    tmp_path: Path,
) -> None:
    path = export(
        tmp_path,
        post("NTUB00001", "Første"),
        "<dato>2001-02-03</dato><hovedemnefrase>Uten id</hovedemnefrase>",
        "<term-id>NTUB00003</term-id><dato>2001-02-03</dato>",
        post("NTUB00004", "Fjerde"),
    )
    found = list(read(path))
    assert [(i.position, i.id, i.authority is not None) for i in found] == [
        (1, "NTUB00001", True),
        (2, None, False),
        (3, "NTUB00003", False),
        (4, "NTUB00004", True),
    ]
    assert found[1].error == "the post has no <term-id>"
    assert found[1].raw is not None and "Uten id" in found[1].raw
    assert found[2].error is not None and "<hovedemnefrase>" in found[2].error


def test_an_id_that_is_not_an_authority_id_is_an_error(tmp_path: Path) -> None:
    (item,) = read(export(tmp_path, post("ntub 1", "Term")))
    assert item.authority is None and item.error is not None
    assert "'ntub 1'" in item.error


def test_use_references_in_a_circle_or_to_itself(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        post("NTUB00001", "En", "<se-id>NTUB00002</se-id>"),
        post("NTUB00002", "To", "<se-id>NTUB00001</se-id>"),
        post("NTUB00003", "Tre", "<se-id>NTUB00003</se-id>"),
    )
    one, two, three = read(path)
    assert one.authority is not None and two.authority is not None
    assert one.authority.merged_into == "NTUB00002" and not one.authority.variants
    assert two.authority.merged_into == "NTUB00001" and not two.authority.variants
    assert three.authority is None and three.error is not None
    assert "USE itself" in three.error


# Humord's extras and everything without a MARC place


def test_humord_types_top_terms_and_facets(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        post("HUME00001", "Humord"),
        post("HUME00102", "(arkeologi etter type)", "<type>F</type>",
             "<overordnetterm-id>HUME00001</overordnetterm-id>"),
        post("HUME00008", "Knute", "<type>K</type>",
             "<toppterm-id>HUME00008</toppterm-id>", "<ox-id>HUME00102</ox-id>",
             "<gen-se-henvisning>Norden * Språk</gen-se-henvisning>"),
        root="hume",
    )  # fmt: skip
    by_id = {i.id: i.authority for i in read(path) if i.authority}
    facet, linking = by_id["HUME00102"], by_id["HUME00008"]
    assert facet.fields[0].data == "010203|||enz|nbbbn          |a|ana|||| d"
    assert linking.fields[0].data == "010203|||anz|nbbbn          |a|ana|||| d"
    assert by_id["HUME00001"].fields[1].subfields[-1] == Subfield("f", "humord")
    assert subfields(linking, "950") == [
        (Subfield("a", "type"), Subfield("b", "K")),
        (Subfield("a", "toppterm-id"), Subfield("b", "HUME00008")),
    ]
    assert [(r.type, r.target_id, r.label) for r in linking.relations] == [
        ("broader", "HUME00102", "(arkeologi etter type)")
    ]
    assert subfields(linking, "260") == [(Subfield("i", "Norden * Språk"),)]


def test_unknown_elements_attributes_and_repeats_go_to_the_local_field(
    tmp_path: Path,
) -> None:
    path = export(
        tmp_path,
        post("NTUB00001", "Term", '<kjede nivå="2">Ledd</kjede>',
             "<hovedemnefrase>Annen</hovedemnefrase>",
             "<gruppe><navn>Inni</navn></gruppe>", "<dato>ikke en dato</dato>"),
        "<term-id>NTUB00002</term-id><dato>31.12.1999</dato>"
        "<hovedemnefrase>Rar dato</hovedemnefrase>",
    )  # fmt: skip
    first, second = (i.authority for i in read(path))
    assert first is not None and second is not None
    assert subfields(first, "950") == [
        (Subfield("a", "kjede@nivå"), Subfield("b", "2")),
        (Subfield("a", "kjede"), Subfield("b", "Ledd")),
        (Subfield("a", "hovedemnefrase"), Subfield("b", "Annen")),
        (Subfield("a", "gruppe/navn"), Subfield("b", "Inni")),
        (Subfield("a", "dato"), Subfield("b", "ikke en dato")),
    ]
    # A date that is no date stays as text; there is then no 008 and no created.
    assert second.provenance.created is None
    assert [f.tag for f in second.fields] == ["040", "150", "950"]
    assert subfields(second, "950") == [
        (Subfield("a", "dato"), Subfield("b", "31.12.1999"))
    ]


# Detection


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_looks_like_an_emnemodul_export(path: Path) -> None:
    with path.open("rb") as stream:
        assert looks_like(stream.read(4096))


@pytest.mark.parametrize(
    "head",
    [
        CORPUS / "marc-authority/mc2skos/humord-c28807.xml",
        b'{"fields": [{"001": "HUME28807"}], "leader": "00000nz  a2200000n  4500"}',
        b"[]",
        b"",
    ],
    ids=["marcxml", "marcjson", "json-array", "empty"],
)
def test_does_not_look_like_other_files(head: bytes | Path) -> None:
    assert not looks_like(head_of(head))


def _nth(data: bytes, needle: bytes, n: int) -> int:
    at = -1
    for _ in range(n):
        at = data.index(needle, at + 1)
    return at
