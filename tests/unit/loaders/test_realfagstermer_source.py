"""The Realfagstermer source: all four text exports map completely and losslessly, in
UiO's MARC shape (the one bench/subject_records.py writes), and bad blocks become
error items with their position, never an exception."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from authority.domain import Authority, Field, Kind, Status, Subfield
from authority.domain.view import kind_of
from authority.marc.from_marc import from_fields
from authority.marc.read import read as read_marc
from authority.marc.to_marc import marc_output
from authority.service import validate
from bench.subject_records import write_collection
from loaders.sources import SourceItem
from loaders.sources.realfagstermer import looks_like, read
from tests.support import CORPUS, head_of

SOURCE = CORPUS / "vocab-sources/norwegian"
FILES = {
    "termer": SOURCE / "realfagstermer-idtermer.txt",
    "steder": SOURCE / "realfagstermer-idsteder.txt",
    "former": SOURCE / "realfagstermer-idformer.txt",
    "tider": SOURCE / "realfagstermer-idtider.txt",
}
COUNTS = {"termer": 13_610, "steder": 907, "former": 133, "tider": 10}
"""The corpus README's counts: 13 610 topics, 907 places, 133 forms, 10 periods."""
KINDS = {
    "termer": ("150", Kind.TOPIC),
    "steder": ("151", Kind.PLACE),
    "former": ("155", Kind.GENRE_FORM),
    "tider": ("148", Kind.TOPIC),  # no chronological kind: the view reads 148 as topic
}
STATUSES = {  # (active, deleted, merged): tis= deletes, fly= merges
    "termer": (9_859, 1_896, 1_855),
    "steder": (867, 23, 17),
    "former": (112, 14, 7),
    "tider": (10, 0, 0),
}


@pytest.fixture(scope="module")
def items() -> dict[str, list[SourceItem]]:
    return {name: list(read(str(path))) for name, path in FILES.items()}


@pytest.fixture(scope="module")
def mapped(items: dict[str, list[SourceItem]]) -> dict[str, Authority]:
    return {
        i.authority.id: i.authority
        for found in items.values()
        for i in found
        if i.authority
    }


def blocks(path: Path) -> list[list[tuple[str, str]]]:
    """The file's blocks as (key, value) pairs, read naively for comparison."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        pairs = [tuple(line.split("= ", 1)) for line in block.splitlines() if line]
        if pairs:
            found.append([(k, v) for k, v in pairs])
    return found


def subfields(authority: Authority, tag: str) -> list[tuple[Subfield, ...]]:
    return [f.subfields for f in authority.fields if f.tag == tag]


def export(tmp_path: Path, text: str, name: str = "realfagstermer-idtermer.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# All four real exports


@pytest.mark.parametrize("name", FILES)
def test_every_term_maps_without_errors(
    name: str, items: dict[str, list[SourceItem]]
) -> None:
    found = items[name]
    errors = [(i.position, i.error) for i in found if i.error]
    assert not errors, errors[:20]
    assert len(found) == COUNTS[name]
    assert [i.position for i in found] == list(range(1, len(found) + 1))
    tag, kind = KINDS[name]
    for item in found:
        assert item.authority is not None and item.id == item.authority.id
        validate(item.authority)  # storable: the service's structural rules
        assert kind_of(item.authority.fields) is item.authority.kind is kind
        assert item.authority.heading is not None
        assert item.authority.heading.tag == tag


@pytest.mark.parametrize("name", FILES)
def test_deleted_and_merged_counts(
    name: str, items: dict[str, list[SourceItem]]
) -> None:
    statuses = [i.authority.status for i in items[name] if i.authority]
    counted = tuple(
        statuses.count(s) for s in (Status.ACTIVE, Status.DELETED, Status.MERGED)
    )
    assert counted == STATUSES[name]


@pytest.mark.parametrize("name", FILES)
def test_ids_are_kept_exactly(name: str, items: dict[str, list[SourceItem]]) -> None:
    written = re.findall(r"^id= (\S+)$", FILES[name].read_text(encoding="utf-8"), re.M)
    assert [i.id for i in items[name]] == written


@pytest.mark.parametrize("name", FILES)
def test_nothing_in_a_block_is_lost(name: str, mapped: dict[str, Authority]) -> None:
    lost = []
    for pairs in blocks(FILES[name]):
        authority = mapped[dict(pairs)["id"]]
        kept = {
            *(s.value for f in authority.fields for s in f.subfields),
            *(f.data for f in authority.fields if f.data is not None),
            *(r.target_id for r in authority.relations),  # $0 (NoOU)<id>
            authority.id,
            authority.merged_into,
        }
        moments = {authority.provenance.created, authority.provenance.modified}
        for key, value in pairs:
            if key in ("tio", "tie", "tis"):
                stamp = datetime.fromisoformat(value)
                if stamp not in moments and (key, value) not in _local(authority):
                    lost.append((authority.id, key, value))
            elif value not in kept:
                lost.append((authority.id, key, value))
    assert not lost, lost[:20]


def _local(authority: Authority) -> set[tuple[str, str]]:
    return {
        (f.first("a") or "", f.first("b") or "")
        for f in authority.fields
        if f.tag == "950"
    }


def test_every_authority_comes_back_the_same_through_marc(
    mapped: dict[str, Authority],
) -> None:
    # 001 and 005 are generated and read back; 008 and 682 are ours. 008 holds only
    # the day, so created comes back as midnight in Oslo, not the stamp's time.
    changed = []
    for authority in mapped.values():
        output = marc_output(authority, full=True)
        back = from_fields(output.leader, output.fields)
        created = authority.provenance.created
        assert created is not None and back.provenance.created is not None
        assert back.provenance.created.date() == created.date()
        expected = replace(
            authority,
            provenance=replace(
                authority.provenance, origin=None, created=back.provenance.created
            ),
        )
        if back != expected:
            changed.append(authority.id)
    assert not changed, changed[:20]


def test_the_marc_is_the_shape_bench_writes(
    tmp_path: Path, mapped: dict[str, Authority]
) -> None:
    """Field for field what bench/subject_records.py writes, but for what a loader
    keeps that bench drops: 950 (ba=, ms=, stamps), the acronym's ``$w d``, every
    dw= (bench: the first), and 005 in Norwegian time (bench: the UTC digits)."""
    path = tmp_path / "bench.xml"
    written = write_collection(path, len(mapped))
    assert written == sum(COUNTS.values())
    compared = 0
    for result in read_marc(str(path)):
        assert result.error is None
        control_number = next(f.data for f in result.fields if f.tag == "001")
        assert control_number is not None
        ours = marc_output(mapped[control_number], full=True)
        assert ours.leader == result.leader, control_number
        theirs = [f for f in result.fields if f.tag != "005"]
        mine = _first_dewey_only(
            [_as_bench(f) for f in ours.fields if f.tag not in ("005", "950")]
        )
        assert mine == theirs, control_number
        compared += 1
    assert compared == sum(COUNTS.values())


def _as_bench(f: Field) -> Field:
    if f.tag.startswith("4") and Subfield("w", "d") in f.subfields:
        return f._replace(
            subfields=tuple(s for s in f.subfields if s != Subfield("w", "d"))
        )
    return f


def _first_dewey_only(fields: list[Field]) -> list[Field]:
    first = next((f for f in fields if f.tag == "083"), None)
    return [f for f in fields if f.tag != "083" or f is first]


# Records field by field


def test_one_term_field_by_field(mapped: dict[str, Authority]) -> None:
    authority = mapped["REAL000002"]
    assert authority.kind is Kind.TOPIC and authority.status is Status.ACTIVE
    assert authority.fields == (
        Field("003", data="NoOU"),
        Field("008", data="140825|||anz|nbabn          |a|ana|||| d"),
        Field("024", "7", " ", (Subfield("a", "http://data.ub.uio.no/realfagstermer/c000002"),
                                Subfield("2", "uri"))),
        Field("040", subfields=(Subfield("a", "NoOU"), Subfield("b", "nob"),
                                Subfield("f", "noubomn"))),
        Field("150", subfields=(Subfield("a", "Bunnstoff"),)),
        Field("450", subfields=(Subfield("a", "Skipsmaling"),)),
        Field("450", subfields=(Subfield("a", "Bunnstoff"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=nn"))),
        Field("450", subfields=(Subfield("a", "Skipsmåling"),
                                Subfield("9", "language=nn"))),
        Field("450", subfields=(Subfield("a", "Anti-fouling paints"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=en"))),
        Field("450", subfields=(Subfield("a", "Bottom paints"),
                                Subfield("9", "language=en"))),
        Field("950", subfields=(Subfield("a", "ba"), Subfield("b", "nk"))),
    )  # fmt: skip
    assert authority.provenance.origin == "realfagstermer"
    assert authority.provenance.created == datetime(2014, 8, 25, tzinfo=UTC)
    assert authority.provenance.modified == datetime(
        2019, 3, 15, 22, 14, 23, tzinfo=UTC
    )
    assert [i.value for i in authority.identifiers] == [
        "http://data.ub.uio.no/realfagstermer/c000002"
    ]


def test_norwegian_letters_and_nynorsk_and_english_labels(
    mapped: dict[str, Authority],
) -> None:
    authority = mapped["REAL000010"]
    assert authority.label == "Fjæreplytter"
    assert [
        (label.language, label.value, label.preferred) for label in authority.labels
    ] == [
        ("nn", "Fjøreplyttar", True),
        ("nn", "Fjæreplyttar", False),
        ("en", "Sandpipers", True),
    ]
    assert mapped["REAL000013"].label == "Kjøtt"
    assert "Skipsmåling" in [v.label for v in mapped["REAL000002"].variants]


def test_fly_merges_into_the_named_term(mapped: dict[str, Authority]) -> None:
    authority = mapped["REAL000004"]  # tis= 2018-03-23T16:57:12Z, fly= REAL009778
    assert authority.status is Status.MERGED
    assert authority.merged_into == "REAL009778"
    assert subfields(authority, "682") == [
        (Subfield("i", "Erstattet av"), Subfield("a", "Supertunge grunnstoffer"),
         Subfield("0", "(NoOU)REAL009778"))
    ]  # fmt: skip
    assert authority.provenance.modified == datetime(
        2018, 3, 23, 16, 57, 12, tzinfo=UTC
    )
    assert mapped["REAL009778"].label == "Supertunge grunnstoffer"
    validate(authority)


def test_tis_deletes(mapped: dict[str, Authority]) -> None:
    authority = mapped["REAL000006"]  # tie= and tis= the same moment, no fly=
    assert authority.status is Status.DELETED and authority.merged_into is None
    assert authority.label == "Livets utvikling"
    assert authority.provenance.modified == datetime(2017, 4, 7, 10, 56, 44, tzinfo=UTC)
    assert not subfields(authority, "950") and not subfields(authority, "682")


def test_a_term_replaced_by_itself_is_deleted_and_keeps_its_fly(
    mapped: dict[str, Authority],
) -> None:
    authority = mapped[
        "REAL005503"
    ]  # fly= REAL005503: the source's one self-replacement
    assert authority.status is Status.DELETED and authority.merged_into is None
    assert subfields(authority, "950") == [
        (Subfield("a", "fly"), Subfield("b", "REAL005503"))
    ]
    validate(authority)


def test_a_stamp_that_is_not_the_modification_time_is_kept(
    mapped: dict[str, Authority],
) -> None:
    with_both = [
        a
        for a in mapped.values()
        if any(f.first("a") in ("tie", "tis") for f in a.fields)
    ]
    assert len(with_both) == 316 + 18  # tis before tie, and tie before tis
    for authority in with_both:
        for key, value in _local(authority):
            if key in ("tie", "tis"):
                assert authority.provenance.modified is not None
                assert datetime.fromisoformat(value) < authority.provenance.modified


def test_places_forms_and_periods(mapped: dict[str, Authority]) -> None:
    place = mapped["REAL004060"]
    assert (place.kind, place.label) == (Kind.PLACE, "Skiensvassdraget")
    assert [(v.tag, v.label) for v in place.variants] == [
        ("451", "Skiensvassdraget"),
        ("451", "Skien watershed"),
        ("451", "Skien drainage basin"),
        ("451", "Skien drainage system"),
    ]
    form = mapped["REAL030165"]
    assert (form.kind, form.heading and form.heading.tag) == (Kind.GENRE_FORM, "155")
    assert [(r.tag, r.type, r.target_id, r.label) for r in form.relations] == [
        ("555", "related", "REAL030166", "Nomenklatur")
    ]
    assert [n.type for n in form.notes] == ["definition"]
    period = mapped["REAL030182"]
    assert (period.kind, period.label) == (Kind.TOPIC, "1500-tallet")
    assert [(v.tag, v.label) for v in period.variants] == [
        ("448", "Sekstende århundre"),
        ("448", "16. århundre"),
        ("448", "16th century"),
    ]


def test_acronyms_dewey_and_notes(mapped: dict[str, Authority]) -> None:
    acronym = mapped["REAL000027"]
    assert subfields(acronym, "450")[0] == (Subfield("a", "DSSSL"), Subfield("w", "d"))
    dewey = [a for a in mapped.values() if len(subfields(a, "083")) == 2]
    assert len(dewey) == 1
    assert sum(len(subfields(a, "083")) for a in mapped.values()) == 222
    assert sum(len(subfields(a, "667")) for a in mapped.values()) == 303 + 5 + 6
    assert all(not n.public for a in mapped.values() for n in a.notes if n.tag == "667")
    assert sum(len(subfields(a, "677")) for a in mapped.values()) == 663 + 39 + 6


@pytest.mark.parametrize("name", FILES)
def test_every_link_is_a_relation_to_its_target_with_its_heading(
    name: str, mapped: dict[str, Authority]
) -> None:
    types = {"ot": "broader", "ut": "narrower", "so": "related"}
    for pairs in blocks(FILES[name]):
        authority = mapped[dict(pairs)["id"]]
        expected = [(types[k], v) for key in types for k, v in pairs if k == key]
        found = [(r.type, r.target_id) for r in authority.relations]
        assert found == expected, authority.id
        for relation in authority.relations:
            target = mapped[relation.target_id or ""]
            assert relation.label == target.label
            assert target.heading is not None
            assert relation.tag == "5" + target.heading.tag[1:]


def test_a_link_across_files_takes_the_target_s_tag(
    mapped: dict[str, Authority],
) -> None:
    topic = mapped["REAL005607"]  # so= a place in idsteder.txt
    assert topic.kind is Kind.TOPIC
    assert subfields(topic, "551") == [
        (Subfield("a", "Nordishavet"), Subfield("0", "(NoOU)REAL030611"))
    ]


def test_a_file_alone_reads_as_topics_and_links_it_cannot_name_keep_their_id(
    tmp_path: Path,
) -> None:
    path = export(
        tmp_path,
        "id= REAL000001\nte= Én\nso= REAL000002\not= REAL999999\n"
        "tio= 2014-08-25T00:00:00Z\n\nid= REAL000002\nte= To\n",
        name="export.txt",
    )
    one, two = (i.authority for i in read(path))
    assert one is not None and two is not None and one.kind is Kind.TOPIC
    assert subfields(one, "550") == [  # broader before related, as UiO's exports
        (Subfield("w", "g"), Subfield("0", "(NoOU)REAL999999")),
        (Subfield("a", "To"), Subfield("0", "(NoOU)REAL000002")),
    ]
    assert two.provenance.created is None and not subfields(two, "008")


# Bad input


def test_a_block_without_id_is_an_error_with_its_position(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        "id= REAL000001\nte= Første\n\n"
        "te= Uten id\nnn= Utan id\n\n"
        "id= REAL000003\nnn= Utan term\n\n"
        "id= real 4\nte= Rar id\n\n"
        "id= REAL000005\nte= Femte\n\n"
        "id= REAL000001\nte= Igjen\n",
    )
    found = list(read(path))
    assert [(i.position, i.id, i.authority is not None) for i in found] == [
        (1, "REAL000001", True),
        (2, None, False),
        (3, "REAL000003", False),
        (4, "real", False),
        (5, "REAL000005", True),
        (6, "REAL000001", False),
    ]
    assert found[1].error == "the block has no id= line"
    assert found[1].raw == "te= Uten id\nnn= Utan id\n"
    assert found[2].error == "REAL000003 has no te= heading"
    assert found[3].error == "id= 'real 4' is not an authority id"
    assert found[5].error == "REAL000001 is given twice (first in block 1)"


def test_a_line_that_is_no_key_value_or_no_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "realfagstermer-idtermer.txt"
    path.write_bytes(
        b"id= REAL000001\nte= En\ndette er ingen linje\n\n"
        b"id= REAL000002\nte= Bl\xe5b\xe6r\n\n"
        b"id= REAL000003\nte= Tre\n"
    )
    bad_line, latin_1, fine = read(str(path))
    assert bad_line.error == (
        "line 3 is not a 'key= value' line: 'dette er ingen linje'"
    )
    assert bad_line.id == "REAL000001" and bad_line.raw is not None
    assert latin_1.error is not None and latin_1.error.startswith("line 6 is not UTF-8")
    assert latin_1.id == "REAL000002"
    assert fine.authority is not None and fine.position == 3


def test_unknown_keys_repeats_and_bad_stamps_go_to_the_local_field(
    tmp_path: Path,
) -> None:
    path = export(
        tmp_path,
        "id= REAL000001\nte= En\nte= Annen\nzz= ukjent\nms= 62.41\n"
        "tio= i går\ntie= 2019-01-01T00:00:00Z\nbf=\n",
    )
    (item,) = read(path)
    assert item.authority is not None
    assert subfields(item.authority, "950") == [
        (Subfield("a", "te"), Subfield("b", "Annen")),
        (Subfield("a", "zz"), Subfield("b", "ukjent")),
        (Subfield("a", "ms"), Subfield("b", "62.41")),
        (Subfield("a", "tio"), Subfield("b", "i går")),
    ]
    assert item.authority.provenance.created is None
    assert item.authority.provenance.modified == datetime(2019, 1, 1, tzinfo=UTC)
    assert not item.authority.variants  # an empty bf= says nothing


# Detection


@pytest.mark.parametrize("name", FILES)
def test_looks_like_a_realfagstermer_export(name: str) -> None:
    with FILES[name].open("rb") as stream:
        assert looks_like(stream.read(4096))


@pytest.mark.parametrize(
    "head",
    [
        SOURCE / "tekord.iso-8859-1.xml",
        CORPUS / "prior-art/bibsys-authority-registry/unit_real.nt",
        b'{"id": "REAL000002"}',
        b"id=REAL000002",
        b"",
    ],
    ids=["emnemodul", "ntriples", "json", "one-line", "empty"],
)
def test_does_not_look_like_other_files(head: bytes | Path) -> None:
    assert not looks_like(head_of(head))
